"""SKP planning pages: my plans, detail, edit (RHK, IKI, behaviour, lampiran), review, history, PDF, cascade.

Forms validate, services change (appraisal/skp/services.py), appraisal/policy.py decides who may do what.
A plan the user may not see answers 404, so its existence is not revealed.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from appraisal import policy
from appraisal.documents.pdf import plan_pdf_filename, render_plan_pdf
from appraisal.models import (
    BehaviourExpectation,
    CoreValue,
    Employee,
    Indicator,
    PerformancePlan,
    PlannedResult,
    PlanStatus,
    ReviewNote,
    Unit,
)
from appraisal.org.selectors import employee_for_user, today
from appraisal.pages.confirm import confirm_page, is_confirmed
from appraisal.pages.helpers import add_service_errors, task_conflicts_handled
from appraisal.pages.history import SUBJECT_WORDS, HistoryEntry, history_entries, short_text
from appraisal.skp import services
from appraisal.skp.forms import (
    AttachmentForm,
    BehavioursForm,
    BulkStartForm,
    IndicatorFormSet,
    ResultForm,
    ReturnForm,
    ReviseForm,
    YearForm,
    indicator_initial,
)
from appraisal.skp.selectors import plan_with_details, plans_of
from workflows.skp_flow import SkpFlow
from workflows.steps import skp as steps
from workflows.steps.common import TaskNotOpen, held_task, task_due

HISTORY_LIMIT = 100


# --- shared helpers ----------------------------------------------------------------------------


def planning_years() -> list[int]:
    """SKP are drafted for the current year and, from late in the year, for the next."""
    year = today().year
    return [year, year + 1]


def _visible_plan(request, pk: int) -> PerformancePlan:
    try:
        plan = plan_with_details(pk)
    except PerformancePlan.DoesNotExist:
        raise Http404 from None
    if not policy.can_view_plan(request.user, plan):
        raise Http404
    return plan


def _editable_plan_or_redirect(request, pk: int) -> tuple[PerformancePlan | None, HttpResponse | None]:
    plan = _visible_plan(request, pk)
    if not policy.can_edit_plan(request.user, plan):
        if not policy.is_subject(request.user, plan):
            messages.error(request, _("Hanya pemilik SKP yang dapat mengubahnya."))
        else:
            messages.warning(
                request,
                _("SKP berstatus %(status)s tidak dapat diubah.") % {"status": plan.get_status_display()},
            )
        return None, redirect("skp_detail", pk=plan.pk)
    return plan, None


def _error_messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _open_task_of(plan: PerformancePlan) -> Task | None:
    """The plan's one open human task (draft or review), with its owner's employee record and due date."""
    task = steps.open_task_of(plan)
    if task is not None:
        task.due = task_due(task)
    return task


def _notes(plan: PerformancePlan) -> tuple[list[ReviewNote], dict[int, list[ReviewNote]]]:
    """Return notes newest first: general ones and those per RHK."""
    general: list[ReviewNote] = []
    per_result: dict[int, list[ReviewNote]] = defaultdict(list)
    for note in sorted(plan.notes.all(), key=lambda n: (n.created_at, n.pk), reverse=True):
        if note.result_id is None:
            general.append(note)
        else:
            per_result[note.result_id].append(note)
    return general, dict(per_result)


def _results(plan: PerformancePlan, notes: dict[int, list[ReviewNote]] | None = None) -> list[PlannedResult]:
    results = list(plan.results.all())
    for r in results:
        r.review_notes = (notes or {}).get(r.pk, [])
    return results


def _behaviours(plan: PerformancePlan) -> list[BehaviourExpectation]:
    order = list(CoreValue.values)
    return sorted(plan.behaviours.all(), key=lambda b: order.index(b.core_value))


# --- my plans ----------------------------------------------------------------------------------


@login_required
def skp_mine(request):
    me = employee_for_user(request.user)
    years = planning_years()
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        form = YearForm(request.POST, years=years)
        if not form.is_valid():
            messages.error(request, _("Tahun SKP tidak valid."))
            return redirect("skp_mine")
        try:
            plan = steps.plan_create(employee=me, year=form.cleaned_data["year"], actor=request.user)
        except ValidationError as exc:
            for message in _error_messages(exc):
                messages.error(request, message)
            return redirect("skp_mine")
        messages.success(request, _("SKP tahun %(year)s dibuat. Silakan susun RHK Anda.") % {"year": plan.year})
        return redirect("skp_edit", pk=plan.pk)

    plans = list(plans_of(me)) if me is not None else []
    by_year: dict[int, list[PerformancePlan]] = defaultdict(list)
    for plan in plans:
        by_year[plan.year].append(plan)
    context = {
        "me": me,
        "years": [
            {"year": y, "plans": by_year.get(y, []), "current": (by_year.get(y) or [None])[0]}
            for y in sorted(set(years) | set(by_year), reverse=True)
        ],
        "this_year": years[0],
        "has_this_year": bool(by_year.get(years[0])),
        "next_year": years[1],
        "has_next_year": bool(by_year.get(years[1])),
    }
    return render(request, "skp/mine.html", context)


# --- detail ------------------------------------------------------------------------------------


@login_required
def skp_detail(request, pk: int):
    plan = _visible_plan(request, pk)
    user = request.user
    general_notes, result_notes = _notes(plan)
    task = _open_task_of(plan)
    is_owner = policy.is_subject(user, plan)
    versions = list(
        PerformancePlan.objects.filter(employee_id=plan.employee_id, year=plan.year)
        .order_by("version")
        .only("id", "version", "status")
    )
    can_manage = plan.unit is not None and policy.can_manage_plans_of_unit(user, plan.unit)
    context = {
        "plan": plan,
        "results": _results(plan, result_notes),
        "behaviours": _behaviours(plan),
        "general_notes": general_notes,
        "versions": versions,
        "next_version": next((v for v in versions if v.version == plan.version + 1), None),
        "task": task,
        "can_edit": policy.can_edit_plan(user, plan),
        "can_review": task is not None and task.flow_task == SkpFlow.review and policy.owns_task(user, task),
        "can_revise": is_owner
        and plan.status == PlanStatus.APPROVED
        and not any(v.version > plan.version for v in versions),
        "can_reassign": can_manage and task is not None,
        "revise_form": ReviseForm(),
    }
    return render(request, "skp/detail.html", context)


# --- edit --------------------------------------------------------------------------------------


def _edit_context(plan: PerformancePlan, **forms) -> dict:
    general_notes, result_notes = _notes(plan)
    context = {
        "plan": plan,
        "results": _results(plan, result_notes),
        "general_notes": general_notes,
        "result_form": ResultForm(plan=plan, prefix="rhk"),
        "indicator_formset": IndicatorFormSet(prefix="iki"),
        "behaviours": _behaviours(plan),
        "attachment_form": AttachmentForm(initial=AttachmentForm.initial_for(plan), prefix="lampiran"),
    }
    context.update(forms)
    return context


def _save_result(request, plan: PerformancePlan, result: PlannedResult | None):
    """Validate and save one RHK with its indicators; returns (saved, result_form, indicator_formset)."""
    result_form = ResultForm(request.POST, plan=plan, prefix="rhk")
    formset = IndicatorFormSet(request.POST, prefix="iki")
    if result_form.is_valid() and formset.is_valid():
        data = result_form.cleaned_data
        try:
            saved = services.result_save(
                plan=plan,
                actor=request.user,
                result=result,
                kind=data["kind"],
                text=data["text"].strip(),
                supports=data.get("supports"),
                supports_text=data.get("supports_text", "").strip(),
                indicators=formset.inputs(),
            )
        except ValidationError as exc:
            add_service_errors(result_form, exc)
        else:
            return saved, result_form, formset
    return None, result_form, formset


@login_required
@task_conflicts_handled
def skp_edit(request, pk: int):
    plan, response = _editable_plan_or_redirect(request, pk)
    if response is not None:
        return response
    forms = {}
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "rhk":
            saved, result_form, formset = _save_result(request, plan, None)
            if saved is not None:
                messages.success(request, _("RHK ditambahkan."))
                return redirect(reverse("skp_edit", args=[plan.pk]) + "#rhk")
            forms = {"result_form": result_form, "indicator_formset": formset, "open_add": True}
        elif which == "lampiran":
            form = AttachmentForm(request.POST, prefix="lampiran")
            if form.is_valid():
                try:
                    services.plan_update(plan=plan, actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Lampiran SKP disimpan."))
                    return redirect(reverse("skp_edit", args=[plan.pk]) + "#lampiran")
            forms = {"attachment_form": form}
        else:
            messages.error(request, _("Permintaan tidak dikenal."))
            return redirect("skp_edit", pk=plan.pk)
        messages.error(request, _("Data belum disimpan. Periksa isian yang ditandai."))
    return render(request, "skp/edit.html", _edit_context(plan, **forms))


@login_required
@task_conflicts_handled
def skp_result_edit(request, pk: int, rid: int):
    plan, response = _editable_plan_or_redirect(request, pk)
    if response is not None:
        return response
    result = next((r for r in plan.results.all() if r.pk == rid), None)
    if result is None:
        raise Http404
    if request.method == "POST":
        saved, result_form, formset = _save_result(request, plan, result)
        if saved is not None:
            messages.success(request, _("RHK disimpan."))
            return redirect(reverse("skp_edit", args=[plan.pk]) + "#rhk")
        messages.error(request, _("Data belum disimpan. Periksa isian yang ditandai."))
    else:
        result_form = ResultForm(initial=ResultForm.initial_for(result), plan=plan, prefix="rhk")
        formset = IndicatorFormSet(initial=indicator_initial(result), prefix="iki")
    general_notes, result_notes = _notes(plan)
    context = {
        "plan": plan,
        "result": result,
        "notes": result_notes.get(result.pk, []),
        "result_form": result_form,
        "indicator_formset": formset,
    }
    return render(request, "skp/result_form.html", context)


@login_required
@require_POST
@task_conflicts_handled
def skp_result_delete(request, pk: int, rid: int):
    plan, response = _editable_plan_or_redirect(request, pk)
    if response is not None:
        return response
    result = next((r for r in plan.results.all() if r.pk == rid), None)
    if result is None:
        raise Http404
    try:
        services.result_delete(result=result, actor=request.user)
    except ValidationError as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("RHK dihapus."))
    return redirect(reverse("skp_edit", args=[plan.pk]) + "#rhk")


@login_required
@require_POST
@task_conflicts_handled
def skp_submit(request, pk: int):
    plan, response = _editable_plan_or_redirect(request, pk)
    if response is not None:
        return response
    if not is_confirmed(request):
        return confirm_page(request, "skp_submit", back=reverse("skp_edit", args=[plan.pk]))
    try:
        steps.plan_submit(plan=plan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _("SKP belum dapat diajukan:"))
        for message in _error_messages(exc):
            messages.error(request, message)
        return redirect("skp_edit", pk=plan.pk)
    messages.success(request, _("SKP diajukan ke pejabat penilai kinerja untuk ditinjau."))
    return redirect("skp_detail", pk=plan.pk)


@login_required
@require_POST
@task_conflicts_handled
def skp_revise(request, pk: int):
    plan = _visible_plan(request, pk)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("skp_detail", pk=plan.pk)
    try:
        new = steps.plan_revise(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
        return redirect("skp_detail", pk=plan.pk)
    messages.success(request, _("Versi %(v)s dibuat. Ubah lalu ajukan kembali.") % {"v": new.version})
    return redirect("skp_edit", pk=new.pk)


# --- review ------------------------------------------------------------------------------------


def _review_task_or_deny(plan: PerformancePlan, user) -> Task:
    """The open review task, if `user` owns it. A reviewer who already decided is told the task is done."""
    task = steps.review_task(plan)
    if policy.owns_task(user, task):
        return task
    if task is None and held_task(getattr(plan, "process", None), user, SkpFlow.review):
        raise TaskNotOpen()
    raise PermissionDenied(_("Anda bukan peninjau SKP ini."))


@login_required
@task_conflicts_handled
def skp_review(request, pk: int):
    plan = _visible_plan(request, pk)
    _review_task_or_deny(plan, request.user)
    general_notes, result_notes = _notes(plan)
    results = _results(plan, result_notes)
    return_form = ReturnForm(results=results)
    behaviours_form = BehavioursForm(initial=BehavioursForm.initial_for(plan), prefix="perilaku")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "perilaku":
            behaviours_form = BehavioursForm(request.POST, prefix="perilaku")
            if behaviours_form.is_valid():
                try:
                    services.behaviours_update(plan=plan, actor=request.user, expectations=behaviours_form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(behaviours_form, exc)
                else:
                    messages.success(request, _("Ekspektasi khusus pimpinan disimpan."))
                    return redirect(reverse("skp_review", args=[plan.pk]) + "#perilaku")
        elif action == "approve":
            if not is_confirmed(request):
                return confirm_page(request, "skp_approve", back=request.path)
            steps.plan_approve(plan=plan, actor=request.user)
            messages.success(request, _("SKP %(name)s disetujui.") % {"name": plan.employee.full_name})
            return redirect("skp_detail", pk=plan.pk)
        if action == "return":
            return_form = ReturnForm(request.POST, results=results)
            if return_form.is_valid():
                try:
                    steps.plan_return(
                        plan=plan,
                        actor=request.user,
                        note=return_form.cleaned_data["note"],
                        result_notes=return_form.result_notes(),
                    )
                except ValidationError as exc:
                    add_service_errors(return_form, exc)
                else:
                    messages.success(
                        request,
                        _("SKP dikembalikan kepada %(name)s dengan catatan.") % {"name": plan.employee.full_name},
                    )
                    return redirect("skp_detail", pk=plan.pk)
        else:
            messages.error(request, _("Permintaan tidak dikenal."))
    context = {
        "plan": plan,
        "rows": [(r, return_form.note_field(r)) for r in results],
        "behaviours": _behaviours(plan),
        "general_notes": general_notes,
        "return_form": return_form,
        "behaviours_form": behaviours_form,
        "behaviour_rows": [(behaviours_form[v], behaviours_form.fields[v].guidance) for v in CoreValue.values],
    }
    return render(request, "skp/review.html", context)


# --- history and PDF ---------------------------------------------------------------------------


@dataclass
class PlanHistoryEntry:
    entry: HistoryEntry
    what: str
    subject: str = ""
    changes: list = field(default_factory=list)

    @property
    def when(self):
        return self.entry.when


def _subject(record) -> tuple[str, str]:
    """(kind of object, short text) for one historical record."""
    model = record.instance_type
    if model is PerformancePlan:
        return _("SKP"), f"v{record.version} · {record.get_status_display()}"
    if model is PlannedResult:
        return _("RHK"), short_text(record.text, SUBJECT_WORDS)
    if model is Indicator:
        return _("IKI"), f"{short_text(record.text, SUBJECT_WORDS)} ({record.get_aspect_display()})"
    if model is BehaviourExpectation:
        return _("Perilaku kerja"), record.get_core_value_display()
    if model is ReviewNote:
        return _("Catatan pengembalian"), short_text(record.text, SUBJECT_WORDS)
    return str(model._meta.verbose_name), str(record)


@login_required
def skp_history(request, pk: int):
    plan = _visible_plan(request, pk)
    result_ids = PlannedResult.history.filter(plan_id=plan.pk).values("id")  # deleted RHK included
    sources = [
        PerformancePlan.history.filter(id=plan.pk),
        PlannedResult.history.filter(plan_id=plan.pk),
        Indicator.history.filter(result_id__in=result_ids),
        BehaviourExpectation.history.filter(plan_id=plan.pk),
        ReviewNote.history.filter(plan_id=plan.pk),
    ]
    entries = [e for qs in sources for e in history_entries(qs, limit=HISTORY_LIMIT)]
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    entries = entries[:HISTORY_LIMIT]
    # Name the actor as colleagues know them: the employee's name, else the account.
    user_ids = {e.record.history_user_id for e in entries if e.record.history_user_id}
    names = dict(Employee.objects.filter(user_id__in=user_ids).values_list("user_id", "name"))
    rows = []
    for e in entries:
        if e.record.history_user_id in names:
            e.who = names[e.record.history_user_id]
        what, subject = _subject(e.record)
        rows.append(PlanHistoryEntry(entry=e, what=what, subject=subject, changes=e.changes))
    return render(request, "skp/history.html", {"plan": plan, "rows": rows, "limit": HISTORY_LIMIT})


@login_required
def skp_pdf(request, pk: int):
    plan = _visible_plan(request, pk)
    return FileResponse(
        io.BytesIO(render_plan_pdf(plan)),
        as_attachment=True,
        filename=plan_pdf_filename(plan),
        content_type="application/pdf",
    )


# --- HR: open SKPs for a unit ------------------------------------------------------------------


@login_required
def skp_bulk_start(request):
    user = request.user
    if not policy.is_hr_or_admin(user):
        raise PermissionDenied
    units = Unit.objects.filter(id__in=policy.hr_unit_ids(user)).order_by("name")
    years = planning_years()
    report = None
    if request.method == "POST":
        form = BulkStartForm(request.POST, units=units, years=years)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            if not policy.can_manage_plans_of_unit(user, unit):
                raise PermissionDenied
            report = steps.plans_start_for_unit(unit=unit, year=form.cleaned_data["year"], actor=user)
            messages.success(
                request,
                ngettext(
                    "%(n)s SKP dibuka untuk %(unit)s tahun %(year)s.",
                    "%(n)s SKP dibuka untuk %(unit)s tahun %(year)s.",
                    len(report.created),
                )
                % {"n": len(report.created), "unit": unit.name, "year": form.cleaned_data["year"]},
            )
    else:
        form = BulkStartForm(units=units, years=years, initial={"year": years[0]})
    return render(request, "skp/bulk_start.html", {"form": form, "report": report})


# --- cascade -----------------------------------------------------------------------------------


@dataclass
class CascadeNode:
    result: PlannedResult
    children: list[CascadeNode] = field(default_factory=list)


def _chosen_plans(unit: Unit, year: int) -> list[PerformancePlan]:
    """Per employee of the unit: the approved version in force, else the latest version."""
    plans = (
        PerformancePlan.objects.filter(unit=unit, year=year)
        .exclude(status=PlanStatus.SUPERSEDED)
        .select_related("employee", "position")
        .order_by("employee_id", "-version")
    )
    chosen: dict[int, PerformancePlan] = {}
    for plan in plans:
        current = chosen.get(plan.employee_id)
        if current is None or (plan.status == PlanStatus.APPROVED and current.status != PlanStatus.APPROVED):
            chosen[plan.employee_id] = plan
    # Leaders first, then by the length of their chain of command (heads, kasi, staff), then by name.
    return sorted(
        chosen.values(),
        key=lambda p: (not (p.position and p.position.is_unit_head), p.appraiser_id is not None, p.employee.name),
    )


@login_required
def skp_cascade(request, pk: int, year: int):
    unit = get_object_or_404(Unit, pk=pk)
    if not policy.can_view_unit(request.user, unit):
        raise Http404
    plans = _chosen_plans(unit, year)
    plan_by_id = {p.pk: p for p in plans}
    for p in plans:
        p.viewable = policy.can_view_plan(request.user, p)
    results = list(
        PlannedResult.objects.filter(plan_id__in=plan_by_id).select_related("supports").order_by("kind", "order", "id")
    )
    nodes = {r.pk: CascadeNode(r) for r in results}
    for r in results:
        r.plan = plan_by_id[r.plan_id]  # already loaded: no query per node
    # A staff RHK may point at the leader's previous version; follow the copies to the version shown.
    copy_of = {r.origin_id: r.pk for r in results if r.origin_id}
    roots: list[CascadeNode] = []
    for r in results:
        target = r.supports_id
        seen = set()
        while target is not None and target not in nodes and target in copy_of and target not in seen:
            seen.add(target)
            target = copy_of[target]
        if target in nodes and target != r.pk:
            nodes[target].children.append(nodes[r.pk])
        else:
            roots.append(nodes[r.pk])
    order = {p.pk: n for n, p in enumerate(plans)}
    roots.sort(key=lambda n: order[n.result.plan_id])
    context = {
        "unit": unit,
        "year": year,
        "roots": roots,
        "plans": plans,
        "years": sorted({year - 1, year, year + 1, *planning_years()}),
    }
    return render(request, "skp/cascade.html", context)
