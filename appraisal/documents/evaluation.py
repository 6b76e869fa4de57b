"""The evaluation's official documents (PermenPANRB 6/2022 Lampiran): the periodic Evaluasi Kinerja Pegawai form and
the Dokumen Evaluasi Kinerja Pegawai. The final file stores both, bound in that order, under one verification code
and one SHA-256."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appraisal import formatting, rules
from appraisal.models import (
    CORE_VALUE_GUIDANCE,
    BehaviourExpectation,
    CoreValue,
    Evaluation,
    Feedback,
    Objection,
    Realization,
    ResultKind,
)
from appraisal.service_desk.selectors import PUBLIC_SERVICE_LABELS  # labels live beside the selector that computes them

from .curve import distribution_svg
from .identity import designated, layout_for, official, person, terms_of, user_person
from .render import (
    DOCUMENT_LANGUAGE,
    EMPTY,
    TALL_CELL,
    format_date_id,
    format_datetime_id,
    group_code,
    html_to_pdf,
    printed_at,
    qr_data_uri,
    verification_url,
)
from .skp import intervened_text

PUBLIC_SERVICE_META = {"available", "start", "end", "ikm_minimum"}


def evaluation_for_document(pk: int):
    """One evaluation with everything the documents print, in a fixed number of queries."""

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
            "position",
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


# --- pieces --------------------------------------------------------------------------------------


def _realization_text(realization) -> str:
    if realization.value is None:
        return EMPTY
    return f"{formatting.number(realization.value)} {realization.indicator.target_unit}".strip()


def _evidence_text(realization) -> str:
    files, links = realization.evidence_files, realization.evidence_links
    if not files and not links:
        return _("Belum ada bukti dukung")
    parts = []
    if files:
        parts.append(ngettext("%(n)s berkas", "%(n)s berkas", files) % {"n": files})
    if links:
        parts.append(ngettext("%(n)s tautan", "%(n)s tautan", links) % {"n": links})
    return _("Bukti dukung: %(parts)s") % {"parts": ", ".join(parts)}


def _continuous_feedback(evaluation) -> tuple[dict[int, list[dict[str, str]]], list[dict[str, str]]]:
    """Umpan balik berkelanjutan of the period, given on this evaluation or to the employee within its dates:
    per RHK (the last column of its row, as on the Lampiran) where the feedback names one, else general."""
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
    by_result: dict[int, list[dict[str, str]]] = defaultdict(list)
    general = []
    for item in items:
        row = {"date": format_date_id(item.created_at), "text": item.text}
        # Feedback given on an RHK (Feedback.result) goes in that row's column (7); the rest in the general row.
        result_id = item.result_id
        (by_result[result_id] if result_id is not None else general).append(row)
    return by_result, general


def _result_groups(evaluation, feedback: dict[int, list[dict[str, str]]]) -> tuple[list[dict[str, Any]], list]:
    """'A. Utama' / 'B. Tambahan' as in the SKP: each RHK with its IKI, target and realisation rows and the feedback
    on it; also the feedback naming an RHK that is not on this evaluation (it goes to the general row)."""
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
            intervened = intervened_text(evaluation.plan, result)
            notes = feedback.get(result.pk, [])
            longest = max(
                len(intervened or ""),
                len(result.text),
                sum(len(n["text"]) for n in notes),
                *(len(x["indicator"].text) + len(x["note"]) for x in lines),
            )
            rows.append(
                {
                    "number": number,
                    "result": result,
                    "intervened": intervened or EMPTY,
                    "first": lines[0],
                    "rest": lines[1:],
                    "span": len(lines),
                    "feedback": notes,
                    "tall": longest > TALL_CELL,
                }
            )
        groups.append({"heading": f"{letter}. {kind.label}", "rows": rows})
    stray = [note for result_id, notes in feedback.items() if result_id not in by_result for note in notes]
    return groups, stray


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
        figures.append((str(label), formatting.figure(value)))
    return figures


def _objection(evaluation) -> dict[str, Any] | None:
    try:
        objection = evaluation.objection
    except Objection.DoesNotExist:
        return None
    decided = bool(objection.decision)
    if objection.escalated:
        decider = user_person(objection.decided_by)
        decider["role"] = _("Admin Kepegawaian")
    else:
        employee = getattr(objection.decided_by, "employee", None) if objection.decided_by_id else None
        decider = person(employee or evaluation.senior_appraiser)
        decider["role"] = _("Atasan Pejabat Penilai Kinerja")
    changed = objection.decision == Objection.Decision.CHANGED
    return {
        "reasons": objection.reasons,
        "filed_at": format_datetime_id(objection.filed_at),
        "filed_on": format_date_id(objection.filed_at),
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


def _signatures(evaluation, employee: dict, appraiser: dict, objection: dict | None) -> dict[str, Any]:
    """Electronic signatures: the Lampiran's pair (Pegawai yang Dinilai, then Pejabat Penilai Kinerja), each with
    the date of their act; then the records that follow them (an objection's decision, HR's sign-off)."""
    if objection is not None:
        employee_box = _("Mengajukan keberatan %(at)s") % {"at": objection["filed_at"]}
        employee_on = objection["filed_on"]
    elif evaluation.auto_accepted:
        employee_box = _("Diterima otomatis (hari ke-15) %(at)s") % {
            "at": format_datetime_id(evaluation.acknowledged_at)
        }
        employee_on = format_date_id(evaluation.acknowledged_at)
    elif evaluation.acknowledged_at:
        employee_box = _("Diterima %(at)s") % {"at": format_datetime_id(evaluation.acknowledged_at)}
        employee_on = format_date_id(evaluation.acknowledged_at)
    else:
        employee_box, employee_on = _("Belum menanggapi"), EMPTY
    pair = [
        {"role": _("Pegawai yang Dinilai"), "box": employee_box, "person": employee, "on": employee_on},
        {
            "role": _("Pejabat Penilai Kinerja"),
            "box": _("Dinilai secara elektronik %(at)s") % {"at": format_datetime_id(evaluation.rated_at)}
            if evaluation.rated_at
            else _("Belum dinilai"),
            "person": appraiser,
            "on": format_date_id(evaluation.rated_at),
        },
    ]
    records = []
    if objection is not None:
        if not objection["decided"]:
            box = _("Keberatan belum diputuskan")
        elif objection["escalated"]:
            box = _("Keberatan diputuskan secara elektronik %(at)s (dialihkan karena lewat batas waktu)") % {
                "at": objection["decided_at"]
            }
        else:
            box = _("Keberatan diputuskan secara elektronik %(at)s") % {"at": objection["decided_at"]}
        records.append({"role": objection["decider"]["role"], "box": box, "person": objection["decider"]})
    hr = user_person(evaluation.signed_off_by)
    records.append(
        {
            "role": _("Admin Kepegawaian"),
            "box": _("Disahkan %(at)s oleh %(name)s")
            % {"at": format_datetime_id(evaluation.signed_off_at), "name": hr["name"]}
            if evaluation.signed_off_at
            else _("Belum disahkan"),
            "person": hr,
        }
    )
    return {"pair": pair, "records": records}


def _common(evaluation) -> dict[str, Any]:
    """What both documents print: heading, the three people, the organisation's result, verification, signatures."""
    period = evaluation.period
    employee = person(evaluation.employee, evaluation.grade)
    if evaluation.employee_name:
        employee["name"] = evaluation.employee_name  # the snapshot taken when it became final
    employee["position"] = evaluation.position_title or EMPTY
    employee["unit"] = evaluation.unit_name or EMPTY
    # Who actually rated signs; this may differ from the snapshot when HR reassigned the rating task.
    rater = evaluation.rated_by or evaluation.appraiser
    same = evaluation.rated_by_id in (None, evaluation.appraiser_id)
    appraiser = official(rater, evaluation.appraiser_position_title if same else "")
    if rater is None:  # no Pejabat Penilai Kinerja in the chart: the official designated by letter, if any
        appraiser = designated(evaluation.employee_id, period.year) or appraiser
    senior = official(evaluation.senior_appraiser, evaluation.senior_appraiser_position_title)
    objection = _objection(evaluation)
    code = evaluation.verification_code or ""
    url = verification_url(code) if code else ""
    period_name = f"{period.get_kind_display()} {period.year}"
    org = evaluation.org_predicate
    return {
        "ev": evaluation,
        "period_name": period_name,
        "agency": settings.DOCUMENT_AGENCY,
        "place": settings.DOCUMENT_PLACE,
        "legal_basis": terms_of(evaluation.employee).legal_basis,
        # "TRIWULAN IV-AKHIR", "BULAN DESEMBER-AKHIR": the period as the Lampiran prints it.
        "period_kind": period.get_kind_display().upper(),
        "period_dates": _("%(start)s s.d. %(end)s")
        % {"start": format_date_id(period.start_date), "end": format_date_id(period.end_date)},
        "is_final_period": period.is_final,
        "employee": employee,
        "appraiser": appraiser,
        "senior": senior,
        "org_predicate": rules.OrgPredicate(org).label if org else "",
        "predicate": evaluation.get_predicate_display(),
        "objection": objection,
        "signatures": _signatures(evaluation, employee, appraiser, objection),
        "code": group_code(code),
        "verification_url": url,
        "qr": qr_data_uri(url) if url else "",
        "is_draft": not evaluation.is_final,
        "printed_at": printed_at(),
        "empty": EMPTY,
    }


