"""Demo data of accounts: the kelurahan that starts using the system (appraisal/demo/people.py, STARTING_UNIT)."""

from __future__ import annotations

from django.contrib.auth.models import User

from accounts.services import accounts_create
from appraisal.demo import people as demo
from appraisal.models import Employee


def seed_accounts_awaiting_activation(hr_officer: User) -> int:
    """HR creates the accounts of the starting kelurahan's Kasi (no e-mail: slips); once only (idempotent)."""
    seats = [p for p in demo.people() if demo.awaits_activation(p.seat)]
    employees = Employee.objects.filter(nip__in=[p.nip for p in seats], user__isnull=True, is_active=True)
    if not employees.exists():
        return 0
    return len(accounts_create(employees=list(employees), actor=hr_officer).created)
