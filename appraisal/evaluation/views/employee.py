"""Evaluation pages of the employee and the peer, and the public verification page.

My evaluations, the evaluation (realisation entry that saves as you go, evidence, self-assessment, and the
read-only record for everyone allowed), acknowledgement or objection, explanations, history, evidence and
document downloads, the anonymous peer form, and /verifikasi/. Forms validate, services change
(appraisal/evaluation/services.py), appraisal/policy.py decides who may see what. An evaluation the user may
not see answers 404, so its existence is not revealed.

Anonymity: a peer's identity is never put into any page of this module; HR of the unit sees the peer step's
progress as counts (policy.can_see_peer_progress), and the summary exists only once the step is closed.
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from appraisal import formatting, policy, rules
from appraisal.documents.pdf import evaluation_pdf_filename, render_evaluation_report_pdf
from appraisal.evaluation import services
from appraisal.evaluation.forms import (
    EvidenceForm,
    ExplanationForm,
    ObjectionForm,
    PeerFeedbackForm,
    RealizationForm,
    SelfAssessmentForm,
    VerifyForm,
)
from appraisal.evaluation.selectors import (
    evaluation_by_code,
    evaluation_with_details,
    evaluations_of,
    own_evaluation_for_step,
    peer_progress,
    public_figure_rows,
)
from appraisal.evaluation.services import EvaluationLocked
from appraisal.models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Evidence,
    Feedback,
    Objection,
    PeerRequest,
    PerformanceDialogue,
    Realization,
)
from appraisal.org.selectors import today
from appraisal.pages.confirm import confirm_page, is_confirmed
from appraisal.pages.helpers import add_service_errors, task_conflicts_handled
from appraisal.pages.history import SUBJECT_WORDS, HistoryEntry, history_entries, short_text
from appraisal.siasn import services as siasn_services
from appraisal.talent.selectors import development_actions_for
from config.ratelimit import client_key
from workflows.evaluation_flow import EvaluationFlow
from workflows.selectors import inbox_item
from workflows.steps import evaluation as steps
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen, task_due

HISTORY_LIMIT = 100
VERIFY_WINDOW_SECONDS = 600  # settings.VERIFY_RATE_LIMIT lookups per client address per 10 minutes

# URL arguments are named `evaluation_id`: task_conflicts_handled shows the evaluation again on a conflict.


# --- shared helpers ----------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def evaluation_errors_handled(view):
    """A final evaluation refuses every change: say so (JSON 409 for the autosave) and show it again.

    Task conflicts (TaskNotOpen, FlowLockFailed) are handled by the SKP pages' decorator.
    """
    handled = task_conflicts_handled(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return handled(request, *args, **kwargs)
        except EvaluationLocked as exc:
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": {"__all__": [str(exc)]}}, status=409)
            messages.error(request, str(exc))
            return redirect("evaluation_detail", kwargs["evaluation_id"])

    return wrapper


def _evaluation(pk: int) -> Evaluation:
    try:
        return evaluation_with_details(pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None


def _visible_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    evaluation = _evaluation(pk)
    if not policy.can_view_evaluation(request.user, evaluation):
        raise Http404
    return evaluation


def _refuse_if_final(evaluation: Evaluation) -> None:
    if evaluation.is_final:
        raise EvaluationLocked()


def _owned_realization(request: HttpRequest, pk: int, rid: int) -> tuple[Evaluation, Realization]:
    """The realisation `rid` of a visible evaluation whose employee is the user (403 for others who may see it)."""
    evaluation = _visible_evaluation(request, pk)
    realization = next((r for r in evaluation.realizations.all() if r.pk == rid), None)
    if realization is None:
        raise Http404
    if not policy.is_subject(request.user, evaluation):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengisi realisasi."))
    _refuse_if_final(evaluation)
    realization.evaluation = evaluation  # already loaded; saves a query in the service
    return evaluation, realization


def _task_for(request: HttpRequest, pk: int, nodes: tuple) -> tuple[Evaluation, Task]:
    """The user's open task of one of `nodes` on evaluation `pk`.

    Owning the task grants access (acting officials). Without one: 404 when the evaluation is not visible,
    the locked message when it is final, "already done" when the user had such a task, else 403.
    """
    evaluation = _evaluation(pk)
    user = request.user
    mine = steps.open_task_of(evaluation, user, *nodes)
    had_one = mine is None and steps.held_task_of(evaluation, user, *nodes)
    if not (mine or had_one or policy.can_view_evaluation(user, evaluation)):
        raise Http404
    _refuse_if_final(evaluation)
    if mine:
        return evaluation, mine
    if had_one:
        raise TaskNotOpen()
    raise PermissionDenied(_("Tugas ini bukan milik Anda."))


EVIDENCE_ERRORS = "evidence_errors"  # session key: {realization id: [messages]} for the next evaluation page


def _flash_errors(request: HttpRequest, errors) -> None:
    for field_errors in errors.values():
        for message in field_errors:
            messages.error(request, message)


def _service_messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- my evaluations ----------------------------------------------------------------------------


@login_required
def evaluation_mine(request):
    me = policy.employee_for_user(request.user)
    evaluations = list(evaluations_of(me)) if me is not None else []
    return render(request, "evaluation/mine.html", {"me": me, "evaluations": evaluations})


# --- detail ------------------------------------------------------------------------------------


def _task_links(evaluation: Evaluation, user) -> list:
    """The user's open tasks on this evaluation, each with the page to do it (pages not built yet are skipped)."""
    links = []
    for task in steps.open_tasks(evaluation, user):
        if task.flow_task == EvaluationFlow.self_assess:
            continue  # done on this page
        task.process.evaluationprocess.evaluation = evaluation  # already loaded
        try:
            links.append(inbox_item(task))
        except NoReverseMatch:
            continue
    return links


