"""HR pages (Admin Kepegawaian): the dashboard and the create/update pages of the org chart.

Forms validate, services write (appraisal/org/services.py); every permission comes from appraisal/policy.py,
asked twice on a change: may this officer touch the record as it is, and where it is being put.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.services import employee_save_with_account
from appraisal import policy
from appraisal.evaluation.review_forms import DesignationForm
from appraisal.models import ActingAssignment, Employee, HrScope, Position, Unit
from appraisal.org.forms import (
    ActingAssignmentForm,
    EmployeeFilterForm,
    EmployeeForm,
    PositionForm,
    TransferForm,
    UnitForm,
)
from appraisal.org.selectors import appraiser_of, employee_list, subtree_among, today
from appraisal.org.services import acting_assignment_save, position_save, unit_save
from appraisal.rules import normalize_nip
from workflows.steps import reassign as reassign_steps
from workflows.steps import skp as skp_steps

EMPLOYEES_PER_PAGE = 25


def _require_hr(user) -> None:
    if not policy.is_hr_or_admin(user):
        raise PermissionDenied


# --- Dashboard -------------------------------------------------------------------------------


@login_required
def hr_dashboard(request):
    user = request.user
    _require_hr(user)
    if user.is_superuser:
        units = Unit.objects.order_by("name")
        employees = employee_list()
    else:
        unit_ids = policy.hr_unit_ids(user)
        units = Unit.objects.filter(id__in=unit_ids).order_by("name")
        # Employees without a position belong to no unit yet; every HR officer may place them.
        employees = employee_list().filter(Q(position__unit_id__in=unit_ids) | Q(position__isnull=True))

    form = EmployeeFilterForm(request.GET or None, units=units)
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"].strip():
            match = Q(name__icontains=q)
            if (digits := normalize_nip(q)).isdigit():
                match |= Q(nip__contains=digits)
            employees = employees.filter(match)
        if data["unit"] is not None:
            unit_list = list(units.only("id", "parent_id"))
            employees = employees.filter(position__unit_id__in=subtree_among(data["unit"].pk, unit_list))
        if data["status"]:
            employees = employees.filter(employment_type=data["status"])
        if data["active"]:
            employees = employees.filter(is_active=data["active"] == "1")
        employees = employees.order_by(*EmployeeFilterForm.ORDERINGS[data["sort"]])
    else:
        employees = employees.order_by(*EmployeeFilterForm.ORDERINGS[""])

    page = Paginator(employees, EMPLOYEES_PER_PAGE).get_page(request.GET.get("page"))
    scopes = HrScope.objects.filter(user=user).select_related("unit").order_by("unit__name")
    context = {
        "scope_units": [s.unit for s in scopes],
        "form": form,
        "page_obj": page,
    }
    return render(request, "appraisal/hr_dashboard.html", context)


# --- Create / update -------------------------------------------------------------------------


@dataclass(frozen=True)
class EditSpec:
    form_class: type
    save: Callable[..., Model]
    instance_kw: str  # keyword of the service for the existing object
    may_edit: Callable[[Any, Model], bool]  # may the officer change the record as it stands
    may_place: Callable[[Any, Model], bool]  # may the officer put the record where the form puts it
    placement: Callable[[Model], Any]  # what "where" means: unit of a position, position of an employee…
    success_url: Callable[[Model], str]


UNIT = EditSpec(
    form_class=UnitForm,
    save=unit_save,
    instance_kw="unit",
    may_edit=policy.can_manage_unit,
    may_place=lambda user, unit: policy.can_manage_unit(user, unit.parent),
    placement=lambda unit: unit.parent_id,
    success_url=lambda unit: reverse("unit_detail", args=[unit.pk]),
)
POSITION = EditSpec(
    form_class=PositionForm,
    save=position_save,
    instance_kw="position",
    may_edit=policy.can_manage_position,
    may_place=policy.can_manage_position,
    placement=lambda position: position.unit_id,
    success_url=lambda position: reverse("position_detail", args=[position.pk]),
)
EMPLOYEE = EditSpec(
    form_class=EmployeeForm,
    save=employee_save_with_account,  # an employee made inactive loses the account at once (accounts/)
    instance_kw="employee",
    may_edit=policy.can_manage_employee,
    may_place=policy.can_manage_employee,
    placement=lambda employee: employee.position_id,
    success_url=lambda employee: reverse("employee_detail", args=[employee.pk]),
)
ACTING = EditSpec(
    form_class=ActingAssignmentForm,
    save=acting_assignment_save,
    instance_kw="assignment",
    may_edit=lambda user, a: policy.can_manage_position(user, a.position),
    may_place=lambda user, a: policy.can_manage_position(user, a.position),
    placement=lambda a: a.position_id,
    success_url=lambda a: reverse("position_detail", args=[a.position_id]),
)


def _add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError back on the form; fields the form lacks become general errors."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _edit(request, spec: EditSpec, instance: Model | None = None):
    user = request.user
    _require_hr(user)
    if instance is not None and not spec.may_edit(user, instance):
        raise PermissionDenied
    model = spec.form_class._meta.model
    old_placement = spec.placement(instance) if instance is not None else None
    # Taken before binding: a failed form leaves the typed values on the instance, not in the database.
    object_label = str(instance) if instance is not None else None

    if request.method == "POST":
        form = spec.form_class(request.POST, instance=instance, user=user)
        if form.is_valid():
            # The form's choices stop at the officer's scope; this catches anything that slips past them.
            if (instance is None or spec.placement(form.instance) != old_placement) and not spec.may_place(
                user, form.instance
            ):
                raise PermissionDenied
            kwargs = {spec.instance_kw: instance, "actor": user, **form.cleaned_data}
            try:
                saved = spec.save(**kwargs)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(what)s “%(name)s” berhasil disimpan.")
                    % {"what": capfirst(model._meta.verbose_name), "name": saved},
                )
                return redirect(spec.success_url(saved))
    else:
        initial = {k: v for k, v in request.GET.items() if k in spec.form_class.base_fields}
        form = spec.form_class(instance=instance, initial=initial, user=user)

    context = {
        "form": form,
        "object": instance,
        "object_label": object_label,
        "verbose_name": model._meta.verbose_name,
        "general_errors": form.errors.get(NON_FIELD_ERRORS, []),
        "cancel_url": spec.success_url(instance) if instance is not None else reverse("hr_dashboard"),
    }
    return render(request, "appraisal/hr_form.html", context)


@login_required
def unit_create(request):
    return _edit(request, UNIT)


@login_required
def unit_update(request, pk: int):
    return _edit(request, UNIT, get_object_or_404(Unit.objects.select_related("parent"), pk=pk))


@login_required
def position_create(request):
    return _edit(request, POSITION)


@login_required
def position_update(request, pk: int):
    return _edit(request, POSITION, get_object_or_404(Position.objects.select_related("unit"), pk=pk))


@login_required
def employee_create(request):
    return _edit(request, EMPLOYEE)


@login_required
def employee_update(request, pk: int):
    return _edit(request, EMPLOYEE, get_object_or_404(Employee.objects.select_related("position__unit"), pk=pk))


@login_required
def employee_transfer(request, pk: int):
    """Mutasi: HR of both units moves an employee; the old SKP closes and the new position's SKP starts."""
    user = request.user
    _require_hr(user)
    employee = get_object_or_404(Employee.objects.select_related("position__unit"), pk=pk)
    if not policy.can_manage_employee(user, employee):
        raise PermissionDenied
    form = TransferForm(request.POST or None, user=user, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            transfer, plan = skp_steps.employee_transfer(employee=employee, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Mutasi %(name)s ke %(position)s dicatat. SKP jabatan lama ditutup %(closed)s; SKP baru "
                    "(versi %(version)s) menunggu disusun pegawai."
                )
                % {
                    "name": employee.full_name,
                    "position": transfer.to_position_title,
                    "closed": (transfer.effective_date - dt.timedelta(days=1)).strftime("%d-%m-%Y"),
                    "version": plan.version,
                },
            )
            return redirect("employee_detail", pk=employee.pk)
    context = {
        "form": form,
        "employee": employee,
        "transfers": employee.transfers.select_related("recorded_by"),
        "general_errors": form.errors.get(NON_FIELD_ERRORS, []),
    }
    return render(request, "appraisal/employee_transfer.html", context)


