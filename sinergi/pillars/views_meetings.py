"""Meeting pages: the list, recording a meeting, its page with the forms of whoever may use them, the berita
acara PDF, the DTKS proposal download and the attendance report. Thin: reads go through
``Meeting.objects.for_user``, writes through ``meetings.py``; out of scope and missing are the same 404, and a
rule broken shows as a message, never as a 500."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Level, level_of
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.views import add_errors, errors_text, run_operation
from sinergi.registry.models import Household

from . import meetings, proposal
from .forms_meetings import (
    DATE_INPUTS,
    ActionForm,
    AttendanceForm,
    AttendanceReportForm,
    DecideForm,
    HouseholdForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    ParticipantForm,
)
from .models import APPROVE_MEETINGS, RECORD_MEETINGS, ActionItem, Meeting, MeetingKind, MeetingState

PAGE_SIZE = 50
SOURCE = meetings.SOURCE


def _meeting(request, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_user(request.user).select_related("area__parent__parent", "created_by",
                                                              "decided_by"),
        pk=pk,
    )


def _back(meeting: Meeting, anchor: str = ""):
    response = redirect("pillars:meeting", pk=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _editable_or_404(request, pk: int) -> Meeting:
    """The meeting, for a user who may record meetings in its area (anyone else: 404). Whether it is still
    editable is the operation's rule, reported as a message."""
    meeting = _meeting(request, pk)
    if not meetings.can_record(request.user, meeting):
        raise Http404
    return meeting


# ------------------------------------------------------------------------------------------------ the list