def _period_q(evaluation: Evaluation, date_field: str) -> Q:
    """Items linked to this evaluation, or unlinked ones of the same employee dated within its period."""
    period = evaluation.period
    return Q(evaluation=evaluation) | Q(
        evaluation__isnull=True, **{f"{date_field}__range": (period.start_date, period.end_date)}
    )


def _continuous_feedback(evaluation: Evaluation):
    return (
        Feedback.objects.filter(employee_id=evaluation.employee_id)
        .filter(_period_q(evaluation, "created_at__date"))
        .select_related("author")
        .order_by("-created_at")
    )


def _dialogues(evaluation: Evaluation):
    """Held within the period (or linked), and those scheduled within it and not yet held."""
    return (
        PerformanceDialogue.objects.filter(employee_id=evaluation.employee_id)
        .filter(_period_q(evaluation, "held_on") | _period_q(evaluation, "scheduled_for") & Q(held_on__isnull=True))
        .select_related("appraiser")
    )


def _peer_summary_rows(summary: dict | None) -> list:
    if summary is None:
        return []
    return [(CoreValue(value).label, counts) for value, counts in summary["values"].items()]


def _received_on(evaluation: Evaluation):
    return timezone.localdate(evaluation.rated_at) if evaluation.rated_at else None


def _detail_context(request: HttpRequest, evaluation: Evaluation, *, submit_form=None) -> dict:
    user = request.user
    is_owner = policy.is_subject(user, evaluation)
    editing = is_owner and evaluation.status == EvaluationStatus.SELF_ASSESSMENT and not evaluation.is_final
    realizations = list(evaluation.realizations.all())
    evidence_errors = request.session.pop(EVIDENCE_ERRORS, None) or {}
    for r in realizations:
        for e in r.evidence.all():
            e.label = e.description or e.url or os.path.basename(e.file.name)
        if editing:
            r.form = RealizationForm(initial={"value": r.value, "note": r.note}, auto_id=f"id_r{r.pk}_%s")
            r.evidence_form = EvidenceForm(auto_id=f"id_e{r.pk}_%s")
            r.evidence_errors = evidence_errors.get(str(r.pk), [])
    sees_summary = policy.can_see_peer_summary(user, evaluation) and not is_owner
    summary = services.peer_summary_for(evaluation) if sees_summary else None
    objection = getattr(evaluation, "objection", None)  # RelatedObjectDoesNotExist is an AttributeError
    received = _received_on(evaluation)
    return {
        "evaluation": evaluation,
        "is_owner": is_owner,
        "editing": editing,
        "realizations": realizations,
        "filled": sum(1 for r in realizations if r.value is not None),
        "submit_form": submit_form or (SelfAssessmentForm() if editing else None),
        "can_submit": editing
        and any(t.flow_task == EvaluationFlow.self_assess for t in steps.open_tasks(evaluation, user)),
        "task_links": _task_links(evaluation, user),
        "rated": evaluation.rated_at is not None,
        "objection": objection,
        "objection_deadline": rules.objection_deadline(received) if received else None,
        "public_service_rows": public_figure_rows(evaluation),
        "sees_summary": sees_summary,
        "summary": summary,
        "summary_rows": _peer_summary_rows(summary),
        "peer_progress": peer_progress(evaluation) if policy.can_see_peer_progress(user, evaluation) else None,
        "feedback": list(_continuous_feedback(evaluation)),
        "dialogues": list(_dialogues(evaluation)),
        # The link to choosing peers (issue 12: every feature reachable); the page itself asks the policy again.
        "can_choose_peers": evaluation.status == EvaluationStatus.SELF_ASSESSMENT
        and not evaluation.is_final
        and policy.can_choose_peers(user, evaluation),
        "development_actions": development_actions_for(evaluation),
        "can_coach": not is_owner and not evaluation.is_final and policy.can_coach(user, evaluation.employee),
        "max_mb": rules.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "siasn": _siasn_state(user, evaluation),
    }


