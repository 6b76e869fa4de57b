"""django-simple-history records turned into what a person reads: when, who, what changed from → to.

The one formatter of history values: every field by its Indonesian label, choices by their labels, dates and times
in WITA ("30 September 2026 10.15 WITA"), numbers the reader's way ("85,56"), JSON summarised in words, long texts
shortened on a whole word. Tested table-driven in tests/appraisal/test_history_format.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignKey, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from appraisal import formatting

HISTORY_LIMIT = 20
TEXT_WORDS = 40  # a changed text longer than this is shortened after a whole word, with "…"
SUBJECT_WORDS = 14  # the object a history line is about, in a few words
SUMMARY_FIELDS = 8  # values listed for an object created or deleted

KIND_LABELS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}

# Fields declared without a verbose_name (their default would be English, "self assessed at"). Adding one to the
# model is a migration; until then the label lives here, keyed by field name.
FIELD_LABELS = {
    "email": _("e-mail"),
    "status": _("status"),
    "origin": _("RHK versi sebelumnya"),
    "position": _("jabatan"),
    "unit": _("unit kerja"),
    "appraiser_position_title": _("jabatan pejabat penilai kinerja"),
    "senior_appraiser_position_title": _("jabatan atasan pejabat penilai kinerja"),
    "self_assessed_at": _("penilaian mandiri diajukan"),
    "evaluation": _("evaluasi"),
    "realization": _("realisasi"),
    "content_type": _("jenis berkas"),
    "size": _("ukuran berkas"),
    "uploaded_at": _("diunggah"),
    "uploaded_by": _("diunggah oleh"),
    "updated_at": _("diperbarui"),
}

# Technical fields nobody reads in a history: keys, hashes, stored file paths of generated documents.
HIDDEN_FIELDS = {"id", "salt", "document", "document_sha256", "verification_code"}

# Integers that are names, not quantities: a year is "2026", never "2.026".
PLAIN_INTEGERS = {"year", "version", "order", "number"}

# Keys of the public-service summary (Evaluation.public_service), in words.
JSON_KEY_LABELS = {
    "handled": _("berkas ditangani"),
    "completed": _("berkas selesai"),
    "within_standard_pct": _("selesai sesuai standar (%)"),
    "median_working_days": _("median hari kerja"),
    "returned_pct": _("dikembalikan untuk perbaikan (%)"),
    "survey_responses": _("tanggapan survei"),
    "ikm": _("IKM"),
    "ikm_quality": _("mutu pelayanan"),
    "start": _("mulai"),
    "end": _("sampai"),
}
JSON_SKIPPED_KEYS = {"available", "ikm_minimum"}


@dataclass
class FieldChange:
    label: str
    old: str | None  # None: the object was created, there is no "before"
    new: str | None  # None: the object was deleted, there is no "after"


@dataclass
class HistoryEntry:
    record: Any
    kind: str
    who: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def when(self) -> dt.datetime:
        return self.record.history_date


def history_entries(records: QuerySet, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest `limit` records, newest first, each diffed against the previous version of the same object.

    One query for the records (plus one per related model named in a foreign key shown), whatever the length of
    the history: one record beyond the limit is fetched so the oldest shown can still be diffed. A save that
    changed nothing a person reads (only a timestamp) is left out: no entry without detail.
    """
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    shown = []  # (record, [(field, old, new)])
    for i, record in enumerate(rows[:limit]):
        if record.history_type == "~":
            previous = next((r for r in rows[i + 1 :] if r.id == record.id), None)
            if previous is None:  # its previous version lies beyond the window: nothing to compare with
                continue
            delta = record.diff_against(previous)
            pairs = [
                (record._meta.get_field(c.field), c.old, c.new)
                for c in delta.changes
                if shown_field(record._meta.get_field(c.field))
            ]
        else:
            pairs = [(f, None, f.value_from_object(record)) for f in summary_fields(record)]
            if record.history_type == "-":
                pairs = [(f, new, None) for f, _old, new in pairs]
        if record.history_type == "~" and not pairs:
            continue
        shown.append((record, pairs))

    # Foreign keys come back as raw ids; name them in one query per related model.
    wanted: dict[Any, set] = defaultdict(set)
    for _record, pairs in shown:
        for f, old, new in pairs:
            if isinstance(f, ForeignKey):
                wanted[f.related_model].update(v for v in (old, new) if v is not None)
    names = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    entries = []
    for record, pairs in shown:
        changes = [
            FieldChange(
                label=field_label(f),
                old=None if old is None and record.history_type == "+" else display_value(f, old, names),
                new=None if new is None and record.history_type == "-" else display_value(f, new, names),
            )
            for f, old, new in pairs
        ]
        user = record.history_user
        who = (user.get_full_name() or user.get_username()) if user is not None else str(_("sistem"))
        entries.append(HistoryEntry(record, str(KIND_LABELS.get(record.history_type, "")), who, changes))
    return entries


