"""Who works in a desa: workers with the desa itself, or its whole kecamatan, among their work areas, whose
status is active and whose SK covers the day. A kecamatan's code is the desa's code minus its last segment,
so both lookups are one ``IN`` on the work area's code, without walking the area tree."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from sinergi.areas.models import Area, Level, level_of

from .models import PillarType, PillarWorker, WorkArea, WorkerStatus, sk_covers


def _desa_code(desa: Area | str) -> str:
    code = desa.code if isinstance(desa, Area) else desa
    if level_of(code) != Level.VILLAGE:
        raise ValueError(f"not a desa/kelurahan code: {code!r}")
    return code


def kecamatan_of(desa_code: str) -> str:
    return desa_code.rsplit(".", 1)[0]


def _types(types: Iterable[str] | None) -> list[str] | None:
    if types is None:
        return None
    # A bare string is an iterable of characters; one type passed alone is the likely intent.
    chosen = [types] if isinstance(types, str) else list(types)
    unknown = set(chosen) - set(PillarType.values)
    if unknown:
        raise ValueError(f"unknown pillar types: {sorted(unknown)}")
    return chosen


def workers_covering(desa: Area | str, *, types: Iterable[str] | None = None,
                     on: datetime.date | None = None) -> QuerySet[PillarWorker]:
    """Active workers covering the desa on ``on`` (default today), ordered by type then name. Each carries
    ``via_desa``: True when the desa itself is among their work areas, False when only its kecamatan is."""
    code = _desa_code(desa)
    on = on or timezone.localdate()
    workers = PillarWorker.objects.active_on(on).filter(
        pk__in=WorkArea.objects.filter(area_id__in=[code, kecamatan_of(code)]).values("worker_id")
    )
    chosen = _types(types)
    if chosen is not None:
        workers = workers.filter(pillar_type__in=chosen)
    return workers.annotate(
        via_desa=Exists(WorkArea.objects.filter(worker=OuterRef("pk"), area_id=code))
    ).order_by("pillar_type", "name", "pk")


def coverage_of(desa_codes: Iterable[str], *, types: Iterable[str] | None = None,
                on: datetime.date | None = None) -> dict[str, list[PillarWorker]]:
    """{desa code: covering workers (type, name order)} for many desa in one query, for listing pages. Every
    requested code is a key, with an empty list when nobody covers it."""
    codes = sorted({_desa_code(c) for c in desa_codes})
    result: dict[str, list[PillarWorker]] = {c: [] for c in codes}
    if not codes:
        return result
    by_kecamatan: dict[str, list[str]] = {}
    for code in codes:
        by_kecamatan.setdefault(kecamatan_of(code), []).append(code)
    on = on or timezone.localdate()
    rows = (
        WorkArea.objects.filter(area_id__in=[*codes, *by_kecamatan], worker__status=WorkerStatus.ACTIVE)
        .filter(sk_covers(on, prefix="worker__"))
        .select_related("worker")
    )
    chosen = _types(types)
    if chosen is not None:
        rows = rows.filter(worker__pillar_type__in=chosen)
    seen: dict[str, set[int]] = {c: set() for c in codes}
    for row in rows:
        targets = by_kecamatan.get(row.area_id) or ([row.area_id] if row.area_id in result else [])
        for code in targets:
            # A worker listed for both the desa and its kecamatan is still one worker there.
            if row.worker_id not in seen[code]:
                seen[code].add(row.worker_id)
                result[code].append(row.worker)
    for workers in result.values():
        workers.sort(key=lambda w: (w.pillar_type, w.name, w.pk))
    return result
