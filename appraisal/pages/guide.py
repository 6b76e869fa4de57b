"""Panduan (/panduan/): the year, the rules and the rights, explained; readable without signing in.

Every figure on the page comes from the rule that applies it (appraisal/rules.py, the flows' due dates), so the
guide cannot drift from what the system does: the predicate matrix is rules.predicate itself, the curve is
rules.CURVE_PATTERN, the thresholds and the objection window are the rules' constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from appraisal import rules
from appraisal.models import PeriodKind
from workflows import evaluation_flow, skp_flow

# Mutu pelayanan bounds as PermenPANRB 14/2017 states them; tests/appraisal/test_guide.py checks them against
# rules.ikm_quality, which applies them.
IKM_BANDS = (("A", "88.31"), ("B", "76.61"), ("C", "65.00"), ("D", "25.00"))

# The guide's sections; task pages link to them with {% include "guide/_help_link.html" with anchor="..." %}.
SECTIONS = (
    "kalender",
    "skp",
    "realisasi",
    "umpan-balik-rekan",
    "survei",
    "penilaian",
    "kuadran",
    "kurva",
    "tanggapan",
    "keberatan",
    "pengesahan",
    "plt",
    "tanya-jawab",
)


@dataclass(frozen=True)
class Milestone:
    when: str
    title: str
    who: str
    text: str
    anchor: str
    final: bool = False


def year_timeline() -> list[Milestone]:
    """The appraisal year in order, with the due dates the flows set (workflows/*_flow.py)."""
    return [
        Milestone(
            _("Januari"),
            _("Perencanaan SKP"),
            _("Pegawai menyusun, Pejabat Penilai Kinerja menyetujui"),
            _("SKP disusun dalam %(d)s hari setelah dibuka dan ditinjau dalam %(r)s hari.")
            % {"d": skp_flow.DRAFT_DAYS, "r": skp_flow.REVIEW_DAYS},
            "skp",
        ),
        Milestone(
            _("Sepanjang tahun"),
            _("Realisasi dan umpan balik berkelanjutan"),
            _("Pegawai, Pejabat Penilai Kinerja"),
            _("Realisasi dicatat dengan bukti dukung; atasan memberi umpan balik dan dialog kinerja kapan saja."),
            "realisasi",
        ),
        Milestone(
            _("April, Juli, Oktober"),
            _("Evaluasi periodik: %(periods)s")
            % {"periods": ", ".join(str(PeriodKind(k).label) for k in rules.QUARTERLY[:3])},
            _("Pegawai, rekan kerja, Pejabat Penilai Kinerja"),
            _(
                "Penilaian mandiri paling lambat %(s)s hari setelah periode berakhir; rekan kerja dan masyarakat "
                "memberi umpan balik; penilaian oleh atasan dalam %(r)s hari. Unit yang memilih evaluasi bulanan "
                "menilai setiap bulan."
            )
            % {"s": evaluation_flow.SELF_ASSESSMENT_DAYS_AFTER, "r": evaluation_flow.RATING_DAYS},
            "penilaian",
        ),
        Milestone(
            _("Januari tahun berikutnya"),
            str(PeriodKind.TW4.label),
            _("Pejabat Penilai Kinerja"),
            _(
                "Evaluasi periode terakhir (%(tw4)s atau %(m12)s) sekaligus evaluasi tahunan: predikatnya menjadi "
                "Predikat Kinerja Pegawai tahunan."
            )
            % {"tw4": PeriodKind.TW4.label, "m12": PeriodKind.M12.label},
            "penilaian",
        ),
        Milestone(
            _("%(n)s hari setelah hasil diterima") % {"n": rules.OBJECTION_WINDOW_DAYS},
            _("Tanggapan atau keberatan"),
            _("Pegawai; keberatan diputus Atasan Pejabat Penilai Kinerja"),
            _(
                "Pegawai menerima hasil atau mengajukan keberatan dalam %(n)s hari kalender; tanpa tanggapan, hasil "
                "dianggap diterima pada hari ke-%(n1)s."
            )
            % {"n": rules.OBJECTION_WINDOW_DAYS, "n1": rules.OBJECTION_WINDOW_DAYS + 1},
            "keberatan",
        ),
        Milestone(
            _("Setelah tanggapan atau putusan"),
            _("Pengesahan"),
            _("Admin Kepegawaian"),
            _("Kepegawaian mengesahkan dalam %(n)s hari; dokumen final dibuat dan evaluasi dikunci.")
            % {"n": evaluation_flow.SIGN_OFF_DAYS},
            "pengesahan",
            final=True,
        ),
    ]


def quadrant_matrix() -> dict:
    """The kuadran kinerja as rows (Rating Hasil Kerja, top = Di Atas) × columns (Rating Perilaku), from the rule."""
    results = [rules.Rating.ABOVE, rules.Rating.MEETS, rules.Rating.BELOW]
    behaviours = [rules.Rating.BELOW, rules.Rating.MEETS, rules.Rating.ABOVE]
    return {
        "columns": [b.label for b in behaviours],
        "rows": [{"label": r.label, "cells": [rules.predicate(r, b) for b in behaviours]} for r in results],
    }


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def curve_table() -> list[dict]:
    """One row per Capaian Kinerja Organisasi with its limits in words (rules.CURVE_PATTERN, SE MenPANRB 3/2023)."""
    rows = []
    for org in rules.OrgPredicate:
        limits = []
        for _predicates, kind, share, label in rules.CURVE_PATTERN.get(org, []):
            if kind == "max" and share == 0:
                limits.append(_("tidak boleh ada %(label)s") % {"label": label})
            elif kind == "max":
                limits.append(_("%(label)s paling banyak %(pct)s") % {"label": label, "pct": _pct(share)})
            elif kind == "min":
                limits.append(_("%(label)s paling sedikit %(pct)s") % {"label": label, "pct": _pct(share)})
            else:
                limits.append(_("paling sedikit satu pegawai %(label)s") % {"label": label})
        rows.append({"org": org.label, "limits": limits})
    return rows


def ikm_bands() -> list[tuple[str, str, str]]:
    """Mutu pelayanan letters with their ranges (IKM_BANDS), comma decimals."""
    names = {"A": _("Sangat Baik"), "B": _("Baik"), "C": _("Kurang Baik"), "D": _("Tidak Baik")}
    bands, upper = [], Decimal("100.00")
    for letter, low in IKM_BANDS:
        bands.append((letter, names[letter], f"{low} – {upper}".replace(".", ",")))
        upper = Decimal(low) - Decimal("0.01")
    return bands


@require_safe
def guide(request):
    """/panduan/: public, no personal data, no queries beyond the session."""
    return render(
        request,
        "guide/guide.html",
        {
            "timeline": year_timeline(),
            "matrix": quadrant_matrix(),
            "curve": curve_table(),
            "ikm_elements": rules.IKM_ELEMENTS,
            "ikm_bands": ikm_bands(),
            "min_peers": rules.MIN_PEER_RESPONSES,
            "min_survey": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
            "objection_days": rules.OBJECTION_WINDOW_DAYS,
            "auto_accept_day": rules.OBJECTION_WINDOW_DAYS + 1,
            "decision_days": evaluation_flow.decision_days(),
            "explanation_days": evaluation_flow.EXPLANATION_DAYS,
            "peer_days": evaluation_flow.PEER_TASK_DAYS,
            "unit_head_rule": [(org.label, rules.unit_head_result_rating(org).label) for org in rules.OrgPredicate],
        },
    )
