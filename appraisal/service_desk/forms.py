"""Forms of the service desk (loket) and the public survey. They validate input only;
appraisal/service_desk/services.py makes every change."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from appraisal import rules
from appraisal.models import ServiceType

# --- counter -------------------------------------------------------------------------------------


class ServiceTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceType) -> str:
        return f"{obj.name} ({obj.standard_display})"


class RegisterForm(forms.Form):
    """A citizen's file at the counter: the service (of the officer's unit) and, optionally, who brought it."""

    service_type = ServiceTypeChoiceField(
        label=_("Jenis layanan"),
        queryset=ServiceType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Pilih jenis layanan."),
            "invalid_choice": _("Pilih jenis layanan yang diselenggarakan di unit Anda."),
        },
    )
    citizen_name = forms.CharField(label=_("Nama pemohon (opsional)"), max_length=120, required=False)
    citizen_phone = forms.RegexField(
        label=_("Nomor HP pemohon (opsional)"),
        max_length=20,
        required=False,
        regex=r"^\+?[0-9 \-]{6,20}$",
        error_messages={"invalid": _("Nomor HP hanya boleh berisi angka, spasi, tanda + atau -.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, service_types: QuerySet[ServiceType], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types
        self.fields["citizen_name"].widget.attrs["autocomplete"] = "off"


class MoveForm(forms.Form):
    """One step of a file: complete, return for correction, correction received, or reject (with a reason)."""

    ACTIONS = (
        ("complete", _("Selesai")),
        ("return", _("Kembalikan untuk perbaikan")),
        ("resubmit", _("Perbaikan diterima")),
        ("reject", _("Tolak")),
    )
    action = forms.ChoiceField(choices=ACTIONS, error_messages={"invalid_choice": _("Tindakan tidak dikenal.")})
    note = forms.CharField(label=_("Catatan / alasan"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan alasan penolakan."))
        return data


# --- public survey (SKM) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SkmQuestion:
    element: str
    text: Promise
    answers: tuple[Promise, Promise, Promise, Promise]  # scores 1..4


# The questions and answer labels of the sample questionnaire in the annex of PermenPANRB 14/2017,
# in the order of rules.IKM_ELEMENTS (the order of SurveyResponse.scores).
SKM_QUESTIONS: tuple[SkmQuestion, ...] = tuple(
    SkmQuestion(element, text, answers)
    for element, (text, answers) in zip(
        rules.IKM_ELEMENTS,
        (
            (
                _("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
                (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
            ),
            (
                _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
                (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
            ),
            (
                _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
                (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
            ),
            (
                _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
                (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
            ),
            (
                _(
                    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
                    "dalam standar pelayanan dengan hasil yang diberikan?"
                ),
                (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
            ),
            (
                _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
                (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
            ),
            (
                _(
                    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan "
                    "terkait kesopanan dan keramahan?"
                ),
                (
                    _("Tidak sopan dan ramah"),
                    _("Kurang sopan dan ramah"),
                    _("Sopan dan ramah"),
                    _("Sangat sopan dan ramah"),
                ),
            ),
            (
                _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
                (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
            ),
            (
                _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
                (
                    _("Tidak ada"),
                    _("Ada tetapi tidak berfungsi"),
                    _("Berfungsi kurang maksimal"),
                    _("Dikelola dengan baik"),
                ),
            ),
        ),
        strict=True,
    )
)

HONEYPOT_FIELD = "website"


def answer_field(number: int) -> str:
    return f"q{number}"


class SurveyForm(forms.Form):
    """Nine answers 1–4 (one per SKM element), an optional comment, and a honeypot humans never see."""

    comment = forms.CharField(label=_("Saran dan masukan (opsional)"), max_length=2000, required=False)
    website = forms.CharField(required=False)  # honeypot; see HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, len(SKM_QUESTIONS) + 1):
            self.fields[answer_field(number)] = forms.TypedChoiceField(
                choices=[(str(score), str(score)) for score in range(1, 5)],
                coerce=int,
                error_messages={
                    "required": _("Pertanyaan ini belum dijawab."),
                    "invalid_choice": _("Pilih salah satu jawaban."),
                },
            )
        self.fields["comment"].error_messages["max_length"] = _("Saran paling banyak 2000 karakter.")

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def scores(self) -> list[int]:
        return [self.cleaned_data[answer_field(n)] for n in range(1, len(SKM_QUESTIONS) + 1)]

    def rows(self) -> list[dict]:
        """What the template draws for each question: its text, the four answers and which one is chosen."""
        rows = []
        for number, question in enumerate(SKM_QUESTIONS, start=1):
            name = answer_field(number)
            chosen = str(self.data.get(name, "")) if self.is_bound else ""
            rows.append(
                {
                    "number": number,
                    "name": name,
                    "element": question.element,
                    "text": question.text,
                    "answers": [
                        {"value": str(score), "label": label, "checked": chosen == str(score)}
                        for score, label in enumerate(question.answers, start=1)
                    ],
                    "errors": self.errors.get(name) if self.is_bound else None,
                }
            )
        return rows

    def unanswered(self) -> list[int]:
        return [n for n in range(1, len(SKM_QUESTIONS) + 1) if answer_field(n) in self.errors]


class SurveyCodeForm(forms.Form):
    """The short code printed on the receipt (XXXX-XXXX; spaces, dashes and case do not matter)."""

    kode = forms.CharField(
        label=_("Kode survei"),
        max_length=20,
        error_messages={"required": _("Masukkan kode yang tercetak pada tanda terima.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX",
            }
        ),
    )

    def clean_kode(self) -> str:
        code = self.cleaned_data["kode"].upper().replace("-", "").replace(" ", "")
        if len(code) != 8 or not code.isalnum():
            raise forms.ValidationError(_("Kode terdiri dari 8 huruf/angka, misalnya ABCD-2345."))
        return code
