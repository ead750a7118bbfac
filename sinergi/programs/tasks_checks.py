"""The background task behind "Jalankan pemeriksaan": a thin wrapper that looks the run up again and calls
:func:`sinergi.programs.checks.run_checks`.

Idempotent: only a run still marked running is executed, so a task delivered twice does nothing the second
time, and a run cancelled before the worker picked it up is left alone.
"""

from __future__ import annotations

from django_tasks import task

from . import checks
from .models import CheckRun


@task()
def run_targeting_checks(run_id: int) -> str:
    run = CheckRun.objects.select_related("regency", "started_by").filter(pk=run_id).first()
    if run is None or run.status != checks.RUN_RUNNING:
        return run.status if run is not None else "missing"
    return checks.run_checks(actor=run.started_by, regency=run.regency, run=run).status
