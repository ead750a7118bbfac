from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.views import errors_text

from . import coverage, operations
from .forms import CompleteForm, ReassignForm, TaskFilterForm
from .models import PillarWorker, Task, TaskStatus

PAGE_SIZE = 50


def _with_assignees(tasks):
    return tasks.prefetch_related(Prefetch("assignees", queryset=PillarWorker.objects.order_by("name", "pk")))


@login_required
@require_GET
def task_list(request):
    form = TaskFilterForm(request.GET or None)
    status, kind = form.filters()
    tasks = Task.objects.for_user(request.user).select_related("desa__parent")
    if status != "all":
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    tasks = _with_assignees(tasks).order_by(
        Case(When(status=TaskStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
        F("due_date").asc(nulls_last=True), "-created_at", "-pk",
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pillars/task_list.html", {"form": form, "page": page, "status": status})


@login_required
@require_GET
def task_detail(request, pk: int):
    task = get_object_or_404(
        _with_assignees(Task.objects.for_user(request.user)).select_related(
            "desa__parent", "household", "person", "created_by", "done_by"),
        pk=pk,
    )
    user = request.user
    can_reassign = task.is_open and operations.can_reassign(user, task)
    if task.household_id:
        # The page names the person and the address to visit: a read of personal data, logged like one.
        record(actor=user, action=Action.VIEW, obj=task, household_id=task.household_id, area_code=task.desa_id,
               changes={"persons": [str(task.person_id)] if task.person_id else []})
    return render(request, "pillars/task_detail.html", {
        "task": task,
        "can_open_household": bool(task.household_id)
        and scoping.has_perm_for(user, scoping.VIEW_REGISTRY, task.household.desa_id),
        "complete_form": CompleteForm() if operations.can_complete(user, task) else None,
        "reassign_form": ReassignForm(task=task) if can_reassign else None,
    })


@login_required
@require_POST
def task_complete(request, pk: int):
    task = get_object_or_404(Task.objects.for_user(request.user), pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("pillars:task", pk=task.pk)
    try:
        operations.complete_task(actor=request.user, task=task, outcome=form.cleaned_data["outcome"],
                                 note=form.cleaned_data["note"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tugas ditandai selesai."))
    return redirect("pillars:task", pk=task.pk)


@login_required
@require_POST
def task_reassign(request, pk: int):
    task = get_object_or_404(Task.objects.for_user(request.user), pk=pk)
    if not operations.can_reassign(request.user, task):
        raise Http404
    form = ReassignForm(request.POST, task=task)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("pillars:task", pk=task.pk)
    try:
        operations.reassign_task(actor=request.user, task=task, workers=list(form.cleaned_data["workers"]))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Petugas tugas ini diperbarui."))
    return redirect("pillars:task", pk=task.pk)


@login_required
@require_GET
def desa_coverage(request, code: str):
    """Who works in this desa: for anyone who may see the desa's households, as on the household page."""
    if not scoping.overlaps(request.user, scoping.VIEW_REGISTRY, code):
        raise Http404
    desa = get_object_or_404(Area.objects.select_related("parent__parent"), code=code, level=Level.VILLAGE)
    return render(request, "pillars/coverage.html", {
        "desa": desa, "workers": list(coverage.workers_covering(desa)),
    })

