"""Server-rendered pages; urls.py imports them from here."""

from appraisal.views.home import home
from appraisal.views.hr import (
    acting_create,
    acting_update,
    employee_create,
    employee_update,
    hr_dashboard,
    position_create,
    position_update,
    unit_create,
    unit_update,
)
from appraisal.views.org import employee_detail, position_detail, unit_detail

__all__ = [
    "acting_create",
    "acting_update",
    "employee_create",
    "employee_update",
    "employee_detail",
    "home",
    "hr_dashboard",
    "position_create",
    "position_update",
    "position_detail",
    "unit_create",
    "unit_detail",
    "unit_update",
]
