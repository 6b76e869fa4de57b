"""Evaluation pages of the appraiser, the senior appraiser and HR: rating, peers, continuous feedback and
dialogues, the objection decision, periods, organisation predicates, sign-off.

Forms validate, appraisal/evaluation/services.py changes, appraisal/policy.py decides. An evaluation the user
may not see answers 404; one they see but have no task on answers 403. Peers stay anonymous here: the rating
and decision pages show aggregated answers only; the roster of who was asked is on HR's period page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from appraisal import policy, rules
from appraisal.evaluation import services
from appraisal.evaluation.review_forms import (
    DecideForm,
    DialogueForm,
    DialogueHoldForm,
    DialogueScheduleForm,
    FeedbackForm,
    PeersForm,
    RateForm,
)
from appraisal.evaluation.selectors import evaluation_with_details, peer_candidates, public_figure_rows
from appraisal.evaluation.services import EvaluationLocked
from appraisal.models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Feedback,
    Objection,
    PerformanceDialogue,
)
from appraisal.org.selectors import today
from appraisal.pages.confirm import confirm_page, is_confirmed
from appraisal.pages.helpers import add_service_errors, task_conflicts_handled
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps import evaluation as steps
from workflows.steps.common import TaskNotOpen

RECENT_FEEDBACK = 20


# --- shared helpers ----------------------------------------------------------------------------


def _visible_evaluation(request, evaluation_id: int) -> Evaluation:
    try:
        evaluation = evaluation_with_details(evaluation_id)
    except Evaluation.DoesNotExist:
        raise Http404 from None
    if not policy.can_view_evaluation(request.user, evaluation):
        raise Http404
    return evaluation


def _task_or_deny(evaluation: Evaluation, user, *nodes) -> Task:
    """The open task of one of `nodes` if `user` owns it; someone who already finished it is told so."""
    task = steps.open_task_of(evaluation, user, *nodes)
    if task is not None:
        return task
    if steps.held_task_of(evaluation, user, *nodes):
        raise TaskNotOpen()
    raise PermissionDenied(_("Tugas ini bukan milik Anda."))


def _locked(request, evaluation: Evaluation, exc: EvaluationLocked):
    messages.error(request, str(exc))
    return redirect("evaluation_detail", evaluation.pk)


def _predicate_table() -> dict[str, str]:
    """The nine quadrant cells as 'RESULT|BEHAVIOUR' → label, for the live preview (rules.predicate decides)."""
    return {f"{r}|{b}": str(rules.predicate(r, b).label) for r in rules.Rating.values for b in rules.Rating.values}


def _rhk_rows(evaluation: Evaluation) -> list[tuple]:
    """Realisation grouped by RHK, in plan order: [(result, [realization, …]), …]."""
    groups: dict[int, tuple] = {}
    for realization in evaluation.realizations.all():
        result = realization.indicator.result
        groups.setdefault(result.pk, (result, []))[1].append(realization)
    return list(groups.values())


@dataclass
class PeerValueRow:
    label: str
    above: int
    meets: int
    below: int


def _peer_summary_rows(summary: dict | None) -> list[PeerValueRow]:
    if summary is None:
        return []
    return [
        PeerValueRow(str(value.label), *(summary["values"][value.value][k] for k in ("ABOVE", "MEETS", "BELOW")))
        for value in CoreValue
    ]


def _unit_head_result(evaluation: Evaluation) -> dict | None:
    """How a unit head's result rating is set: by the Capaian Kinerja Organisasi (SE MenPANRB 3/2023), or not yet."""
    if not services.is_unit_head(evaluation):
        return None
    org = services.org_predicate_for(evaluation)
    info = {"org": org, "org_label": rules.OrgPredicate(org).label if org else "", "rating": ""}
    if org:
        info["rating"] = rules.unit_head_result_rating(rules.OrgPredicate(org)).value
    info["rating_label"] = rules.Rating(info["rating"]).label if info["rating"] else ""
    return info


