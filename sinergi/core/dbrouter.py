"""The ``jobs`` database alias: where background-job progress is written (see :mod:`sinergi.core.jobs`).

Imported by the settings module, so it must not import models.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

JOBS_DB = "jobs"


def jobs_database(default: dict[str, Any], var_dir: Path) -> dict[str, Any]:
    """Settings for the ``jobs`` alias, derived from the default database's settings."""
    jobs = copy.deepcopy(default)
    if default["ENGINE"] == "django.db.backends.sqlite3":
        name = str(default["NAME"])
        jobs["NAME"] = str(Path(name).with_name(Path(name).stem + "-jobs.sqlite3")) if name != ":memory:" else name
        jobs["TEST"] = {**jobs.get("TEST", {}), "NAME": None}
    return jobs


def shares_default_database(databases: dict[str, dict[str, Any]]) -> bool:
    """Only SQLite gets a separate jobs file (see :func:`jobs_database`); elsewhere it is the same database.

    Decided by engine rather than by comparing names: while a test database is being created, the default
    alias already carries the test name and the jobs alias does not yet.
    """
    jobs = databases.get(JOBS_DB, databases["default"])
    return jobs["ENGINE"] != "django.db.backends.sqlite3" or jobs.get("NAME") == databases["default"].get("NAME")


class JobsRouter:
    """JobProgress lives on the ``jobs`` alias; everything else on ``default``."""

    def _is_progress(self, model) -> bool:
        return model._meta.app_label == "core" and model._meta.model_name == "jobprogress"

    def db_for_read(self, model, **hints):
        return JOBS_DB if self._is_progress(model) else None

    def db_for_write(self, model, **hints):
        return JOBS_DB if self._is_progress(model) else None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        from django.conf import settings

        progress = app_label == "core" and model_name == "jobprogress"
        if shares_default_database(settings.DATABASES):
            # One physical database: migrate everything once, through ``default``.
            return db == "default"
        if progress:
            return db == JOBS_DB
        if db == JOBS_DB:
            # The jobs file holds only the progress table (and Django's migration bookkeeping).
            return False
        return None


