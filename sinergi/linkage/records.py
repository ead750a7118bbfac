"""The registry as the engine reads it: every active, not merged person of a kabupaten/kota as one row with the
columns of ``sinergi link`` (:data:`sinergi.linkage.engine.REQUIRED_COLUMNS` and ``sumber``).

``sumber`` is the list the record first came from (the programme of its first programme import, ``DTKS`` for a
DTKS import); a record entered in Sinergi itself, or generated, has none (see :data:`REGISTRY_SOURCE`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Upper

from sinergi.areas.models import subtree_q
from sinergi.imports.models import ImportRow, Kind
from sinergi.registry.codes import PersonStatus
from sinergi.registry.models import Person

CHUNK = 2000
# A record without an import row (entered in Sinergi, or generated) has no list to name. The engine's model
# learnt "same list" as evidence against (a list rarely holds one person twice), and every registry record is
# "in the registry", so naming it would push every pair of such records down (0.995 → 0.52 for a re-registered
# head of family): it is left empty, which the model reads as "unknown" (weight 0).
REGISTRY_SOURCE = ""


def persons_of(regency_code: str):
    """The records a run links: active, not merged away, in a household of the kabupaten/kota."""
    return Person.objects.filter(
        subtree_q("household__desa_id", regency_code), status=PersonStatus.ACTIVE, merged_into__isnull=True
    )


def first_source():
    """The list a person's record first came from, as an annotation (NULL: none)."""
    first = (
        ImportRow.objects.filter(person_id=OuterRef("pk"))
        .order_by("batch_id", "number")
        .annotate(
            label=Case(
                When(batch__kind=Kind.PROGRAM, batch__program__gt="", then=Upper("batch__program")),
                default=Value("DTKS"),
                output_field=CharField(),
            )
        )
    )
    return Subquery(first.values("label")[:1], output_field=CharField())


@dataclass
class Records:
    """The rows, and what the run needs besides: each record's desa, and the records in focus."""

    rows: list[dict[str, str]] = field(default_factory=list)
    desa: dict[int, str] = field(default_factory=dict)
    focus: set[str] = field(default_factory=set)


def read(
    regency_code: str,
    *,
    since: datetime.datetime | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Records:
    """Read the kabupaten/kota in chunks of :data:`CHUNK` (keyset on the id, so each chunk is one indexed query);
    ``on_chunk(rows read so far)`` after each. With ``since``, the records created or changed after it (the
    person, or their household's address) are the focus."""
    records = Records()
    for chunk in _chunks(regency_code):
        for row in chunk:
            pk = row["pk"]
            records.rows.append(
                {
                    "id": str(pk),
                    "nik": row["nik"],
                    "no_kk": row["household__no_kk"],
                    "nama": row["name"],
                    "jenis_kelamin": row["sex"],
                    "tempat_lahir": row["birth_place"],
                    "tanggal_lahir": row["birth_date"].isoformat() if row["birth_date"] else "",
                    "alamat": row["household__address"],
                    "rt": row["household__rt"],
                    "rw": row["household__rw"],
                    "kode_desa": row["household__desa_id"],
                    "sumber": row["source"] or REGISTRY_SOURCE,
                }
            )
            records.desa[pk] = row["household__desa_id"]
            if since is not None and (row["updated_at"] > since or row["household__updated_at"] > since):
                records.focus.add(str(pk))
        if on_chunk is not None:
            on_chunk(len(records.rows))
    return records


def _chunks(regency_code: str) -> Iterator[list[dict]]:
    base = (
        persons_of(regency_code)
        .order_by("pk")
        .annotate(source=first_source())
        .values(
            "pk",
            "nik",
            "name",
            "sex",
            "birth_place",
            "birth_date",
            "updated_at",
            "source",
            "household__no_kk",
            "household__address",
            "household__rt",
            "household__rw",
            "household__desa_id",
            "household__updated_at",
        )
    )
    last = 0
    while True:
        chunk = list(base.filter(Q(pk__gt=last))[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]
