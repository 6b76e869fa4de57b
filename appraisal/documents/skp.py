"""The SKP as its Lampiran form (PermenPANRB 6/2022): JA/JF kuantitatif or kualitatif, or JPT."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from appraisal.models import CoreValue, PerformancePlan, PlanStatus, ResultKind
from appraisal.skp.selectors import plan_with_details

from .identity import designated, layout_for, person, terms_of
from .render import (
    DOCUMENT_LANGUAGE,
    EMPTY,
    TALL_CELL,
    format_date_id,
    format_datetime_id,
    html_to_pdf,
    printed_at,
)


def plan_pdf_filename(plan: PerformancePlan) -> str:
    """'SKP-2026-198609262015051001-v1.pdf'."""
    return f"SKP-{plan.year}-{plan.employee.nip}-v{plan.version}.pdf"


def intervened_text(plan: PerformancePlan, result) -> str:
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
            intervened = intervened_text(plan, result)
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


def plan_document_context(plan: PerformancePlan) -> dict[str, Any]:
    """Everything skp.html shows, computed once so the template stays free of queries and logic."""
    approved = plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED) and plan.approved_at is not None
    # Everything as recorded with the plan (snapshot): people move, the document must not.
    employee = {**person(plan.employee, plan.grade), "position": plan.position_title, "unit": plan.unit_name}
    appraiser = {
        **person(plan.appraiser, plan.appraiser_grade),
        "position": plan.appraiser_position_title if plan.appraiser_id else "",
        "unit": plan.appraiser_unit_name if plan.appraiser_id else "",
    }
    if plan.appraiser_id is None:  # no Pejabat Penilai Kinerja in the chart: the official designated by letter
        appraiser = designated(plan.employee_id, plan.year) or appraiser
    # Who actually approved signs; this may differ from the snapshot when HR reassigned the review.
    signer = person(plan.approved_by) if plan.approved_by_id else appraiser
    layout = layout_for(
        plan.position, [i.aspect for r in plan.results.all() for i in r.indicators.all()], plan.approach
    )
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
        "layout": layout,
        "column_numbers": range(1, layout.result_columns + 1),  # (1) No … (6) Target, as on the Lampiran
        "agency": settings.DOCUMENT_AGENCY,
        "place": settings.DOCUMENT_PLACE,
        "legal_basis": terms_of(plan.employee).legal_basis,
        "period_dates": _("%(start)s s.d. %(end)s")
        % {"start": format_date_id(plan.period_start), "end": format_date_id(plan.period_end)},
        "employee": employee,
        "appraiser": appraiser,
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
        "printed_at": printed_at(),
        "empty": EMPTY,
    }


def render_plan_pdf(plan: PerformancePlan | int) -> bytes:
    """The SKP on its Lampiran form (JA/JF kuantitatif or kualitatif, or JPT); a plan not yet approved carries a
    draft watermark."""
    pk = plan if isinstance(plan, int) else plan.pk
    with translation.override(DOCUMENT_LANGUAGE):  # labels computed in the context too, not only the template
        context = plan_document_context(plan_with_details(pk))
    return html_to_pdf(("documents/skp.html", context))
