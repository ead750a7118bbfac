"""The SLRT desk (cases, referrals) and the providers' side of referrals. Thin: each POST calls one operation."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core import pdf
from sinergi.core.nik import clean_digits
from sinergi.core.views import add_errors, errors_text, run_operation
from sinergi.registry.models import Person

from . import operations
from .forms import (
    AssessmentForm,
    AttachmentForm,
    CaseForm,
    FollowUpForm,
    NikLookupForm,
    NoteForm,
    ReferralForm,
    TransitionForm,
    WalkInForm,
)
from .models import (
    HANDLE_REFERRALS,
    OPEN_CASES,
    OPEN_STATES,
    VIEW_CASES,
    VIEW_GRIEVANCES,
    Attachment,
    Case,
    CaseStatus,
    Referral,
    ReferralEvent,
    ServiceProvider,
    State,
)

PAGE_SIZE = 50


def _require_anywhere(user, *perms: str) -> None:
    if not any(scoping.has_perm_anywhere(user, perm) for perm in perms):
        raise Http404


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _desk_nav(user) -> dict:
    return {
        "can_open": scoping.has_perm_anywhere(user, OPEN_CASES),
        "can_see_cases": scoping.has_perm_anywhere(user, VIEW_CASES),
        "can_see_grievances": scoping.has_perm_anywhere(user, VIEW_GRIEVANCES),
    }


# --------------------------------------------------------------------------------------------------- cases


@login_required
@require_GET
def cases(request):
    _require_anywhere(request.user, VIEW_CASES)
    status = request.GET.get("status", "")
    query = Case.objects.for_user(request.user).select_related("person", "desa__parent").annotate(
        open_referrals=Count("referrals", filter=Q(referrals__state__in=OPEN_STATES), distinct=True),
        overdue_referrals=Count("referrals", filter=Q(referrals__state__in=OPEN_STATES,
                                                      referrals__due_at__lt=timezone.now()), distinct=True),
    )
    if status in CaseStatus.values:
        query = query.filter(status=status)
    number = request.GET.get("nomor", "").strip()
    if number:
        query = query.filter(number__icontains=number)
    return render(request, "referrals/cases.html", {
        "page": _page(request, query.order_by("-opened_at", "-id")), "status": status, "number": number,
        "statuses": CaseStatus.choices, **_desk_nav(request.user),
    })


def _desk_person(request, pk) -> Person | None:
    if not str(pk or "").isdigit():
        return None
    return (Person.objects.for_user(request.user, OPEN_CASES).select_related("household__desa__parent")
            .filter(pk=pk).first())


LOOKED_UP_NIK = "slrt_looked_up_nik"


@login_required
def intake(request):
    """Find the resident by NIK (or take the one just registered), then record the visit. The NIK travels in a
    POST and the session, never in a URL: URLs end up in access logs and browser history."""
    _require_anywhere(request.user, OPEN_CASES)
    lookup = NikLookupForm(request.POST if "lookup" in request.POST else None)
    person = None
    searched = False
    form = None
    if "lookup" in request.POST:
        if lookup.is_valid() and lookup.cleaned_data["nik"]:
            nik = clean_digits(lookup.cleaned_data["nik"])
            found = (Person.objects.for_user(request.user, OPEN_CASES).filter(nik=nik, merged_into__isnull=True)
                     .values_list("pk", flat=True))
            if found:
                return redirect(reverse("referrals:intake") + "?" + urlencode({"person": found[0]}))
            request.session[LOOKED_UP_NIK] = nik
            searched = True
    elif request.method == "POST":
        form = CaseForm(request.POST)
        person = _desk_person(request, request.POST.get("person"))
        if person is None:
            raise Http404
        if form.is_valid():
            try:
                case = operations.open_case(actor=request.user, person=person,
                                            complaint=form.cleaned_data["complaint"],
                                            needs=form.cleaned_data["needs"], ppks=form.cleaned_data["ppks"],
                                            channel=form.cleaned_data["channel"])
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Layanan %(number)s dicatat.") % {"number": case.number})
                return redirect("referrals:case", pk=case.pk)
    elif request.GET.get("person", "").isdigit():
        person = _desk_person(request, request.GET["person"])
        if person is None:
            raise Http404
        form = CaseForm(initial={"person": person.pk})
    if person is not None:
        record(actor=request.user, action=Action.VIEW, obj=person, household_id=person.household_id,
               area_code=person.household.desa_id, changes={"persons": [str(person.pk)]}, source="slrt",
               object_label=person.masked_nik or person.name_key)
    return render(request, "referrals/intake.html", {
        "lookup": lookup, "person": person, "form": form, "searched": searched,
    })


def _desk_villages(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Villages where the desk may both open cases and register households, grouped by kecamatan."""
    open_q = scoping.scope_q(user, OPEN_CASES, "code")
    change_q = scoping.scope_q(user, scoping.CHANGE_REGISTRY, "code")
    if open_q is None or change_q is None:
        return []
    villages = (Area.objects.filter(open_q, change_q, level=Level.VILLAGE).select_related("parent")
                .order_by("parent__name", "name"))
    grouped: dict[str, list[tuple[str, str]]] = {}
    for village in villages:
        grouped.setdefault(village.parent.name, []).append((village.code, village.name))
    return list(grouped.items())


