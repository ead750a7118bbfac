"""Progress and cancellation of background jobs, readable while the job's own work is still uncommitted.

A job that writes in one transaction (an import's commit must leave the registry untouched if it fails or is
cancelled) cannot report progress through that transaction: nobody else would see it before the end. So
progress lives in :class:`JobProgress`, which the router sends to its own database alias, ``jobs``:

* PostgreSQL: the same database, but a separate connection (Django keeps one per alias), in autocommit.
* SQLite: a separate file next to the main one, because SQLite allows one writer per file and the job holds
  the main file's write lock for the whole commit.

The worker calls :meth:`Progress.advance` between chunks; a cancel request from the web is seen there and
raises :class:`Cancelled`, which rolls the job's transaction back.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import JobProgress


class Cancelled(Exception):
    """Raised inside a job when a user asked to cancel it."""



class Progress:
    """A job's handle on its progress row. ``every`` rows between writes keeps the overhead negligible."""

    def __init__(self, key: str, *, phase: str, total: int = 0) -> None:
        self.key = key
        JobProgress.objects.update_or_create(
            key=key, defaults={"phase": phase, "done": 0, "total": total, "updated_at": timezone.now()}
        )

    def advance(self, done: int, *, total: int | None = None, phase: str | None = None) -> None:
        """Record progress, then raise :class:`Cancelled` if a cancel was requested."""
        fields: dict[str, Any] = {"done": done, "updated_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if phase is not None:
            fields["phase"] = phase
        JobProgress.objects.filter(key=self.key).update(**fields)
        if JobProgress.objects.filter(key=self.key, cancel_requested=True).exists():
            raise Cancelled(self.key)


def request_cancel(key: str) -> bool:
    return bool(JobProgress.objects.filter(key=key).update(cancel_requested=True))


def clear_cancel(key: str) -> None:
    JobProgress.objects.filter(key=key).update(cancel_requested=False)


def progress_of(key: str) -> JobProgress | None:
    return JobProgress.objects.filter(key=key).first()
