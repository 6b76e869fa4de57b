"""People without accounts in the small organisation of tests/factories.py, and a way to read a code."""

from __future__ import annotations

from accounts.codes import code_of
from accounts.models import ActivationCode
from appraisal.models import Employee
from tests.factories import EmployeeFactory


def newcomers(org, *names: str, email: str = "") -> list[Employee]:
    """Staff of Kelurahan Mantasi without an account (as the import and the employee form leave them)."""
    return [EmployeeFactory(name=name, position=org.staff_a_pos, user=None, email=email) for name in names]


def open_code(employee: Employee) -> tuple[ActivationCode, str]:
    """The employee's open code and its text, as the slip or the e-mail shows it."""
    row = ActivationCode.objects.open().get(user__employee=employee)
    return row, code_of(row)
