"""Load the Kecamatan Alak demo organisation, employees and accounts (idempotent).

The data lives in `appraisal/demo/people.py`; this command writes it through the org services so validation runs.
It is a list of steps (`STEPS`) sharing one `SeedContext`; later features (SKP plans, evaluations) add
their own step functions after `seed_hr`. Each step looks rows up by a stable natural key (unit code,
(unit, title), NIP, username) and only writes what is missing or different, so a second run writes nothing
and adds no history rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import models, transaction

from accounts.demo import seed_accounts_awaiting_activation
from appraisal.demo import people as demo
from appraisal.demo.evaluation import DESIGNATED_USERNAME, designated_official, seed_evaluations
from appraisal.demo.service_desk import seed_service_desk
from appraisal.demo.skp import seed_skp
from appraisal.demo.talent import seed_talent
from appraisal.models import ActingAssignment, Employee, HrScope, Position, Unit
from appraisal.notifications import services as notifications
from appraisal.org.services import acting_assignment_save, employee_save, position_save, unit_save
from appraisal.policy import HR_GROUP


@dataclass
class SeedContext:
    """What the steps share: rows by natural key, and what was written."""

    units: dict[str, Unit] = field(default_factory=dict)
    positions: dict[demo.PositionKey, Position] = field(default_factory=dict)
    people: list[demo.DemoPerson] = field(default_factory=list)
    employees: dict[demo.Seat, Employee] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    _password_hash: str = ""

    @property
    def password_hash(self) -> str:
        # Hashing is deliberately slow; one hash serves every demo account.
        if not self._password_hash:
            self._password_hash = make_password(demo.DEMO_PASSWORD)
        return self._password_hash

    def employee_at(self, seat: demo.Seat) -> Employee:
        return self.employees[seat]


def _differs(instance: models.Model, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        if isinstance(value, models.Model) or (value is None and hasattr(instance, f"{name}_id")):
            if getattr(instance, f"{name}_id") != (value.pk if value is not None else None):
                return True
        elif getattr(instance, name) != value:
            return True
    return False


def _sync(ctx: SeedContext, label: str, save: Callable[..., Any], kwarg: str, instance, fields: dict[str, Any]):
    """Create the row, update it when a field differs, or leave it untouched."""
    if instance is None:
        ctx.created[label] += 1
        return save(**fields)
    if _differs(instance, fields):
        ctx.updated[label] += 1
        return save(**{kwarg: instance}, **fields)
    return instance


# --- Steps -----------------------------------------------------------------------------------


def seed_units(ctx: SeedContext) -> None:
    existing = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in demo.UNITS])}
    for spec in demo.UNITS:
        fields = {
            "code": spec.code,
            "name": spec.name,
            "kind": spec.kind,
            "parent": ctx.units[spec.parent_code] if spec.parent_code else None,
        }
        ctx.units[spec.code] = _sync(ctx, "Unit kerja", unit_save, "unit", existing.get(spec.code), fields)


def seed_positions(ctx: SeedContext) -> None:
    unit_ids = [u.pk for u in ctx.units.values()]
    existing = {(p.unit_id, p.title): p for p in Position.objects.filter(unit_id__in=unit_ids)}
    for spec in demo.positions():
        unit = ctx.units[spec.unit_code]
        fields = {
            "unit": unit,
            "title": spec.title,
            "kind": spec.kind,
            "parent": ctx.positions[spec.parent] if spec.parent else None,
            "is_unit_head": spec.is_unit_head,
        }
        current = existing.get((unit.pk, spec.title))
        ctx.positions[spec.key] = _sync(ctx, "Jabatan", position_save, "position", current, fields)


def seed_accounts(ctx: SeedContext) -> None:
    """One login per demo employee and the superuser; existing accounts (and their passwords) are kept."""
    ctx.people = demo.people()
    wanted = {p.username: p for p in ctx.people if p.has_account}
    ctx.users = {u.username: u for u in User.objects.filter(username__in=[*wanted, demo.ADMIN_USERNAME])}
    new = [
        User(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            email=p.email,
            password=ctx.password_hash,
        )
        for username, p in wanted.items()
        if username not in ctx.users
    ]
    if demo.ADMIN_USERNAME not in ctx.users:
        new.append(
            User(
                username=demo.ADMIN_USERNAME,
                first_name="Administrator",
                email=f"{demo.ADMIN_USERNAME}@{demo.EMAIL_DOMAIN}",
                password=ctx.password_hash,
                is_staff=True,
                is_superuser=True,
            )
        )
    User.objects.bulk_create(new)
    ctx.created["Akun pengguna"] += len(new)
    # bulk_create sets primary keys on SQLite and PostgreSQL, but re-read to be database-agnostic.
    ctx.users = {u.username: u for u in User.objects.filter(username__in=[*wanted, demo.ADMIN_USERNAME])}


def seed_employees(ctx: SeedContext) -> None:
    existing = {e.nip: e for e in Employee.objects.filter(nip__in=[p.nip for p in ctx.people])}
    for person in ctx.people:
        fields = {
            "nip": person.nip,
            "employment_type": person.employment_type,
            "front_title": person.front_title,
            "name": person.name,
            "back_title": person.back_title,
            "grade": person.grade,
            "position": ctx.positions[person.position_key],
            "user": ctx.users.get(person.username),
            "email": person.email,
            "is_active": True,
        }
        current = existing.get(person.nip)
        if not person.has_account:
            del fields["user"]  # none yet, or the one HR created and the person activated (accounts.demo)
        if current is not None and current.transfers.exists():
            del fields["position"]  # moved by a recorded mutasi (demo/evaluation.py): the chart follows it
        ctx.employees[person.seat] = _sync(ctx, "Pegawai", employee_save, "employee", current, fields)


def seed_acting(ctx: SeedContext) -> None:
    for spec in demo.ACTING:
        employee, position = ctx.employee_at(spec.holder), ctx.positions[spec.position]
        current = ActingAssignment.objects.filter(
            employee=employee, position=position, start_date=spec.start_date
        ).first()
        fields = {
            "employee": employee,
            "position": position,
            "kind": ActingAssignment.Kind.PLT,
            "start_date": spec.start_date,
            "end_date": None,
            "decree": spec.decree,
        }
        _sync(ctx, "Plt/Plh", acting_assignment_save, "assignment", current, fields)


def seed_hr(ctx: SeedContext) -> None:
    """The HR group with two officers: of the kecamatan and of Kelurahan Mantasi."""
    group, created = Group.objects.get_or_create(name=HR_GROUP)
    ctx.created["Grup"] += created
    for username, unit_code in demo.HR_SCOPES.items():
        user, unit = ctx.users[username], ctx.units[unit_code]
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        if not HrScope.objects.filter(user=user, unit=unit).exists():
            scope = HrScope(user=user, unit=unit)
            scope.full_clean()
            scope.save()
            ctx.created["Cakupan admin kepegawaian"] += 1


def seed_plans(ctx: SeedContext) -> None:
    """SKPs of the current year in every state (see appraisal/demo/skp.py)."""

    counts = seed_skp(User.objects.get(username=demo.ADMIN_USERNAME), designated_official(ctx.password_hash))
    ctx.created["SKP disetujui"] += counts["approved"]
    ctx.created["SKP menunggu persetujuan"] += counts["submitted"]
    ctx.created["SKP dikembalikan"] += counts["returned"]


def seed_services(ctx: SeedContext) -> None:
    """Service types, holidays, a year of counter files and survey answers (see appraisal/demo/service_desk.py)."""

    counts = seed_service_desk()
    ctx.created["Berkas layanan"] += counts["requests"]
    ctx.created["Jawaban survei"] += counts["responses"]


def seed_periods(ctx: SeedContext) -> None:
    """An open Triwulan III with evaluations in every state (see appraisal/demo/evaluation.py)."""

    counts = seed_evaluations(User.objects.get(username="hr.kecamatan"), ctx.password_hash)
    ctx.created["Periode penilaian"] += counts["periods"]
    ctx.created["Evaluasi kinerja"] += counts["evaluations"]


def seed_talent_step(ctx: SeedContext) -> None:
    """Last year's closed quarters, potential, public-service desks, development plans (appraisal/demo/talent.py)."""

    counts = seed_talent(User.objects.get(username="hr.kecamatan"))
    ctx.updated["Jabatan pelayanan langsung"] += counts["positions"]
    ctx.created["Evaluasi tahun lalu"] += counts["evaluations"]
    ctx.created["Potensi pegawai"] += counts["potentials"]
    ctx.created["Rencana pengembangan"] += counts["plans"]


