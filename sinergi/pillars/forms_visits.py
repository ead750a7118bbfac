"""Forms of the visit and hand-over pages. They read and tidy what was typed; the rules (who may, which worker
may be on a visit, which person may receive) live in the operations of ``visits.py``."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.core.nik import clean_digits
from sinergi.registry.codes import PersonStatus

from . import coverage
from .models import RECORD_HANDOVERS, PillarWorker, RecipientGroup, VisitPurpose
from .visits import MAX_PHOTOS

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_INPUTS, widget=forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}))


class VisitWorkerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PillarWorker) -> str:
        return f"{obj.name} · {obj.get_pillar_type_display()}"


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero to MAX_PHOTOS files from one ``<input type=file multiple>``; the photos module decides whether each
    is an image."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        single = super().clean
        cleaned = [single(f, initial) for f in files if f]
        if len(cleaned) > MAX_PHOTOS:
            raise forms.ValidationError(_("Paling banyak %(n)s foto per kunjungan.") % {"n": MAX_PHOTOS})
        return cleaned


def _lenient_number(raw: str, low: float, high: float) -> float | None:
    """What the browser's location script put in a hidden field; anything odd is dropped rather than shown to
    a user who cannot correct a field they never see."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    if value != value or not (low <= value <= high):  # NaN or out of range
        return None
    return value


class VisitForm(forms.Form):
    visited_on = _date_field(_("Tanggal kunjungan"))
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=VisitPurpose.choices)
    person = forms.ModelChoiceField(label=_("Jiwa yang ditemui"), queryset=None, required=False,
                                    empty_label=_("— tidak dicatat —"))
    findings = forms.CharField(label=_("Temuan"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label=_("Tindak lanjut"), max_length=5000, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    workers = VisitWorkerField(label=_("Petugas yang berkunjung"), queryset=PillarWorker.objects.none(),
                               widget=forms.CheckboxSelectMultiple,
                               error_messages={"required": _("Pilih minimal satu petugas yang berkunjung.")})
    photos = PhotosField(label=_("Foto (paling banyak 3)"))
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)
    gps_accuracy_m = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, household, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.members.filter(
            status=PersonStatus.ACTIVE, merged_into__isnull=True).order_by(
            "relation", "birth_date", "id")
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.get_relation_display()})"
        # Workers covering the desa today; the operation checks them again on the visit's own date. A posted id
        # outside this list is refused by the field.
        covering = coverage.workers_covering(household.desa_id)
        self.fields["workers"].queryset = covering
        if not self.is_bound:
            self.initial["visited_on"] = timezone.localdate()
            self.initial["workers"] = [w.pk for w in covering if user is not None and w.user_id == user.pk]

    def clean_lat(self):
        return _lenient_number(self.cleaned_data["lat"], -90, 90)

    def clean_lng(self):
        return _lenient_number(self.cleaned_data["lng"], -180, 180)

    def clean_gps_accuracy_m(self):
        value = _lenient_number(self.cleaned_data["gps_accuracy_m"], 0, 1_000_000)
        return None if value is None else round(value)

    def clean(self):
        data = super().clean()
        if data.get("lat") is None or data.get("lng") is None:
            data["lat"] = data["lng"] = data["gps_accuracy_m"] = None
        return data


def handover_areas(user) -> list[Area]:
    """Where the user may hold a hand-over: the areas of their assignments granting it, and the areas directly
    under those (a kabupaten's kecamatan, a kecamatan's desa): a short list, not the whole tree."""
    codes = scoping.areas_for(user, RECORD_HANDOVERS)
    if not codes:
        return []
    return list(Area.objects.filter(Q(code__in=codes) | Q(parent_id__in=codes)).order_by("code"))


class HandOverForm(forms.Form):
    title = forms.CharField(label=_("Acara"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("mis. Penyerahan bantuan ATENSI")}))
    held_on = _date_field(_("Tanggal"))
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    source = forms.CharField(label=_("Sumber bantuan"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("mis. Kementerian Sosial, APBD")}))
    area = forms.ChoiceField(label=_("Wilayah"))
    notes = forms.CharField(label=_("Catatan"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._areas = {a.code: a for a in handover_areas(user)}
        roots = set(scoping.areas_for(user, RECORD_HANDOVERS))
        self.fields["area"].choices = [("", "–")] + [
            (a.code, f"{'' if a.code in roots else '— '}{a.name} ({Level(a.level).label})")
            for a in self._areas.values()
        ]
        if not self.is_bound:
            self.initial["held_on"] = timezone.localdate()
            if len(roots) == 1:
                self.initial["area"] = next(iter(roots))

    def clean_area(self):
        return self._areas[self.cleaned_data["area"]]


class RecipientForm(forms.Form):
    nik = forms.CharField(label=_("NIK penerima"), max_length=30,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    group = forms.ChoiceField(label=_("Kelompok penerima"), choices=RecipientGroup.choices)
    item = forms.CharField(label=_("Bantuan"), max_length=150,
                           widget=forms.TextInput(attrs={"list": "handover-items",
                                                         "placeholder": _("mis. Kursi roda")}))
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=100_000, initial=1)

    def clean_nik(self):
        nik = clean_digits(self.cleaned_data["nik"])
        if len(nik) != 16 or not nik.isdigit():
            raise forms.ValidationError(_("NIK harus 16 angka."))
        return nik
