"""Forms of the linkage pages: the queue's filters (read from the query string, never trusted: a bad value is
ignored with a notice, never an error page) and the decisions. The operations validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SORTS = [
    ("peluang", _("Peluang tertinggi dulu")),
    ("ragu", _("Paling meragukan dulu")),
    ("terbaru", _("Terbaru dulu")),
]


class QueueFilterForm(forms.Form):
    """?desa=&min=&max=&proses=&urut=: the desa and run choices are what the user may see."""

    desa = forms.ChoiceField(label=_("Desa"), required=False)
    min = forms.FloatField(
        label=_("Peluang dari"),
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    max = forms.FloatField(
        label=_("sampai"),
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    proses = forms.ChoiceField(label=_("Proses"), required=False)
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORTS)

    def __init__(self, data=None, *, desa=(), runs=()):
        super().__init__(data)
        self.fields["desa"].choices = [("", _("Semua desa")), *desa]
        self.fields["proses"].choices = [("", _("Semua proses")), *runs]


class AcceptForm(forms.Form):
    keep = forms.IntegerField(required=False)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RunForm(forms.Form):
    kabupaten = forms.CharField(max_length=13)
    # "baru": only records created or changed since the last finished run; anything else is a full run.
    jenis = forms.CharField(max_length=10, required=False)
