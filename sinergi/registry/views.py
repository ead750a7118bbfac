from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.nik import mask_nik
from sinergi.core.views import add_errors

from . import export, operations, search
from .forms import HouseholdForm, MoveForm, PersonForm, SearchForm
from .models import ChangeRequest, ChangeState, Household, Person
from .sections import sections

EXPORT_LIMIT = 100_000


def _area_choice(user, code: str) -> Area | None:
    """The area filter, only if it overlaps the user's scope (an out-of-scope filter is simply ignored)."""
    if not code:
        return None
    area = Area.objects.filter(code=code).select_related("parent").first()
    if area is None:
        return None
    return area if scoping.overlaps(user, scoping.VIEW_REGISTRY, area.code) else None


@login_required
@require_GET
def search_view(request):
    form = SearchForm(request.GET or None)
    outcome = None
    area = None
    if form.is_valid() and form.cleaned_data["q"]:
        area = _area_choice(request.user, form.cleaned_data["area"])
        outcome = search.search(
            request.user, form.cleaned_data["q"], mode=form.cleaned_data["mode"] or search.Mode.ALL,
            area=area.code if area else "", page=request.GET.get("page", 1),
        )
        record(actor=request.user, action=Action.SEARCH, object_type="registry.search",
               object_id=f"{len(outcome.hits)} hits", area_code=area.code if area else "",
               changes={"mode": str(outcome.mode), "persons": [str(h.person.pk) for h in outcome.hits if h.person],
                        "households": [str(h.household.pk) for h in outcome.hits]})
    context = {
        "form": form,
        "outcome": outcome,
        "area": area,
        "can_export": scoping.has_perm_anywhere(request.user, scoping.EXPORT_REGISTRY),
    }
    template = "registry/_results.html" if request.headers.get("HX-Request") else "registry/search.html"
    return render(request, template, context)


@login_required
@require_GET
def household_detail(request, pk: int):
    household = get_object_or_404(Household.objects.for_user(request.user).select_related("desa__parent__parent"),
                                  pk=pk)
    rendered = []
    for section in sections():
        context = section.context(request, household)
        if context is not None:
            rendered.append((section, context))
    member_ids = [p.pk for s, c in rendered for p in c.get("members", [])]
    operations.record_household_view(actor=request.user, household=household, person_ids=member_ids)
    return render(request, "registry/household.html", {
        "household": household,
        "sections": rendered,
        "can_reveal": scoping.has_perm_for(request.user, scoping.REVEAL_NIK, household.desa_id),
        "can_change": scoping.has_perm_for(request.user, scoping.CHANGE_REGISTRY, household.desa_id),
    })


@login_required
@require_POST
def reveal_nik(request, pk: int):
    person = get_object_or_404(Person.objects.for_user(request.user).select_related("household"), pk=pk)
    try:
        nik = operations.reveal_nik(actor=request.user, person=person)
    except PermissionDenied as exc:
        raise Http404 from exc
    return render(request, "registry/_revealed.html", {"value": nik, "label": "NIK"})


@login_required
@require_POST
def reveal_kk(request, pk: int):
    household = get_object_or_404(Household.objects.for_user(request.user), pk=pk)
    try:
        no_kk = operations.reveal_kk(actor=request.user, household=household)
    except PermissionDenied as exc:
        raise Http404 from exc
    return render(request, "registry/_revealed.html", {"value": no_kk, "label": "No. KK"})


@login_required
@require_GET
def export_view(request):
    """Export the households matching a search, or every household of an area, inside the user's export scope."""
    if not scoping.has_perm_anywhere(request.user, scoping.EXPORT_REGISTRY):
        raise Http404
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise Http404
    fmt = request.GET.get("format", "csv")
    area = _area_choice(request.user, form.cleaned_data["area"])
    persons = Person.objects.for_user(request.user, scoping.EXPORT_REGISTRY).filter(
        merged_into__isnull=True
    ).select_related(
        "household__desa__parent"
    ).order_by("household__desa_id", "household_id", "relation", "id")
    if form.cleaned_data["q"]:
        outcome_ids = search.household_ids(request.user, form.cleaned_data["q"],
                                           mode=form.cleaned_data["mode"] or search.Mode.ALL,
                                           area=area.code if area else "")
        persons = persons.filter(household_id__in=outcome_ids)
    elif area is not None:
        persons = persons.filter(subtree_q("household__desa_id", area.code))
    else:
        raise Http404
    person_list = list(persons[:EXPORT_LIMIT])
    reveal = bool(person_list) and all(
        scoping.has_perm_for(request.user, scoping.REVEAL_NIK, p.household.desa_id) for p in person_list
    )
    record(actor=request.user, action=Action.EXPORT, object_type="registry.person",
           object_id=f"{len(person_list)} rows", area_code=area.code if area else "",
           changes={"format": fmt, "query": form.cleaned_data["q"], "nik_unmasked": reveal,
                    "persons": [str(p.pk) for p in person_list]})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export.response(export.rows(person_list, reveal=reveal), fmt=fmt, filename=f"sinergi-{stamp}")


def _apply(form, write: Callable[[], object]) -> bool:
    """Run a domain operation; its validation errors land on the form's fields instead of a 500."""
    try:
        write()
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    return True


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


def _edit_page(request, *, form, household: Household, title: str, done: str,
               write: Callable[[], object]) -> HttpResponse:
    """The edit pages' one shape: a valid POST runs ``write`` (a domain operation) and returns to the
    household page; anything else shows the form again, with the operation's errors on it."""
    if request.method == "POST" and form.is_valid() and _apply(form, write):
        messages.success(request, done)
        return redirect("registry:household", pk=household.pk)
    return render(request, "registry/edit.html", {"form": form, "household": household, "title": title})


