from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q

from . import columns
from .models import Kind

NOT_USED = ""


def import_regencies(user) -> list[Area]:
    """The kabupaten/kota the user may import into (a province grant covers its regencies)."""
    codes = scoping.areas_for(user, scoping.IMPORT_DATA)
    if not codes:
        return []
    q = None
    for code in codes:
        part = subtree_q("code", code) if len(code) <= 5 else None
        if part is not None:
            q = part if q is None else q | part
    if q is None:
        return []
    return list(Area.objects.filter(q, level=Level.REGENCY).order_by("code"))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File CSV atau XLSX"))
    kind = forms.ChoiceField(label=_("Jenis data"), choices=Kind.choices, initial=Kind.DTKS)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"))
    program = forms.CharField(label=_("Program"), max_length=30, required=False,
                              help_text=_("Untuk daftar penerima: PKH, BPNT, PBI-JK, BLT-DD, ..."))
    cycle = forms.CharField(label=_("Periode/tahap"), max_length=20, required=False,
                            help_text=_("Mis. 2026-T1"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regencies = {a.code: a for a in import_regencies(user)}
        self.fields["regency"].choices = [(code, f"{a.name} ({code})") for code, a in self.regencies.items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.SINERGI_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("File %(name)s berukuran %(size)s; batasnya %(limit)s. Pecah filenya per kecamatan.") % {
                    "name": upload.name, "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.SINERGI_IMPORT_MAX_BYTES)})
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.PROGRAM and not (data.get("program") or "").strip():
            self.add_error("program", _("Sebutkan programnya untuk daftar penerima."))
        return data

    @property
    def chosen_regency(self) -> Area:
        return self.regencies[self.cleaned_data["regency"]]


class MappingForm(forms.Form):
    """One select per target field, listing the file's headers."""

    sheet = forms.ChoiceField(label=_("Sheet"), required=False)
    header_row = forms.IntegerField(label=_("Baris judul kolom"), min_value=1, max_value=10_000, required=False)
    template_name = forms.CharField(label=_("Simpan pemetaan sebagai templat (opsional)"), max_length=100,
                                    required=False)

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        info = batch.info or {}
        headers = info.get("headers", [])
        letters = info.get("columns", {})
        sheets = info.get("sheets", [])
        if len(sheets) > 1:
            hidden = set(info.get("hidden_sheets", []))
            self.fields["sheet"].choices = [
                (s, f"{s} ({_('tersembunyi')})" if s in hidden else s) for s in sheets]
            self.fields["sheet"].initial = batch.sheet or info.get("sheet", "")
        else:
            del self.fields["sheet"]
        self.fields["header_row"].initial = batch.header_row or info.get("header_row")
        choices = [(NOT_USED, _("— tidak dipakai —"))] + [
            (h, f"{h} ({_('kolom')} {letters[h]})" if h in letters else h) for h in headers]
        required = set(columns.REQUIRED.get(batch.kind, ()))
        self.target_fields = []
        for target in columns.TARGETS:
            name = f"map_{target.key}"
            self.fields[name] = forms.ChoiceField(
                label=target.label, choices=choices, required=False, help_text=target.help,
                initial=batch.mapping.get(target.key, NOT_USED))
            self.fields[name].required_target = target.key in required
            self.target_fields.append(name)

    def mapping(self) -> dict[str, str]:
        return {name[4:]: self.cleaned_data.get(name) or "" for name in self.target_fields}
