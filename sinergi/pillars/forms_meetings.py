"""Forms of the meeting pages. They read and check what was typed; the rules of meetings are in ``meetings.py``,
whose ValidationErrors the views put back on these forms."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.core.nik import clean_digits

from . import meetings
from .models import (
    RECORD_MEETINGS,
    Meeting,
    MeetingKind,
    MeetingState,
    Participant,
    ParticipantRole,
    PillarType,
    PillarWorker,
    ProposalKind,
)

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def _date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                                      "autocomplete": "off"})


def _area_label(area: Area) -> str:
    parent = f" ({area.parent.name})" if area.parent_id and area.level >= Level.DISTRICT else ""
    return f"{area.name}{parent} · {area.get_level_display()}"


class MeetingFilterForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua jenis")), *MeetingKind.choices],
                              required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Semua status")), *MeetingState.choices],
                               required=False)
    menunggu = forms.BooleanField(label=_("Menunggu persetujuan saya"), required=False)

    def __init__(self, *args, approver: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not approver:
            del self.fields["menunggu"]

    def filters(self) -> tuple[str, str, bool]:
        """(kind, state, waiting for my approval); anything unreadable in the address shows everything."""
        if not self.is_valid():
            return "", "", False
        return (self.cleaned_data["jenis"], self.cleaned_data["status"],
                bool(self.cleaned_data.get("menunggu")))


def record_areas(user) -> list[Area]:
    """Where the user may record a meeting, as offered in the form: their own areas for
    ``pillars.add_meeting`` and the areas directly under them."""
    scope = scoping.areas_for(user, RECORD_MEETINGS)
    if not scope:
        return []
    return list(Area.objects.filter(Q(code__in=scope) | Q(parent_id__in=scope)).select_related("parent")
                .order_by("code"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis pertemuan"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("mis. Musdes verifikasi DTKS 2026")}))
    area = forms.ChoiceField(label=_("Wilayah"),
                             help_text=_("Musyawarah desa/kelurahan: pilih desa/kelurahannya."))
    held_on = forms.DateField(label=_("Tanggal"), input_formats=DATE_INPUTS, widget=_date_widget())
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in record_areas(user)}
        self.fields["area"].choices = [(code, _area_label(a)) for code, a in self.areas.items()]
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def clean_area(self) -> Area:
        return self.areas[self.cleaned_data["area"]]


class MinutesForm(forms.Form):
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label=_("Notulen: hasil dan keputusan"), required=False,
                            widget=forms.Textarea(attrs={"rows": 6}))


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PillarWorker) -> str:
        return f"{obj.name} · {obj.get_pillar_type_display()}"


def _nearby_areas(meeting: Meeting) -> list[tuple[str, str]]:
    areas = Area.objects.filter(Q(code=meeting.area_id) | Q(parent_id=meeting.area_id)).order_by("code")
    return [(a.code, a.name) for a in areas]


class ParticipantForm(forms.Form):
    """One participant: a pillar worker of the meeting's area, or a named person."""

    worker = WorkerChoiceField(label=_("Petugas pilar"), queryset=PillarWorker.objects.none(), required=False,
                               empty_label=_("— bukan petugas terdaftar —"))
    name = forms.CharField(label=_("Nama (jika bukan petugas terdaftar)"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Unsur"), choices=ParticipantRole.choices, initial=ParticipantRole.PILLAR)
    pillar_type = forms.ChoiceField(label=_("Jenis pilar (jika unsur pilar)"),
                                    choices=[("", "–"), *PillarType.choices], required=False)
    area = forms.ChoiceField(label=_("Asal wilayah"), required=False)
    attended = forms.BooleanField(label=_("Hadir"), required=False, initial=True)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = PillarWorker.objects.filter(
            pk__in=meetings.workers_for_area(meeting).values("pk")).order_by("pillar_type", "name", "pk")
        self.fields["area"].choices = [("", "–"), *_nearby_areas(meeting)]

    def clean(self):
        data = super().clean()
        if not data.get("worker") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Pilih petugas pilar atau isi nama peserta."))
        return data

    def clean_area(self) -> Area | None:
        code = self.cleaned_data["area"]
        return Area.objects.get(code=code) if code else None


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(queryset=Participant.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = meeting.participants.all()


class HouseholdForm(forms.Form):
    """A household of the meeting's desa, by the NIK of one of its members or its KK number (or, to change an
    earlier decision, by its id), and what the musdes decided."""

    nomor = forms.CharField(label=_("NIK anggota atau No. KK"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                          "placeholder": "16 digit"}))
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Keputusan"), choices=ProposalKind.choices)
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean_nomor(self) -> str:
        number = clean_digits(self.cleaned_data["nomor"] or "")
        if number and (len(number) != 16 or not number.isdigit()):
            raise forms.ValidationError(_("NIK atau No. KK terdiri dari 16 angka."))
        return number

    def clean(self):
        data = super().clean()
        if not data.get("nomor") and not data.get("household") and not self.errors:
            raise forms.ValidationError(_("Isi NIK atau No. KK keluarga yang dibahas."))
        return data


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    owner = WorkerChoiceField(label=_("Penanggung jawab (petugas pilar)"), queryset=PillarWorker.objects.none(),
                              required=False, empty_label="–")
    owner_name = forms.CharField(label=_("atau nama penanggung jawab"), max_length=150, required=False)
    due_date = forms.DateField(label=_("Tenggat"), required=False, input_formats=DATE_INPUTS,
                               widget=_date_widget())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # The meeting's own workers, and the area's active ones.
        self.fields["owner"].queryset = PillarWorker.objects.filter(
            Q(pk__in=meeting.participants.filter(worker__isnull=False).values("worker_id"))
            | Q(pk__in=meetings.workers_for_area(meeting).values("pk"))
        ).order_by("pillar_type", "name", "pk")


DECISIONS = [("setujui", _("Setujui")), ("kembalikan", _("Kembalikan"))]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISIONS)
    note = forms.CharField(label=_("Catatan (wajib bila dikembalikan)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceReportForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), input_formats=DATE_INPUTS, widget=_date_widget())
    sampai = forms.DateField(label=_("Sampai tanggal"), input_formats=DATE_INPUTS, widget=_date_widget())
    jenis = forms.ChoiceField(label=_("Jenis pertemuan"), choices=MeetingKind.choices)

    def __init__(self, data=None, **kwargs):
        # Empty fields take the defaults (this year, bimtek), shown in the form as well as used.
        today = timezone.localdate()
        data = data.copy() if data is not None else {}
        for name, default in (("dari", f"01/01/{today.year}"), ("sampai", f"31/12/{today.year}"),
                              ("jenis", MeetingKind.BIMTEK.value)):
            if not (data.get(name) or "").strip():
                data[name] = default
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        if not self.errors and data["sampai"] < data["dari"]:
            raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
