"""The background task behind "Jalankan pencocokan": a thin wrapper that looks the run up again and calls
:func:`sinergi.linkage.operations.execute_run`.

Idempotent: only a queued run is executed (the operation claims it atomically), so a task delivered twice does
nothing the second time, and a run cancelled before the worker picked it up is left alone.
"""

from __future__ import annotations

from django_tasks import task

from . import operations
from .models import LinkRun


@task()
def run_link(run_id: int) -> str:
    run = LinkRun.objects.filter(pk=run_id).first()
    if run is None:
        return "missing"
    return operations.execute_run(run).state
