from django import forms
from django.utils.translation import gettext_lazy as _

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