def shown_field(f) -> bool:
    """Whether a change of this field is worth a line: not a key, a hash or a timestamp the save itself sets."""
    if f.name in HIDDEN_FIELDS or f.name.startswith("history_"):
        return False
    return not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)


def summary_fields(record) -> list:
    """The fields with a value that describe an object when it was created (or deleted), at most SUMMARY_FIELDS."""
    out = []
    for model_field in record.instance_type._meta.concrete_fields:
        if not shown_field(model_field) or model_field.primary_key:
            continue
        try:
            f = record._meta.get_field(model_field.name)
        except FieldDoesNotExist:  # kept out of history on purpose (a citizen's name and phone)
            continue
        value = f.value_from_object(record)
        if value in (None, "", {}, []) or (isinstance(f, models.BooleanField) and not value):
            continue
        out.append(f)
        if len(out) == SUMMARY_FIELDS:
            break
    return out


def field_label(f) -> str:
    """The field's Indonesian label: its verbose_name, or FIELD_LABELS where the model declares none."""
    declared = str(f.verbose_name)
    if declared == f.name.replace("_", " ") and f.name in FIELD_LABELS:
        return str(FIELD_LABELS[f.name])
    return declared


def display_value(f, value, names: dict | None = None) -> str:
    """A stored value as a person reads it (see the module docstring)."""
    if value is None or value == "" or value == {} or value == []:
        return formatting.EMPTY
    if isinstance(f, ForeignKey):
        obj = (names or {}).get(f.related_model, {}).get(value)
        return short_text(str(obj)) if obj is not None else str(_("(sudah dihapus)"))
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(f, models.JSONField):
        return summarise_json(value)
    if isinstance(value, dt.datetime):
        return formatting.datetime_text(value)
    if isinstance(value, dt.date):
        return formatting.date_text(value)
    if isinstance(value, (Decimal, float)):
        return formatting.number(value)
    if isinstance(value, int):
        if f.name == "size":
            return str(filesizeformat(value))
        return str(value) if f.name in PLAIN_INTEGERS else formatting.number(value)
    if isinstance(f, models.FileField) or hasattr(value, "name"):
        name = getattr(value, "name", value) or ""
        return name.rsplit("/", 1)[-1] or formatting.EMPTY
    return short_text(str(value))


def summarise_json(value) -> str:
    """A JSON value in words: the public-service summary by its labels, a list by its items, never a raw dict."""
    if isinstance(value, dict):
        if value.get("available") is False:
            return str(_("belum ada data"))
        parts = []
        for key, item in value.items():
            if key in JSON_SKIPPED_KEYS or item in (None, ""):
                continue
            label = str(JSON_KEY_LABELS.get(key, key.replace("_", " ")))
            if key in ("start", "end"):
                try:
                    parts.append(f"{label} {formatting.date_text(dt.date.fromisoformat(str(item)))}")
                    continue
                except ValueError:
                    pass
            parts.append(
                f"{label} {summarise_json(item) if isinstance(item, (dict, list)) else formatting.figure(item)}"
            )
        return "; ".join(parts) or formatting.EMPTY
    if isinstance(value, list):
        return ", ".join(formatting.figure(v) if not isinstance(v, (dict, list)) else summarise_json(v) for v in value)
    return formatting.figure(value)


def short_text(text: str, words: int = TEXT_WORDS) -> str:
    """At most `words` words, cut after a whole word with "…" (never in the middle of a name)."""
    return Truncator(text).words(words, truncate="…")
