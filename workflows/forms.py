"""The inbox's search, filters and order (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("", _("Semua tugas")),
    ("skp", _("SKP")),
    ("self", _("Penilaian mandiri")),
    ("peer", _("Umpan balik rekan kerja")),
    ("rate", _("Penilaian oleh pejabat penilai kinerja")),
    ("acknowledge", _("Tanggapan atas hasil")),
    ("objection", _("Keberatan")),
    ("sign_off", _("Pengesahan")),
]


class InboxFilterForm(forms.Form):
    """A bad value is reported on its field and that filter alone is left out; the others still apply."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis tugas"),
        choices=KIND_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Jenis tugas itu tidak dikenal; filter ini tidak dipakai.")},
    )
    overdue = forms.ChoiceField(
        label=_("Batas waktu"),
        choices=[("", _("Semua")), ("1", _("Terlambat"))],
        required=False,
        error_messages={"invalid_choice": _("Pilihan batas waktu tidak dikenal; filter ini tidak dipakai.")},
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[("", _("Terlama dibuat")), ("due", _("Batas waktu"))],
        required=False,
        error_messages={"invalid_choice": _("Urutan itu tidak dikenal; diurutkan menurut waktu dibuat.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "search": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "overdue": data.get("overdue") == "1",
            "sort": data.get("sort") or "",
        }