@login_required
@require_GET
def meeting_list(request):
    user = request.user
    approver = scoping.has_perm_anywhere(user, APPROVE_MEETINGS)
    form = MeetingFilterForm(request.GET or None, approver=approver)
    kind, state, waiting = form.filters()
    found = Meeting.objects.for_user(user).select_related("area__parent")
    if kind:
        found = found.filter(kind=kind)
    if state:
        found = found.filter(state=state)
    if waiting:
        found = scoping.filter_for(found.filter(kind=MeetingKind.MUSDES, state=MeetingState.SUBMITTED), user,
                                   APPROVE_MEETINGS, "area_id").exclude(created_by=user)
    found = found.annotate(
        invited=Count("participants"), present=Count("participants", filter=Q(participants__attended=True)),
    ).order_by("-held_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    exporter = scoping.has_perm_anywhere(user, scoping.EXPORT_REGISTRY)
    return render(request, "pillars/meetings/list.html", {
        "form": form, "page": page, "approver": approver, "waiting": waiting,
        "can_record": scoping.has_perm_anywhere(user, RECORD_MEETINGS),
        "export_areas": proposal.export_areas(user) if exporter else [],
        "can_report": scoping.has_perm_anywhere(user, scoping.VIEW_REGISTRY),
    })


@login_required
def meeting_new(request):
    if not scoping.has_perm_anywhere(request.user, RECORD_MEETINGS):
        raise Http404
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.create_meeting(actor=request.user, kind=data["kind"], title=data["title"],
                                              area=data["area"], held_on=data["held_on"], place=data["place"],
                                              agenda=data["agenda"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Pertemuan dicatat. Lengkapi peserta, notulen dan tindak lanjutnya."))
            return redirect("pillars:meeting", pk=meeting.pk)
    return render(request, "pillars/meetings/form.html", {"form": form})


# ------------------------------------------------------------------------------------------- one meeting


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    user = request.user
    participants = list(meeting.participants.select_related("area"))
    is_musdes = meeting.kind == MeetingKind.MUSDES
    households = list(meetings.household_rows(meeting)) if is_musdes else []
    for row in households:
        row.head = meetings.head_of(row.household)
    actions = list(meeting.actions.select_related("owner", "meeting"))
    for action in actions:
        action.can_complete = meetings.can_complete_action(user, action)
    editable = meetings.can_edit(user, meeting)
    if households:
        # The page names the heads of the households discussed: a read of personal data, logged like one.
        record(actor=user, action=Action.VIEW, obj=meeting, area_code=meeting.area_id, source=SOURCE,
               changes={"persons": [str(row.head.pk) for row in households if row.head is not None]})
    return render(request, "pillars/meetings/detail.html", {
        "meeting": meeting,
        "is_musdes": is_musdes,
        "participants": participants,
        "present_count": sum(1 for p in participants if p.attended),
        "households": households,
        "actions": actions,
        "editable": editable,
        "frozen": meetings.is_frozen(meeting),
        "minutes_form": MinutesForm(initial={"agenda": meeting.agenda, "notes": meeting.notes}) if editable
        else None,
        "participant_form": ParticipantForm(meeting=meeting) if editable else None,
        "household_form": HouseholdForm() if editable and is_musdes else None,
        "decisions": HouseholdForm.base_fields["decision"].choices,
        "action_form": ActionForm(meeting=meeting) if editable else None,
        "can_submit": meetings.can_submit(user, meeting),
        "decide_form": DecideForm() if meetings.can_decide(user, meeting) else None,
        "minutes_number": meetings.minutes_number(meeting),
    })


@login_required
@require_POST
def meeting_minutes(request, pk: int):
    meeting = _editable_or_404(request, pk)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        run_operation(request, lambda: meetings.update_minutes(
            actor=request.user, meeting=meeting, notes=form.cleaned_data["notes"],
            agenda=form.cleaned_data["agenda"]), _("Notulen disimpan."))
    return _back(meeting, "notulen")


@login_required
@require_POST
def meeting_participants(request, pk: int):
    meeting = _editable_or_404(request, pk)
    if request.POST.get("invite"):
        def invited(created) -> str:
            if not created:
                return _("Tidak ada petugas pilar aktif di wilayah ini yang belum tercatat sebagai peserta.")
            return _("%(count)s petugas pilar ditambahkan sebagai peserta.") % {"count": len(created)}

        run_operation(request, lambda: meetings.invite_covering_workers(actor=request.user, meeting=meeting),
                      invited)
        return _back(meeting, "peserta")
    form = ParticipantForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(meeting, "peserta")
    data = form.cleaned_data
    run_operation(request, lambda: meetings.add_participant(
        actor=request.user, meeting=meeting, worker=data["worker"], name=data["name"], role=data["role"],
        area=data["area"], attended=data["attended"], pillar_type=data["pillar_type"],
    ), lambda p: _("%(name)s ditambahkan sebagai peserta.") % {"name": p.name})
    return _back(meeting, "peserta")


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    meeting = _editable_or_404(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        run_operation(request, lambda: meetings.set_attendance(
            actor=request.user, meeting=meeting, present_ids={p.pk for p in form.cleaned_data["present"]}),
            _("Daftar hadir disimpan."))
    return _back(meeting, "peserta")


@login_required
@require_POST
def meeting_household(request, pk: int):
    meeting = _editable_or_404(request, pk)
    form = HouseholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(meeting, "keluarga")
    data = form.cleaned_data
    if data["household"]:
        household = Household.objects.for_user(request.user).filter(
            pk=data["household"], desa_id=meeting.area_id).first()
    else:
        household = meetings.find_household(request.user, meeting, data["nomor"])
    if household is None:
        messages.error(request, _("Keluarga dengan NIK atau No. KK itu tidak ditemukan di desa/kelurahan ini."))
        return _back(meeting, "keluarga")
    run_operation(request, lambda: meetings.discuss_household(
        actor=request.user, meeting=meeting, household=household, decision=data["decision"],
        reason=data["reason"]), _("Keputusan atas keluarga dicatat."))
    return _back(meeting, "keluarga")


@login_required
@require_POST
def meeting_action(request, pk: int):
    meeting = _editable_or_404(request, pk)
    form = ActionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        data = form.cleaned_data
        run_operation(request, lambda: meetings.add_action(
            actor=request.user, meeting=meeting, description=data["description"], owner=data["owner"],
            owner_name=data["owner_name"], due_date=data["due_date"]), _("Tindak lanjut dicatat."))
    return _back(meeting, "tindak-lanjut")


@login_required
@require_POST
def meeting_action_done(request, pk: int):
    action = get_object_or_404(
        ActionItem.objects.filter(meeting__in=Meeting.objects.for_user(request.user).values("pk"))
        .select_related("meeting", "owner"),
        pk=pk,
    )
    if not meetings.may_complete_action(request.user, action):
        raise Http404
    run_operation(request, lambda: meetings.complete_action(actor=request.user, action=action),
                  _("Tindak lanjut ditandai selesai."))
    return _back(action.meeting, "tindak-lanjut")


@login_required
@require_POST
def meeting_submit(request, pk: int):
    meeting = _editable_or_404(request, pk)
    run_operation(request, lambda: meetings.submit_for_approval(actor=request.user, meeting=meeting),
                  _("Musyawarah diajukan ke kabupaten untuk disetujui."))
    return _back(meeting)


@login_required
@require_POST
def meeting_decide(request, pk: int):
    meeting = _meeting(request, pk)
    if not scoping.has_perm_for(request.user, APPROVE_MEETINGS, meeting.area_id):
        raise Http404
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau kembalikan."))
        return _back(meeting)
    approve = form.cleaned_data["decision"] == "setujui"
    run_operation(request, lambda: meetings.decide_meeting(
        actor=request.user, meeting=meeting, approve=approve, note=form.cleaned_data["note"]),
        _("Musyawarah disetujui.") if approve else _("Musyawarah dikembalikan untuk diperbaiki."))
    return _back(meeting)


@login_required
@require_GET
def meeting_minutes_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    minutes = meetings.berita_acara(meeting)
    record(actor=request.user, action=Action.EXPORT, obj=meeting, area_code=meeting.area_id, source=SOURCE,
           changes={"format": "pdf", "document": "berita-acara",
                    "persons": [str(i) for i in minutes.person_ids]})
    response = HttpResponse(minutes.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-{meeting.pk}.pdf"'
    return response


# ------------------------------------------------------------------------------------ downloads and report


def _parse_date(raw: str) -> datetime.date | None:
    for fmt in DATE_INPUTS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


@login_required
@require_GET
def dtks_proposal(request, fmt: str):
    """The SIKS-NG proposal of approved musdes in ``?wilayah=`` (a kabupaten or kecamatan in the user's export
    scope; default their own when it is one), optionally only those approved ``?sejak=`` dd/mm/yyyy."""
    user = request.user
    if fmt not in ("csv", "xlsx") or not scoping.has_perm_anywhere(user, scoping.EXPORT_REGISTRY):
        raise Http404
    code = request.GET.get("wilayah", "").strip()
    if not code:
        own = [c for c in scoping.areas_for(user, scoping.EXPORT_REGISTRY)
               if level_of(c) in (Level.REGENCY, Level.DISTRICT)]
        code = own[0] if own else ""
    area = proposal.export_area(user, code) if code else None
    if area is None:
        raise Http404
    since = None
    if request.GET.get("sejak", "").strip():
        since = _parse_date(request.GET["sejak"].strip())
        if since is None:
            raise Http404
    result = proposal.proposal(user, area=area, since=since)
    record(actor=user, action=Action.EXPORT, object_type="pillars.meetinghousehold",
           object_id=f"{len(result.decisions)} rows", object_label=f"usulan DTKS {area.code}", area_code=area.code,
           source=SOURCE,
           changes={"format": fmt, "since": since.isoformat() if since else "", "nik_unmasked": result.reveal,
                    "meetings": [str(i) for i in result.meeting_ids],
                    "persons": [str(i) for i in result.person_ids]})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return proposal.response(result, fmt=fmt, filename=f"usulan-dtks-{area.code}-{stamp}")


@login_required
@require_GET
def attendance_report(request):
    user = request.user
    if not scoping.has_perm_anywhere(user, scoping.VIEW_REGISTRY):
        raise Http404
    fmt = request.GET.get("format", "")
    if fmt not in ("", "xlsx"):
        raise Http404
    form = AttendanceReportForm(request.GET)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "pillars/meetings/attendance_report.html", context)
    data = form.cleaned_data
    report = meetings.attendance_report(user, since=data["dari"], until=data["sampai"], kind=data["jenis"])
    title = _("Rekap kehadiran %(kind)s, %(since)s s.d. %(until)s") % {
        "kind": MeetingKind(report.kind).label, "since": f"{report.since:%d/%m/%Y}",
        "until": f"{report.until:%d/%m/%Y}"}
    if fmt == "xlsx":
        record(actor=user, action=Action.EXPORT, object_type="pillars.attendance", object_id=report.kind,
               source=SOURCE, changes={"format": fmt, "since": report.since.isoformat(),
                                       "until": report.until.isoformat()})
        response = HttpResponse(meetings.attendance_xlsx(report, title=title),
                                content_type=proposal.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="kehadiran-{report.kind}-{report.since:%Y%m%d}-{report.until:%Y%m%d}.xlsx"')
        return response
    context.update({
        "report": report, "title": title,
        "rows": [(label, list(zip([c[1] for c in report.columns], cells, strict=True)), total)
                 for label, cells, total in report.rows],
        "totals": list(zip([c[1] for c in report.columns], report.column_totals, strict=True)),
        "query": {"dari": f"{report.since:%d/%m/%Y}", "sampai": f"{report.until:%d/%m/%Y}", "jenis": report.kind},
    })
    return render(request, "pillars/meetings/attendance_report.html", context)
