"""The welfare recompute as a background task: a thin wrapper around :func:`welfare.run_recompute`, which claims
the queued job once, so a task delivered twice does nothing the second time."""

from __future__ import annotations

from django_tasks import task

from . import welfare


@task()
def recompute_welfare_task(actor_id: int | None = None, model_id: int | None = None) -> str:
    return welfare.run_recompute(actor_id=actor_id, model_id=model_id)
