"""Inserting many rows fast: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as an array for ``UNNEST``; psycopg quotes text
arrays element by element in Python, which made an import spend more time escaping strings than PostgreSQL
spent storing them. COPY streams rows in psycopg's C code instead. Primary keys are taken from the table's
sequence first, so callers get ids back exactly as with ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

# Field types whose Python value psycopg adapts exactly as Django would prepare it: read the attribute as is
# (Django's per-field preparation cost more than the COPY itself).
_PLAIN = (
    models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.BigIntegerField,
    models.PositiveIntegerField, models.DateField, models.DecimalField, models.GenericIPAddressField,
    models.ForeignKey, models.DateTimeField,
)


def _value_getter(field: models.Field, connection, now) -> Callable[[models.Model], Any]:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: getattr(obj, field.attname) or now  # one timestamp for the whole insert
    if isinstance(field, _PLAIN):  # aware datetimes too: psycopg sends them with their time zone
        return attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def insert(model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 1000) -> None:
    """Insert ``objs`` (new instances without pk) and set their primary keys."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model.objects.using(alias).bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    table = meta.db_table
    fields = [f for f in meta.concrete_fields if f is not pk]
    now = timezone.now()
    values = [_value_getter(f, connection, now) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *fields])
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj, new_id in zip(objs, ids, strict=True):
                setattr(obj, pk.attname, new_id)
                copy.write_row([new_id, *(get(obj) for get in values)])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
