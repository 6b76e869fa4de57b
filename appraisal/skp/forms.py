"""Forms of the SKP pages. They validate input only; appraisal/skp/services.py makes every change."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from appraisal.models import (
    CORE_VALUE_GUIDANCE,
    CoreValue,
    IndicatorAspect,
    PerformancePlan,
    PlannedResult,
    ResultKind,
    Unit,
)
from appraisal.org.forms import SearchableChoiceField, employee_label
from appraisal.rules import Approach
from appraisal.skp.selectors import appraiser_results_for
from appraisal.skp.services import IndicatorInput

REQUIRED = {"required": _("Bagian ini wajib diisi.")}


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class YearForm(forms.Form):
    """The year of a new SKP: this year or the next (planning starts before January)."""

    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class SupportedResultField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlannedResult) -> str:
        return f"[{obj.get_kind_display()}] {obj.text}"


class ResultForm(forms.Form):
    """One RHK; the plan decides whether it links to the appraiser's RHK or to an organisation goal (top)."""

    kind = forms.ChoiceField(label=_("Jenis RHK"), choices=ResultKind.choices, initial=ResultKind.UTAMA)
    text = forms.CharField(label=_("Rencana hasil kerja"), widget=_text_area(), error_messages=REQUIRED)
    supports = SupportedResultField(
        label=_("RHK atasan yang diintervensi"),
        queryset=PlannedResult.objects.none(),
        required=False,
        empty_label=_("— pilih RHK pejabat penilai kinerja —"),
        error_messages={"invalid_choice": _("Pilih RHK dari SKP pejabat penilai kinerja Anda.")},
    )
    supports_text = forms.CharField(
        label=_("Sasaran organisasi yang didukung"),
        required=False,
        widget=_text_area(2),
        help_text=_("Untuk pimpinan puncak: sasaran strategis/RPJMD yang didukung."),
    )

    def __init__(self, *args, plan: PerformancePlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan.is_top:
            del self.fields["supports"]
        else:
            del self.fields["supports_text"]
            choices: QuerySet[PlannedResult] = appraiser_results_for(plan)
            self.fields["supports"].queryset = choices
            if plan.appraiser_id and not choices.exists():
                self.fields["supports"].help_text = _(
                    "Pejabat Penilai Kinerja Anda belum menyusun SKP tahun ini. Simpan RHK sekarang dan kaitkan nanti."
                )

    @classmethod
    def initial_for(cls, result: PlannedResult) -> dict:
        return {
            "kind": result.kind,
            "text": result.text,
            "supports": result.supports_id,
            "supports_text": result.supports_text,
        }


class IndicatorForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Aspek"), choices=[("", "—"), *IndicatorAspect.choices], error_messages=REQUIRED)
    text = forms.CharField(label=_("Indikator kinerja individu"), widget=_text_area(2), error_messages=REQUIRED)
    target_value = forms.DecimalField(
        label=_("Target"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,  # "12,5" as Indonesians write it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={**REQUIRED, "invalid": _("Isi target dengan angka, misalnya 12 atau 12,5.")},
    )
    target_unit = forms.CharField(
        label=_("Satuan"), max_length=60, error_messages=REQUIRED, widget=forms.TextInput(attrs={"size": 12})
    )


class BaseIndicatorFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.inputs():
            raise ValidationError(_("Isi paling sedikit satu indikator kinerja individu."))

    def inputs(self) -> list[IndicatorInput]:
        """The filled rows not marked for removal, in page order."""
        return [
            IndicatorInput(
                aspect=d["aspect"], text=d["text"], target_value=d["target_value"], target_unit=d["target_unit"]
            )
            for form in self.forms
            if (d := getattr(form, "cleaned_data", None)) and not d.get("DELETE")
        ]


# Two blank rows so a browser without JavaScript can still add indicators.
IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True)


def indicator_initial(result: PlannedResult | None) -> list[dict]:
    if result is None:
        return []
    return [
        {"aspect": i.aspect, "text": i.text, "target_value": i.target_value, "target_unit": i.target_unit}
        for i in result.indicators.all()
    ]


class BehavioursForm(forms.Form):
    """The leader's special expectation per BerAKHLAK value; the three guidance items are shown as help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value in CoreValue:
            self.fields[value.value] = forms.CharField(
                label=value.label,
                required=False,
                widget=_text_area(2),
            )
            self.fields[value.value].guidance = CORE_VALUE_GUIDANCE[value]

    @classmethod
    def initial_for(cls, plan: PerformancePlan) -> dict:
        return {b.core_value: b.expectation for b in plan.behaviours.all()}


class AttachmentForm(forms.Form):
    """Lampiran SKP (PermenPANRB 6/2022)."""

    approach = forms.ChoiceField(
        label=_("Pendekatan hasil kerja"),
        choices=[("", _("Menurut aspek IKI (kualitatif bila ada IKI kualitas)")), *Approach.choices],
        required=False,
        help_text=_("Menentukan formulir SKP dan evaluasi: kuantitatif atau kualitatif (JPT selalu kuantitatif)."),
        error_messages={"invalid_choice": _("Pilih pendekatan dari daftar.")},
    )
    resource_support = forms.CharField(label=_("Dukungan sumber daya"), required=False, widget=_text_area())
    accountability_scheme = forms.CharField(label=_("Skema pertanggungjawaban"), required=False, widget=_text_area())
    consequences = forms.CharField(label=_("Konsekuensi"), required=False, widget=_text_area())

    @classmethod
    def initial_for(cls, plan: PerformancePlan) -> dict:
        return {name: getattr(plan, name) for name in cls.base_fields}


NO_NOTE = _("Tuliskan paling sedikit satu catatan agar pegawai tahu apa yang harus diperbaiki.")


class ReturnForm(forms.Form):
    """The appraiser's notes: one general, one per RHK (fields `note_<id>`)."""

    note = forms.CharField(label=_("Catatan umum"), required=False, widget=_text_area())

    def __init__(self, *args, results: list[PlannedResult], **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results
        for result in results:
            self.fields[f"note_{result.pk}"] = forms.CharField(
                label=_("Catatan untuk RHK ini"), required=False, widget=_text_area(2)
            )

    def clean(self):
        data = super().clean()
        if not data.get("note", "").strip() and not any(self.result_notes().values()):
            raise ValidationError(
                _("Tuliskan paling sedikit satu catatan agar pegawai tahu apa yang harus diperbaiki.")
            )
        return data

    def result_notes(self) -> dict[int, str]:
        data = getattr(self, "cleaned_data", {})
        return {
            r.pk: data.get(f"note_{r.pk}", "").strip() for r in self.results if data.get(f"note_{r.pk}", "").strip()
        }

    def note_field(self, result: PlannedResult):
        return self[f"note_{result.pk}"]


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        widget=_text_area(2),
        error_messages={"required": _("Tuliskan alasan perubahan SKP.")},
    )


class BulkStartForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=Unit.objects.none(), error_messages=REQUIRED)
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=())

    def __init__(self, *args, units: QuerySet[Unit], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [(y, y) for y in years]


class AssigneeField(SearchableChoiceField):
    def label_from_instance(self, obj: User) -> str:
        employee = getattr(obj, "employee", None)
        if employee is None:
            return obj.get_username()
        title = employee.position.title if employee.position else ""
        return f"{employee_label(employee)} — {title}" if title else employee_label(employee)


class ReassignForm(forms.Form):
    to_user = AssigneeField(
        label=_("Alihkan kepada"),
        queryset=User.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": _("Pilih pegawai dari daftar.")},
    )
    reason = forms.CharField(
        label=_("Alasan pengalihan"),
        widget=_text_area(2),
        error_messages={"required": _("Tuliskan alasan pengalihan tugas.")},
    )

    def __init__(self, *args, candidates: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = candidates

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Tuliskan alasan pengalihan tugas."))
        return reason
