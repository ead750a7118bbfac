"""Writing audit entries. Domain operations call ``record`` inside their transaction, so an entry exists exactly
when the change it describes was committed."""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .context import current_ip
from .models import Action, AuditEntry

# Values stored as they are: checked by exact type first, because the importer diffs millions of them.
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for fields whose value changed."""
    changed = {}
    for field, value in after.items():
        new, old = _plain(value), _plain(before.get(field))
        if old != new:
            changed[field] = [old, new]
    return changed


def user_or_none(actor):
    """The actor as a foreign-key value: the system (None) and anonymous users leave it empty."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _entry_fields(
    *,
    actor,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    household_id: int | None = None,
    area_code: str = "",
    changes: Mapping[str, Any] | None = None,
    source: str = "web",
) -> dict[str, Any]:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
    user = user_or_none(actor)
    return {
        "actor": user,
        "actor_label": user.get_username() if user is not None else "",
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": object_label,
        "household_id": household_id,
        "area_code": area_code,
        "changes": {k: _plain(v) for k, v in (changes or {}).items()},
        "source": source,
        "ip": current_ip.get(),
    }


def entry(**kwargs: Any) -> AuditEntry:
    """An unsaved entry (keyword arguments: see :func:`_entry_fields`)."""
    return AuditEntry(**_entry_fields(**kwargs))


# The columns of :func:`entry_row`, for ``sinergi.core.bulk.insert_rows``.
ENTRY_COLUMNS = ("created_at", "actor", "actor_label", "action", "object_type", "object_id", "object_label",
                 "household_id", "area_code", "changes", "source", "ip")
_dumps = json.JSONEncoder().encode


def entry_row(now: datetime.datetime, **kwargs: Any) -> tuple:
    """The same entry as :func:`entry`, as a plain row: bulk writers (the importer) collect these and insert
    them together without building a model instance per entry."""
    fields = _entry_fields(**kwargs)
    user = fields["actor"]
    return (now, user.pk if user is not None else None, fields["actor_label"], fields["action"],
            fields["object_type"], fields["object_id"], fields["object_label"], fields["household_id"],
            fields["area_code"], _dumps(fields["changes"]), fields["source"], fields["ip"])


def record(**kwargs: Any) -> AuditEntry:
    """Write one entry (inside the caller's transaction). Same keyword arguments as :func:`entry`."""
    created = entry(**kwargs)
    created.save()
    return created


def record_many_views(*, actor, object_type: str, ids: Iterable[Any], action=Action.VIEW, source="web", **extra):
    """One entry for a batch read (an export, an API list): which records, not one row per record."""
    ids = [str(i) for i in ids]
    return record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=f"{len(ids)} rows",
        changes={"ids": ids, **extra},
        source=source,
    )
