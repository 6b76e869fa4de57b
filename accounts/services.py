"""Every change to an account: keyword-only, atomic, validated, saved so history shows who did it, and logged
(AccountEvent) in the words HR reads. Who may do what is asked of appraisal.policy and accounts.policy."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy as account_policy
from accounts import rules
from accounts.codes import code_matches, new_salt
from accounts.mail import send_code_email
from accounts.models import (
    AccountEvent,
    AccountProfile,
    ActivationCode,
    CodeDelivery,
    CodePurpose,
    EventKind,
    LeaveReason,
)
from accounts.selectors import accounts_of_inactive_employees, email_of
from appraisal import policy
from appraisal.models import Employee, HrScope, Unit
from appraisal.org.selectors import today
from appraisal.org.services import employee_save, system_user


def _save(instance: models.Model, actor: User | None) -> models.Model:
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor  # simple_history: who made this change outside a request
    instance.save()
    return instance


def _log(user: User, kind: str, actor: User | None, note: str = "") -> AccountEvent:
    return AccountEvent.objects.create(user=user, kind=kind, actor=actor, note=note[:255])


def _profile(user: User) -> AccountProfile:
    """The account's profile; accounts made before this module (the demo, the admin) get one on first need."""
    profile = AccountProfile.objects.select_for_update().filter(user=user).first()
    return profile if profile is not None else AccountProfile(user=user)


def _manage_check(actor: User, user: User) -> Employee | None:
    employee = Employee.objects.select_related("position__unit").filter(user=user).first()
    if not account_policy.can_manage_account(actor, user, employee):
        raise PermissionDenied(_("Hanya admin kepegawaian unit pegawai ini yang dapat mengelola akunnya."))
    return employee


# --- Codes -----------------------------------------------------------------------------------


def _revoke_open_codes(user: User, actor: User | None) -> None:
    now = timezone.now()
    for code in ActivationCode.objects.select_for_update().filter(user=user).open():
        code.revoked_at = now
        _save(code, actor)


def _issue(
    *, user: User, actor: User | None, purpose: str, delivery: str, batch: uuid.UUID | None = None
) -> ActivationCode:
    """A new code for `user` (the older open ones are revoked: one code works at a time)."""
    _revoke_open_codes(user, actor)
    now = timezone.now()
    valid = (
        dt.timedelta(hours=settings.RESET_CODE_HOURS)
        if actor is None
        else dt.timedelta(days=settings.ACTIVATION_CODE_DAYS)
    )
    code = _save(
        ActivationCode(
            user=user,
            purpose=purpose,
            delivery=delivery,
            salt=new_salt(),
            batch=batch,
            issued_by=actor,
            issued_at=now,
            expires_at=now + valid,
        ),
        actor,
    )
    if delivery == CodeDelivery.EMAIL:
        transaction.on_commit(functools.partial(send_code_email, code.pk))
    return code


@dataclass
class CreatedAccount:
    employee: Employee
    user: User
    code: ActivationCode
    clash: bool  # the rule's name was taken: a number was appended


@dataclass
class CreationReport:
    batch: uuid.UUID
    created: list[CreatedAccount] = field(default_factory=list)
    skipped: list[tuple[Employee, str]] = field(default_factory=list)

    @property
    def emailed(self) -> int:
        return sum(1 for c in self.created if c.code.delivery == CodeDelivery.EMAIL)

    @property
    def slips(self) -> int:
        return sum(1 for c in self.created if c.code.delivery == CodeDelivery.SLIP)


def _taken(base: str) -> set[str]:
    return {u.lower() for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)}