def _siasn_state(user, evaluation: Evaluation) -> dict | None:
    """HR of the period's unit sees whether SIASN holds this final evaluation, and can send it again."""
    if not (evaluation.is_final and policy.can_send_to_siasn(user, evaluation)):
        return None
    return {"submission": siasn_services.submissions_of([evaluation.pk]).get(evaluation.pk),
            "enabled": settings.SIASN_ENABLED}  # fmt: skip


@login_required
def evaluation_detail(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    return render(request, "evaluation/detail.html", _detail_context(request, evaluation))


@login_required
@require_POST
@evaluation_errors_handled
def realization_save(request, evaluation_id: int, rid: int):
    """Save one indicator's value and note: JSON for the autosave script, redirect for a plain form.

    The deadline rush (issue 13): the employee's own realisation is read, checked and locked in the service's one
    query (no details selector). Anyone else, and invalid input, take the full path first, which answers 404, 403
    or the locked message exactly as before."""
    # The autosave may send a single field; the other keeps its saved value.
    form = RealizationForm(request.POST)
    errors = None
    saved = None
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("value", "note") if name in request.POST}
        if "note" in changes:
            changes["note"] = changes["note"].strip()
        try:
            saved = services.realization_autosave(
                evaluation_id=evaluation_id, realization_id=rid, actor=request.user, changes=changes
            )
            if saved is None:
                _owned_realization(request, evaluation_id, rid)  # raises 404, 403 or the locked message
                raise Http404  # it was deleted meanwhile
        except ValidationError as exc:
            errors = {"__all__": _service_messages(exc)}
    else:
        _owned_realization(request, evaluation_id, rid)
        errors = {name: list(errs) for name, errs in form.errors.items()}
    if _wants_json(request):
        if errors:
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        saved_at = timezone.localtime(saved.updated_at)
        return JsonResponse(
            {"ok": True, "saved_at": saved_at.isoformat(), "saved_at_display": formatting.time_text(saved_at)}
        )
    if errors:
        _flash_errors(request, errors)
    else:
        messages.success(request, _("Realisasi disimpan."))
    return redirect(reverse("evaluation_detail", args=[evaluation_id]) + f"#r{rid}")


@login_required
@require_POST
@evaluation_errors_handled
def evidence_add(request, evaluation_id: int, rid: int):
    evaluation, realization = _owned_realization(request, evaluation_id, rid)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                realization=realization,
                actor=request.user,
                file=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"].strip(),
            )
        except ValidationError as exc:
            _evidence_errors(request, realization, _service_messages(exc))
        else:
            messages.success(request, _("Bukti dukung ditambahkan."))
    else:
        _evidence_errors(request, realization, [m for errors in form.errors.values() for m in errors])
    return redirect(reverse("evaluation_detail", args=[evaluation.pk]) + f"#r{realization.pk}")


def _evidence_errors(request: HttpRequest, realization: Realization, errors: list[str]) -> None:
    """Why the evidence was refused, shown beside the form it came from (not at the top of a long page): kept in the
    session for the page the redirect leads to."""
    request.session[EVIDENCE_ERRORS] = {str(realization.pk): [str(m) for m in errors]}


