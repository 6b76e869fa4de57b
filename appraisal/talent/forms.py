"""Forms of talent management: they shape input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appraisal.models import AssessmentSource, DevelopmentKind, DevelopmentStatus, PositionKind, PotentialLevel, Unit
from appraisal.talent.services import OTHER_NEED


class DateInput(forms.DateInput):
    input_type = "date"


class PotentialForm(forms.Form):
    level = forms.ChoiceField(label=_("Potensi"), choices=PotentialLevel.choices)
    source = forms.ChoiceField(
        label=_("Sumber penilaian"), choices=[("", "—"), *AssessmentSource.choices], required=False
    )
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput, required=False)
    document_number = forms.CharField(label=_("Nomor dokumen hasil penilaian"), max_length=120, required=False)


class DevelopmentActionForm(forms.Form):
    need = forms.ChoiceField(label=_("Kebutuhan pengembangan"))
    other_need = forms.CharField(label=_("Kebutuhan lain (bila memilih Lainnya)"), max_length=250, required=False)
    dialogue = forms.TypedChoiceField(label=_("Disepakati dalam dialog kinerja"), coerce=int)
    kind = forms.ChoiceField(label=_("Jenis tindakan"), choices=DevelopmentKind.choices)
    description = forms.CharField(label=_("Tindakan"), max_length=250)
    target_date = forms.DateField(label=_("Target selesai"), widget=DateInput)

    def __init__(self, *args, needs, dialogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [*[(f.code, f.title) for f in needs], (OTHER_NEED, _("Lainnya"))]
        self.fields["dialogue"].choices = [(d.pk, f"{d.held_on:%d-%m-%Y} · {d.topic}") for d in dialogues]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DevelopmentStatus.choices)
    note = forms.CharField(label=_("Catatan kemajuan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TalentFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("Semua"))
    jenis = forms.ChoiceField(
        label=_("Jenis jabatan"), choices=[("", _("Semua")), *PositionKind.choices], required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