@transaction.atomic
def accounts_create(*, employees: Iterable[Employee], actor: User) -> CreationReport:
    """HR creates accounts, in one step, for active employees without one: a username by the rule (accounts.rules)
    and a one-time activation code, e-mailed where the employee has an address, else printed on a slip."""
    report = CreationReport(batch=uuid.uuid4())
    ids = [e.pk for e in employees]
    locked = Employee.objects.select_for_update(of=("self",)).select_related("position__unit").filter(pk__in=ids)
    for employee in locked.order_by("name", "pk"):
        if not policy.can_manage_employee(actor, employee):
            raise PermissionDenied(_("Hanya admin kepegawaian unit pegawai ini yang dapat membuat akunnya."))
        if employee.user_id is not None:
            report.skipped.append((employee, _("sudah memiliki akun")))
            continue
        if not employee.is_active:
            report.skipped.append((employee, _("pegawai tidak aktif")))
            continue
        base = rules.username_base(employee.name)
        username = rules.username_for(employee.name, _taken(base))
        first, _sep, last = employee.name.rpartition(" ")
        user = User(username=username, first_name=(first or last)[:150], last_name=(last if first else "")[:150])
        user.email = employee.email
        user.set_unusable_password()
        _save(user, actor)
        employee_save(employee=employee, actor=actor, user=user)
        _save(AccountProfile(user=user, created_by=actor), actor)
        _log(user, EventKind.CREATED, actor, note=username)
        delivery = CodeDelivery.EMAIL if employee.email else CodeDelivery.SLIP
        code = _issue(user=user, actor=actor, purpose=CodePurpose.ACTIVATION, delivery=delivery, batch=report.batch)
        _log(user, EventKind.CODE_ISSUED, actor, note=code.get_delivery_display())
        report.created.append(CreatedAccount(employee, user, code, clash=username != base))
    return report


@transaction.atomic
def code_issue(*, user: User, actor: User, delivery: str) -> ActivationCode:
    """HR of the person's unit issues a new one-time code (a slip, or an e-mail where an address exists): the
    account's first activation if it was never used, else a password reset. Older open codes stop working."""
    _manage_check(actor, user)
    if not user.is_active:
        raise ValidationError(_("Akun ini nonaktif: aktifkan kembali lebih dahulu."))
    if delivery == CodeDelivery.EMAIL and not email_of(user):
        raise ValidationError(_("Pegawai ini tidak memiliki alamat e-mail: cetak slip."))
    profile = AccountProfile.objects.filter(user=user).first()
    purpose = CodePurpose.ACTIVATION if profile is not None and profile.activated_at is None else CodePurpose.RESET
    code = _issue(user=user, actor=actor, purpose=purpose, delivery=delivery, batch=uuid.uuid4())
    _log(user, EventKind.CODE_ISSUED, actor, note=code.get_delivery_display())
    return code


# Whatever went wrong, the person is told only this much: enough to act, nothing about other accounts.
class CodeRefused(Exception):
    MESSAGES = {
        "invalid": gettext_noop("Nama pengguna atau kode salah. Periksa kembali slip atau e-mail Anda."),
        "used": gettext_noop(
            "Kode ini sudah dipakai. Setiap kode hanya berlaku sekali; minta kode baru ke admin kepegawaian."
        ),
        "expired": gettext_noop("Kode ini sudah kedaluwarsa. Minta kode baru ke admin kepegawaian unit Anda."),
        "revoked": gettext_noop(
            "Kode ini sudah diganti dengan kode yang lebih baru. Pakai kode terakhir yang Anda terima."
        ),
        "inactive": gettext_noop("Akun ini sudah dinonaktifkan. Hubungi admin kepegawaian unit Anda."),
    }

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return _(self.MESSAGES[self.reason])


@transaction.atomic
def account_activate(*, username: str, code: str, password: str) -> User:
    """The person sets their own password with a one-time code (first activation or reset). The code is used up;
    Django's password validators apply (their messages in the user's language)."""
    user = User.objects.select_for_update().filter(username__iexact=username.strip()).first()
    if user is None:
        raise CodeRefused("invalid")
    matched = next(
        (c for c in ActivationCode.objects.select_for_update().filter(user=user) if code_matches(c, code)), None
    )
    if matched is None:
        raise CodeRefused("invalid")
    if matched.state != "open":
        raise CodeRefused(matched.state)
    if not user.is_active:
        raise CodeRefused("inactive")
    password_validation.validate_password(password, user)
    now = timezone.now()
    user.set_password(password)
    user.save(update_fields=["password"])
    matched.used_at = now
    _save(matched, user)
    profile = _profile(user)
    first = matched.purpose == CodePurpose.ACTIVATION
    profile.activated_at = profile.activated_at or now
    profile.must_change_password = False
    _save(profile, user)
    _log(user, EventKind.ACTIVATED if first else EventKind.PASSWORD_RESET, user)
    axes_reset(username=user.username)  # a fresh password lifts a lockout of the forgotten one
    return user


