"""Grievances for staff: the list in scope, entry of a walk-in or phone grievance, the handling page and its POSTs.
Thin: each POST calls one operation; a refusal looks like a missing page (404) and a validation error comes back
as a message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.views import run_operation
from sinergi.registry.models import ChangeRequest, Household, Person
from sinergi.registry.operations import PROPOSE_CHANGES

from . import operations
from .forms_grievances import (
    GrievanceFilterForm,
    GrievanceForm,
    LinkPersonForm,
    ProposalForm,
    apply_errors,
    desa_choices,
)
from .models import (
    CHANGE_GRIEVANCES,
    OPEN_CASES,
    VIEW_CASES,
    VIEW_GRIEVANCES,
    Grievance,
    GrievanceState,
)
from .views_public import REFRESH_BUTTON, desa_options, submitted_regency

PAGE_SIZE = 50
CLOSED_STATES = (GrievanceState.RESOLVED, GrievanceState.CLOSED)


def _require_anywhere(user, perm: str) -> None:
    if not scoping.has_perm_anywhere(user, perm):
        raise Http404


def _nav(user) -> dict:
    return {
        "can_open": scoping.has_perm_anywhere(user, OPEN_CASES),
        "can_see_cases": scoping.has_perm_anywhere(user, VIEW_CASES),
        "can_see_grievances": scoping.has_perm_anywhere(user, VIEW_GRIEVANCES),
        "can_record": scoping.has_perm_anywhere(user, CHANGE_GRIEVANCES),
    }


# ------------------------------------------------------------------------------------------------- the list


@login_required
@require_GET
def grievances(request):
    _require_anywhere(request.user, VIEW_GRIEVANCES)
    form = GrievanceFilterForm(request.GET)
    query = Grievance.objects.for_user(request.user).select_related("area__parent").order_by("-created_at", "-id")
    if form.is_valid():
        if form.cleaned_data["state"]:
            query = query.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["category"]:
            query = query.filter(category=form.cleaned_data["category"])
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/grievances/list.html", {"form": form, "page": page, **_nav(request.user)})


# ------------------------------------------------------------------------------------------- staff entry


def _staff_regencies(scope: list[str]) -> list[Area]:
    """The kabupaten touching the user's grievance scope: a desa or kecamatan assignment offers its kabupaten
    (with only its own desa), a province assignment every kabupaten in it."""
    regencies = {".".join(code.split(".")[:2]) for code in scope if "." in code}
    provinces = [code for code in scope if "." not in code]
    return list(Area.objects.filter(level=Level.REGENCY).filter(
        Q(code__in=regencies) | Q(parent_id__in=provinces)).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def grievance_new(request):
    _require_anywhere(request.user, CHANGE_GRIEVANCES)
    scope = scoping.areas_for(request.user, CHANGE_GRIEVANCES)
    regencies = _staff_regencies(scope)
    regency_codes = {a.code for a in regencies}
    if request.method == "GET" and request.GET.get("desa_options"):
        return desa_options(request, regency_codes, within=scope)
    data = request.POST if request.method == "POST" else request.GET
    chosen = submitted_regency(data, regency_codes)
    if not chosen and len(regencies) == 1:
        chosen = regencies[0].code
    kwargs = {"regency_choices": [(a.code, a.name) for a in regencies],
              "desa_choices": desa_choices(chosen, scope) if chosen else (), "options_url": request.path,
              "for_staff": True}
    if request.method == "POST" and REFRESH_BUTTON not in request.POST:
        form = GrievanceForm(request.POST, **kwargs)
        if form.is_valid():
            grievance = _submit(request, form)
            if grievance is not None:
                messages.success(request, _("Pengaduan %(tracking)s dicatat. Berikan nomor ini kepada pelapor.")
                                 % {"tracking": grievance.tracking})
                return redirect("referrals:grievance", pk=grievance.pk)
    else:
        initial = {**(request.POST.dict() if request.method == "POST" else {}), "kabupaten": chosen}
        form = GrievanceForm(initial=initial, **kwargs)
    return render(request, "referrals/grievances/new.html", {
        "form": form, "refresh_button": REFRESH_BUTTON, **_nav(request.user)})


def _submit(request, form) -> Grievance | None:
    data = form.cleaned_data
    if not data["desa"] and not scoping.has_perm_for(request.user, CHANGE_GRIEVANCES, data["kabupaten"]):
        form.add_error("desa", _("Pilih desa/kelurahan: Anda hanya berwenang di sebagian kabupaten ini."))
        return None
    try:
        return operations.submit_grievance(
            actor=request.user, category=data["category"], description=data["description"],
            reporter_name=data["reporter_name"], reporter_contact=data["reporter_contact"],
            subject_nik=data["subject_nik"],
            area=operations.grievance_area(desa_code=data["desa"], regency_code=data["kabupaten"]),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


# ------------------------------------------------------------------------------------------ the handling


@login_required
@require_GET
def grievance_detail(request, pk: int):
    user = request.user
    grievance = get_object_or_404(Grievance.objects.for_user(user).select_related(
        "area__parent__parent", "person__household", "created_by"), pk=pk)
    person = grievance.person
    can_change = scoping.has_perm_for(user, CHANGE_GRIEVANCES, grievance.area_id)
    is_open = grievance.state not in CLOSED_STATES
    transitions = [
        {"state": state, "label": GrievanceState(state).label, "note_required": note_required}
        for state, note_required in operations.GRIEVANCE_TRANSITIONS[grievance.state].items()
    ] if can_change else []
    can_propose = (can_change and is_open and person is not None
                   and scoping.has_perm_for(user, PROPOSE_CHANGES, person.household.desa_id))
    # The page shows the reporter and the person concerned: reading it is recorded like a household page.
    record(actor=user, action=Action.VIEW, obj=grievance, area_code=grievance.area_id,
           changes={"person": str(grievance.person_id) if grievance.person_id else ""})
    return render(request, "referrals/grievances/detail.html", {
        "grievance": grievance,
        "events": grievance.events.select_related("actor"),
        "change_requests": _change_requests(grievance),
        "can_change": can_change,
        "can_open_household": person is not None and scoping.has_perm_for(
            user, scoping.VIEW_REGISTRY, person.household.desa_id),
        "transitions": transitions,
        "link_form": LinkPersonForm() if can_change else None,
        "proposal_form": ProposalForm() if can_propose else None,
        **_nav(user),
    })


def _change_requests(grievance: Grievance) -> list[tuple[ChangeRequest, list[tuple[str, object]]]]:
    """The change requests made from this grievance, each with its proposed values under readable labels."""
    rows = []
    for change in ChangeRequest.objects.filter(source=grievance.source).select_related("person"):
        model = Person if change.person_id else Household
        rows.append((change, [_readable(model._meta.get_field(name), value)
                              for name, value in change.changes.items()]))
    return rows


def _readable(field, value) -> tuple[str, object]:
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, bool):
        value = _("ya") if value else _("tidak")
    return str(field.verbose_name), value


def _grievance_to_change(request, pk: int) -> Grievance:
    return get_object_or_404(Grievance.objects.for_user(request.user, CHANGE_GRIEVANCES), pk=pk)


@login_required
@require_POST
def grievance_transition(request, pk: int):
    """A state change, or a handling note when the requested state is the current one."""
    grievance = _grievance_to_change(request, pk)
    to_state = request.POST.get("to_state", "")
    note = request.POST.get("note", "")
    if to_state == grievance.state:
        run_operation(request, lambda: operations.note_grievance(actor=request.user, grievance=grievance,
                                                                 note=note), _("Catatan disimpan."))
    else:
        label = GrievanceState(to_state).label if to_state in GrievanceState.values else to_state
        run_operation(request, lambda: operations.update_grievance(
            actor=request.user, grievance=grievance, to_state=to_state, note=note),
            _("Status pengaduan menjadi %(state)s.") % {"state": label})
    return redirect("referrals:grievance", pk=grievance.pk)


@login_required
@require_POST
def grievance_link_person(request, pk: int):
    grievance = _grievance_to_change(request, pk)
    form = LinkPersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan NIK warga yang dimaksud."))
        return redirect("referrals:grievance", pk=grievance.pk)
    person = (Person.objects.for_user(request.user).filter(nik=form.cleaned_data["nik"], merged_into__isnull=True)
              .select_related("household").order_by("id").first())
    if person is None:
        messages.error(request, _("Tidak ada warga dengan NIK ini di wilayah Anda. Periksa NIK-nya, atau cari "
                                  "warga lewat menu Cari."))
        return redirect("referrals:grievance", pk=grievance.pk)
    run_operation(request, lambda: operations.link_grievance_person(
        actor=request.user, grievance=grievance, person=person),
        _("Pengaduan dihubungkan dengan %(name)s.") % {"name": person.name})
    return redirect("referrals:grievance", pk=grievance.pk)


@login_required
@require_POST
def grievance_propose(request, pk: int):
    grievance = get_object_or_404(Grievance.objects.for_user(request.user, CHANGE_GRIEVANCES)
                                  .select_related("person__household"), pk=pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("referrals:grievance", pk=grievance.pk)
    data = form.cleaned_data
    run_operation(request, lambda: operations.propose_change_from_grievance(
        actor=request.user, grievance=grievance, changes={data["field_name"]: data["value"]},
        reason=data["reason"], about_household=data["about_household"]),
        _("Usulan perubahan data dikirim; data berubah setelah disetujui petugas lain."))
    return redirect("referrals:grievance", pk=grievance.pk)
