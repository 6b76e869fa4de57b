"""PDF documents rendered from HTML templates with WeasyPrint: the SKP now, the evaluation later."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appraisal.models import CoreValue, Grade, PerformancePlan, PlanStatus, ResultKind
from appraisal.skp_selectors import plan_with_details

# Documents state times in WITA, whatever the server's TIME_ZONE says.
WITA = ZoneInfo("Asia/Makassar")

# Month names are written out here: the OS may have no id_ID locale, and strftime would follow it anyway.
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Official forms are in Bahasa Indonesia (PermenPANRB 6/2022), whatever language the user browses in.
DOCUMENT_LANGUAGE = "id"

EMPTY = "—"

# A cell with more characters than this nearly fills a landscape page: its row may split across pages
# instead of being pushed whole to the next one, leaving a blank page behind.
TALL_CELL = 1000


# --- formatting --------------------------------------------------------------------------------


def format_date_id(value: dt.date | dt.datetime | None) -> str:
    """'1 Januari 2026'; an aware datetime is first converted to WITA."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = to_wita(value).date()
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_datetime_id(value: dt.datetime | None) -> str:
    """'5 Maret 2026 14.30 WITA' (PUEBI writes the time with a period)."""
    if value is None:
        return EMPTY
    local = to_wita(value)
    return f"{format_date_id(local.date())} {local:%H.%M} WITA"


def to_wita(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(WITA)


def grade_label(code: str) -> str:
    """'III/a – Penata Muda'; an unknown code (data from before a rank change) is shown as stored."""
    if not code:
        return EMPTY
    try:
        return str(Grade(code).label)
    except ValueError:
        return code


# --- rendering -----------------------------------------------------------------------------------


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def static_base_url() -> str:
    return static_root().resolve().as_uri() + "/"


def static_only_fetcher(root: Path):
    """A WeasyPrint fetcher that reads files under `root` only: no http, no other files on the server."""
    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(root):
                    raise ValueError(f"Document asset outside {root}: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


def html_to_pdf(template_name: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a Django template to PDF; relative asset URLs resolve against static/ on disk."""
    from weasyprint import HTML  # heavy import (Pango, fonts): pay for it only when a document is made

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context)
    base_url = base_url or static_base_url()
    return HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher(static_root())).write_pdf()


# --- SKP ---------------------------------------------------------------------------------------


def plan_pdf_filename(plan: PerformancePlan) -> str:
    """'SKP-2026-198609262015051001-v1.pdf'."""
    return f"SKP-{plan.year}-{plan.employee.nip}-v{plan.version}.pdf"


def _result_groups(plan: PerformancePlan) -> list[dict[str, Any]]:
    """Results split into 'A. Utama' and 'B. Tambahan', each with its indicator rows for the row-spanned table."""
    groups = []
    for letter, kind in zip("AB", (ResultKind.UTAMA, ResultKind.TAMBAHAN), strict=True):
        rows = []
        results = [r for r in plan.results.all() if r.kind == kind]
        for number, result in enumerate(results, start=1):
            # The top of the organisation supports a written goal (RPJMD/Renstra), everyone else an RHK.
            use_text = plan.is_top or result.supports is None
            intervened = result.supports_text if use_text else result.supports.text
            indicators = list(result.indicators.all())
            rows.append(
                {
                    "number": number,
                    "result": result,
                    "intervened": intervened or EMPTY,
                    "first": indicators[0] if indicators else None,
                    "rest": indicators[1:],
                    "span": max(len(indicators), 1),
                    "tall": max(len(intervened), len(result.text), *(len(i.text) for i in indicators)) > TALL_CELL,
                }
            )
        groups.append({"heading": f"{letter}. {kind.label}", "rows": rows})
    return groups


def _behaviours(plan: PerformancePlan) -> list:
    order = list(CoreValue.values)
    return sorted(plan.behaviours.all(), key=lambda b: order.index(b.core_value))


def _person(employee) -> dict[str, str]:
    if employee is None:
        return {"name": EMPTY, "nip": EMPTY, "nip_label": _("NIP")}
    return {
        "name": employee.full_name,
        "nip": employee.nip_display,
        "nip_label": _("NI PPPK") if employee.is_pppk else _("NIP"),
    }


def plan_document_context(plan: PerformancePlan) -> dict[str, Any]:
    """Everything skp.html shows, computed once so the template stays free of queries and logic."""
    approved = plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED) and plan.approved_at is not None
    employee = _person(plan.employee)
    appraiser = _person(plan.appraiser)
    # Who actually approved signs; this may differ from the snapshot when HR reassigned the review.
    signer = _person(plan.approved_by) if plan.approved_by_id else appraiser
    identity = _("SKP %(year)s · %(name)s · %(label)s %(nip)s · Versi %(version)s · %(status)s") % {
        "year": plan.year,
        "name": employee["name"],
        "label": employee["nip_label"],
        "nip": employee["nip"],
        "version": plan.version,
        "status": plan.get_status_display(),
    }
    return {
        "plan": plan,
        "title": _("Sasaran Kinerja Pegawai %(year)s – %(name)s") % {"year": plan.year, "name": employee["name"]},
        "agency": getattr(settings, "DOCUMENT_AGENCY", "Pemerintah Kota Kupang"),
        "place": settings.DOCUMENT_PLACE,
        "period": _("%(start)s s.d. %(end)s")
        % {"start": format_date_id(plan.period_start), "end": format_date_id(plan.period_end)},
        "employee": employee,
        "employee_grade": grade_label(plan.grade),
        "appraiser": appraiser if plan.appraiser_id else None,
        "appraiser_grade": grade_label(plan.appraiser_grade),
        "signer": signer,
        "is_draft": not approved,
        "approved_on": format_date_id(plan.approved_at) if approved else EMPTY,
        "approved_at": format_datetime_id(plan.approved_at) if approved else "",
        "submitted_at": format_datetime_id(plan.submitted_at) if plan.submitted_at else "",
        "groups": _result_groups(plan),
        "behaviours": _behaviours(plan),
        "attachments": [
            {"label": label, "text": text, "tall": len(text) > TALL_CELL}
            for label, text in (
                (_("Dukungan Sumber Daya"), plan.resource_support),
                (_("Skema Pertanggungjawaban"), plan.accountability_scheme),
                (_("Konsekuensi"), plan.consequences),
            )
        ],
        "identity": identity,
        "printed_at": format_datetime_id(timezone.now()),
        "empty": EMPTY,
    }


def render_plan_pdf(plan: PerformancePlan | int) -> bytes:
    """The SKP (JA/JF form, PermenPANRB 6/2022 Lampiran) as PDF; a plan not yet approved carries a draft watermark."""
    pk = plan if isinstance(plan, int) else plan.pk
    with translation.override(DOCUMENT_LANGUAGE):  # labels computed in the context too, not only the template
        context = plan_document_context(plan_with_details(pk))
    return html_to_pdf("documents/skp.html", context)


def render_evaluation_pdf(evaluation) -> bytes:
    """The final document 'Dokumen Evaluasi Kinerja Pegawai' of a signed-off evaluation."""
    from appraisal.models import Evaluation

    evaluation = (
        Evaluation.objects.select_related("employee", "period", "plan", "appraiser", "senior_appraiser", "rated_by")
        .prefetch_related("realizations__indicator__result")
        .get(pk=evaluation.pk)
    )
    with translation.override("id"):
        return html_to_pdf("documents/evaluation.html", {"ev": evaluation, "place": settings.DOCUMENT_PLACE})
