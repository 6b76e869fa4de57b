"""HR's account pages: the list with one-step creation, slips, one person's account, leaving, departures.

Every page asks accounts.policy / appraisal.policy: HR acts only on people of its units (superusers on all).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import policy as account_policy
from accounts import rules, selectors, services
from accounts.codes import code_of
from accounts.forms import AccountFilterForm, CodeIssueForm, LeaveForm
from accounts.handover import departures, handover_tasks
from accounts.mail import activation_url
from accounts.models import AccountEvent, ActivationCode, CodeDelivery, EventKind
from accounts.roles import role_overview
from accounts.sessions import IMPORTED_NIPS_KEY
from appraisal import policy
from appraisal.documents.render import qr_data_uri
from appraisal.models import Employee, Unit
from appraisal.org.selectors import today, unit_subtree_ids
from appraisal.rules import normalize_nip

ACCOUNTS_PER_PAGE = 50


def _require_hr(user) -> None:
    if not account_policy.can_list_accounts(user):
        raise PermissionDenied


def _scope_units(user) -> QuerySet[Unit]:
    units = Unit.objects.order_by("name")
    return units if user.is_superuser else units.filter(id__in=policy.hr_unit_ids(user))


def _filtered(qs: QuerySet[Employee], data: QueryDict, units: QuerySet[Unit]) -> tuple[QuerySet, AccountFilterForm]:
    form = AccountFilterForm(data or None, units=units)
    if form.is_valid():
        cleaned = form.cleaned_data
        if q := cleaned["q"].strip():
            match = Q(name__icontains=q) | Q(user__username__icontains=q)
            if (digits := normalize_nip(q)).isdigit():
                match |= Q(nip__contains=digits)
            qs = qs.filter(match)
        if cleaned["unit"] is not None:
            qs = qs.filter(position__unit_id__in=unit_subtree_ids([cleaned["unit"].pk]))
        if cleaned["state"]:
            qs = selectors.filter_by_state(qs, cleaned["state"])
    return qs, form


@login_required
def account_list(request):
    """Employees of my units with their accounts; select some, or all without one, and create in one step."""
    user = request.user
    _require_hr(user)
    units = _scope_units(user)
    employees, form = _filtered(selectors.with_account_state(selectors.employees_in_scope(user)), request.GET, units)
    page = Paginator(employees, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "without_account": employees.filter(user__isnull=True, is_active=True).count(),
        "filters": {k: v for k, v in request.GET.items() if k in AccountFilterForm.base_fields},
        "open_slips": selectors.printable_codes(user).count(),
    }
    return render(request, "accounts/account_list.html", context)


@login_required
@require_POST
def account_create(request):
    """One step: the selected employees, every one without an account in the filter, or those of the last import."""
    user = request.user
    _require_hr(user)
    if request.POST.get("all"):
        scope = selectors.employees_in_scope(user)
        employees = list(
            _filtered(scope, request.POST, _scope_units(user))[0].filter(user__isnull=True, is_active=True)
        )
    elif request.POST.get("from_import"):
        nips = request.session.pop(IMPORTED_NIPS_KEY, [])
        employees = list(selectors.employees_in_scope(user).filter(nip__in=nips, user__isnull=True, is_active=True))
    else:
        ids = [i for i in request.POST.getlist("employee") if i.isdigit()]
        employees = list(Employee.objects.filter(pk__in=ids))  # the service refuses any outside the scope
    report = services.accounts_create(employees=employees, actor=user)
    if not report.created:
        messages.warning(request, _("Tidak ada akun yang dibuat: pilih pegawai aktif yang belum memiliki akun."))
        return redirect("account_list")
    messages.success(
        request,
        ngettext(
            "%(n)s akun dibuat: %(email)s kode dikirim lewat e-mail, %(slips)s slip siap dicetak.",
            "%(n)s akun dibuat: %(email)s kode dikirim lewat e-mail, %(slips)s slip siap dicetak.",
            len(report.created),
        )
        % {"n": len(report.created), "email": report.emailed, "slips": report.slips},
    )
    for employee, why in report.skipped:
        messages.info(request, f"{employee.full_name}: {why}")
    return redirect("account_batch", batch=report.batch)


@login_required
def account_batch(request, batch: uuid.UUID):
    """What one creation made: usernames (with clashes marked), delivery, and the link to the slips."""
    user = request.user
    _require_hr(user)
    codes = list(
        ActivationCode.objects.filter(batch=batch, issued_by=user)
        .select_related("user", "user__employee", "user__employee__position__unit")
        .order_by("user__employee__position__unit__name", "user__employee__name")
    )
    if not codes:
        raise Http404
    rows = [
        {
            "code": c,
            "employee": c.user.employee,
            "clash": c.user.username != rules.username_base(c.user.employee.name),
        }
        for c in codes
        if hasattr(c.user, "employee")
    ]
    slips = sum(1 for c in codes if c.delivery == CodeDelivery.SLIP)
    return render(request, "accounts/account_batch.html", {"rows": rows, "batch": batch, "slips": slips})


@login_required
@never_cache
def account_slips(request):
    """Printable activation slips (A4, eight a page): open slip codes of my units, of one batch or one unit."""
    user = request.user
    _require_hr(user)
    batch, unit = None, None
    try:
        batch = uuid.UUID(request.GET["batch"]) if request.GET.get("batch") else None
    except ValueError:
        raise Http404 from None
    if (unit_id := request.GET.get("unit", "")).isdigit():
        unit = get_object_or_404(_scope_units(user), pk=int(unit_id))
    codes = list(
        selectors.printable_codes(user, batch=batch, unit_ids=unit_subtree_ids([unit.pk]) if unit is not None else None)
    )
    slips = [
        {
            "employee": c.user.employee,
            "username": c.user.username,
            "code": rules.code_display(code_of(c)),
            "expires_at": c.expires_at,
            "qr": slip_qr(activation_url(c.user.username)),
            "reset": c.purpose != "AKTIVASI",
        }
        for c in codes
    ]
    # Opening the slips shows the codes: kept in each account's log, with who and when.
    AccountEvent.objects.bulk_create(AccountEvent(user=c.user, kind=EventKind.SLIP_PRINTED, actor=user) for c in codes)
    context = {
        "slips": slips,
        "pages": [slips[i : i + 8] for i in range(0, len(slips), 8)],
        "unit": unit,
        "batch": batch,
        "units": _scope_units(user),
        "activation_url": activation_url(),
    }
    return render(request, "accounts/slips.html", context)


def slip_qr(url: str) -> str:
    """A QR code of `url` as a data URI for an <img> in the browser, drawn locally (the documents' QR)."""
    return qr_data_uri(url)


def _employee_for(request, pk: int) -> Employee:
    _require_hr(request.user)
    employee = get_object_or_404(Employee.objects.select_related("position__unit", "user__account_profile"), pk=pk)
    if not policy.can_manage_employee(request.user, employee):
        raise PermissionDenied
    return employee


@login_required
def account_detail(request, pk: int):
    """One person's account: state, codes (never the code itself), lockout, log, open tasks, actions."""
    employee = _employee_for(request, pk)
    account = employee.user
    tasks, elsewhere = handover_tasks(account, request.user)
    context = {
        "employee": employee,
        "account": account,
        "state": selectors.account_state(employee),
        "email": selectors.email_of(account) if account else employee.email,
        "codes": selectors.codes_of(account)[:20] if account else [],
        "events": selectors.events_of(account) if account else [],
        "locked": selectors.is_locked_out(account.username) if account else False,
        "tasks": tasks,
        "tasks_elsewhere": elsewhere,
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_POST
def account_code_issue(request, pk: int):
    """A new code for one person: a slip to print, or an e-mail."""
    employee = _employee_for(request, pk)
    form = CodeIssueForm(request.POST)
    if employee.user is None or not form.is_valid():
        messages.error(request, _("Kode belum diterbitkan."))
        return redirect("account_detail", pk=employee.pk)
    try:
        code = services.code_issue(user=employee.user, actor=request.user, delivery=form.cleaned_data["delivery"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("account_detail", pk=employee.pk)
    if code.delivery == CodeDelivery.SLIP:
        messages.success(request, _("Kode baru diterbitkan; kode lama tidak berlaku lagi. Cetak slipnya."))
        return redirect(f"{reverse('account_slips')}?batch={code.batch}")
    messages.success(
        request,
        _("Kode baru dikirim ke %(email)s; kode lama tidak berlaku lagi.")
        % {"email": selectors.email_of(employee.user)},
    )
    return redirect("account_detail", pk=employee.pk)


@login_required
@require_POST
def account_unlock(request, pk: int):
    employee = _employee_for(request, pk)
    if employee.user is None:
        raise Http404
    services.lockout_lift(user=employee.user, actor=request.user)
    messages.success(request, _("Kunci masuk untuk %(u)s dibuka.") % {"u": employee.user.username})
    return redirect("account_detail", pk=employee.pk)


@login_required
@require_POST
def account_reactivate(request, pk: int):
    employee = _employee_for(request, pk)
    if employee.user is None:
        raise Http404
    try:
        services.account_reactivate(user=employee.user, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Akun diaktifkan kembali."))
    return redirect("account_detail", pk=employee.pk)


@login_required
def employee_leave(request, pk: int):
    """Pegawai keluar: retired, moved to another agency, dismissed, deceased: record and account closed."""
    employee = _employee_for(request, pk)
    form = LeaveForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_leave(employee=employee, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(name)s dicatat keluar; akunnya dinonaktifkan. Alihkan tugas terbuka di bawah ini.")
                % {"name": employee.full_name},
            )
            return redirect("account_detail", pk=employee.pk)
    tasks, elsewhere = handover_tasks(employee.user, request.user)
    context = {"employee": employee, "form": form, "tasks": tasks, "tasks_elsewhere": elsewhere}
    return render(request, "accounts/employee_leave.html", context)


@login_required
def account_roles(request, pk: int):
    """Which steps the person may hold and why: HR's answer to "why can't she see this?"."""
    employee = _employee_for(request, pk)
    return render(request, "accounts/account_roles.html", {"employee": employee, "roles": role_overview(employee)})


@login_required
def departure_list(request):
    """People who left my units, or moved out of them, with open tasks still in their name."""
    _require_hr(request.user)
    return render(request, "accounts/departures.html", {"departures": departures(request.user)})