@transaction.atomic
def password_reset_request(*, identifier: str) -> ActivationCode | None:
    """Lupa kata sandi: an active account found by username or e-mail, with an address, gets a code by e-mail,
    valid RESET_CODE_HOURS. Whoever asks learns nothing about whether it exists (the page says the same)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    match = User.objects.filter(is_active=True).select_related("employee")
    if "@" in identifier:
        users = list(match.filter(models.Q(email__iexact=identifier) | models.Q(employee__email__iexact=identifier)))
    else:
        users = list(match.filter(username__iexact=identifier))
    if len(users) != 1 or not email_of(users[0]):
        return None  # unknown, shared address, or no address: the page points to HR
    user = users[0]
    if AccountProfile.objects.filter(user=user, activated_at__isnull=True).exists():
        return None  # never activated: the activation code HR issued is the way in
    code = _issue(user=user, actor=None, purpose=CodePurpose.RESET, delivery=CodeDelivery.EMAIL)
    _log(user, EventKind.RESET_REQUESTED, None)
    return code


@transaction.atomic
def password_changed(*, user: User) -> None:
    """The person changed their password: a due change is done."""
    profile = _profile(user)
    if profile.pk is None or profile.must_change_password:
        profile.must_change_password = False
        profile.activated_at = profile.activated_at or timezone.now()
        _save(profile, user)
    _log(user, EventKind.PASSWORD_CHANGED, user)


@transaction.atomic
def password_set_by_administrator(*, user: User, actor: User) -> None:
    """A password typed by someone else (the Django admin) is an initial one: it must be changed at sign-in."""
    profile = _profile(user)
    profile.must_change_password = True
    profile.activated_at = profile.activated_at or timezone.now()
    _save(profile, actor)
    _log(user, EventKind.PASSWORD_CHANGED, actor, note=_("Kata sandi awal dari administrator: wajib diganti."))


@transaction.atomic
def lockout_lift(*, user: User, actor: User) -> int:
    """HR of the person's unit lifts a django-axes lockout of the username (failures forgotten)."""
    _manage_check(actor, user)
    removed = axes_reset(username=user.username)
    _log(user, EventKind.UNLOCKED, actor)
    return removed


# --- Leaving ---------------------------------------------------------------------------------


def _close(user: User, *, actor: User | None, on: dt.date, reason: str, note: str) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    profile = _profile(user)
    profile.deactivated_on, profile.deactivation_reason, profile.deactivation_note = on, reason, note[:255]
    _save(profile, actor)
    _revoke_open_codes(user, actor)
    label = LeaveReason(reason).label
    _log(user, EventKind.DEACTIVATED, actor, note=f"{label}: {note}" if note else str(label))


@transaction.atomic
def employee_leave(*, employee: Employee, actor: User, reason: str, on: dt.date, note: str = "") -> Employee:
    """The employee leaves (retires, moves to another agency, is dismissed, dies) or is made inactive: the record
    becomes inactive and the account is closed with the date and reason. Nothing is deleted: every plan,
    evaluation, answer and history row stays, with their name. Open tasks are then listed for reassignment."""
    employee = (
        Employee.objects.select_for_update(of=("self",)).select_related("position__unit", "user").get(pk=employee.pk)
    )
    if not policy.can_manage_employee(actor, employee):
        raise PermissionDenied(_("Hanya admin kepegawaian unit pegawai ini yang dapat mencatatnya keluar."))
    if reason not in LeaveReason.values:
        raise ValidationError({"reason": _("Pilih alasan.")})
    if on > today():
        raise ValidationError({"on": _("Tanggal tidak boleh di masa depan: catat setelah berlaku.")})
    if employee.is_active:
        employee = employee_save(employee=employee, actor=actor, is_active=False)
    if employee.user is not None and employee.user.is_active:
        _close(employee.user, actor=actor, on=on, reason=reason, note=note)
    return employee


