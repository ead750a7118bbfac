"""Pages of visits and aid hand-overs. Thin: fetch in the user's scope (missing and out of scope are both 404),
read the form, call an operation of ``visits.py``, show its message."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts import scoping
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.views import add_errors, errors_text
from sinergi.registry.models import Household, Person

from . import visits
from .forms_visits import HandOverForm, RecipientForm, VisitForm
from .models import RECORD_HANDOVERS, HandOver, HandOverItem, Photo, PillarWorker, RecipientGroup, Task, Visit

PAGE_SIZE = 50


def _visits_for(user):
    """Visits whose desa (where the visit happened) is in the user's registry scope."""
    return scoping.filter_for(Visit.objects.all(), user, scoping.VIEW_REGISTRY, "desa_id")


# ------------------------------------------------------------------------------------------------------ visits

@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request, pk: int):
    household = get_object_or_404(Household.objects.for_user(request.user).select_related("desa__parent"), pk=pk)
    if not visits.can_add_visit(request.user, household):
        raise Http404
    form = VisitForm(request.POST or None, request.FILES or None, household=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visits.log_visit(actor=request.user, household=household, purpose=data["purpose"],
                             findings=data["findings"], visited_on=data["visited_on"],
                             workers=list(data["workers"]), person=data["person"], follow_up=data["follow_up"],
                             lat=data["lat"], lng=data["lng"], gps_accuracy_m=data["gps_accuracy_m"],
                             photos=data["photos"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Kunjungan dicatat."))
            return redirect(reverse("registry:household", args=[household.pk]) + "#visits")
    return render(request, "pillars/visits/form.html", {"form": form, "household": household})


@login_required
@require_GET
def visit_detail(request, pk: int):
    visit = get_object_or_404(
        _visits_for(request.user).select_related("household", "person", "desa__parent", "recorded_by", "task")
        .prefetch_related(Prefetch("workers", queryset=PillarWorker.objects.order_by("pillar_type", "name", "pk")),
                          "photos"),
        pk=pk,
    )
    user = request.user
    # The findings and the person met are personal data: reading them is an entry, like the household page.
    record(actor=user, action=Action.VIEW, obj=visit, household_id=visit.household_id, area_code=visit.desa_id,
           changes={"persons": [str(visit.person_id)] if visit.person_id else []}, source=visits.AUDIT_SOURCE)
    return render(request, "pillars/visits/detail.html", {
        "visit": visit,
        "can_open_household": scoping.has_perm_for(user, scoping.VIEW_REGISTRY, visit.household.desa_id),
        "can_open_task": visit.task_id is not None and Task.objects.for_user(user).filter(pk=visit.task_id).exists(),
    })


@login_required
@require_GET
def visit_photo(request, pk: int):
    photo = get_object_or_404(
        scoping.filter_for(Photo.objects.all(), request.user, scoping.VIEW_REGISTRY, "visit__desa_id"), pk=pk)
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="kunjungan-{photo.visit_id}-{photo.pk}.jpg"'
    patch_cache_control(response, private=True, max_age=3600)
    return response


# ---------------------------------------------------------------------------------------------- hand-overs

@login_required
@require_GET
def handover_list(request):
    if not scoping.has_perm_anywhere(request.user, scoping.VIEW_REGISTRY):
        raise Http404
    handovers = (
        HandOver.objects.for_user(request.user)
        .select_related("area__parent")
        .annotate(recipients=Count("items__person", distinct=True), items_total=Sum("items__quantity"))
        .order_by("-held_on", "-pk")
    )
    page = Paginator(handovers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pillars/handovers/list.html", {
        "page": page, "can_create": scoping.has_perm_anywhere(request.user, RECORD_HANDOVERS),
    })


@login_required
@require_http_methods(["GET", "POST"])
def handover_new(request):
    if not scoping.has_perm_anywhere(request.user, RECORD_HANDOVERS):
        raise Http404
    form = HandOverForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = visits.create_handover(actor=request.user, title=data["title"], area=data["area"],
                                              held_on=data["held_on"], place=data["place"], source=data["source"],
                                              notes=data["notes"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Penyerahan bantuan dicatat. Tambahkan penerimanya."))
            return redirect("pillars:handover", pk=handover.pk)
    return render(request, "pillars/handovers/form.html", {"form": form})


def _totals(items: list[HandOverItem]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(recipients per group, quantity per item): "Lanjut usia: 10", "Kursi roda: 2"."""
    recipients: dict[str, set] = {}
    for row in items:
        recipients.setdefault(row.group, set()).add(row.person_id or f"kk-{row.household_id}")
    labels = dict(RecipientGroup.choices)
    by_group = [(str(labels[g]), len(recipients[g])) for g in RecipientGroup.values if g in recipients]
    quantities: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for row in items:
        key = row.item.casefold()
        spelling.setdefault(key, row.item)
        quantities[key] += row.quantity
    by_item = sorted(((spelling[k], n) for k, n in quantities.items()), key=lambda kv: (-kv[1], kv[0].casefold()))
    return by_group, by_item


@login_required
@require_GET
def handover_detail(request, pk: int):
    handover = get_object_or_404(HandOver.objects.for_user(request.user).select_related("area__parent",
                                                                                          "created_by"), pk=pk)
    items = list(handover.items.select_related("person", "household__desa").order_by("group", "id"))
    by_group, by_item = _totals(items)
    record(actor=request.user, action=Action.VIEW, obj=handover, area_code=handover.area_id,
           source=visits.AUDIT_SOURCE, changes={"persons": [str(r.person_id) for r in items if r.person_id]})
    return render(request, "pillars/handovers/detail.html", {
        "handover": handover, "items": items, "by_group": by_group, "by_item": by_item,
        "recipients": len({r.person_id or f"kk-{r.household_id}" for r in items}),
        "form": RecipientForm() if visits.can_record_handover(request.user, handover.area_id) else None,
        "known_items": sorted({r.item for r in items}),
    })


@login_required
@require_POST
def handover_add(request, pk: int):
    handover = get_object_or_404(HandOver.objects.for_user(request.user), pk=pk)
    if not visits.can_record_handover(request.user, handover.area_id):
        raise Http404
    form = RecipientForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("pillars:handover", pk=handover.pk)
    data = form.cleaned_data
    found = list(Person.objects.for_user(request.user, RECORD_HANDOVERS).filter(nik=data["nik"])
                 .select_related("household")[:2])
    if not found:
        messages.error(request, _("NIK tidak ditemukan di wilayah Anda."))
        return redirect("pillars:handover", pk=handover.pk)
    if len(found) > 1:
        messages.error(request, _("NIK ini tercatat pada lebih dari satu jiwa. Perbaiki data keluarga dahulu."))
        return redirect("pillars:handover", pk=handover.pk)
    person = found[0]
    try:
        visits.add_recipient(actor=request.user, handover=handover, person=person, group=data["group"],
                             item=data["item"], quantity=data["quantity"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s ditambahkan sebagai penerima.") % {"name": person.name})
    return redirect("pillars:handover", pk=handover.pk)
