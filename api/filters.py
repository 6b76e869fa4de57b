"""Query-string filters of the list endpoints (django-filter)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from appraisal.models import ActingAssignment, Employee, EmploymentType, Grade, Position, PositionKind, Unit, UnitKind
from appraisal.rules import normalize_nip


class IdField(forms.IntegerField):
    """A database id: 1 up to the largest 64-bit integer. A bigger number is a 400; unchecked, it reached SQLite
    as an OverflowError (a 500), since Django drops out-of-range values only for integer fields, not foreign keys."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class IdFilter(filters.Filter):
    """A foreign key by id, without the query a ModelChoiceFilter spends checking it exists."""

    field_class = IdField


class UnitFilter(filters.FilterSet):
    parent = IdFilter(field_name="parent", help_text="Id unit induk.")
    kind = filters.ChoiceFilter(choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["parent", "kind"]


class PositionFilter(filters.FilterSet):
    unit = IdFilter(field_name="unit", help_text="Id unit kerja.")
    parent = IdFilter(field_name="parent", help_text="Id jabatan atasan.")
    kind = filters.ChoiceFilter(choices=PositionKind.choices)

    class Meta:
        model = Position
        fields = ["unit", "parent", "kind"]


class EmployeeFilter(filters.FilterSet):
    unit = IdFilter(field_name="position__unit", help_text="Id unit kerja jabatan pegawai.")
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices)
    grade = filters.ChoiceFilter(choices=Grade.choices)
    is_active = filters.BooleanFilter()
    q = filters.CharFilter(method="search", help_text="Cari nama atau NIP (spasi dalam NIP boleh).")

    class Meta:
        model = Employee
        fields = ["unit", "employment_type", "grade", "is_active", "q"]

    def search(self, queryset: QuerySet[Employee], name: str, value: str) -> QuerySet[Employee]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value)
        digits = normalize_nip(value)
        if digits.isdigit():
            condition |= Q(nip__contains=digits)
        return queryset.filter(condition)


class ActingAssignmentFilter(filters.FilterSet):
    position = IdFilter(field_name="position", help_text="Id jabatan.")
    employee = IdFilter(field_name="employee", help_text="Id pegawai.")
    on = filters.DateFilter(method="active_on", help_text="Hanya penugasan yang berlaku pada tanggal ini (YYYY-MM-DD).")

    class Meta:
        model = ActingAssignment
        fields = ["position", "employee", "on"]

    def active_on(self, queryset: QuerySet[ActingAssignment], name: str, value) -> QuerySet[ActingAssignment]:
        return queryset.filter(start_date__lte=value).filter(Q(end_date__isnull=True) | Q(end_date__gte=value))