def seed_waiting_accounts(ctx: SeedContext) -> None:
    """Accounts HR created for the Kasi of the kelurahan that starts using the system, their slips still to print."""

    ctx.created["Akun menunggu aktivasi"] += seed_accounts_awaiting_activation(
        User.objects.get(username="hr.kecamatan")
    )


STEPS: list[Callable[[SeedContext], None]] = [
    seed_units,
    seed_positions,
    seed_accounts,
    seed_employees,
    seed_acting,
    seed_hr,
    seed_plans,
    seed_services,
    seed_periods,
    seed_talent_step,
    seed_waiting_accounts,
]


def logins(ctx: SeedContext) -> list[tuple[str, str, str]]:
    """(role, username, name) for the table printed at the end."""
    by_seat = {p.seat: p for p in ctx.people}
    rows = [(role, by_seat[seat].username, ctx.employee_at(seat).full_name) for role, seat in demo.DEMO_LOGINS]
    official = User.objects.filter(username=DESIGNATED_USERNAME).first()
    if official is not None:
        rows.append(("Pejabat yang ditunjuk (Wali Kota)", official.username, official.get_full_name()))
    rows.append(("Superuser", demo.ADMIN_USERNAME, "Administrator"))
    return rows


class Command(BaseCommand):
    help = "Isi data contoh Kecamatan Alak (unit, jabatan, pegawai, akun). Aman dijalankan berulang kali."

    def handle(self, *args, **options) -> None:
        ctx = SeedContext()
        # The demo's tasks and feedback appear in the app (the bell), but its fictional people get no e-mail.
        with transaction.atomic(), notifications.emails_held():
            for step in STEPS:
                step(ctx)
        self._report(ctx)

    def _report(self, ctx: SeedContext) -> None:
        labels = [
            label for label in dict.fromkeys([*ctx.created, *ctx.updated]) if ctx.created[label] or ctx.updated[label]
        ]
        if labels:
            for label in labels:
                self.stdout.write(f"{label}: {ctx.created[label]} dibuat, {ctx.updated[label]} diperbarui")
        else:
            self.stdout.write("Data contoh sudah lengkap; tidak ada yang diubah.")
        rows = logins(ctx)
        widths = [max(len(r[i]) for r in [("Peran", "Nama pengguna", "Nama"), *rows]) for i in range(3)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Akun demo (kata sandi semua akun: {demo.DEMO_PASSWORD})"))
        self.stdout.write(line.format("Peran", "Nama pengguna", "Nama").rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)).rstrip())
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
