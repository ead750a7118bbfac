"""Forms of the grievance pages: the public form and the staff entry share the grievance fields; the bot check of
the public form is rendered by hand (its question changes on every render, so it is not a bound field)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sinergi.areas.models import Area, subtree_q
from sinergi.core.nik import clean_digits
from sinergi.registry.models import Household, Person
from sinergi.registry.operations import PROPOSABLE_HOUSEHOLD_FIELDS, PROPOSABLE_PERSON_FIELDS

from .models import GrievanceCategory, GrievanceState

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
HOUSEHOLD_PREFIX = "kk:"


def desa_choices(regency_code: str, within: list[str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The desa of a kabupaten grouped by kecamatan (desa names repeat across kecamatan), optionally only those
    under the area codes ``within``."""
    villages = Area.objects.villages_under(regency_code).select_related("parent").order_by("parent__name", "name")
    if within is not None:
        if not within:
            return []
        villages = villages.filter(reduce(or_, (subtree_q("code", code) for code in within)))
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for village in villages:
        groups[village.parent.name if village.parent_id else ""].append((village.code, village.name))
    return list(groups.items())


def apply_errors(form, exc: ValidationError) -> None:
    """An operation's validation errors on the form's fields (the area errors on the area fields)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if field == "desa" and not form.cleaned_data.get("desa"):
            field = "kabupaten"
        form.add_error(field if field in form.fields else None, errors)


class GrievanceForm(forms.Form):
    category = forms.ChoiceField(label=_("Apa yang ingin Anda adukan?"), choices=GrievanceCategory.choices,
                                 widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Uraian pengaduan"), max_length=5000,
        help_text=_("Ceritakan apa yang terjadi, kapan, dan siapa yang terkait."),
        widget=forms.Textarea(attrs={"rows": 5}))
    reporter_name = forms.CharField(
        label=_("Nama Anda (tidak wajib)"), max_length=150, required=False,
        help_text=_("Tidak wajib. Isi bila Anda ingin dihubungi kembali tentang tindak lanjutnya."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}))
    reporter_contact = forms.CharField(
        label=_("Nomor HP/WhatsApp atau surel (tidak wajib)"), max_length=100, required=False,
        help_text=_("Tidak wajib. Hanya dipakai petugas untuk menghubungi Anda kembali."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    subject_nik = forms.CharField(
        label=_("NIK warga yang diadukan, bila tahu"), max_length=30, required=False,
        help_text=_("Tidak wajib. 16 digit, seperti pada KTP atau KK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kabupaten = forms.ChoiceField(label=_("Kabupaten/kota"))
    desa = forms.ChoiceField(label=_("Desa/kelurahan (bila tahu)"), required=False)

    def __init__(self, *args, regency_choices=(), desa_choices=(), options_url: str = "", for_staff: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if for_staff:
            # Staff type what a caller or walk-in says: the labels speak of the reporter, not of "you".
            self.fields["category"].label = _("Jenis pengaduan")
            self.fields["reporter_name"].label = _("Nama pelapor (tidak wajib)")
            self.fields["reporter_name"].help_text = _("Tidak wajib: pelapor boleh tidak menyebut nama.")
            self.fields["reporter_contact"].label = _("Kontak pelapor (tidak wajib)")
            self.fields["reporter_contact"].help_text = _("Tidak wajib. Isi bila pelapor ingin dihubungi kembali.")
        self.fields["kabupaten"].choices = [("", "—")] + list(regency_choices)
        self.fields["desa"].choices = [("", "—")] + list(desa_choices)
        if options_url:
            # The desa list follows the kabupaten without a reload; without JavaScript the form's "Tampilkan
            # desa" button does the same by re-showing the form.
            self.fields["kabupaten"].widget.attrs.update({
                "hx-get": f"{options_url}?desa_options=1", "hx-trigger": "change",
                "hx-target": "#id_desa", "hx-swap": "innerHTML",
            })


class GrievanceFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=[("", _("Semua"))] + list(GrievanceState.choices))
    category = forms.ChoiceField(label=_("Kategori"), required=False,
                                 choices=[("", _("Semua"))] + list(GrievanceCategory.choices))


class LinkPersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK warga"), max_length=30,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                        "placeholder": "16 digit"}))

    def clean_nik(self) -> str:
        return clean_digits(self.cleaned_data["nik"])


def proposal_field_choices() -> list[tuple[str, str]]:
    person = [(name, capfirst(str(Person._meta.get_field(name).verbose_name)))
              for name in PROPOSABLE_PERSON_FIELDS]
    household = [(HOUSEHOLD_PREFIX + name, _("KK: %s") % Household._meta.get_field(name).verbose_name)
                 for name in PROPOSABLE_HOUSEHOLD_FIELDS]
    return [(_("Data jiwa"), person), (_("Data keluarga (KK)"), household)]


class ProposalForm(forms.Form):
    field = forms.ChoiceField(label=_("Data yang salah"))
    value = forms.CharField(
        label=_("Nilai yang benar"), max_length=255, required=False,
        help_text=_("Untuk data berpilihan tulis pilihannya (mis. Perempuan); tanggal sebagai dd/mm/yyyy; "
                    "ya/tidak untuk kepemilikan aset."))
    reason = forms.CharField(label=_("Alasan dan bukti"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = proposal_field_choices()

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("field")
        if choice:
            about_household = choice.startswith(HOUSEHOLD_PREFIX)
            name = choice.removeprefix(HOUSEHOLD_PREFIX)
            model = Household if about_household else Person
            cleaned["about_household"] = about_household
            cleaned["field_name"] = name
            cleaned["value"] = _as_model_input(model._meta.get_field(name), cleaned.get("value", "").strip())
        return cleaned


def _as_model_input(field: models.Field, raw: str) -> str:
    """What staff type ("Perempuan", "12/08/1975", "ya") as the text the model field's own clean() accepts,
    so the registry's validation stays the only one."""
    if not raw:
        return raw
    if field.choices:
        for code, label in field.flatchoices:
            if raw.casefold() in (str(code).casefold(), str(label).casefold()):
                return str(code)
        return raw
    if isinstance(field, models.DateField):
        for fmt in DATE_INPUTS:
            try:
                return datetime.datetime.strptime(raw, fmt).date().isoformat()
            except ValueError:
                continue
        return raw
    if isinstance(field, models.BooleanField):
        lowered = raw.casefold()
        if lowered in ("ya", "ada", "yes"):
            return "True"
        if lowered in ("tidak", "tidak ada", "no"):
            return "False"
    return raw


class TrackForm(forms.Form):
    nomor = forms.CharField(
        label=_("Nomor pengaduan atau rujukan"), max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "ADU-XXXX-XXXX-XXXX", "autocomplete": "off",
                                      "autocapitalize": "characters", "spellcheck": "false"}))
