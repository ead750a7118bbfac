"""Forms of the workers' registry, the coverage page and the activity page."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.areas.models import Area, Level, subtree_q

from .models import PillarType, PillarWorker, WorkerStatus

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
# The activity page's default period: the last 30 days, today included.
DEFAULT_DAYS = 30


def _date_field(label):
    return forms.DateField(label=label, required=False, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(format="%d/%m/%Y",
                                                  attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Nama atau nomor SK"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    jenis = forms.ChoiceField(label=_("Jenis pilar"), required=False,
                              choices=[("", _("Semua jenis")), *PillarType.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *WorkerStatus.choices])
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)

    def __init__(self, *args, kecamatan: list[tuple[str, list[tuple[str, str]]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan")), *kecamatan]

    def filters(self) -> dict[str, str]:
        """The filters as read; anything unreadable in the address falls back to no filter."""
        if not self.is_valid():
            return {"q": "", "jenis": "", "status": "", "kecamatan": ""}
        return {k: (self.cleaned_data[k] or "").strip() for k in ("q", "jenis", "status", "kecamatan")}


class WorkerForm(forms.Form):
    """A worker's details and work areas, the areas chosen from the kecamatan and desa of its kabupaten: a
    multi-select of whole kecamatan (a TKSK) and one of desa grouped by kecamatan (phones show both as native
    pickers). The linked account is typed as its user name."""

    name = forms.CharField(label=_("Nama"), max_length=150)
    pillar_type = forms.ChoiceField(label=_("Jenis pilar"), choices=[("", "–"), *PillarType.choices])
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    sk_start = _date_field(_("SK berlaku mulai"))
    sk_end = _date_field(_("SK berlaku sampai"))
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                                          "placeholder": "081234567890"}))
    username = forms.CharField(label=_("Akun pengguna (nama pengguna)"), max_length=150, required=False,
                               help_text=_("Kosongkan bila petugas belum punya akun. Akun ini mendapat peran "
                                           "sesuai jenis pilar di wilayah tugasnya."),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))
    kecamatan = forms.MultipleChoiceField(
        label=_("Seluruh kecamatan"), required=False,
        help_text=_("Untuk petugas tingkat kecamatan (mis. TKSK): mencakup semua desa di kecamatan itu."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    desa = forms.MultipleChoiceField(
        label=_("Desa/kelurahan"), required=False,
        help_text=_("Pilih satu atau lebih (di komputer: tahan Ctrl atau ⌘ sambil mengeklik)."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, home_area: Area, worker: PillarWorker | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_area = home_area
        areas = list(Area.objects.filter(subtree_q("code", home_area.code),
                                         level__in=[Level.DISTRICT, Level.VILLAGE]).order_by("code"))
        self.areas = {a.code: a for a in areas}
        districts = [a for a in areas if a.level == Level.DISTRICT]
        self.fields["kecamatan"].choices = [(a.code, a.name) for a in districts]
        self.fields["desa"].choices = [
            (district.name, [(a.code, a.name) for a in areas if a.parent_id == district.code])
            for district in districts
        ]
        if worker is not None and not self.is_bound:
            codes = [wa.area_id for wa in worker.work_areas.all()]
            self.initial.update({
                "name": worker.name, "pillar_type": worker.pillar_type, "sk_number": worker.sk_number,
                "sk_start": worker.sk_start, "sk_end": worker.sk_end, "phone": worker.phone,
                "username": worker.user.get_username() if worker.user_id else "",
                "kecamatan": [c for c in codes if c.count(".") == 2],
                "desa": [c for c in codes if c.count(".") == 3],
            })

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada akun aktif dengan nama pengguna ini."))
        return user

    def clean(self):
        data = super().clean()
        codes = [*data.get("kecamatan", []), *data.get("desa", [])]
        if not codes and not self.has_error("kecamatan") and not self.has_error("desa"):
            self.add_error("desa", _("Pilih minimal satu wilayah tugas (desa/kelurahan atau kecamatan)."))
        data["areas"] = [self.areas[c] for c in codes]
        start, end = data.get("sk_start"), data.get("sk_end")
        if start and end and end < start:
            self.add_error("sk_end", _("Akhir masa SK tidak boleh sebelum awal masa SK."))
        return data

    def values(self) -> dict:
        """The worker's fields as the operations take them."""
        data = self.cleaned_data
        return {"name": data["name"], "pillar_type": data["pillar_type"], "sk_number": data["sk_number"],
                "sk_start": data["sk_start"], "sk_end": data["sk_end"], "phone": data["phone"],
                "user": data["username"]}


class WorkerEditForm(WorkerForm):
    """The same, plus the status: setting a worker inactive needs a reason."""

    status = forms.ChoiceField(label=_("Status"), choices=WorkerStatus.choices)
    reason = forms.CharField(label=_("Alasan penonaktifan"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, worker: PillarWorker, **kwargs):
        super().__init__(*args, worker=worker, **kwargs)
        self.worker = worker
        if not self.is_bound:
            self.initial["status"] = worker.status

    def clean(self):
        data = super().clean()
        deactivating = data.get("status") == WorkerStatus.INACTIVE and self.worker.status == WorkerStatus.ACTIVE
        if deactivating and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Sebutkan alasan penonaktifan."))
        return data


class PeriodForm(forms.Form):
    """dari/sampai as dd/mm/yyyy; the last 30 days when left empty."""

    dari = _date_field(_("Dari tanggal"))
    sampai = _date_field(_("Sampai tanggal"))

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("sampai") or today
        start = data.get("dari") or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("Tanggal awal tidak boleh setelah tanggal akhir."))
        if start.year < 2000:
            raise forms.ValidationError(_("Tanggal awal terlalu jauh ke belakang."))
        data["period"] = (start, end)
        return data