@login_required
@require_POST
@evaluation_errors_handled
def evidence_remove(request, evaluation_id: int, eid: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    evidence = next((e for r in evaluation.realizations.all() for e in r.evidence.all() if e.pk == eid), None)
    if evidence is None:
        raise Http404
    if not policy.is_subject(request.user, evaluation):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menghapus bukti dukung."))
    _refuse_if_final(evaluation)
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
    except ValidationError as exc:
        for message in _service_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Bukti dukung dihapus."))
    return redirect(reverse("evaluation_detail", args=[evaluation.pk]) + f"#r{evidence.realization_id}")


@login_required
@require_POST
@evaluation_errors_handled
def evaluation_submit(request, evaluation_id: int):
    """The employee submits realisation and self-assessment (the self_assess task).

    The deadline rush (issue 13): the employee's own evaluation is read in one query with the ownership check in it;
    anyone else takes the full path (404 when not visible, 403 otherwise)."""
    evaluation = own_evaluation_for_step(evaluation_id, request.user)
    if evaluation is None:
        evaluation = _visible_evaluation(request, evaluation_id)
        if not policy.is_subject(request.user, evaluation):
            raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan penilaian mandiri."))
    _refuse_if_final(evaluation)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        if not is_confirmed(request):
            back = reverse("evaluation_detail", args=[evaluation.pk])
            return confirm_page(request, "self_assessment_submit", back=back)
        try:
            steps.self_assessment_submit(evaluation=evaluation, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Penilaian mandiri diajukan. Pejabat Penilai Kinerja akan menilai kinerja Anda.")
            )
            return redirect("evaluation_detail", evaluation.pk)
    messages.error(request, _("Penilaian mandiri belum dapat diajukan. Periksa isian yang ditandai."))
    evaluation = _evaluation(evaluation.pk)  # the page shows everything again
    return render(request, "evaluation/detail.html", _detail_context(request, evaluation, submit_form=form))


# --- downloads ---------------------------------------------------------------------------------


@login_required
def evidence_download(request, evidence_id: int):
    """Evidence files are served only to those who may see the evaluation, never from /media/ directly."""
    evidence = (
        Evidence.objects.select_related("realization__evaluation", "realization__evaluation__employee")
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None or not evidence.file:
        raise Http404
    if not policy.can_view_evaluation(request.user, evidence.realization.evaluation):
        raise Http404
    inline = evidence.content_type in ("application/pdf", "image/jpeg", "image/png")
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=os.path.basename(evidence.file.name),
        content_type=evidence.content_type or "application/octet-stream",
    )


@login_required
def evaluation_document(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    if not (evaluation.is_final and evaluation.document):
        raise Http404
    return FileResponse(
        evaluation.document.open("rb"),
        as_attachment=True,
        filename=os.path.basename(evaluation.document.name),
        content_type="application/pdf",
    )


@login_required
def evaluation_report(request, evaluation_id: int):
    """The Dokumen Evaluasi Kinerja Pegawai on its own (PermenPANRB 6/2022 Lampiran); the final file binds it too."""
    evaluation = _visible_evaluation(request, evaluation_id)
    if not (evaluation.is_final and evaluation.document):
        raise Http404
    return FileResponse(
        io.BytesIO(render_evaluation_report_pdf(evaluation)),
        as_attachment=True,
        filename=evaluation_pdf_filename(evaluation, "dokumen-evaluasi"),
        content_type="application/pdf",
    )


# --- acknowledgement, objection, explanation ---------------------------------------------------


@login_required
@evaluation_errors_handled
def evaluation_acknowledge(request, evaluation_id: int):
    evaluation, _task = _task_for(request, evaluation_id, (EvaluationFlow.acknowledge,))
    received = _received_on(evaluation)
    deadline = rules.objection_deadline(received) if received else None
    form = ObjectionForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "accept":
            if not is_confirmed(request):
                return confirm_page(request, "evaluation_accept", back=request.path)
            steps.evaluation_accept(evaluation=evaluation, actor=request.user)
            messages.success(request, _("Hasil evaluasi Anda terima. Evaluasi diteruskan untuk disahkan kepegawaian."))
            return redirect("evaluation_detail", evaluation.pk)
        if action == "object":
            form = ObjectionForm(request.POST)
            if form.is_valid() and not is_confirmed(request):
                return confirm_page(request, "objection_file", back=request.path)
            if form.is_valid():
                try:
                    steps.objection_file(
                        evaluation=evaluation, actor=request.user, reasons=form.cleaned_data["reasons"]
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _(
                            "Keberatan diajukan. Atasan pejabat penilai kinerja akan meminta penjelasan "
                            "lalu memutuskan."
                        ),
                    )
                    return redirect("evaluation_detail", evaluation.pk)
        else:
            messages.error(request, _("Permintaan tidak dikenal."))
    context = {
        "evaluation": evaluation,
        "deadline": deadline,
        "objection_open": received is not None and rules.objection_allowed(received, today()),
        "form": form,
    }
    return render(request, "evaluation/acknowledge.html", context)


@login_required
@evaluation_errors_handled
def objection_explain(request, evaluation_id: int):
    """Both sides explain the objection on this page: the employee and the appraiser, each on their own task."""
    evaluation, task = _task_for(
        request, evaluation_id, (EvaluationFlow.explain_employee, EvaluationFlow.explain_appraiser)
    )
    try:
        objection = evaluation.objection
    except Objection.DoesNotExist:
        raise Http404 from None
    is_employee = task.flow_task == EvaluationFlow.explain_employee
    form = ExplanationForm()
    if request.method == "POST":
        form = ExplanationForm(request.POST)
        if form.is_valid() and not is_confirmed(request):
            return confirm_page(request, "objection_explain", back=request.path)
        if form.is_valid():
            try:
                steps.objection_explain(evaluation=evaluation, actor=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Penjelasan Anda dikirim kepada atasan pejabat penilai kinerja."))
                return redirect("evaluation_detail", evaluation.pk)
    context = {"evaluation": evaluation, "objection": objection, "is_employee": is_employee, "form": form}
    return render(request, "evaluation/explain.html", context)


# --- history -----------------------------------------------------------------------------------


@dataclass
class EvaluationHistoryRow:
    entry: HistoryEntry
    what: str
    subject: str = ""
    who: str = ""
    changes: list = field(default_factory=list)

    @property
    def when(self):
        return self.entry.when


@login_required
def evaluation_history(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    realization_ids = Realization.history.filter(evaluation_id=evaluation.pk).values("id")
    period = evaluation.period
    linked = Q(evaluation_id=evaluation.pk) | Q(employee_id=evaluation.employee_id, evaluation_id__isnull=True)
    # PeerFeedback has no history by design; PeerRequest history (who answered, when) is shown to nobody.
    sources = [
        Evaluation.history.filter(id=evaluation.pk),
        Realization.history.filter(evaluation_id=evaluation.pk),
        Evidence.history.filter(realization_id__in=realization_ids),
        Objection.history.filter(evaluation_id=evaluation.pk),
        Feedback.history.filter(linked).filter(
            Q(evaluation_id=evaluation.pk) | Q(created_at__date__range=(period.start_date, period.end_date))
        ),
        PerformanceDialogue.history.filter(linked).filter(
            Q(evaluation_id=evaluation.pk) | Q(held_on__range=(period.start_date, period.end_date))
        ),
    ]
    entries = [e for qs in sources for e in history_entries(qs, limit=HISTORY_LIMIT)]
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    entries = entries[:HISTORY_LIMIT]

    # Whoever saved a row is named only on rows peers never write; a peer's account is masked anyway,
    # in case a save ever happens inside a peer's request (HistoryRequestMiddleware records it).
    peer_user_ids = set(PeerRequest.objects.filter(evaluation=evaluation).values_list("peer__user_id", flat=True)) - {
        None
    }
    shown_user_models = (Evaluation, Realization, Evidence, Objection)
    employee_ids = {getattr(e.record, "author_id", None) or getattr(e.record, "appraiser_id", None) for e in entries}
    user_ids = {e.record.history_user_id for e in entries if e.record.history_user_id}
    people = Employee.objects.filter(Q(user_id__in=user_ids) | Q(pk__in=employee_ids - {None})).only(
        "id", "user_id", "name", "front_title", "back_title"
    )
    by_user = {p.user_id: p.full_name for p in people if p.user_id}
    by_id = {p.pk: p.full_name for p in people}
    indicators = {r.indicator_id: r.indicator.text for r in evaluation.realizations.all()}

    rows = []
    for e in entries:
        record = e.record
        model = record.instance_type
        if model in shown_user_models:
            uid = record.history_user_id
            who = _("sistem") if uid in peer_user_ids else by_user.get(uid, e.who)
        else:  # Feedback, PerformanceDialogue
            who = by_id.get(getattr(record, "author_id", None) or getattr(record, "appraiser_id", None), "—")
        what, subject = _history_subject(record, indicators, by_id)
        rows.append(EvaluationHistoryRow(entry=e, what=what, subject=subject, who=who, changes=e.changes))
    context = {"evaluation": evaluation, "rows": rows, "limit": HISTORY_LIMIT}
    return render(request, "evaluation/history.html", context)


def _history_subject(record, indicators: dict, people: dict) -> tuple[str, str]:
    model = record.instance_type
    if model is Evaluation:
        return _("Evaluasi"), record.get_status_display()
    if model is Realization:
        return _("Realisasi"), short_text(indicators.get(record.indicator_id, ""), SUBJECT_WORDS)
    if model is Evidence:
        name = record.description or record.url or os.path.basename(record.file.name or "")
        return _("Bukti dukung"), short_text(name, SUBJECT_WORDS)
    if model is Objection:
        return _("Keberatan"), record.get_decision_display() or _("diajukan")
    if model is Feedback:
        return _("Umpan balik berkelanjutan"), short_text(record.text, SUBJECT_WORDS)
    if model is PerformanceDialogue:
        return _("Dialog kinerja"), short_text(record.topic, SUBJECT_WORDS)
    return str(model._meta.verbose_name), ""


# --- the peer's form ---------------------------------------------------------------------------


@login_required
@task_conflicts_handled
def peer_feedback_form(request, task_id: int):
    """The colleague's anonymous feedback: only the peer who owns the task ever reaches this page."""
    task = steps.peer_task(task_id, request.user)
    if task is None:
        raise Http404
    evaluation = task.process.evaluationprocess.evaluation
    request_state = PeerRequest.objects.filter(pk=(task.data or {}).get("request_id")).values_list("state", flat=True)
    state = request_state.first()
    if task.status == STATUS.DONE or state == PeerRequest.State.ANSWERED:
        return render(request, "evaluation/peer_closed.html", {"evaluation": evaluation, "answered": True})
    late = today() > evaluation.period.peer_deadline
    if task.status not in OPEN_STATUSES or late or evaluation.is_final:
        return render(request, "evaluation/peer_closed.html", {"evaluation": evaluation, "answered": False})

    form = PeerFeedbackForm()
    if request.method == "POST":
        form = PeerFeedbackForm(request.POST)
        if form.is_valid() and not is_confirmed(request):
            return confirm_page(request, "peer_feedback", back=request.path)
        if form.is_valid():
            try:
                steps.peer_feedback_submit(
                    task=task, actor=request.user, ratings=form.ratings(), comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except EvaluationLocked:
                return render(request, "evaluation/peer_closed.html", {"evaluation": evaluation, "answered": False})
            else:
                messages.success(request, _("Terima kasih. Umpan balik Anda tersimpan tanpa nama Anda."))
                return redirect("inbox")
        else:
            messages.error(request, _("Umpan balik belum terkirim. Pilih penilaian untuk ketujuh nilai dasar."))
    due = task_due(task)
    context = {"evaluation": evaluation, "form": form, "deadline": evaluation.period.peer_deadline, "due": due}
    return render(request, "evaluation/peer_form.html", context)


# --- public verification -----------------------------------------------------------------------


def _verify_rate(group: str, request: HttpRequest) -> tuple[int, int]:
    """settings.VERIFY_RATE_LIMIT lookups per client address per window."""
    return settings.VERIFY_RATE_LIMIT, VERIFY_WINDOW_SECONDS


def _limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "evaluation/verify_limited.html", {"minutes": VERIFY_WINDOW_SECONDS // 60}, status=429)
    response["Retry-After"] = str(VERIFY_WINDOW_SECONDS)
    return response


def verify_lookup(request):
    """Public: type the code printed on a document."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("verify_document", code=form.cleaned_data["kode"])
    return render(request, "evaluation/verify.html", {"form": form})


@ratelimit(group="verify-lookups", key=client_key, rate=_verify_rate, block=False)
def verify_document(request, code: str):
    """Public: confirms name, period, predicate and the document's hash of a final evaluation; nothing else."""
    if request.limited:
        return _limited(request)
    evaluation = evaluation_by_code(code)
    if evaluation is None:
        return render(
            request, "evaluation/verify_not_found.html", {"code": code[:40], "form": VerifyForm()}, status=404
        )
    context = {
        "name": evaluation.employee_name or evaluation.employee.full_name,
        "period": f"{evaluation.period.get_kind_display()} {evaluation.period.year}",
        "predicate": evaluation.get_predicate_display(),
        "sha256": evaluation.document_sha256,
        "code": evaluation.verification_code,
        "form": VerifyForm(),
    }
    return render(request, "evaluation/verify.html", context)
