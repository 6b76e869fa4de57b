"""PDF documents rendered from HTML templates with WeasyPrint: the SKP now, the evaluation later."""

from __future__ import annotations

import base64
import datetime as dt
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appraisal import rules
from appraisal.models import (
    CORE_VALUE_GUIDANCE,
    BehaviourExpectation,
    CoreValue,
    Evaluation,
    Feedback,
    Grade,
    Objection,
    PerformancePlan,
    PlanStatus,
    Realization,
    ResultKind,
)
from appraisal.service_desk.selectors import PUBLIC_SERVICE_LABELS  # labels live beside the selector that computes them
from appraisal.skp.selectors import plan_with_details

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


_fonts = threading.local()


def _font_config():
    """One FontConfiguration per thread, reused across documents (building one costs ~50 ms a document)."""
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


def html_to_pdf(template_name: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a Django template to PDF; relative asset URLs resolve against static/ on disk."""
    from weasyprint import HTML  # heavy import (Pango, fonts): pay for it only when a document is made

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context)
    base_url = base_url or static_base_url()
    document = HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher(static_root()))
    return document.write_pdf(font_config=_font_config())


# --- SKP ---------------------------------------------------------------------------------------


def plan_pdf_filename(plan: PerformancePlan) -> str:
    """'SKP-2026-198609262015051001-v1.pdf'."""
    return f"SKP-{plan.year}-{plan.employee.nip}-v{plan.version}.pdf"


def _intervened_text(plan: PerformancePlan, result) -> str:
    """The top of the organisation supports a written goal (RPJMD/Renstra), everyone else an RHK."""
    use_text = plan.is_top or result.supports is None
    return result.supports_text if use_text else result.supports.text


def _result_groups(plan: PerformancePlan) -> list[dict[str, Any]]:
    """Results split into 'A. Utama' and 'B. Tambahan', each with its indicator rows for the row-spanned table."""
    groups = []
    for letter, kind in zip("AB", (ResultKind.UTAMA, ResultKind.TAMBAHAN), strict=True):
        rows = []
        results = [r for r in plan.results.all() if r.kind == kind]
        for number, result in enumerate(results, start=1):
            intervened = _intervened_text(plan, result)
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
        "agency": settings.DOCUMENT_AGENCY,
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


# --- Evaluation ----------------------------------------------------------------------------------

PUBLIC_SERVICE_META = {"available", "start", "end", "ikm_minimum"}


def group_code(code: str | None) -> str:
    """'K7QWMX3P9ZRT' → 'K7QW-MX3P-9ZRT', as printed and typed on the verification page."""
    if not code:
        return ""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    return f"{site}/verifikasi/{code}/"


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI, drawn locally by segno: the document needs no network."""

    svg = segno.make(text, error="m").svg_inline(scale=4, border=2, omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def evaluation_for_document(pk: int):
    """One evaluation with everything the document prints, in a fixed number of queries."""

    realizations = (
        Realization.objects.select_related("indicator", "indicator__result", "indicator__result__supports")
        .annotate(
            evidence_files=Count("evidence", filter=Q(evidence__url="")),
            evidence_links=Count("evidence", filter=~Q(evidence__url="")),
        )
        .order_by("indicator__result__order", "indicator__result_id", "indicator__order", "indicator_id")
    )
    return (
        Evaluation.objects.select_related(
            "employee",
            "period",
            "plan",
            "appraiser",
            "appraiser__position__unit",
            "senior_appraiser",
            "senior_appraiser__position__unit",
            "rated_by",
            "rated_by__position__unit",
            "signed_off_by",
            "signed_off_by__employee",
            "objection",
            "objection__decided_by",
            "objection__decided_by__employee",
        )
        .prefetch_related(
            Prefetch("realizations", queryset=realizations),
            Prefetch("plan__behaviours", queryset=BehaviourExpectation.objects.all()),
        )
        .get(pk=pk)
    )


def _user_person(user) -> dict[str, str]:
    """A user as signer: the employee behind the account when there is one, else the account's name."""
    if user is None:
        return {"name": EMPTY, "nip": "", "nip_label": ""}
    employee = getattr(user, "employee", None)
    if employee is not None:
        return _person(employee)
    return {"name": user.get_full_name() or user.username, "nip": "", "nip_label": ""}


def _official(employee, position_title: str = "") -> dict[str, str] | None:
    """Name, NIP, rank, position and unit of an appraiser for the identity table; None when absent."""
    if employee is None:
        return None
    position = employee.position
    return {
        **_person(employee),
        "grade": grade_label(employee.grade),
        "position": position_title or (position.title if position else "") or EMPTY,
        "unit": (position.unit.name if position and position.unit_id else "") or EMPTY,
    }


def _realization_text(realization) -> str:
    if realization.value is None:
        return EMPTY
    return f"{realization.value.normalize():f} {realization.indicator.target_unit}".strip()


def _evidence_text(realization) -> str:
    files, links = realization.evidence_files, realization.evidence_links
    if not files and not links:
        return _("Belum ada bukti dukung")
    parts = []
    if files:
        parts.append(_("%(n)s berkas") % {"n": files})
    if links:
        parts.append(_("%(n)s tautan") % {"n": links})
    return _("Bukti dukung: %(parts)s") % {"parts": ", ".join(parts)}


def _evaluation_result_groups(evaluation) -> list[dict[str, Any]]:
    """'A. Utama' / 'B. Tambahan' as in the SKP, each RHK with its IKI, target and realisation rows."""
    by_result: dict[int, dict[str, Any]] = {}
    for realization in evaluation.realizations.all():
        result = realization.indicator.result
        entry = by_result.setdefault(result.pk, {"result": result, "lines": []})
        entry["lines"].append(
            {
                "indicator": realization.indicator,
                "value": _realization_text(realization),
                "note": realization.note,
                "evidence": _evidence_text(realization),
            }
        )
    groups = []
    for letter, kind in zip("AB", (ResultKind.UTAMA, ResultKind.TAMBAHAN), strict=True):
        entries = [e for e in by_result.values() if e["result"].kind == kind]
        entries.sort(key=lambda e: (e["result"].order, e["result"].pk))
        rows = []
        for number, entry in enumerate(entries, start=1):
            result, lines = entry["result"], entry["lines"]
            intervened = _intervened_text(evaluation.plan, result)
            longest = max(
                len(intervened or ""), len(result.text), *(len(x["indicator"].text) + len(x["note"]) for x in lines)
            )
            rows.append(
                {
                    "number": number,
                    "result": result,
                    "intervened": intervened or EMPTY,
                    "first": lines[0],
                    "rest": lines[1:],
                    "span": len(lines),
                    "tall": longest > TALL_CELL,
                }
            )
        groups.append({"heading": f"{letter}. {kind.label}", "rows": rows})
    return groups


def _continuous_feedback(evaluation) -> list[dict[str, str]]:
    """Umpan balik berkelanjutan of the period: given on this evaluation, or to the employee within its dates."""

    period = evaluation.period
    items = Feedback.objects.filter(
        Q(evaluation=evaluation)
        | Q(
            evaluation__isnull=True,
            employee_id=evaluation.employee_id,
            created_at__date__gte=period.start_date,
            created_at__date__lte=period.end_date,
        )
    ).order_by("created_at", "id")
    return [{"date": format_date_id(f.created_at), "text": f.text} for f in items]


def _behaviour_rows(evaluation) -> tuple[list[dict[str, Any]], int | None]:
    """The seven values with guidance and the plan's expectation; peer counts only from 3 answers on."""

    # Ratings only: comments stay out of the document, their wording could tell who wrote them.
    summary = rules.peer_summary(list(evaluation.peer_feedback.values_list("ratings", flat=True)), [])
    expectations = {b.core_value: b.expectation for b in evaluation.plan.behaviours.all()}
    rows = []
    for value in CoreValue:
        counts = summary["values"][value.value] if summary else None
        rows.append(
            {
                "label": value.label,
                "guidance": CORE_VALUE_GUIDANCE[value],
                "expectation": expectations.get(value.value, ""),
                "peers": counts
                and [
                    (_("Di atas ekspektasi"), counts["ABOVE"]),
                    (_("Sesuai ekspektasi"), counts["MEETS"]),
                    (_("Di bawah ekspektasi"), counts["BELOW"]),
                ],
            }
        )
    return rows, (summary["count"] if summary else None)


def _public_service(data: dict) -> list[tuple[str, str]] | None:
    """Figures to print, or None when the period has no public-service data ('belum ada data')."""
    if not data or not data.get("available"):
        return None
    figures = []
    for key, value in data.items():
        if key in PUBLIC_SERVICE_META:
            continue
        label = PUBLIC_SERVICE_LABELS.get(key, key.replace("_", " ").capitalize())
        figures.append((str(label), EMPTY if value is None else str(value)))
    return figures


def _objection(evaluation) -> dict[str, Any] | None:

    try:
        objection = evaluation.objection
    except Objection.DoesNotExist:
        return None
    decided = bool(objection.decision)
    if objection.escalated:
        decider = _user_person(objection.decided_by)
        decider["role"] = _("Admin Kepegawaian")
    else:
        employee = getattr(objection.decided_by, "employee", None) if objection.decided_by_id else None
        decider = _person(employee or evaluation.senior_appraiser)
        decider["role"] = _("Atasan Pejabat Penilai Kinerja")
    changed = objection.decision == Objection.Decision.CHANGED
    return {
        "reasons": objection.reasons,
        "filed_at": format_datetime_id(objection.filed_at),
        "appraiser_explanation": objection.appraiser_explanation,
        "employee_explanation": objection.employee_explanation,
        "decided": decided,
        "decision": objection.get_decision_display() if decided else _("Belum diputuskan"),
        "changed": changed,
        "original": (
            f"{objection.get_original_result_rating_display()} / {objection.get_original_behaviour_rating_display()}"
            f" → {objection.get_original_predicate_display()}"
        ),
        "new_result_rating": objection.get_new_result_rating_display() if changed else "",
        "new_behaviour_rating": objection.get_new_behaviour_rating_display() if changed else "",
        "notes": objection.decision_notes,
        "decided_at": format_datetime_id(objection.decided_at) if decided else EMPTY,
        "decider": decider,
        "escalated": objection.escalated,
    }


def _signatures(evaluation, appraiser: dict | None, objection: dict | None) -> list[dict[str, Any]]:
    """Electronic signatures in the order they happened: appraiser, employee, senior appraiser, HR."""
    employee = _person(evaluation.employee)
    if objection is not None:
        employee_box = _("Mengajukan keberatan %(at)s") % {"at": objection["filed_at"]}
    elif evaluation.auto_accepted:
        employee_box = _("Diterima otomatis (hari ke-15) %(at)s") % {
            "at": format_datetime_id(evaluation.acknowledged_at)
        }
    elif evaluation.acknowledged_at:
        employee_box = _("Diterima %(at)s") % {"at": format_datetime_id(evaluation.acknowledged_at)}
    else:
        employee_box = _("Belum menanggapi")
    signer = appraiser or {"name": EMPTY, "nip": "", "nip_label": ""}
    signatures = [
        {
            "role": _("Pejabat Penilai Kinerja"),
            "box": _("Dinilai secara elektronik %(at)s") % {"at": format_datetime_id(evaluation.rated_at)}
            if evaluation.rated_at
            else _("Belum dinilai"),
            "person": signer,
        },
        {"role": _("Pegawai yang Dinilai"), "box": employee_box, "person": employee},
    ]
    if objection is not None:
        if not objection["decided"]:
            box = _("Keberatan belum diputuskan")
        elif objection["escalated"]:
            box = _("Keberatan diputuskan secara elektronik %(at)s (dialihkan karena lewat batas waktu)") % {
                "at": objection["decided_at"]
            }
        else:
            box = _("Keberatan diputuskan secara elektronik %(at)s") % {"at": objection["decided_at"]}
        signatures.append({"role": objection["decider"]["role"], "box": box, "person": objection["decider"]})
    hr = _user_person(evaluation.signed_off_by)
    signatures.append(
        {
            "role": _("Admin Kepegawaian"),
            "box": _("Disahkan %(at)s oleh %(name)s")
            % {"at": format_datetime_id(evaluation.signed_off_at), "name": hr["name"]}
            if evaluation.signed_off_at
            else _("Belum disahkan"),
            "person": hr,
        }
    )
    return signatures


def evaluation_document_context(evaluation) -> dict[str, Any]:
    """Everything evaluation.html shows (from `evaluation_for_document`), computed once: the template stays dumb."""
    period = evaluation.period
    employee = _person(evaluation.employee)
    if evaluation.employee_name:
        employee["name"] = evaluation.employee_name  # the snapshot taken when it became final
    # Who actually rated signs; this may differ from the snapshot when HR reassigned the rating task.
    rater = evaluation.rated_by or evaluation.appraiser
    same = evaluation.rated_by_id in (None, evaluation.appraiser_id)
    appraiser = _official(rater, evaluation.appraiser_position_title if same else "")
    senior = _official(evaluation.senior_appraiser, evaluation.senior_appraiser_position_title)
    objection = _objection(evaluation)
    behaviours, peer_count = _behaviour_rows(evaluation)
    code = evaluation.verification_code or ""
    url = verification_url(code) if code else ""
    period_name = f"{period.get_kind_display()} {period.year}"
    identity = _("Evaluasi Kinerja %(period)s · %(name)s · %(label)s %(nip)s") % {
        "period": period_name,
        "name": employee["name"],
        "label": employee["nip_label"],
        "nip": employee["nip"],
    }
    if code:
        identity += " · " + _("Kode verifikasi %(code)s") % {"code": group_code(code)}
    return {
        "ev": evaluation,
        "title": _("Dokumen Evaluasi Kinerja Pegawai %(period)s – %(name)s")
        % {"period": period_name, "name": employee["name"]},
        "agency": settings.DOCUMENT_AGENCY,
        "place": settings.DOCUMENT_PLACE,
        "period_kind": period.get_kind_display(),
        "period_dates": _("%(start)s s.d. %(end)s")
        % {"start": format_date_id(period.start_date), "end": format_date_id(period.end_date)},
        "employee": employee,
        "employee_grade": grade_label(evaluation.grade),
        "appraiser": appraiser,
        "senior": senior,
        "groups": _evaluation_result_groups(evaluation),
        "is_top": evaluation.plan.is_top,
        "feedback": _continuous_feedback(evaluation),
        "rated_on": format_date_id(evaluation.rated_at) if evaluation.rated_at else "",
        "behaviours": behaviours,
        "peer_count": peer_count,
        "public_service": _public_service(evaluation.public_service),
        "objection": objection,
        "signatures": _signatures(evaluation, appraiser, objection),
        "signed_on": format_date_id(evaluation.signed_off_at),
        "code": group_code(code),
        "verification_url": url,
        "qr": qr_data_uri(url) if url else "",
        "is_draft": not evaluation.is_final,
        "identity": identity,
        "printed_at": format_datetime_id(timezone.now()),
        "empty": EMPTY,
    }


def render_evaluation_pdf(evaluation) -> bytes:
    """'Dokumen Evaluasi Kinerja Pegawai' (PermenPANRB 6/2022 Lampiran) with its verification code and QR code.

    A document of an evaluation not yet final carries the draft watermark.
    """
    pk = evaluation if isinstance(evaluation, int) else evaluation.pk
    with translation.override(DOCUMENT_LANGUAGE):  # labels computed in the context too, not only the template
        context = evaluation_document_context(evaluation_for_document(pk))
    return html_to_pdf("documents/evaluation.html", context)
