"""Forms of the HR pages. Labels come from the models' verbose names; choices stop at the officer's scope."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from appraisal import policy, rules
from appraisal.models import ActingAssignment, Employee, EmploymentType, Position, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchableChoiceField(forms.ModelChoiceField):
    """A select of a long list (every employee or position of a unit tree): static/js/searchable_select.js adds a
    search box above it (by name or NIP); without JavaScript it stays a plain select."""

    search_label = _("Cari nama atau NIP")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-searchable"] = self.search_label  # the search box's label


def employee_label(employee: Employee) -> str:
    """'Maria Bunga, S.Sos — 19860926 201505 1 001': the name first, the NIP to tell namesakes apart."""
    return f"{employee.full_name} — {employee.nip_display}"


class PositionChoiceField(SearchableChoiceField):
    search_label = _("Cari jabatan atau unit")

    def label_from_instance(self, obj: Position) -> str:
        # Titles repeat across kelurahan ("Kasi Pelayanan Umum"); the unit tells them apart.
        return f"{obj.title} — {obj.unit.name}"


class EmployeeChoiceField(SearchableChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return employee_label(obj)


def _scoped(qs: QuerySet, lookup: str, user, keep_pk: int | None) -> QuerySet:
    """Limit `qs` to rows whose `lookup` unit lies in the user's HR scope, keeping the current value."""
    if user.is_superuser:
        return qs
    allowed = Q(**{f"{lookup}__in": policy.hr_unit_ids(user)})
    if keep_pk is not None:
        allowed |= Q(pk=keep_pk)
    return qs.filter(allowed)


class ScopedModelForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _update_errors(self, errors):
        # The model's clean() re-checks fields the form already rejected, against the old value left on the
        # instance (for a new employee an empty NIP: "diterima 0 karakter"). Keep only the form's message.
        if hasattr(errors, "error_dict") and self._errors:
            errors.error_dict = {
                name: errs
                for name, errs in errors.error_dict.items()
                if name == NON_FIELD_ERRORS or name not in self._errors
            }
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class UnitForm(ScopedModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "parent", "address", "counter_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.order_by("name")
        self.fields["parent"].queryset = _scoped(units, "id", self.user, self.instance.parent_id)


class PositionForm(ScopedModelForm):
    class Meta:
        model = Position
        fields = ["title", "kind", "unit", "parent", "is_unit_head", "serves_public"]
        field_classes = {"parent": PositionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _scoped(Unit.objects.order_by("name"), "id", self.user, self.instance.unit_id)
        self.fields["parent"].queryset = _scoped(
            Position.objects.select_related("unit").order_by("unit__name", "title"),
            "unit_id",
            self.user,
            self.instance.parent_id,
        )


class EmployeeForm(ScopedModelForm):
    # Wider than the stored 18 digits: people type the NIP grouped with spaces, as printed.
    nip = forms.CharField(label=Employee._meta.get_field("nip").verbose_name, max_length=30)

    class Meta:
        model = Employee
        # employment_type first: the NIP check depends on it (NIP for PNS, NI PPPK for PPPK).
        fields = [
            "employment_type",
            "nip",
            "front_title",
            "name",
            "back_title",
            "grade",
            "position",
            "email",
            "is_active",
        ]
        field_classes = {"position": PositionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nip"].help_text = _("18 angka; boleh diketik dengan spasi, misalnya 19860926 201505 1 001.")
        self.fields["position"].queryset = _scoped(
            Position.objects.select_related("unit").order_by("unit__name", "title"),
            "unit_id",
            self.user,
            self.instance.position_id,
        )

    def clean_nip(self) -> str:
        nip = rules.normalize_nip(self.cleaned_data["nip"])
        pppk = self.cleaned_data.get("employment_type") == EmploymentType.PPPK
        rules.validate_nip(nip, pppk=pppk)
        return nip


class ActingAssignmentForm(ScopedModelForm):
    class Meta:
        model = ActingAssignment
        fields = ["employee", "position", "kind", "start_date", "end_date", "decree"]
        field_classes = {"employee": EmployeeChoiceField, "position": PositionChoiceField}
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _scoped(
            Employee.objects.filter(is_active=True).order_by("name"),
            "position__unit_id",
            self.user,
            self.instance.employee_id,
        )
        self.fields["position"].queryset = _scoped(
            Position.objects.select_related("unit").order_by("unit__name", "title"),
            "unit_id",
            self.user,
            self.instance.position_id,
        )


class EmployeeFilterForm(forms.Form):
    """Search and filters of the HR employee list (GET)."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.none(), required=False, empty_label=_("Semua unit")
    )
    status = forms.ChoiceField(
        label=_("Status kepegawaian"), choices=[("", _("Semua status")), *EmploymentType.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Keaktifan"),
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Tidak aktif"))],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[("", _("Nama")), ("nip", _("NIP")), ("unit", _("Unit kerja"))],
        required=False,
    )

    # Each sort ends with the id, so a page never repeats or skips a row between two names that tie.
    ORDERINGS = {"": ("name", "id"), "nip": ("nip", "id"), "unit": ("position__unit__name", "name", "id")}

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["q"].widget.input_type = "search"


class TransferForm(forms.Form):
    """Mutasi: the new position (within the officer's scope), the date it takes effect and the decree."""

    position = PositionChoiceField(
        label=_("Jabatan baru"),
        queryset=Position.objects.none(),
        empty_label=_("— pilih jabatan —"),
        error_messages={"required": _("Pilih jabatan baru."), "invalid_choice": _("Pilih jabatan dari daftar.")},
    )
    effective_date = forms.DateField(
        label=_("Berlaku mulai"),
        widget=DateInput(),
        error_messages={"required": _("Isi tanggal berlaku."), "invalid": _("Tanggal tidak valid.")},
        help_text=_("SKP jabatan lama ditutup sehari sebelumnya; SKP jabatan baru dimulai pada tanggal ini."),
    )
    decree_number = forms.CharField(
        label=_("Nomor SK mutasi"), max_length=120, error_messages={"required": _("Tuliskan nomor SK mutasi.")}
    )

    def __init__(self, *args, user, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = _scoped(
            Position.objects.select_related("unit").exclude(pk=employee.position_id).order_by("unit__name", "title"),
            "unit_id",
            user,
            None,
        )