@login_required
def register(request):
    _require_anywhere(request.user, OPEN_CASES)
    choices = _desk_villages(request.user)
    if not choices:
        raise Http404
    initial = {"nik": request.session.pop(LOOKED_UP_NIK, "")}
    form = WalkInForm(request.POST or None, initial=initial, desa_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        desa = Area.objects.get(code=data["desa"])
        try:
            person = operations.register_walk_in(
                actor=request.user, desa=desa, no_kk=clean_digits(data["no_kk"]), address=data["address"],
                rt=data["rt"], rw=data["rw"], nik=clean_digits(data["nik"]), name=data["name"], sex=data["sex"],
                birth_date=data["birth_date"], birth_place=data["birth_place"], relation=data["relation"])
        except PermissionDenied:
            form.add_error("desa", _("Anda tidak berwenang mendaftarkan warga di desa ini."))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s terdaftar. Lanjutkan mencatat layanannya.") % {"name": person.name})
            return redirect(reverse("referrals:intake") + "?" + urlencode({"person": person.pk}))
    return render(request, "referrals/register.html", {"form": form})


def _case_for(request, pk: int, perm: str = VIEW_CASES) -> Case:
    return get_object_or_404(Case.objects.for_user(request.user, perm).select_related(
        "person", "household", "desa__parent__parent", "opened_by", "assessed_by"), pk=pk)


@login_required
@require_GET
def case_detail(request, pk: int):
    case = _case_for(request, pk)
    can_work = scoping.has_perm_for(request.user, OPEN_CASES, case.desa_id) and case.status != CaseStatus.CLOSED
    referrals = list(case.referrals.select_related("provider", "service").prefetch_related(
        Prefetch("events", ReferralEvent.objects.select_related("actor"))).order_by("created_at"))
    record(actor=request.user, action=Action.VIEW, obj=case, household_id=case.household_id,
           area_code=case.desa_id, changes={"persons": [str(case.person_id)]}, source="slrt")
    from sinergi.pillars.models import Task

    tasks = list(Task.objects.filter(source__in=[f"case:{case.pk}", *(f"referral:{r.pk}" for r in referrals)])
                 .prefetch_related("assignees").order_by("-created_at"))
    return render(request, "referrals/case.html", {
        "case": case, "referrals": referrals, "attachments": list(case.attachments.all()), "tasks": tasks,
        "can_work": can_work,
        "can_see_household": scoping.has_perm_for(request.user, scoping.VIEW_REGISTRY, case.desa_id),
        "assessment_form": AssessmentForm(initial={"assessment": case.assessment, "decision": case.decision,
                                                   "plan": case.plan, "ppks": case.ppks}) if can_work else None,
        "referral_form": ReferralForm(desa_code=case.desa_id) if can_work else None,
        "attachment_form": AttachmentForm() if can_work else None,
        "follow_up_form": FollowUpForm() if can_work else None,
        "close_form": NoteForm() if can_work else None,
    })


def _case_post(request, pk: int, form_class, write, done: str, form_kwargs: Callable[[Case], dict] | None = None):
    """A POST on a case the user may work on: bind the form (``form_kwargs(case)`` for forms that depend on the
    case), run ``write(case, cleaned_data)``, back to the case page."""
    case = _case_for(request, pk, OPEN_CASES)
    form = form_class(request.POST, request.FILES, **(form_kwargs(case) if form_kwargs else {}))
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        run_operation(request, lambda: write(case, form.cleaned_data), done)
    return redirect("referrals:case", pk=case.pk)


@login_required
@require_POST
def assess(request, pk: int):
    return _case_post(request, pk, AssessmentForm, lambda case, data: operations.assess_case(
        actor=request.user, case=case, assessment=data["assessment"], decision=data["decision"],
        plan=data["plan"], ppks=data["ppks"]), _("Asesmen disimpan."))


@login_required
@require_POST
def attach(request, pk: int):
    return _case_post(request, pk, AttachmentForm, lambda case, data: operations.add_attachment(
        actor=request.user, case=case, upload=data["file"], label=data["label"]), _("Lampiran disimpan."))


@login_required
@require_GET
def attachment(request, pk: int):
    item = get_object_or_404(Attachment.objects.select_related("case").filter(
        case__in=Case.objects.for_user(request.user)), pk=pk)
    record(actor=request.user, action=Action.EXPORT, obj=item, household_id=item.case.household_id,
           area_code=item.case.desa_id, changes={"case": item.case.number}, source="slrt")
    suffix = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(item.content_type, "bin")
    return FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                        filename=f"{item.case.number}-{item.pk}.{suffix}")


