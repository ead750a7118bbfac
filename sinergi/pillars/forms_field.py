"""The verification field form: built per household, with the current values as initial data, so that only what
the pillar actually changed becomes a proposal (Django's ``changed_data``)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.areas.models import Area
from sinergi.registry.models import Household, Person

from .models import VerificationOutcome

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
HOUSEHOLD_FIELDS = ["address", "rt", "rw", "floor", "wall", "roof", "has_motorcycle", "has_car", "has_ac",
                    "has_refrigerator", "has_gold_10g", "has_land"]
PERSON_FIELDS = ["name", "nik", "birth_date"]


def _date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class VerificationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil verifikasi"), choices=VerificationOutcome.choices,
                                widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), input_formats=DATE_INPUTS, widget=_date_widget())
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    lat = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    lng = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    accuracy = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, household: Household, members: list[Person], today, **kwargs):
        initial = {"client_token": uuid.uuid4().hex, "visited_on": today}
        for name in HOUSEHOLD_FIELDS:
            initial[f"kk-{name}"] = getattr(household, name)
        for person in members:
            for name in PERSON_FIELDS:
                # The NIK is never sent to the phone in full (most pillars may not reveal it): the field starts
                # empty, shows the masked NIK, and a typed NIK is a correction.
                initial[f"p{person.pk}-{name}"] = "" if name == "nik" else getattr(person, name)
        super().__init__(*args, initial=initial, **kwargs)
        self.household, self.members = household, members
        for name in HOUSEHOLD_FIELDS:
            field = Household._meta.get_field(name).formfield(required=False)
            self.fields[f"kk-{name}"] = field
        for person in members:
            for name in PERSON_FIELDS:
                field = Person._meta.get_field(name).formfield(required=False)
                if name == "birth_date":
                    field.input_formats, field.widget = DATE_INPUTS, _date_widget()
                if name == "nik":
                    field.label = _("NIK (isi hanya bila berbeda)")
                    field.widget.attrs.update({"inputmode": "numeric", "maxlength": 16, "autocomplete": "off",
                                               "placeholder": person.masked_nik})
                self.fields[f"p{person.pk}-{name}"] = field
        self.fields["deceased"] = forms.TypedMultipleChoiceField(
            label=_("Anggota yang meninggal"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
            choices=[(p.pk, p.name) for p in members])

    def household_fields(self):
        return [self[f"kk-{name}"] for name in HOUSEHOLD_FIELDS]

    def member_rows(self):
        return [(person, [self[f"p{person.pk}-{name}"] for name in PERSON_FIELDS]) for person in self.members]

    def household_changes(self) -> dict:
        return {name: self.cleaned_data[f"kk-{name}"] for name in HOUSEHOLD_FIELDS
                if f"kk-{name}" in self.changed_data}

    def person_changes(self) -> dict[int, dict]:
        changes: dict[int, dict] = {}
        for person in self.members:
            for name in PERSON_FIELDS:
                key = f"p{person.pk}-{name}"
                if key in self.changed_data:
                    changes.setdefault(person.pk, {})[name] = self.cleaned_data[key]
        return changes


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Nama putaran"), max_length=200,
                            help_text=_("Mis. Pemutakhiran DTKS 2026 tahap II."))
    desa = forms.MultipleChoiceField(label=_("Desa/kelurahan"), widget=forms.SelectMultiple(attrs={"size": 10}))
    due_date = forms.DateField(label=_("Tenggat"), required=False, input_formats=DATE_INPUTS, widget=_date_widget())

    def __init__(self, *args, villages: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for village in villages:
            grouped.setdefault(village.parent.name, []).append((village.code, village.name))
        self.fields["desa"].choices = list(grouped.items())
