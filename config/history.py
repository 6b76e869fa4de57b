"""django-simple-history's HistoricalRecords for every model of the project, with one fix for speed.

simple-history's `instance.history` descriptor builds a new manager class (Manager.from_queryset, which walks the
queryset class with inspect.getmembers) on every access, and every saved change reads it once to write its history
row: about 0.8 ms per write, a tenth of an autosave on the deadline rush (issue 13). The manager class depends only
on the two classes, so it is built once per pair and reused. Behaviour is otherwise simple-history's own."""

from functools import cache

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as _HistoricalRecords


class _ReusedHistoryManager(HistoryManager):
    @classmethod
    @cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(_HistoricalRecords):
    def __init__(self, *args, history_manager=_ReusedHistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)
