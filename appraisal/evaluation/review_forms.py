"""Forms of the appraiser's, senior appraiser's and HR's evaluation pages.

They validate input only; appraisal/evaluation/services.py makes every change and enforces the rules.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from appraisal.models import Employee, EvaluationStatus, Feedback, Objection, PeriodKind, Unit
from appraisal.org.selectors import today
from appraisal.rules import OrgPredicate, Rating

REQUIRED = {"required": _("Bagian ini wajib diisi.")}
RATING_CHOICES = [("", _("— pilih rating —")), *Rating.choices]


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _stripped(form: forms.Form, name: str, message) -> str:
    value = (form.cleaned_data.get(name) or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class RateForm(forms.Form):
    """The appraiser's rating. For unit heads the result rating is not asked: it follows the organisation."""

    result_rating = forms.ChoiceField(
        label=_("Rating hasil kerja"),
        choices=RATING_CHOICES,
        error_messages={"required": _("Pilih rating hasil kerja."), "invalid_choice": _("Pilih rating dari daftar.")},
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Rating perilaku kerja"),
        choices=RATING_CHOICES,
        error_messages={
            "required": _("Pilih rating perilaku kerja."),
            "invalid_choice": _("Pilih rating dari daftar."),
        },
    )
    feedback = forms.CharField(
        label=_("Umpan balik untuk pegawai"),
        widget=_text_area(4),
        error_messages={"required": _("Tuliskan umpan balik untuk pegawai.")},
    )
    recommendation = forms.CharField(
        label=_("Catatan/rekomendasi"),
        widget=_text_area(3),
        required=False,
        help_text=_(
            "Bagian 5 Dokumen Evaluasi Kinerja Pegawai: misalnya pengembangan kompetensi, penempatan, atau penghargaan."
        ),
    )

    def __init__(self, *args, unit_head: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_head = unit_head
        if unit_head:
            del self.fields["result_rating"]

    def clean_feedback(self) -> str:
        return _stripped(self, "feedback", _("Tuliskan umpan balik untuk pegawai."))


class DecideForm(forms.Form):
    """The Atasan Pejabat Penilai Kinerja's final decision on an objection (PP 30/2019 Pasal 59)."""

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=Objection.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan."), "invalid_choice": _("Pilih keputusan.")},
    )
    result_rating = forms.ChoiceField(
        label=_("Rating hasil kerja baru"),
        choices=RATING_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Pilih rating dari daftar.")},
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Rating perilaku kerja baru"),
        choices=RATING_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Pilih rating dari daftar.")},
    )
    notes = forms.CharField(
        label=_("Pertimbangan keputusan"),
        widget=_text_area(4),
        error_messages={"required": _("Tuliskan pertimbangan keputusan.")},
    )

    def __init__(self, *args, unit_head: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_head:
            # SE MenPANRB 3/2023: a unit head's result rating follows the organisation's; only behaviour may change.
            del self.fields["result_rating"]

    def clean_notes(self) -> str:
        return _stripped(self, "notes", _("Tuliskan pertimbangan keputusan."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == Objection.Decision.CHANGED:
            for name in ("result_rating", "behaviour_rating"):
                if name in self.fields and not data.get(name):
                    self.add_error(name, _("Isi rating baru bila penilaian diubah."))
        return data


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        required=False,  # a form without the choice (older pages, the API) gives a suggestion
        error_messages={"invalid_choice": _("Pilih apresiasi atau masukan.")},
    )
    text = forms.CharField(
        label=_("Umpan balik berkelanjutan"),
        widget=_text_area(3),
        error_messages={"required": _("Tuliskan umpan balik.")},
    )
    evaluation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Offered on the rating page, where the evaluated SKP is known: the RHK the feedback is about (optional).
    result = forms.TypedChoiceField(
        label=_("Tentang RHK"), required=False, coerce=int, empty_value=None, choices=[("", _("— umum —"))]
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", _("— umum —")), *((r.pk, r.text) for r in results)]

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Feedback.Kind.MASUKAN

    def clean_text(self) -> str:
        return _stripped(self, "text", _("Tuliskan umpan balik."))


class DialogueScheduleForm(forms.Form):
    scheduled_for = forms.DateField(
        label=_("Tanggal dialog"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal dialog."), "invalid": _("Tanggal tidak valid.")},
    )
    topic = forms.CharField(label=_("Topik"), max_length=200, error_messages={"required": _("Isi topik dialog.")})
    evaluation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_scheduled_for(self) -> dt.date:
        day = self.cleaned_data["scheduled_for"]
        if day < today():
            raise ValidationError(_("Jadwal dialog kinerja tidak boleh di masa lalu."))
        return day

    def clean_topic(self) -> str:
        return _stripped(self, "topic", _("Isi topik dialog."))


class DialogueHoldForm(forms.Form):
    """The outcome of a scheduled dialogue, once held."""

    held_on = forms.DateField(
        label=_("Tanggal dialog"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal dialog."), "invalid": _("Tanggal tidak valid.")},
    )
    notes = forms.CharField(
        label=_("Catatan"), widget=_text_area(3), error_messages={"required": _("Isi catatan dialog.")}
    )
    follow_up = forms.CharField(label=_("Tindak lanjut"), widget=_text_area(2), required=False)

    def clean_held_on(self) -> dt.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > today():
            raise ValidationError(_("Dialog kinerja yang dicatat tidak boleh bertanggal di masa depan."))
        return held_on

    def clean_notes(self) -> str:
        return _stripped(self, "notes", _("Isi catatan dialog."))


class DialogueForm(forms.Form):
    held_on = forms.DateField(
        label=_("Tanggal dialog"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal dialog."), "invalid": _("Tanggal tidak valid.")},
    )
    topic = forms.CharField(label=_("Topik"), max_length=200, error_messages={"required": _("Isi topik dialog.")})
    notes = forms.CharField(
        label=_("Catatan"), widget=_text_area(3), error_messages={"required": _("Isi catatan dialog.")}
    )
    follow_up = forms.CharField(label=_("Tindak lanjut"), widget=_text_area(2), required=False)
    evaluation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_held_on(self) -> dt.date:

        held_on = self.cleaned_data["held_on"]
        if held_on > today():
            raise ValidationError(_("Dialog kinerja yang dicatat tidak boleh bertanggal di masa depan."))
        return held_on


class ColleagueField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} — {obj.position.title}" if obj.position else obj.full_name


class PeersForm(forms.Form):
    peers = ColleagueField(
        label=_("Rekan kerja yang diminta umpan balik"),
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Pilih rekan kerja dari daftar.")},
    )

    def __init__(self, *args, candidates: QuerySet[Employee], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peers"].queryset = candidates


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PeriodOpenForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit kerja (termasuk unit di bawahnya)"),
        queryset=Unit.objects.none(),
        empty_label=_("— pilih unit —"),
        error_messages={**REQUIRED, "invalid_choice": _("Pilih unit dari daftar unit Anda.")},
    )
    year = forms.IntegerField(
        label=_("Tahun"),
        min_value=2000,
        max_value=2100,
        error_messages={**REQUIRED, "invalid": _("Tahun tidak valid.")},
    )
    kind = forms.ChoiceField(label=_("Jenis periode"), choices=PeriodKind.choices, error_messages=REQUIRED)
    start_date = forms.DateField(
        label=_("Mulai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**REQUIRED, "invalid": _("Tanggal tidak valid.")},
    )
    end_date = forms.DateField(
        label=_("Selesai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**REQUIRED, "invalid": _("Tanggal tidak valid.")},
    )
    peer_deadline = forms.DateField(
        label=_("Batas umpan balik rekan kerja"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**REQUIRED, "invalid": _("Tanggal tidak valid.")},
        help_text=_("Umpan balik yang belum diisi dibatalkan setelah tanggal ini."),
    )

    def __init__(self, *args, units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitPerformanceForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.none(),
        empty_label=_("— pilih unit —"),
        error_messages={**REQUIRED, "invalid_choice": _("Pilih unit dari daftar.")},
    )
    predicate = forms.ChoiceField(
        label=_("Capaian Kinerja Organisasi"),
        choices=[("", _("— pilih predikat —")), *OrgPredicate.choices],
        error_messages={
            "required": _("Pilih Capaian Kinerja Organisasi."),
            "invalid_choice": _("Pilih predikat dari daftar."),
        },
    )

    decree_number = forms.CharField(
        label=_("Nomor penetapan"), max_length=100, error_messages={"required": _("Tuliskan nomor penetapan.")}
    )
    decree_date = forms.DateField(
        label=_("Tanggal penetapan"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Isi tanggal penetapan."), "invalid": _("Tanggal tidak sah.")},
    )

    def __init__(self, *args, units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DesignationForm(forms.Form):
    """The official designated by letter to decide an objection where the chart has no Atasan."""

    official = forms.ModelChoiceField(
        label=_("Akun pejabat yang ditunjuk"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Nama pengguna akun pejabat, misalnya kepala daerah; akun dibuat lebih dahulu oleh administrator."),
        error_messages={"invalid_choice": _("Tidak ada akun aktif dengan nama pengguna itu.")},
    )
    letter = forms.CharField(label=_("Nomor surat penunjukan"), max_length=100)


class _ListFilterForm(forms.Form):
    """Search by name or NIP, a unit with its sub-units, and the overdue flag of an HR list (GET). A bad value is
    reported on its field and that filter alone is left out; the others still apply."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.TypedChoiceField(
        label=_("Unit kerja (dan unit di bawahnya)"), coerce=int, empty_value=None, required=False
    )
    overdue = forms.ChoiceField(
        label=_("Batas waktu"),
        required=False,
        error_messages={"invalid_choice": _("Pilihan batas waktu tidak dikenal; filter ini tidak dipakai.")},
    )
    unit_error = ""  # why a unit outside the list's units is refused
    overdue_label = ""  # the "overdue only" choice

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Semua unit")), *((u.pk, u.name) for u in units)]
        self.fields["unit"].error_messages["invalid_choice"] = self.unit_error
        self.fields["overdue"].choices = [("", _("Semua")), ("1", self.overdue_label)]
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The filters that passed validation (all of them when the form is valid)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "unit": data.get("unit"),
            "overdue": data.get("overdue") == "1",
            **self.extra_filters(data),
        }

    def extra_filters(self, data: dict) -> dict:
        return {}


class PeriodFilterForm(_ListFilterForm):
    """The evaluations listed on HR's period page: search, unit, state and overdue."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *EvaluationStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Status itu tidak dikenal; filter status tidak dipakai.")},
    )
    field_order = ["q", "unit", "status", "overdue"]
    unit_error = _("Unit kerja itu tidak termasuk periode ini; filter unit tidak dipakai.")
    overdue_label = _("Ada langkah terlambat")

    def extra_filters(self, data: dict) -> dict:
        return {"status": data.get("status") or ""}


class SignOffFilterForm(_ListFilterForm):
    """HR's sign-off list: search, unit, overdue and order."""

    sort = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[("", _("Batas waktu")), ("name", _("Nama")), ("unit", _("Unit kerja")), ("period", _("Periode"))],
        required=False,
        error_messages={"invalid_choice": _("Urutan itu tidak dikenal; diurutkan menurut batas waktu.")},
    )
    unit_error = _("Unit kerja itu di luar cakupan Anda; filter unit tidak dipakai.")
    overdue_label = _("Terlambat")

    def extra_filters(self, data: dict) -> dict:
        return {"sort": data.get("sort") or ""}
