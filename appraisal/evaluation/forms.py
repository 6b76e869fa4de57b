"""Forms of the employee's and the peer's evaluation pages and of the public verification page.

They validate input only; appraisal/evaluation/services.py makes every change.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from appraisal.models import CORE_VALUE_GUIDANCE, CoreValue, PeerFeedback
from appraisal.rules import EVIDENCE_EXTENSIONS

REQUIRED = {"required": _("Bagian ini wajib diisi.")}


class RealizationForm(forms.Form):
    """One indicator's realisation. An empty value clears it (the submit check lists what is still missing)."""

    # localize: "12,5" (Indonesian decimal comma) and "12.5" are both accepted.
    value = forms.DecimalField(
        label=_("Realisasi"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    """Bukti dukung: a file or a link, not both. Type and size are checked by the service (rules)."""

    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOCX atau XLSX, paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_EXTENSIONS)}),
    )
    url = forms.URLField(label=_("atau tautan"), required=False, assume_scheme="https", max_length=200)
    description = forms.CharField(label=_("Keterangan bukti"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")) and not self.errors:
            raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
        return data


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("Ringkasan capaian dan penilaian Anda"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tuliskan penilaian mandiri Anda.")},
    )


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=_("Alasan keberatan"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tuliskan alasan keberatan.")},
    )


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Penjelasan Anda"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tuliskan penjelasan Anda.")},
    )


class PeerFeedbackForm(forms.Form):
    """The seven BerAKHLAK values, each rated above / meets / below expectations, and an optional comment."""

    comment = forms.CharField(
        label=_("Komentar (tidak wajib)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for value in CoreValue:
            self.fields[value.value] = forms.ChoiceField(
                label=value.label,
                choices=PeerFeedback.Level.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu.")},
            )
        self.fields["comment"] = comment

    def value_rows(self):
        """(bound field, guidance items) per core value, in the official order."""
        return [(self[value], CORE_VALUE_GUIDANCE[value]) for value in CoreValue.values]

    def ratings(self) -> dict[str, str]:
        return {value: self.cleaned_data[value] for value in CoreValue.values}


class VerifyForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages=REQUIRED,
    )

    def clean_kode(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["kode"].upper() if ch.isalnum())
        if not code:
            raise ValidationError(_("Masukkan kode verifikasi yang tertera pada dokumen."))
        return code
