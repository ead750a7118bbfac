"""Background tasks: thin wrappers that look the batch up again and call the domain operation.

Both are idempotent: they act only on a batch in the matching state, so a task delivered twice does nothing
the second time.
"""

from __future__ import annotations

from django_tasks import task

from . import pipeline


@task()
def check_import(batch_id: int) -> str:
    return pipeline.run_check(batch_id).status


@task()
def commit_import(batch_id: int) -> str:
    return pipeline.run_commit(batch_id).status
