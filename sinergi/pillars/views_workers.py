"""The workers' registry pages, the coverage gaps and workload page, and the pillar activity page.

Reads go through ``PillarWorker.objects.for_user`` (``pillars.view_pillarworker`` over the worker's kabupaten);
a worker out of scope and a missing one are the same 404. A user without the page's permission anywhere gets a
404 too, as for the other reports.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, level_of, subtree_q
from sinergi.core.views import add_errors

from . import activity, workers
from .forms_workers import PeriodForm, WorkerEditForm, WorkerFilterForm, WorkerForm
from .models import (
    MANAGE_WORKERS,
    VIEW_TASKS,
    VIEW_WORKERS,
    PillarWorker,
    TaskStatus,
    WorkArea,
    WorkerStatus,
)

PAGE_SIZE = 50
RECENT_VISITS = 10
# Errors of the operations, by their key, onto the form's fields.
_FIELD_OF_ERROR = {"areas": "desa", "user": "username", "home_area": None, "reason": "reason"}


def _scope_or_404(user, perm: str) -> list[str]:
    scope = scoping.areas_for(user, perm)
    if not scope:
        raise Http404
    return scope


def _in_scope(scope: list[str], field: str) -> Q:
    return reduce(or_, (subtree_q(field, code) for code in scope))


def _with_areas(queryset):
    return queryset.prefetch_related(
        Prefetch("work_areas", queryset=WorkArea.objects.select_related("area").order_by("area_id")))


# ---------------------------------------------------------------------------------------------- the registry


@login_required
@require_GET
def worker_list(request):
    user = request.user
    scope = _scope_or_404(user, VIEW_WORKERS)
    districts = Area.objects.filter(_in_scope(scope, "code"), level=Level.DISTRICT).select_related("parent")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for district in districts.order_by("code"):
        grouped.setdefault(district.parent.name, []).append((district.code, district.name))
    choices = list(grouped.items()) if len(grouped) > 1 else next(iter(grouped.values()), [])
    form = WorkerFilterForm(request.GET or None, kecamatan=choices)
    chosen = form.filters()

    found = PillarWorker.objects.for_user(user).select_related("user")
    if chosen["jenis"]:
        found = found.filter(pillar_type=chosen["jenis"])
    if chosen["status"]:
        found = found.filter(status=chosen["status"])
    if chosen["kecamatan"]:
        found = found.filter(pk__in=WorkArea.objects.filter(subtree_q("area_id", chosen["kecamatan"]))
                             .values("worker_id"))
    if chosen["q"]:
        found = found.filter(Q(name__icontains=chosen["q"]) | Q(sk_number__icontains=chosen["q"]))
    found = _with_areas(found).order_by("name", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pillars/workers/list.html", {
        "form": form, "page": page, "today": timezone.localdate(),
        "can_add": any(level_of(c) <= Level.REGENCY for c in scoping.areas_for(user, workers.ADD_WORKERS)),
    })


def _kabupaten_for(user, perm: str) -> list[Area]:
    """The kabupaten/kota over which the user holds ``perm`` (directly, or through their province)."""
    scope = [c for c in scoping.areas_for(user, perm) if level_of(c) <= Level.REGENCY]
    if not scope:
        return []
    return list(Area.objects.filter(_in_scope(scope, "code"), level=Level.REGENCY).order_by("code"))


@login_required
@require_http_methods(["GET", "POST"])
def worker_new(request):
    kabupaten = _kabupaten_for(request.user, workers.ADD_WORKERS)
    if not kabupaten:
        raise Http404
    code = request.GET.get("kabupaten", "").strip()
    home = next((a for a in kabupaten if a.code == code), None) if code else kabupaten[0]
    if home is None:
        raise Http404
    form = WorkerForm(request.POST or None, home_area=home)
    if request.method == "POST" and form.is_valid():
        try:
            worker = workers.register_worker(actor=request.user, home_area=home, areas=form.cleaned_data["areas"],
                                             **form.values())
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc, _FIELD_OF_ERROR)
        else:
            messages.success(request, _("Petugas %(name)s terdaftar.") % {"name": worker.name})
            return redirect("pillars:worker", pk=worker.pk)
    return render(request, "pillars/workers/form.html", {
        "form": form, "home": home, "kabupaten": kabupaten, "worker": None,
    })


@login_required
@require_GET
def worker_detail(request, pk: int):
    user = request.user
    worker = get_object_or_404(PillarWorker.objects.for_user(user).select_related("user", "home_area"), pk=pk)
    today = timezone.localdate()
    tasks = worker.tasks.aggregate(
        open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=TaskStatus.OPEN, due_date__lt=today)),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
    )
    return render(request, "pillars/workers/detail.html", {
        "worker": worker,
        "work_areas": list(worker.work_areas.select_related("area__parent").order_by("area_id")),
        "tasks": tasks,
        "visits": list(worker.visits.select_related("desa").order_by("-visited_on", "-id")[:RECENT_VISITS]),
        "today": today,
        "sk_expired": worker.sk_end is not None and worker.sk_end < today,
        "can_edit": scoping.has_perm_for(user, MANAGE_WORKERS, worker.home_area_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def worker_edit(request, pk: int):
    user = request.user
    worker = get_object_or_404(PillarWorker.objects.for_user(user).select_related("user", "home_area"), pk=pk)
    if not scoping.has_perm_for(user, MANAGE_WORKERS, worker.home_area_id):
        raise Http404
    form = WorkerEditForm(request.POST or None, home_area=worker.home_area, worker=worker)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = form.values()
        if data["status"] == WorkerStatus.ACTIVE:
            changes["status"] = WorkerStatus.ACTIVE
        deactivate = data["status"] == WorkerStatus.INACTIVE and worker.status == WorkerStatus.ACTIVE
        try:
            with transaction.atomic():
                changed = workers.update_worker(actor=user, worker=worker, changes=changes, areas=data["areas"])
                if deactivate:
                    workers.deactivate_worker(actor=user, worker=worker, reason=data["reason"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc, _FIELD_OF_ERROR)
        else:
            if changed or deactivate:
                messages.success(request, _("Data petugas disimpan."))
            else:
                messages.info(request, _("Tidak ada perubahan."))
            return redirect("pillars:worker", pk=worker.pk)
    return render(request, "pillars/workers/form.html", {
        "form": form, "home": worker.home_area, "kabupaten": [worker.home_area], "worker": worker,
    })


# ------------------------------------------------------------------------------------------------ reports


@login_required
@require_GET
def coverage_gaps(request):
    """Desa × key pillar types and the workers' workload, for a kabupaten or one of its kecamatan. Needs
    ``pillars.view_pillarworker`` over the kabupaten (workers are managed, and seen, per kabupaten)."""
    user = request.user
    scope = _scope_or_404(user, VIEW_WORKERS)
    code = request.GET.get("wilayah", "").strip()
    if not code:
        first = scope[0]
        if level_of(first) == Level.PROVINCE:
            regency = Area.objects.filter(parent_id=first, level=Level.REGENCY).order_by("code").first()
            first = regency.code if regency else first
        code = first
    area = Area.objects.select_related("parent").filter(
        code=code, level__in=[Level.REGENCY, Level.DISTRICT]).first()
    if area is None or not scoping.has_perm_for(user, VIEW_WORKERS, activity.kabupaten_of(area.code)):
        raise Http404
    kabupaten = activity.kabupaten_of(area.code)
    regencies = [c for c in scope if level_of(c) <= Level.REGENCY]
    choices = Area.objects.filter(
        Q(parent_id=kabupaten, level=Level.DISTRICT) | Q(_in_scope(regencies, "code"), level=Level.REGENCY)
    ).order_by("code")
    return render(request, "pillars/workers/coverage_gaps.html", {
        "area": area, "report": activity.coverage_report(user, area),
        "area_choices": [(a.code, f"{'— ' if a.level == Level.DISTRICT else ''}{a.name}") for a in choices],
    })


@login_required
@require_GET
def pillar_activity(request):
    """Tasks done, open and overdue by pillar type × area, for an area overlapping the user's
    ``pillars.view_task`` scope (counting only their part of it)."""
    user = request.user
    scope = _scope_or_404(user, VIEW_TASKS)
    code = request.GET.get("wilayah", "").strip() or scope[0]
    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None or not scoping.overlaps(user, VIEW_TASKS, area.code):
        raise Http404
    # The user's areas, the areas right under them, and the kecamatan of the chosen kabupaten.
    choices = Area.objects.filter(Q(code__in=scope) | Q(parent_id__in=[*scope, area.code], level__lte=Level.DISTRICT))
    area_choices = [(a.code, f"{'' if a.code in scope else '— '}{a.name}") for a in choices.order_by("code")]
    if area.code not in {c for c, _label in area_choices}:
        area_choices.insert(0, (area.code, area.name))
    form = PeriodForm(request.GET)
    context = {"form": form, "area": area, "area_choices": area_choices, "report": None}
    if form.is_valid():
        start, end = form.cleaned_data["period"]
        context["report"] = activity.activity_report(user, area, start=start, end=end)
        context["period"] = (start, end)
    return render(request, "pillars/workers/activity.html", context)