@login_required
def appraiser_designate(request, pk: int):
    """HR records the official designated by letter as Pejabat Penilai Kinerja where the chart has none."""
    user = request.user
    _require_hr(user)
    employee = get_object_or_404(Employee.objects.select_related("position__unit"), pk=pk)
    if not policy.can_manage_employee(user, employee):
        raise PermissionDenied
    form = DesignationForm(request.POST or None)
    year = today().year
    if request.method == "POST" and form.is_valid():
        try:
            moved = reassign_steps.appraiser_designate(
                employee=employee,
                year=year,
                official=form.cleaned_data["official"],
                letter=form.cleaned_data["letter"],
                by=user,
            )
        except PermissionDenied as exc:
            form.add_error("official", str(exc))
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Penunjukan dicatat; %(n)s tugas yang menunggu dialihkan kepada pejabat tersebut.",
                    "Penunjukan dicatat; %(n)s tugas yang menunggu dialihkan kepada pejabat tersebut.",
                    len(moved),
                )
                % {"n": len(moved)},
            )
            return redirect("employee_detail", pk=employee.pk)
    context = {
        "form": form,
        "employee": employee,
        "year": year,
        "appraiser": appraiser_of(employee),
        "designations": employee.appraiser_designations.select_related("official", "designated_by").order_by("-year"),
    }
    return render(request, "appraisal/appraiser_designate.html", context)


@login_required
def acting_create(request):
    return _edit(request, ACTING)


@login_required
def acting_update(request, pk: int):
    return _edit(request, ACTING, get_object_or_404(ActingAssignment.objects.select_related("position__unit"), pk=pk))