@transaction.atomic
def account_reactivate(*, user: User, actor: User) -> User:
    """Undo a closing made in error: only for an employee who is active again."""
    employee = _manage_check(actor, user)
    if employee is None or not employee.is_active:
        raise ValidationError(_("Aktifkan data pegawai lebih dahulu (halaman ubah pegawai)."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    profile = _profile(user)
    profile.deactivated_on, profile.deactivation_reason, profile.deactivation_note = None, "", ""
    _save(profile, actor)
    _log(user, EventKind.REACTIVATED, actor)
    return user


@transaction.atomic
def employee_save_with_account(*, employee: Employee | None = None, actor: User | None = None, **fields) -> Employee:
    """employee_save, and an employee made inactive on the form loses their account at once (reason: inactive)."""
    saved = employee_save(employee=employee, actor=actor, **fields)
    if not saved.is_active and saved.user_id is not None and saved.user.is_active:
        _close(saved.user, actor=actor, on=today(), reason=LeaveReason.EMPLOYEE_INACTIVE, note="")
    return saved


@transaction.atomic
def accounts_close_for_inactive_employees() -> list[User]:
    """Close the accounts of employees that an import or the admin made inactive (the hourly job, as `sistem`)."""
    actor = system_user()
    closed = []
    for user in accounts_of_inactive_employees().select_for_update(of=("self",)):
        _close(user, actor=actor, on=today(), reason=LeaveReason.EMPLOYEE_INACTIVE, note="")
        closed.append(user)
    return closed


# --- Roles -----------------------------------------------------------------------------------


@transaction.atomic
def hr_scope_add(*, user: User, unit: Unit, actor: User) -> HrScope:
    """Make `user` HR (Admin Kepegawaian) of `unit` and below: by HR whose scope holds the unit, or a superuser."""
    problem = account_policy.hr_scope_problem(actor, user, unit)
    if problem:
        raise PermissionDenied(problem)
    scope = HrScope.objects.filter(user=user, unit=unit).first()
    if scope is None:
        scope = _save(HrScope(user=user, unit=unit), actor)
    user.groups.add(Group.objects.get_or_create(name=policy.HR_GROUP)[0])
    _log(user, EventKind.HR_SCOPE_ADDED, actor, note=unit.name)
    return scope


@transaction.atomic
def hr_scope_remove(*, scope: HrScope, actor: User) -> None:
    """Remove one scope; with the last one the person leaves the HR group. Nobody removes their own scope."""
    if not account_policy.can_change_hr_scope(actor, scope.unit) or scope.user_id == actor.pk:
        raise PermissionDenied(_("Cakupan ini hanya dapat dicabut oleh admin kepegawaian di atasnya."))
    user, unit_name = scope.user, scope.unit.name
    scope._history_user = actor
    scope.delete()  # the HrScope history keeps the row, with who removed it
    if not HrScope.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=policy.HR_GROUP))
    _log(user, EventKind.HR_SCOPE_REMOVED, actor, note=unit_name)


@transaction.atomic
def superuser_set(*, user: User, actor: User, grant: bool) -> User:
    """The technical administrator (a superuser) grants or revokes the superuser right; never their own."""
    if not actor.is_superuser or user.pk == actor.pk:
        raise PermissionDenied(_("Hanya administrator teknis lain yang dapat mengubah hak ini."))
    if grant and not user.is_active:
        raise ValidationError(_("Akun ini nonaktif."))
    user.is_superuser = user.is_staff = grant
    user.save(update_fields=["is_superuser", "is_staff"])
    _log(user, EventKind.SUPERUSER_GRANTED if grant else EventKind.SUPERUSER_REVOKED, actor)
    return user