@login_required
@require_POST
def refer(request, pk: int):
    return _case_post(request, pk, ReferralForm, lambda case, data: operations.refer(
        actor=request.user, case=case, provider=data["provider"], service=data["service"], reason=data["reason"]),
        _("Rujukan dikirim ke penyedia layanan."), form_kwargs=lambda case: {"desa_code": case.desa_id})


@login_required
@require_POST
def follow_up(request, pk: int):
    return _case_post(request, pk, FollowUpForm, lambda case, data: operations.request_follow_up(
        actor=request.user, case=case, title=data["title"], details=data["details"], due_date=data["due_date"]),
        _("Tugas tindak lanjut dikirim ke pilar yang bertugas di desa warga."))


@login_required
@require_POST
def close(request, pk: int):
    return _case_post(request, pk, NoteForm, lambda case, data: operations.close_case(
        actor=request.user, case=case, note=data["note"]), _("Layanan ditutup."))


@login_required
@require_GET
def providers(request):
    _require_anywhere(request.user, VIEW_CASES, HANDLE_REFERRALS)
    codes = scoping.areas_for(request.user, VIEW_CASES) + scoping.areas_for(request.user, HANDLE_REFERRALS)
    # Providers serving somewhere in the user's scope: those set on an area inside it, or above it.
    condition = Q()
    for code in codes:
        parts = code.split(".")
        condition |= subtree_q("area_id", code) | Q(area_id__in=[".".join(parts[:i]) for i in range(1, len(parts))])
    listed = (ServiceProvider.objects.filter(condition).select_related("area").prefetch_related("services")
              .order_by("kind", "name"))
    return render(request, "referrals/providers.html", {"providers": listed, **_desk_nav(request.user)})


# ----------------------------------------------------------------------------------------------- referrals


@login_required
@require_GET
def referrals(request):
    _require_anywhere(request.user, VIEW_CASES, HANDLE_REFERRALS)
    state = request.GET.get("status", "berjalan")
    query = Referral.objects.for_user(request.user).select_related(
        "provider", "service", "case__person", "case__desa__parent")
    if state == "berjalan":
        query = query.filter(state__in=OPEN_STATES)
    elif state == "terlambat":
        query = query.overdue()
    elif state in State.values:
        query = query.filter(state=state)
    return render(request, "referrals/referrals.html", {
        "page": _page(request, query.order_by("due_at", "id")), "state": state, "states": State.choices,
        "now": timezone.now(), **_desk_nav(request.user),
    })


def _referral_for(request, pk: int) -> Referral:
    return get_object_or_404(Referral.objects.for_user(request.user).select_related(
        "provider", "service", "created_by", "case__person", "case__household", "case__desa__parent__parent"),
        pk=pk)


