"""Helpers for import tests: run the whole pipeline in the test's thread (the worker's job, without a worker)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files import File

from sinergi.areas.models import Area
from sinergi.imports import pipeline
from sinergi.imports.models import ImportBatch, Status

# Every test that imports touches the jobs database too (progress rows).
DATABASES = ["default", "jobs"]
TODAY = date(2026, 11, 25)


def receive(path: Path, *, kind: str = "dtks", regency: str = "11.06", program: str = "", cycle: str = "",
            actor=None, name: str | None = None) -> ImportBatch:
    with open(path, "rb") as fh:
        return pipeline.receive_file(actor=actor, content=File(fh), original_name=name or path.name, kind=kind,
                                     regency=Area.objects.get(code=regency), program=program, cycle=cycle)


def check(batch: ImportBatch, *, mapping: dict[str, str] | None = None, actor=None, sheet: str = "",
          header_row: int | None = None) -> ImportBatch:
    if mapping is not None or sheet or header_row:
        full = dict(batch.mapping)
        full.update(mapping or {})
        batch = pipeline.set_mapping(actor=actor, batch=batch, mapping=full, sheet=sheet, header_row=header_row)
    pipeline.start_check(actor=actor, batch=batch, enqueue=False)
    return pipeline.run_check(batch.pk, today=TODAY)


def commit(batch: ImportBatch, *, actor=None) -> ImportBatch:
    assert batch.status == Status.CHECKED, (batch.status, batch.error)
    pipeline.start_commit(actor=actor, batch=batch, enqueue=False)
    return pipeline.run_commit(batch.pk)


def import_file(path: Path, *, commit_it: bool = True, mapping: dict[str, str] | None = None, **kwargs) -> ImportBatch:
    """Receive, check and (by default) commit; returns the batch in its final state."""
    actor = kwargs.get("actor")
    batch = receive(path, **kwargs)
    assert batch.status != Status.UNREADABLE, batch.error
    batch = check(batch, mapping=mapping, actor=actor)
    if commit_it:
        batch = commit(batch, actor=actor)
    return batch


def row_outcomes(batch: ImportBatch) -> dict[int, str]:
    return dict(batch.rows.values_list("number", "outcome"))


def row_problems(batch: ImportBatch) -> dict[int, list[str]]:
    return {r.number: [p["message"] for p in r.problems] for r in batch.rows.filter(outcome="rejected")}