def _coaching_context(evaluation: Evaluation) -> dict:
    employee = evaluation.employee
    return {
        "feedback_list": list(Feedback.objects.filter(employee=employee).select_related("author")[:RECENT_FEEDBACK]),
        "dialogues": list(PerformanceDialogue.objects.filter(employee=employee)[:RECENT_FEEDBACK]),
        "feedback_form": FeedbackForm(
            initial={"evaluation": evaluation.pk, "kind": Feedback.Kind.MASUKAN},
            prefix="fb",
            results=evaluation.plan.results.order_by("order", "pk"),
        ),
        "dialogue_form": DialogueForm(initial={"evaluation": evaluation.pk, "held_on": today()}, prefix="dlg"),
    }


# --- the appraiser's rating page ---------------------------------------------------------------


@login_required
@task_conflicts_handled
def evaluation_rate(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    _task_or_deny(evaluation, request.user, EvaluationFlow.rate)
    head = _unit_head_result(evaluation)
    form = RateForm(request.POST or None, unit_head=head is not None)
    if request.method == "POST":
        if form.is_valid() and not is_confirmed(request):
            return confirm_page(request, "evaluation_rate", back=request.path)
        if form.is_valid():
            try:
                steps.evaluation_rate(
                    evaluation=evaluation,
                    actor=request.user,
                    result_rating=form.cleaned_data.get("result_rating") or None,
                    behaviour_rating=form.cleaned_data["behaviour_rating"],
                    feedback=form.cleaned_data["feedback"],
                    recommendation=form.cleaned_data.get("recommendation", ""),
                )
            except EvaluationLocked as exc:
                return _locked(request, evaluation, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                evaluation.refresh_from_db()
                messages.success(
                    request,
                    _("Penilaian %(name)s disimpan: predikat %(predicate)s. Hasil dikirim kepada pegawai.")
                    % {"name": evaluation.employee.full_name, "predicate": evaluation.get_predicate_display()},
                )
                return redirect("evaluation_detail", evaluation.pk)
        messages.error(request, _("Penilaian belum disimpan. Periksa isian yang ditandai."))

    summary = services.peer_summary_for(evaluation) if policy.can_see_peer_summary(request.user, evaluation) else None
    available, figures = public_figure_rows(evaluation)
    context = {
        "evaluation": evaluation,
        "rows": _rhk_rows(evaluation),
        "peer_summary": summary,
        "peer_rows": _peer_summary_rows(summary),
        "public_available": available,
        "public_figures": figures,
        "head": head,
        "form": form,
        "predicate_table": _predicate_table(),
        **_coaching_context(evaluation),
    }
    return render(request, "evaluation/rate.html", context)


# --- continuous feedback and dialogues ---------------------------------------------------------


def _coachee(request, employee_id: int) -> Employee:
    """Only the employee's Pejabat Penilai Kinerja coaches; anyone else, a leader above or outside the line alike,
    gets the 403 page (which names nobody: the employee's page is not shown before this check)."""
    employee = get_object_or_404(Employee.objects.select_related("position", "position__unit"), pk=employee_id)
    if not policy.can_coach(request.user, employee):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat memberi umpan balik."))
    return employee


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _linked_evaluation(employee: Employee, evaluation_id: int | None) -> Evaluation | None:
    if not evaluation_id:
        return None
    return Evaluation.objects.filter(pk=evaluation_id, employee=employee).first()


def _back(request, employee: Employee):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("feedback_give", employee_id=employee.pk)


def _coaching_page(request, employee: Employee, **forms):
    dialogues = list(PerformanceDialogue.objects.filter(employee=employee)[:RECENT_FEEDBACK])
    hold_form = forms.get("hold_form")
    for d in dialogues:
        if not d.is_held:
            bound = hold_form if hold_form is not None and forms.get("hold_id") == d.pk else None
            d.hold_form = bound or DialogueHoldForm(initial={"held_on": today()}, prefix=f"dh{d.pk}")
    context = {
        "employee": employee,
        "feedback_list": list(Feedback.objects.filter(employee=employee).select_related("author")[:RECENT_FEEDBACK]),
        "dialogues": dialogues,
        # The coachee's evaluations this user may open (choosing peers, rating): the page leads to them.
        "evaluations": list(
            policy.visible_evaluations(request.user, Evaluation.objects.filter(employee=employee))
            .select_related("period")
            .order_by("-period__year", "-period__start_date")[:RECENT_FEEDBACK]
        ),
        "feedback_form": forms.get("feedback_form")
        or FeedbackForm(initial={"kind": Feedback.Kind.APRESIASI}, prefix="fb"),
        "dialogue_form": forms.get("dialogue_form") or DialogueForm(initial={"held_on": today()}, prefix="dlg"),
        "schedule_form": forms.get("schedule_form") or DialogueScheduleForm(prefix="jd"),
        "next": request.POST.get("next", ""),
    }
    return render(request, "evaluation/review_feedback.html", context)


@login_required
def feedback_give(request, employee_id: int):
    employee = _coachee(request, employee_id)
    if request.method != "POST":
        return _coaching_page(request, employee)
    linked = _linked_evaluation(employee, _int_or_none(request.POST.get("fb-evaluation")))
    results = linked.plan.results.order_by("order", "pk") if linked is not None else ()
    form = FeedbackForm(request.POST, prefix="fb", results=results)
    if form.is_valid():
        evaluation = _linked_evaluation(employee, form.cleaned_data.get("evaluation"))
        try:
            feedback = services.feedback_give(
                employee=employee,
                actor=request.user,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                evaluation=evaluation,
                result_id=form.cleaned_data.get("result"),
            )
        except EvaluationLocked as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s untuk %(name)s disimpan dan diberitahukan kepadanya.")
                % {"kind": feedback.get_kind_display(), "name": employee.full_name},
            )
            return _back(request, employee)
    messages.error(request, _("Umpan balik belum disimpan. Periksa isian yang ditandai."))
    return _coaching_page(request, employee, feedback_form=form)


@login_required
@require_POST
def dialogue_record(request, employee_id: int):
    employee = _coachee(request, employee_id)
    form = DialogueForm(request.POST, prefix="dlg")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dialogue_record(
                employee=employee,
                actor=request.user,
                held_on=data["held_on"],
                topic=data["topic"].strip(),
                notes=data["notes"].strip(),
                follow_up=data["follow_up"].strip(),
                evaluation=_linked_evaluation(employee, data.get("evaluation")),
            )
        except EvaluationLocked as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dialog kinerja dengan %(name)s dicatat.") % {"name": employee.full_name})
            return _back(request, employee)
    messages.error(request, _("Dialog kinerja belum dicatat. Periksa isian yang ditandai."))
    return _coaching_page(request, employee, dialogue_form=form)


@login_required
@require_POST
def dialogue_schedule(request, employee_id: int):
    employee = _coachee(request, employee_id)
    form = DialogueScheduleForm(request.POST, prefix="jd")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dialogue_schedule(
                employee=employee,
                actor=request.user,
                scheduled_for=data["scheduled_for"],
                topic=data["topic"],
                evaluation=_linked_evaluation(employee, data.get("evaluation")),
            )
        except EvaluationLocked as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dialog kinerja dengan %(name)s dijadwalkan.") % {"name": employee.full_name})
            return _back(request, employee)
    messages.error(request, _("Dialog kinerja belum dijadwalkan. Periksa isian yang ditandai."))
    return _coaching_page(request, employee, schedule_form=form)


@login_required
@require_POST
def dialogue_hold(request, employee_id: int, dialogue_id: int):
    """The outcome of a scheduled dialogue."""
    employee = _coachee(request, employee_id)
    dialogue = get_object_or_404(PerformanceDialogue, pk=dialogue_id, employee=employee)
    form = DialogueHoldForm(request.POST, prefix=f"dh{dialogue.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dialogue_hold(
                dialogue=dialogue,
                actor=request.user,
                held_on=data["held_on"],
                notes=data["notes"],
                follow_up=data["follow_up"].strip(),
            )
        except EvaluationLocked as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dialog kinerja dengan %(name)s dicatat.") % {"name": employee.full_name})
            return _back(request, employee)
    messages.error(request, _("Dialog kinerja belum dicatat. Periksa isian yang ditandai."))
    return _coaching_page(request, employee, hold_form=form, hold_id=dialogue.pk)


# --- the appraiser chooses peers ---------------------------------------------------------------


@login_required
def peers_choose(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    if not policy.can_choose_peers(request.user, evaluation):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja yang dapat memilih rekan kerja."))
    if evaluation.is_final:
        return _locked(request, evaluation, EvaluationLocked())
    if evaluation.status != EvaluationStatus.SELF_ASSESSMENT:
        messages.warning(request, _("Rekan kerja hanya dapat diubah sebelum penilaian mandiri diajukan."))
        return redirect("evaluation_detail", evaluation.pk)
    candidates = peer_candidates(evaluation)
    current = list(evaluation.peer_requests.values_list("peer_id", flat=True))
    form = PeersForm(request.POST or None, candidates=candidates, initial={"peers": current})
    if request.method == "POST":
        if form.is_valid():
            try:
                chosen = services.peers_choose(
                    evaluation=evaluation, peers=list(form.cleaned_data["peers"]), actor=request.user
                )
            except EvaluationLocked as exc:
                return _locked(request, evaluation, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s rekan kerja akan diminta umpan balik.",
                        "%(n)s rekan kerja akan diminta umpan balik.",
                        len(chosen),
                    )
                    % {"n": len(chosen)},
                )
                return redirect("evaluation_detail", evaluation.pk)
        messages.error(request, _("Pilihan rekan kerja belum disimpan."))
    too_few = len(current) < rules.MIN_PEER_RESPONSES
    return render(
        request,
        "evaluation/review_peers.html",
        {"evaluation": evaluation, "form": form, "min_peers": rules.MIN_PEER_RESPONSES, "too_few": too_few},
    )


# --- the objection decision ---------------------------------------------------------------------


@login_required
@task_conflicts_handled
def objection_decide(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    _task_or_deny(evaluation, request.user, EvaluationFlow.decide)
    try:
        objection = evaluation.objection
    except Objection.DoesNotExist:
        raise Http404 from None
    form = DecideForm(request.POST or None, unit_head=services.is_unit_head(evaluation))
    if request.method == "POST":
        if form.is_valid() and not is_confirmed(request):
            return confirm_page(request, "objection_decide", back=request.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                steps.objection_decide(
                    evaluation=evaluation,
                    actor=request.user,
                    decision=data["decision"],
                    notes=data["notes"],
                    result_rating=data.get("result_rating") or "",
                    behaviour_rating=data.get("behaviour_rating") or "",
                )
            except EvaluationLocked as exc:
                return _locked(request, evaluation, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                evaluation.refresh_from_db()
                messages.success(
                    request,
                    _("Keberatan diputuskan. Predikat: %(predicate)s. Evaluasi diteruskan untuk pengesahan.")
                    % {"predicate": evaluation.get_predicate_display()},
                )
                return redirect("evaluation_detail", evaluation.pk)
        messages.error(request, _("Keputusan belum disimpan. Periksa isian yang ditandai."))
    context = {
        "evaluation": evaluation,
        "objection": objection,
        "form": form,
        "predicate_table": _predicate_table(),
    }
    return render(request, "evaluation/decide.html", context)