def _identity_line(common: dict[str, Any], document: str) -> str:
    employee = common["employee"]
    line = _("%(document)s %(period)s · %(name)s · %(label)s %(nip)s") % {
        "document": document,
        "period": common["period_name"],
        "name": employee["name"],
        "label": employee["nip_label"],
        "nip": employee["nip"],
    }
    if common["code"]:
        line += " · " + _("Kode verifikasi %(code)s") % {"code": common["code"]}
    return line


# --- the two documents ---------------------------------------------------------------------------


def evaluation_document_context(evaluation, common: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the form (evaluation.html) shows, from `evaluation_for_document`: the template stays dumb."""
    common = common or _common(evaluation)
    layout = layout_for(
        evaluation.position, [r.indicator.aspect for r in evaluation.realizations.all()], evaluation.plan.approach
    )
    feedback, general = _continuous_feedback(evaluation)
    groups, stray = _result_groups(evaluation, feedback)
    behaviours, peer_count = _behaviour_rows(evaluation)
    org = evaluation.org_predicate
    return {
        **common,
        "title": _("Evaluasi Kinerja Pegawai %(period)s – %(name)s")
        % {"period": common["period_name"], "name": common["employee"]["name"]},
        "layout": layout,
        # No, RHK atasan, RHK, [Aspek], IKI, Target, Realisasi, Umpan Balik: numbered (1)… as on the Lampiran.
        "column_numbers": range(1, layout.result_columns + 3),
        "groups": groups,
        "is_top": evaluation.plan.is_top,
        "general_feedback": [*general, *stray],
        "rated_on": format_date_id(evaluation.rated_at) if evaluation.rated_at else "",
        "curve": distribution_svg(org, evaluation.predicate) if org else "",
        "behaviours": behaviours,
        "peer_count": peer_count,
        "public_service": _public_service(evaluation.public_service),
        "signed_on": format_date_id(evaluation.signed_off_at or evaluation.rated_at),
        "identity": _identity_line(common, _("Evaluasi Kinerja")),
    }


def evaluation_report_context(evaluation, common: dict[str, Any] | None = None, *, stored_sha256: str = "") -> dict:
    """Everything the Dokumen Evaluasi Kinerja Pegawai (evaluation_report.html) shows: its five sections.

    `stored_sha256` is printed on a copy downloaded on its own, tying it to the final file it is part of."""
    common = common or _common(evaluation)
    return {
        **common,
        "title": _("Dokumen Evaluasi Kinerja Pegawai %(period)s – %(name)s")
        % {"period": common["period_name"], "name": common["employee"]["name"]},
        # Sections 1–3: the three people, each with the labels of their own employment type.
        "people": [
            {"heading": _("PEGAWAI YANG DINILAI"), "person": common["employee"]},
            {"heading": _("PEJABAT PENILAI KINERJA"), "person": common["appraiser"]},
            {"heading": _("ATASAN PEJABAT PENILAI KINERJA"), "person": common["senior"]},
        ],
        "recommendation": evaluation.recommendation,
        "stored_sha256": stored_sha256,
        "identity": _identity_line(common, _("Dokumen Evaluasi Kinerja Pegawai")),
    }


def _load(evaluation):
    return evaluation_for_document(evaluation if isinstance(evaluation, int) else evaluation.pk)


def render_evaluation_pdf(evaluation) -> bytes:
    """The final file (PermenPANRB 6/2022 Lampiran): the Evaluasi Kinerja Pegawai form, then the Dokumen Evaluasi
    Kinerja Pegawai, each with the verification code and QR code; one file, so one SHA-256 covers both.

    A document of an evaluation not yet final carries the draft watermark."""
    with translation.override(DOCUMENT_LANGUAGE):  # labels computed in the context too, not only the template
        loaded = _load(evaluation)
        common = _common(loaded)
        form = evaluation_document_context(loaded, common)
        report = evaluation_report_context(loaded, common)
    return html_to_pdf(("documents/evaluation.html", form), ("documents/evaluation_report.html", report))


def render_evaluation_form_pdf(evaluation) -> bytes:
    """The Evaluasi Kinerja Pegawai form alone."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = evaluation_document_context(_load(evaluation))
    return html_to_pdf(("documents/evaluation.html", context))


def render_evaluation_report_pdf(evaluation) -> bytes:
    """The Dokumen Evaluasi Kinerja Pegawai alone, signed by the Pegawai and the Pejabat Penilai Kinerja; once the
    final file is stored it names that file's SHA-256."""
    with translation.override(DOCUMENT_LANGUAGE):
        loaded = _load(evaluation)
        context = evaluation_report_context(loaded, stored_sha256=loaded.document_sha256 if loaded.document else "")
    return html_to_pdf(("documents/evaluation_report.html", context))


def evaluation_pdf_filename(evaluation, document: str = "evaluasi") -> str:
    """'dokumen-evaluasi-2026-TW4-198609262015051001.pdf' (the stored final file is named by the service)."""
    return f"{document}-{evaluation.period.year}-{evaluation.period.kind}-{evaluation.employee.nip}.pdf"
