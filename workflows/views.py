"""Task pages: my inbox, and HR moving an open task to another person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.pages.helpers import task_conflicts_handled
from appraisal.skp.forms import ReassignForm
from workflows.forms import InboxFilterForm
from workflows.selectors import human_task, inbox_item, inbox_tasks
from workflows.steps.common import OPEN_STATUSES, TaskNotOpen, task_due
from workflows.steps.reassign import reassign_candidates, reassign_task

INBOX_PER_PAGE = 50


@login_required
def inbox(request):
    """The user's open tasks, paged and filtered in SQL (a busy official can hold thousands)."""
    form = InboxFilterForm(request.GET)
    chosen = form.filters()
    page = Paginator(inbox_tasks(request.user, **chosen), INBOX_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "items": [inbox_item(task) for task in page.object_list],
        "page_obj": page,
        "filter_form": form,
        "filtered": any(chosen[k] for k in ("search", "kind", "overdue")),
    }
    return render(request, "workflows/inbox.html", context)


def _reassign_subject(request, task: Task) -> tuple[object, str, str]:
    """The SKP or the evaluation an open task moves: (subject, label, back url); 404 when not visible."""
    skp = getattr(task.process, "skpprocess", None)
    if skp is not None:
        plan = skp.plan
        if not policy.can_view_plan(request.user, plan):
            raise Http404
        if not policy.can_reassign(request.user, plan):
            raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengalihkan tugas."))
        label = f"SKP {plan.year} v{plan.version} – {plan.employee.full_name}"
        return plan, label, reverse("skp_detail", args=[plan.pk])
    process = getattr(task.process, "evaluationprocess", None)
    if process is None or not policy.can_view_evaluation(request.user, process.evaluation):
        raise Http404
    evaluation = process.evaluation
    if not policy.can_reassign(request.user, evaluation):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengalihkan tugas."))
    period = evaluation.period
    label = _("Evaluasi %(period)s %(year)s – %(name)s") % {
        "period": period.get_kind_display(),
        "year": period.year,
        "name": evaluation.employee.full_name,
    }
    return evaluation, label, reverse("hr_period_detail", args=[period.pk])


@login_required
@task_conflicts_handled
def task_reassign(request, task_id: int):
    task = human_task(task_id)
    if task is None:
        raise Http404
    subject, label, back_url = _reassign_subject(request, task)
    if task.status not in OPEN_STATUSES:
        raise TaskNotOpen()

    task.due = task_due(task)
    candidates = reassign_candidates(task)
    if request.method == "POST":
        form = ReassignForm(request.POST, candidates=candidates)
        if form.is_valid():
            to_user = form.cleaned_data["to_user"]
            reassign_task(task, to_user=to_user, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("Tugas “%(task)s” dialihkan kepada %(name)s.")
                % {"task": task.flow_task.task_title, "name": form.fields["to_user"].label_from_instance(to_user)},
            )
            return redirect(back_url)
        messages.error(request, _("Tugas belum dialihkan. Periksa isian yang ditandai."))
    else:
        form = ReassignForm(candidates=candidates)
    context = {
        "task": task,
        "subject_label": label,
        "back_url": back_url,
        "form": form,
        "history": task.reassignments.select_related("from_user", "to_user", "by"),
    }
    return render(request, "workflows/reassign.html", context)
