"""Inserting many rows at once for the period-opening job.

On PostgreSQL, rows go in through COPY with their ids taken from the table's sequence beforehand: no model
instance per row, no SQL text per value (Django's bulk_create spends most of its time there at city scale).
Elsewhere (SQLite for development and tests) Django's bulk_create does the same work. Either way every field
not given takes the default its model declares, exactly as a model instance would; tests/workflows/
test_period_opening.py compares the rows with those viewflow's own start leaves, on both databases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields.related import ForeignKey
from django.utils import timezone

# Field types whose Python value COPY (psycopg) writes as is; others go through the field's get_db_prep_save.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.DateField,  # DateTimeField included
    models.DecimalField,
    ForeignKey,
)


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` ({attname: value}) into `model`'s own table; returns the primary keys in row order."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    if model._meta.parents:  # a multi-table child: Django's bulk_create refuses it; its own columns are plain ints
        fields = [f for f in model._meta.local_concrete_fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
                [[row[f.attname] for f in fields] for row in rows],
            )
        return [row[model._meta.pk.attname] for row in rows]
    created = model._default_manager.bulk_create([model(**row) for row in rows])
    return [obj.pk for obj in created]


def _stamped(field: models.Field) -> bool:
    """auto_now / auto_now_add: a model instance stamps these in pre_save."""
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _copy(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    meta = model._meta
    fields = list(meta.local_concrete_fields)
    pk = meta.pk
    given = set(rows[0])
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if pk.attname in given:
            ids = [row[pk.attname] for row in rows]
        else:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
        now = timezone.now()
        defaults = {
            f.attname: f.get_db_prep_save(now if _stamped(f) else f.get_default(), connection)
            for f in fields
            if f.attname not in given and f is not pk
        }
        # Django's own simple fields only: a third-party subclass (viewflow's references) converts its value.
        plain = {f.attname for f in fields if isinstance(f, _PLAIN) and type(f).__module__.startswith("django.")}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        # One recipe per column, decided once: the id, a given value (as is, or converted), or the default.
        recipe = []
        for f in fields:
            if f is pk:
                recipe.append((0, None))
            elif f.attname in given:
                recipe.append((1 if f.attname in plain else 2, f))
            else:
                recipe.append((3, defaults[f.attname]))
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [
                        pk_value
                        if how == 0
                        else row[arg.attname]
                        if how == 1
                        else arg.get_db_prep_save(row[arg.attname], connection)
                        if how == 2
                        else arg
                        for how, arg in recipe
                    ]
                )
    return ids
