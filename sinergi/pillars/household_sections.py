"""The household page's "Tugas pilar" section: what was asked of the pillars about this family and what they
found, so the outcome of a referral's follow-up is read where the family is."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sinergi.registry.sections import Section, register

from .models import PillarWorker, Task

TASK_LIMIT = 30


def tasks_context(request, household):
    tasks = list(
        Task.objects.filter(household=household)
        .select_related("done_by")
        .prefetch_related(Prefetch("assignees", queryset=PillarWorker.objects.order_by("name", "pk")))
        .order_by("-created_at", "-pk")[:TASK_LIMIT]
    )
    if not tasks:
        return None
    # Seeing the family is enough to read the outcome here; opening the task page needs the task's own scope.
    openable = set(Task.objects.for_user(request.user).filter(pk__in=[t.pk for t in tasks])
                   .values_list("pk", flat=True))
    for task in tasks:
        task.can_open = task.pk in openable
    return {"tasks": tasks, "limit": TASK_LIMIT}


register(Section(key="pillar_tasks", title=_("Tugas pilar dan hasil tindak lanjut"),
                 template="pillars/sections/tasks.html", order=70, context=tasks_context))
