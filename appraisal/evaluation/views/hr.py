"""HR's evaluation pages: periods (open, follow, organisation predicates, distribution curve, peer progress,
unit-head override), the sign-off list and the sign-off itself.

Every page asks policy.can_manage_periods for the unit; peer feedback shows as counts only, never who answered
or what anyone wrote.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.evaluation import rekap, services
from appraisal.evaluation import selectors as evaluation_selectors
from appraisal.evaluation.review_forms import (
    DesignationForm,
    PeriodFilterForm,
    PeriodOpenForm,
    SignOffFilterForm,
    UnitPerformanceForm,
)
from appraisal.evaluation.selectors import PeerProgress, peer_progress_of
from appraisal.evaluation.services import EvaluationLocked
from appraisal.evaluation.views.review import _locked, _task_or_deny, _visible_evaluation
from appraisal.models import (
    Evaluation,
    EvaluationStatus,
    Period,
    SiasnSubmission,
    Unit,
    UnitPerformance,
)
from appraisal.org.selectors import subtree_among, today, unit_subtree_ids
from appraisal.pages.confirm import confirm_page, is_confirmed
from appraisal.pages.helpers import add_service_errors, task_conflicts_handled
from appraisal.siasn import services as siasn_services
from workflows.evaluation_flow import EvaluationFlow
from workflows.selectors import (
    open_objection_decisions,
    open_tasks_of_period,
    sign_off_queue,
    sign_off_tasks_held,
)
from workflows.steps import evaluation as steps
from workflows.steps import reassign
from workflows.steps.common import TaskNotOpen, task_due
from workflows.steps.reassign import REASSIGNABLE_NODES

# --- HR sign-off --------------------------------------------------------------------------------


@login_required
@task_conflicts_handled
def evaluation_sign_off(request, evaluation_id: int):
    evaluation = _visible_evaluation(request, evaluation_id)
    task = steps.open_task_of(evaluation, request.user, EvaluationFlow.sign_off)
    if task is None:
        # After signing: show the outcome and the document to HR of the unit.
        if evaluation.is_final and (
            evaluation.signed_off_by_id == request.user.pk
            or (evaluation.unit is not None and policy.can_manage_periods(request.user, evaluation.unit))
        ):
            return render(request, "evaluation/hr_sign_off.html", {"evaluation": evaluation, "done": True})
        task = _task_or_deny(evaluation, request.user, EvaluationFlow.sign_off)
    if request.method == "POST" and not is_confirmed(request):
        return confirm_page(request, "sign_off", back=request.path)
    if request.method == "POST":
        try:
            steps.evaluation_sign_off(evaluation=evaluation, actor=request.user)
        except EvaluationLocked as exc:
            return _locked(request, evaluation, exc)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Evaluasi %(name)s disahkan. Dokumen akhir sedang dibuat.") % {"name": evaluation.employee.full_name},
            )
            return redirect("evaluation_sign_off", evaluation_id=evaluation.pk)
    context = {"evaluation": evaluation, "task": task, "due": task_due(task), "done": False}
    return render(request, "evaluation/hr_sign_off.html", context)


def _require_hr(user) -> None:
    if not policy.is_hr_or_admin(user):
        raise PermissionDenied(_("Halaman ini khusus admin kepegawaian."))


@dataclass
class SignOffRow:
    task: Task
    evaluation: Evaluation
    due: dt.date | None
    overdue: bool
    mine: bool


@login_required
def hr_sign_off_list(request):
    """Open sign-offs of the officer's units, paged (50) and filtered in SQL, overdue first by default; the open
    objection decisions below (few: each is one objected evaluation) are listed whole."""
    user = request.user
    _require_hr(user)
    units = policy.hr_unit_ids(user)
    unit_list = list(Unit.objects.filter(id__in=units).only("id", "name", "parent_id").order_by("name"))
    form = SignOffFilterForm(request.GET, units=unit_list)
    chosen = form.filters()
    page = _page(
        request,
        sign_off_queue(
            units,
            search=chosen["q"],
            among_units=subtree_among(chosen["unit"], unit_list) if chosen["unit"] is not None else None,
            overdue=chosen["overdue"],
            sort=chosen["sort"],
        ),
    )
    now = today()
    rows = []
    for task in page.object_list:
        due = task_due(task)
        rows.append(
            SignOffRow(
                task=task,
                evaluation=task.process.evaluationprocess.evaluation,
                due=due,
                overdue=due is not None and due < now,
                mine=policy.owns_task(user, task),
            )
        )
    objections = []
    for task in open_objection_decisions(units):
        due = task_due(task)
        objections.append(
            ObjectionRow(
                task=task,
                evaluation=task.process.evaluationprocess.evaluation,
                due=due,
                late=due is not None and due < now,
                decider=_owner_name(task.owner) if task.owner_id else "",
            )
        )
    objections.sort(key=lambda r: (bool(r.decider), not r.late, r.due or dt.date.max, r.task.pk))
    context = {
        "rows": rows,
        "page_obj": page,
        "filter_form": form,
        "filtered": any(chosen[k] for k in ("q", "unit", "overdue")),
        "objections": objections,
        "authority": policy.OBJECTION_AUTHORITY,
    }
    return render(request, "evaluation/hr_sign_off_list.html", context)


@dataclass
class ObjectionRow:
    task: Task
    evaluation: Evaluation
    due: dt.date | None
    late: bool
    decider: str  # empty: no Atasan in the chart, an official must be designated


@login_required
def objection_designate(request, evaluation_id: int):
    """HR records the official designated by letter to decide (only where the chart has no Atasan)."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("employee", "unit", "period"), pk=evaluation_id)
    if not policy.can_manage_periods(request.user, evaluation.unit):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mencatat penunjukan pejabat."))
    form = DesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not is_confirmed(request):
        return confirm_page(request, "objection_designate", back=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            reassign.objection_designate(
                evaluation=evaluation,
                official=form.cleaned_data["official"],
                letter=form.cleaned_data["letter"],
                by=request.user,
            )
        except TaskNotOpen:
            messages.warning(request, _("Keberatan ini tidak sedang menunggu keputusan."))
            return redirect("hr_sign_off_list")
        except PermissionDenied as exc:
            form.add_error("official", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Penunjukan dicatat; keputusan keberatan kini menunggu pejabat tersebut."))
            return redirect("hr_sign_off_list")
    context = {
        "evaluation": evaluation,
        "form": form,
        "needed": policy.needs_designated_decider(evaluation),
        "authority": policy.OBJECTION_AUTHORITY,
    }
    return render(request, "evaluation/hr_objection_designate.html", context)


# --- HR: periods ---------------------------------------------------------------------------------


@login_required
def hr_periods(request):
    user = request.user
    _require_hr(user)
    unit_ids = policy.hr_unit_ids(user)
    units = Unit.objects.filter(id__in=unit_ids).order_by("name")
    form = PeriodOpenForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if not policy.can_manage_periods(user, data["unit"]):
                raise PermissionDenied
            if Period.objects.filter(unit=data["unit"], year=data["year"], kind=data["kind"]).exists():
                form.add_error("kind", _("Periode ini sudah dibuka untuk unit tersebut."))
            else:
                try:
                    period = steps.period_open(actor=user, **data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("Periode dibuka. Evaluasi sedang dibuat; kemajuannya tampil di halaman ini."),
                    )
                    return redirect("hr_period_detail", period_id=period.pk)
        messages.error(request, _("Periode belum dibuka. Periksa isian yang ditandai."))

    statuses = list(EvaluationStatus)
    periods = (
        Period.objects.filter(unit_id__in=unit_ids)
        .select_related("unit")
        .annotate(
            total=Count("evaluations"),
            **{f"n_{s.value}": Count("evaluations", filter=Q(evaluations__status=s.value)) for s in statuses},
        )
        .order_by("-year", "-start_date", "unit__name")
    )
    rows = [(p, [(s.label, getattr(p, f"n_{s.value}")) for s in statuses]) for p in periods]
    return render(
        request,
        "evaluation/hr_periods.html",
        {"rows": rows, "statuses": statuses, "form": form},
    )


@dataclass
class EvaluationRow:
    evaluation: Evaluation
    tasks: list = field(default_factory=list)  # (title, owner name, due, reassign url, overdue)
    waiting_peers: int = 0
    peer_progress: PeerProgress | None = None
    signable: bool = False
    siasn: SiasnSubmission | None = None


def _owner_name(user) -> str:
    if user is None:
        return "—"
    employee = getattr(user, "employee", None)
    return employee.full_name if employee is not None else user.get_username()


def _period_post(request, period: Period, units):
    """Handle the two HR forms of the period page; returns a response on success, else the bound forms."""
    action = request.POST.get("action")
    if action == "org":
        form = UnitPerformanceForm(request.POST, units=units, prefix="org")
        if form.is_valid():
            try:
                record = services.unit_performance_set(
                    period=period,
                    unit=form.cleaned_data["unit"],
                    predicate=form.cleaned_data["predicate"],
                    decree_number=form.cleaned_data["decree_number"],
                    decree_date=form.cleaned_data["decree_date"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Capaian Kinerja Organisasi %(unit)s: %(predicate)s.")
                    % {"unit": record.unit.name, "predicate": record.get_predicate_display()},
                )
                return redirect("hr_period_detail", period_id=period.pk), {}
        messages.error(request, _("Capaian Kinerja Organisasi belum disimpan."))
        return None, {"org_form": form}
    if action in ("sign_off", "sign_off_confirmed"):
        # With JavaScript the dialog (static/js/confirm.js) has already confirmed: confirmed=1 skips the page.
        confirmed = action == "sign_off_confirmed" or is_confirmed(request)
        return _bulk_sign_off(request, period, confirmed=confirmed), {}
    messages.error(request, _("Permintaan tidak dikenal."))
    return redirect("hr_period_detail", period_id=period.pk), {}


def _bulk_sign_off(request, period: Period, *, confirmed: bool):
    """HR signs off the selected evaluations of the period: first a confirmation page, then the sign-off."""
    ids = [int(v) for v in request.POST.getlist("evaluation") if v.isdigit()]
    signable = _signable(period, request.user)
    chosen = [signable[i] for i in ids if i in signable]
    if not chosen:
        messages.error(request, _("Pilih paling sedikit satu evaluasi yang menunggu pengesahan Anda."))
        return redirect("hr_period_detail", period_id=period.pk)
    if not confirmed:
        return render(request, "evaluation/hr_sign_off_confirm.html", {"period": period, "evaluations": chosen})
    report = steps.evaluations_sign_off(evaluations=chosen, actor=request.user)
    if report.signed:
        messages.success(
            request,
            ngettext(
                "%(n)s evaluasi disahkan. Dokumen akhirnya sedang dibuat.",
                "%(n)s evaluasi disahkan. Dokumen akhirnya sedang dibuat.",
                len(report.signed),
            )
            % {"n": len(report.signed)},
        )
    for evaluation, reason in report.failed:
        messages.error(request, f"{evaluation.employee.full_name}: {reason}")
    return redirect("hr_period_detail", period_id=period.pk)


def _signable(period: Period, user) -> dict[int, Evaluation]:
    """Evaluations of the period whose open sign-off task `user` holds, by id."""
    tasks = sign_off_tasks_held(period, user)
    evaluations = [t.process.evaluationprocess.evaluation for t in tasks]
    return {e.pk: e for e in evaluations if not e.is_final}


@login_required
def hr_period_progress(request, period_id: int):
    """How far the opening job is, for the progress bar (polled by the period page)."""
    period = get_object_or_404(Period.objects.select_related("unit"), pk=period_id)
    if not policy.can_manage_periods(request.user, period.unit):
        raise PermissionDenied
    return JsonResponse(
        {
            "status": period.opening_status,
            "status_label": period.get_opening_status_display(),
            "done": period.opening_done,
            "total": period.opening_total,
            "evaluations": period.evaluations.count(),
            "finished": period.opening_status == Period.Opening.DONE,
        }
    )


PER_PAGE = 50  # evaluations listed per page of the period page


def _overdue(period: Period):
    """Ids of the period's evaluations with an open step past its due date, as a subquery: the rule of the inbox and
    the reminders (an open human task whose TaskDeadline lies before today)."""
    return open_tasks_of_period(period).filter(deadline__due__lt=today()).values("evaluation_id")


def _page(request, evaluations):
    """The asked page of the list; a page that does not exist falls back (the first for nonsense, the last past the
    end) with a message saying so."""
    paginator = Paginator(evaluations, PER_PAGE)
    raw = (request.GET.get("page") or "").strip()
    page = paginator.get_page(raw)
    if raw and raw != str(page.number):
        messages.warning(
            request,
            _("Halaman %(asked)s tidak ada; ditampilkan halaman %(n)s dari %(total)s.")
            % {"asked": raw[:20], "n": page.number, "total": paginator.num_pages},
        )
    return page


@login_required
def hr_period_detail(request, period_id: int):
    period = get_object_or_404(Period.objects.select_related("unit", "opened_by"), pk=period_id)
    if not policy.can_manage_periods(request.user, period.unit):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat membuka halaman periode."))
    subtree = unit_subtree_ids([period.unit_id])
    units = Unit.objects.filter(id__in=subtree).order_by("name")
    bound: dict = {}
    if request.method == "POST":
        response, bound = _period_post(request, period, units)
        if response is not None:
            return response

    # The list: filtered and paged (50 rows); the summaries below it count the whole period with aggregate queries.
    unit_list = list(units.only("id", "name", "parent_id"))
    form = PeriodFilterForm(request.GET, units=unit_list)
    chosen = form.filters()
    overdue = _overdue(period)
    page = _page(
        request,
        evaluation_selectors.period_evaluations(
            period,
            search=chosen["q"],
            unit_ids=subtree_among(chosen["unit"], unit_list) if chosen["unit"] is not None else None,
            status=chosen["status"],
            among=overdue if chosen["overdue"] else None,
        ),
    )
    evaluations = list(page.object_list)
    # Open human tasks of the listed evaluations in one query, tagged with their evaluation.
    tasks_by_evaluation: dict[int, list[Task]] = defaultdict(list)
    listed = [e.pk for e in evaluations]
    for task in open_tasks_of_period(period).filter(process__evaluationprocess__evaluation_id__in=listed):
        tasks_by_evaluation[task.evaluation_id].append(task)
    progress = peer_progress_of(listed)
    sent = siasn_services.submissions_of(listed)
    on = today()

    movable = REASSIGNABLE_NODES
    rows = []
    for evaluation in evaluations:
        row = EvaluationRow(evaluation=evaluation, siasn=sent.get(evaluation.pk))
        for task in tasks_by_evaluation.get(evaluation.pk, []):
            if task.flow_task == EvaluationFlow.peer_feedback:
                row.waiting_peers += 1  # a count: who answered is shown to nobody
                continue
            url = reverse("task_reassign", args=[task.pk]) if task.flow_task in movable else ""
            if task.flow_task == EvaluationFlow.sign_off and task.owner_id == request.user.pk:
                row.signable = True
            due = task_due(task)
            late = due is not None and due < on
            row.tasks.append((str(task.flow_task.task_title), _owner_name(task.owner), due, url, late))
        if policy.can_see_peer_progress(request.user, evaluation):
            row.peer_progress = progress.get(evaluation.pk, PeerProgress())
        rows.append(row)

    states = rekap.state_counts(period.evaluations.all())
    context = {
        "period": period,
        "rows": rows,
        "page_obj": page,
        "filter_form": form,
        "filtered": any(chosen.values()),
        "states": states,
        "total": sum(n for _s, _l, n in states),
        "overdue_total": period.evaluations.filter(pk__in=overdue).count(),
        "units": rekap.unit_tallies(
            period.evaluations.all(), rekap.org_records(UnitPerformance.objects.filter(period=period)).values()
        ),
        "org_form": bound.get("org_form") or UnitPerformanceForm(units=units, prefix="org"),
        "skipped": evaluation_selectors.skipped_in_period(period, subtree),
        "signable": sum(1 for row in rows if row.signable),
        "siasn": siasn_services.period_counts(period),
        "siasn_enabled": settings.SIASN_ENABLED,
    }
    return render(request, "evaluation/hr_period_detail.html", context)