@login_required
@require_GET
def referral_detail(request, pk: int):
    referral = _referral_for(request, pk)
    case = referral.case
    record(actor=request.user, action=Action.VIEW, obj=referral, household_id=case.household_id,
           area_code=case.desa_id, changes={"persons": [str(case.person_id)]}, source="slrt")
    allowed = operations.allowed_transitions(actor=request.user, referral=referral)
    return render(request, "referrals/referral.html", {
        "referral": referral, "case": case, "events": referral.events.select_related("actor"),
        "transitions": [(s, State(s).label, operations.TRANSITIONS[referral.state][s][1]) for s in allowed],
        "can_open_case": scoping.has_perm_for(request.user, VIEW_CASES, case.desa_id),
        "age": case.person.age_on(timezone.localdate()),
    })


@login_required
@require_POST
def referral_transition(request, pk: int):
    referral = _referral_for(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        to_state = form.cleaned_data["to_state"]
        label = State(to_state).label if to_state in State.values else to_state
        run_operation(request, lambda: operations.transition(
            actor=request.user, referral=referral, to_state=to_state, note=form.cleaned_data["note"]),
            _("Status rujukan: %(state)s.") % {"state": label})
    else:
        messages.error(request, _("Pilih status baru."))
    return redirect("referrals:referral", pk=referral.pk)


def letter_pdf(*, referral: Referral, track_url: str) -> bytes:
    case = referral.case
    person = case.person
    household = case.household
    district = case.desa.parent
    regency = district.parent if district else None
    born = ", ".join(p for p in [person.birth_place, formats.date_format(person.birth_date, "DATE_FORMAT")
                                 if person.birth_date else ""] if p)
    address = ", ".join(p for p in [household.address, f"RT {household.rt}/RW {household.rw}"
                                    if household.rt or household.rw else "", case.desa.name,
                                    _("Kec. %(name)s") % {"name": district.name} if district else ""] if p)
    signer = referral.created_by
    return pdf.referral_letter(
        letterhead=pdf.Letterhead(office=(_("Dinas Sosial %(regency)s") % {
            "regency": regency.name if regency else ""}).upper(),
            unit=_("Sistem Layanan dan Rujukan Terpadu (SLRT)")),
        title=_("SURAT RUJUKAN"), number=referral.tracking,
        date_text=formats.date_format(timezone.localtime(referral.created_at), "DATE_FORMAT"),
        recipient_lines=[_("Yth. Pimpinan %(provider)s") % {"provider": referral.provider.name},
                         *([referral.provider.address] if referral.provider.address else []), _("di Tempat")],
        intro=_("Dengan hormat, bersama ini kami rujuk warga berikut untuk mendapatkan layanan %(service)s:")
        % {"service": referral.service.name},
        fields=[
            pdf.Field(_("Nama"), person.name),
            pdf.Field(_("NIK"), person.masked_nik or "–"),
            pdf.Field(_("Tempat, tanggal lahir"), born or "–"),
            pdf.Field(_("Alamat"), address),
            pdf.Field(_("Nomor layanan SLRT"), case.number),
            pdf.Field(_("Kebutuhan"), ", ".join(case.get_needs_display()) or "–"),
            pdf.Field(_("Kategori PPKS"), ", ".join(case.get_ppks_display()) or "–"),
        ],
        body_paragraphs=[
            _("Alasan rujukan: %(reason)s") % {"reason": referral.reason},
            _("Mohon rujukan ini ditindaklanjuti paling lambat %(due)s dan statusnya diperbarui di Sinergi (menu "
              "Rujukan) dengan nomor di atas. Warga dapat memantau status rujukan dengan memindai kode QR.")
            % {"due": formats.date_format(timezone.localtime(referral.due_at), "DATE_FORMAT")},
            _("Atas perhatian dan kerja samanya kami ucapkan terima kasih."),
        ],
        signer_title=_("Petugas SLRT"),
        signer_name=(signer.get_full_name() or signer.get_username()) if signer else "",
        qr_payload=f"{track_url}?{urlencode({'nomor': referral.tracking})}",
        qr_caption=f"{referral.tracking} · " + _("pindai untuk melihat status"),
    )


@login_required
@require_GET
def referral_letter(request, pk: int):
    referral = _referral_for(request, pk)
    case = referral.case
    data = letter_pdf(referral=referral, track_url=request.build_absolute_uri(reverse("referrals:track")))
    record(actor=request.user, action=Action.EXPORT, obj=referral, household_id=case.household_id,
           area_code=case.desa_id, changes={"persons": [str(case.person_id)], "format": "pdf"}, source="slrt")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-rujukan-{referral.tracking}.pdf"'
    return response