@login_required
def household_edit(request, pk: int):
    household = get_object_or_404(Household.objects.for_user(request.user, scoping.CHANGE_REGISTRY), pk=pk)
    form = HouseholdForm(request.POST or None, instance=Household.objects.get(pk=household.pk))
    return _edit_page(request, form=form, household=household, title=_("Ubah data keluarga"),
                      done=_("Data keluarga disimpan."),
                      write=lambda: operations.update_household(actor=request.user, household=household,
                                                                changes=_changed(form)))


def _merged_away(request, person: Person) -> HttpResponse | None:
    """A record merged into another is not edited or moved: back to its household page, which says so."""
    if person.merged_into_id is None:
        return None
    messages.warning(request, _("Data jiwa ini sudah digabung ke data lain lewat pencocokan dan tidak dapat "
                                "diubah. Ubah data yang dipertahankan, atau batalkan penggabungannya dulu."))
    return redirect("registry:household", pk=person.household_id)


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(Person.objects.for_user(request.user, scoping.CHANGE_REGISTRY)
                               .select_related("household"), pk=pk)
    if (refused := _merged_away(request, person)) is not None:
        return refused
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk))
    return _edit_page(request, form=form, household=person.household, title=_("Ubah data jiwa"),
                      done=_("Data jiwa disimpan."),
                      write=lambda: operations.update_person(actor=request.user, person=person,
                                                             changes=_changed(form)))


@login_required
def person_add(request, pk: int):
    household = get_object_or_404(Household.objects.for_user(request.user, scoping.CHANGE_REGISTRY), pk=pk)
    form = PersonForm(request.POST or None)
    return _edit_page(request, form=form, household=household, title=_("Tambah anggota keluarga"),
                      done=_("Anggota keluarga ditambahkan."),
                      write=lambda: operations.add_person(
                          actor=request.user, household=household,
                          **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}))


@login_required
def person_move(request, pk: int):
    person = get_object_or_404(Person.objects.for_user(request.user, scoping.CHANGE_REGISTRY)
                               .select_related("household"), pk=pk)
    if (refused := _merged_away(request, person)) is not None:
        return refused
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from sinergi.core.nik import clean_digits

        target = Household.objects.for_user(request.user, scoping.CHANGE_REGISTRY).filter(
            no_kk=clean_digits(form.cleaned_data["no_kk"])).first()
        if target is None:
            form.add_error("no_kk", _("KK tujuan tidak ditemukan di wilayah yang boleh Anda ubah."))
        elif _apply(form, lambda: operations.move_person(
                actor=request.user, person=person, to_household=target, relation=form.cleaned_data["relation"],
                reason=form.cleaned_data["reason"])):
            messages.success(request, _("%(name)s dipindahkan ke KK tujuan.") % {"name": person.name})
            return redirect("registry:household", pk=target.pk)
    return render(request, "registry/edit.html", {"form": form, "household": person.household,
                                                  "title": _("Pindah KK: %(name)s") % {"name": person.name}})


def _field_label(request_obj: ChangeRequest, field: str) -> str:
    model = Person if request_obj.person_id else Household
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001  (a field renamed since the proposal still shows by its name)
        return field


@login_required
@require_GET
def changes(request):
    """Change requests in the user's area, the ones waiting for a decision first."""
    if not (scoping.has_perm_anywhere(request.user, operations.APPROVE_CHANGES)
            or scoping.has_perm_anywhere(request.user, operations.PROPOSE_CHANGES)):
        raise Http404
    state = request.GET.get("status", ChangeState.PROPOSED)
    query = ChangeRequest.objects.for_user(request.user).select_related(
        "household__desa__parent", "person", "proposed_by", "decided_by")
    if state in ChangeState.values:
        query = query.filter(state=state)
    page = Paginator(query.order_by("-proposed_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "registry/changes.html", {"page": page, "state": state, "states": ChangeState.choices})


@login_required
@require_GET
def change_detail(request, pk: int):
    change = get_object_or_404(ChangeRequest.objects.for_user(request.user).select_related(
        "household__desa__parent", "person", "proposed_by", "decided_by"), pk=pk)
    target = change.person or change.household
    rows = []
    for field, new in change.changes.items():
        current = getattr(target, field, "")
        old = change.applied.get(field, [None])[0] if change.applied else current
        if field in ("nik", "no_kk"):  # masked like everywhere; the household page can reveal them
            old, new = mask_nik(old or ""), mask_nik(new or "")
        rows.append((_field_label(change, field), old, new))
    can_decide = (change.state == ChangeState.PROPOSED
                  and scoping.has_perm_for(request.user, operations.APPROVE_CHANGES, change.household.desa_id)
                  and change.proposed_by_id != request.user.pk)
    record(actor=request.user, action=Action.VIEW, obj=change, household_id=change.household_id,
           area_code=change.household.desa_id,
           changes={"persons": [str(change.person_id)] if change.person_id else []})
    return render(request, "registry/change.html", {"change": change, "rows": rows, "can_decide": can_decide})


@login_required
@require_POST
def change_decide(request, pk: int):
    change = get_object_or_404(ChangeRequest.objects.for_user(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        operations.decide_change(actor=request.user, request=change, approve=approve,
                                 note=request.POST.get("note", ""))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan disetujui dan diterapkan.") if approve else _("Usulan ditolak."))
    return redirect("registry:change", pk=change.pk)
