"""django-simple-history records turned into what a person reads: when, who, what changed from → to."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignKey, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

HISTORY_LIMIT = 20

KIND_LABELS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


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

    One query for the records (plus one per related model named in a changed foreign key), whatever the
    length of the history: one record beyond the limit is fetched so the oldest shown can still be diffed.
    """
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    deltas = []
    for i, record in enumerate(rows[:limit]):
        previous = next((r for r in rows[i + 1 :] if r.id == record.id), None)
        delta = record.diff_against(previous) if record.history_type == "~" and previous is not None else None
        deltas.append((record, delta))

    # Foreign keys come back as raw ids; name them in one query per related model.
    wanted: dict[Any, set] = defaultdict(set)
    for record, delta in deltas:
        for change in delta.changes if delta else ():
            f = record._meta.get_field(change.field)
            if isinstance(f, ForeignKey):
                wanted[f.related_model].update(v for v in (change.old, change.new) if v is not None)
    names = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    entries = []
    for record, delta in deltas:
        changes = []
        for change in delta.changes if delta else ():
            f = record._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    label=str(f.verbose_name),
                    old=_display(f, change.old, names),
                    new=_display(f, change.new, names),
                )
            )
        user = record.history_user
        who = (user.get_full_name() or user.get_username()) if user is not None else str(_("sistem"))
        entries.append(HistoryEntry(record, str(KIND_LABELS.get(record.history_type, "")), who, changes))
    return entries


def _display(f, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(f, ForeignKey):
        obj = names.get(f.related_model, {}).get(value)
        return str(obj) if obj is not None else f"#{value} ({_('terhapus')})"
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    return str(value)
