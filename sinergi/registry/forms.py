from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import Relation
from .models import Household, Person
from .search import Mode

MODE_CHOICES = [
    (Mode.ALL.value, _("Semua")),
    (Mode.NIK.value, _("NIK")),
    (Mode.KK.value, _("No. KK")),
    (Mode.NAME.value, _("Nama")),
    (Mode.ADDRESS.value, _("Alamat")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("NIK, No. KK, nama, atau alamat"),
                                                      "autofocus": True, "type": "search"}))
    mode = forms.ChoiceField(label=_("Berdasarkan"), choices=MODE_CHOICES, required=False)
    area = forms.CharField(required=False, max_length=13, widget=forms.HiddenInput)


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["address", "rt", "rw", "status", "floor", "wall", "roof", "water_source", "lighting",
                  "cooking_fuel", "toilet", "land_ownership", "has_lpg_5_5kg", "has_refrigerator", "has_ac",
                  "has_water_heater", "has_phone", "has_tv", "has_gold_10g", "has_computer", "has_bicycle",
                  "has_motorcycle", "has_car", "has_boat", "has_land", "land_area_m2"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["nik", "name", "sex", "birth_place", "birth_date", "relation", "marital_status", "religion",
                  "education", "occupation", "disability", "chronic_illness", "status"]
        widgets = {"birth_date": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy",
                                                                            "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "maxlength": 16, "autocomplete": "off"})


class MoveForm(forms.Form):
    no_kk = forms.CharField(label=_("No. KK tujuan"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    relation = forms.ChoiceField(label=_("Hubungan di KK tujuan"), choices=Relation.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=200,
                             help_text=_("Mis. menikah, pecah KK, ikut orang tua."))
