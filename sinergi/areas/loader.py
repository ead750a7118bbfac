"""Loading the vendored idn-area-data CSVs (and centroids) into the Area table, idempotently."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Area, Level

DATA_DIR = Path(__file__).resolve().parent / "data"
AREA_FILES = [
    ("provinces.csv", Level.PROVINCE, None),
    ("regencies.csv", Level.REGENCY, "province_code"),
    ("districts.csv", Level.DISTRICT, "regency_code"),
    ("villages.csv", Level.VILLAGE, "district_code"),
]


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _wanted(code: str, only: list[str] | None) -> bool:
    if not only:
        return True
    # Keep the ancestors of a requested subtree too, so the tree stays connected.
    return any(code == o or code.startswith(o + ".") or o.startswith(code + ".") for o in only)


def read_areas(only: list[str] | None = None) -> Iterator[Area]:
    centroids = _read_centroids()
    for filename, level, parent_column in AREA_FILES:
        with open(DATA_DIR / "idn-area-data" / filename, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["code"]
                if not _wanted(code, only):
                    continue
                lat, lng = centroids.get(code, (None, None))
                yield Area(
                    code=code,
                    level=level,
                    name=row["name"].strip(),
                    parent_id=row[parent_column] if parent_column else None,
                    lat=lat,
                    lng=lng,
                )


def _read_centroids() -> dict[str, tuple[float, float]]:
    path = DATA_DIR / "centroids.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["kode"]: (float(r["lat"]), float(r["lng"])) for r in csv.DictReader(fh)}


@transaction.atomic
def load_areas(only: list[str] | None = None, batch_size: int = 5000) -> LoadResult:
    """Insert new areas, update renamed ones, leave the rest alone; refuse (changing nothing) when a code in
    ``only`` is not in the data. Parents come before children because the
    files are read from province down, so each batch's foreign keys already exist."""
    existing = {
        code: (level, name, parent, lat, lng)
        for code, level, name, parent, lat, lng in Area.objects.values_list(
            "code", "level", "name", "parent_id", "lat", "lng"
        ).iterator(chunk_size=20000)
    }
    only = [c.strip() for c in only if c.strip()] if only else None
    created = updated = unchanged = 0
    to_create: list[Area] = []
    to_update: list[Area] = []
    read: set[str] = set()
    for area in read_areas(only):
        read.add(area.code)
        current = existing.get(area.code)
        if current is None:
            to_create.append(area)
            created += 1
        elif current != (area.level, area.name, area.parent_id, area.lat, area.lng):
            to_update.append(area)
            updated += 1
        else:
            unchanged += 1
        if len(to_create) >= batch_size:
            Area.objects.bulk_create(to_create, batch_size=batch_size)
            to_create.clear()
    unknown = [c for c in only or [] if c not in read]
    if unknown:
        # Raised inside the transaction: whatever this call already wrote is rolled back.
        raise ValueError(f"Kode wilayah tidak dikenal: {', '.join(unknown)}")
    Area.objects.bulk_create(to_create, batch_size=batch_size)
    Area.objects.bulk_update(to_update, ["level", "name", "parent", "lat", "lng"], batch_size=batch_size)
    return LoadResult(created=created, updated=updated, unchanged=unchanged)
