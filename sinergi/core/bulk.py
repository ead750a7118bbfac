"""Inserting many rows fast: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as an array for ``UNNEST``; psycopg quotes text
arrays element by element in Python, which made an import spend more time escaping strings than PostgreSQL
spent storing them. COPY in its text format instead, each row formatted here in one pass (psycopg's own
``write_row`` adapts value by value in Python). Primary keys are taken from the table's
sequence first, so callers get ids back exactly as with ``bulk_create``.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import gc
import ipaddress
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any

from django.db import connections, models, router
from django.db.models.base import ModelState
from django.utils import timezone

# Field types whose Python value :func:`_copy_text` writes exactly as Django would prepare it: read the attribute
# as is (Django's per-field preparation cost more than the COPY itself).
_PLAIN = (
    models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.BigIntegerField,
    models.PositiveIntegerField, models.DateField, models.DecimalField, models.GenericIPAddressField,
    models.ForeignKey, models.DateTimeField,
)


def _value_getter(field: models.Field, connection, now) -> Callable[[models.Model], Any]:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: getattr(obj, field.attname) or now  # one timestamp for the whole insert
    if isinstance(field, _PLAIN):  # aware datetimes too: COPY reads them with their time zone
        return attrgetter(field.attname)
    if isinstance(field, models.JSONField):  # as text, as Django's JSONField writes it
        encode = json.JSONEncoder(cls=field.encoder).encode if field.encoder else _json_text
        return lambda obj: encode(getattr(obj, field.attname))
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
        for obj, new_id in zip(objs, ids, strict=True):
            setattr(obj, pk.attname, new_id)
        _copy(cursor, f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN",
              (str(obj.pk) + "\t" + _copy_line([get(obj) for get in values]) for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


_json_text = json.JSONEncoder().encode

# COPY's text format: backslash, tab, newline and carriage return are escaped; NULL is \N.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_BLOCK = 1 << 20


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):  # choices' members too: their text is their value
        return str.translate(value, _COPY_ESCAPES)
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    raise TypeError(f"bulk: no COPY text for {type(value).__name__}")


def _copy_line(values: Sequence[Any]) -> str:
    # Plain text is most values: escaped inline, without a call per value.
    return "\t".join([v.translate(_COPY_ESCAPES) if v.__class__ is str else _copy_text(v) for v in values]) + "\n"


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain tuples (values in ``columns`` order, JSON already serialised to text) without building
    model instances; returns the number of rows. For writers of many rows whose ids nobody needs back (staged
    import rows, audit entries): a model instance costs more to build than its row costs to store.
    """
    alias = router.db_for_write(model)
    connection = connections[alias]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(columns))
            batch: list[Sequence[Any]] = []
            ops = connection.ops
            for row in rows:
                # Dates as Django writes them on this backend (SQLite stores text: one format, or ordering breaks).
                batch.append([ops.adapt_datetimefield_value(v) if isinstance(v, datetime.datetime) else
                              ops.adapt_datefield_value(v) if isinstance(v, datetime.date) else v for v in row])
                if len(batch) >= 1000:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                count += len(batch)
            return count
        return _copy(cursor, f"COPY {table} ({names}) FROM STDIN", (_copy_line(row) for row in rows))


def _copy(cursor, statement: str, lines: Iterable[str]) -> int:
    """Stream COPY text lines in blocks of about :data:`COPY_BLOCK` characters; returns the number of lines."""
    count = size = 0
    block: list[str] = []
    with cursor.copy(statement) as copy:
        for line in lines:
            block.append(line)
            size += len(line)
            count += 1
            if size >= COPY_BLOCK:
                copy.write("".join(block))
                block, size = [], 0
        if block:
            copy.write("".join(block))
    return count


_PROTOTYPES: dict[type[models.Model], tuple[dict[str, Any], frozenset[str]]] = {}


def new_instance(model: type[models.Model], **values: Any) -> models.Model:
    """A new unsaved instance: the field defaults of a prototype built once, then ``values`` (attribute names:
    ``desa_id``, not ``desa``). About ten times cheaper than ``model(**values)``, which walks every field; for
    writers that create hundreds of thousands of rows. Refuses models whose defaults are callables (a
    prototype would share one generated value) and unknown names.
    """
    prototype = _PROTOTYPES.get(model)
    if prototype is None:
        fields = model._meta.concrete_fields
        if any(f.has_default() and callable(f.default) for f in fields):
            raise TypeError(f"bulk.new_instance: {model.__name__} has a callable default")
        defaults = {k: v for k, v in model().__dict__.items() if k != "_state"}
        prototype = _PROTOTYPES[model] = (defaults, frozenset(f.attname for f in fields))
    defaults, names = prototype
    if not values.keys() <= names:
        raise TypeError(f"bulk.new_instance: {sorted(values.keys() - names)} are not fields of {model.__name__}")
    obj = model.__new__(model)
    obj.__dict__.update(defaults)
    obj.__dict__.update(values)
    obj._state = ModelState()
    return obj


@contextlib.contextmanager
def fewer_gc_pauses(first_generation: int = 50_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a bulk writer builds many small dicts and tuples.

    With the default threshold (700 allocations) it ran thousands of times per chunk of rows and walked ever
    larger generations: 30 % of an import's time (bench/import.py, 30k rows). Rows are freed by reference
    counting anyway; the collector still runs, less often, and the old thresholds come back afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(first_generation, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)
