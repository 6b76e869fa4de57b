"""Roles without the Django admin: HR scopes (who is HR for which unit) and the technical administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy as account_policy
from accounts import services
from accounts.forms import HrScopeForm, SuperuserForm
from appraisal import policy
from appraisal.models import HrScope, Unit


def _units(user):
    units = Unit.objects.order_by("name")
    return units if user.is_superuser else units.filter(id__in=policy.hr_unit_ids(user))


def _candidates(user):
    """Active accounts that may be made HR here: employees of my units (any active account for a superuser)."""
    users = User.objects.filter(is_active=True).select_related("employee").order_by("employee__name", "username")
    if user.is_superuser:
        return users
    return users.filter(employee__position__unit_id__in=policy.hr_unit_ids(user)).exclude(pk=user.pk)


@login_required
def hr_scopes(request):
    """Who is HR for which unit, within my units; add a scope (the person joins the HR group)."""
    user = request.user
    if not policy.is_hr_or_admin(user):
        raise PermissionDenied
    form = HrScopeForm(request.POST or None, users=_candidates(user), units=_units(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.hr_scope_add(user=form.cleaned_data["user"], unit=form.cleaned_data["unit"], actor=user)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Cakupan admin kepegawaian ditambahkan."))
            return redirect("hr_scopes")
    scopes = HrScope.objects.select_related("user__employee", "unit").order_by("unit__name", "user__username")
    if not user.is_superuser:
        scopes = scopes.filter(unit_id__in=policy.hr_unit_ids(user))
    own = HrScope.objects.filter(user=user).select_related("unit").order_by("unit__name")
    context = {"form": form, "scopes": scopes, "own": own, "hr_group": policy.HR_GROUP}
    return render(request, "accounts/hr_scopes.html", context)


@login_required
@require_POST
def hr_scope_remove(request, pk: int):
    user = request.user
    if not policy.is_hr_or_admin(user):
        raise PermissionDenied
    scope = get_object_or_404(HrScope.objects.select_related("unit", "user"), pk=pk)
    services.hr_scope_remove(scope=scope, actor=user)  # PermissionDenied outside my units, or my own scope
    messages.success(request, _("Cakupan %(unit)s untuk %(u)s dicabut.") % {"unit": scope.unit.name, "u": scope.user})
    return redirect("hr_scopes")


@login_required
def superusers(request):
    """The technical administrators (superusers): granted and revoked by another superuser only."""
    user = request.user
    if not account_policy.can_manage_superusers(user):
        raise PermissionDenied
    form = SuperuserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.superuser_set(user=form.cleaned_data["username"], actor=user, grant=True)
        except (PermissionDenied, ValidationError) as exc:
            form.add_error("username", str(exc) if isinstance(exc, PermissionDenied) else exc)
        else:
            messages.success(request, _("Administrator teknis ditambahkan."))
            return redirect("superusers")
    admins = User.objects.filter(Q(is_superuser=True)).order_by("username")
    return render(request, "accounts/superusers.html", {"form": form, "admins": admins})


@login_required
@require_POST
def superuser_revoke(request, user_id: int):
    if not account_policy.can_manage_superusers(request.user):
        raise PermissionDenied
    target = get_object_or_404(User, pk=user_id, is_superuser=True)
    services.superuser_set(user=target, actor=request.user, grant=False)
    messages.success(request, _("Hak administrator teknis %(u)s dicabut.") % {"u": target.username})
    return redirect("superusers")
