"""Forms of the findings pages: the list's filters (read from the query string, never trusted) and the decisions
on one finding. The operations in :mod:`sinergi.programs.findings` validate again; these forms only shape input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FindingKind, FindingState

ALL_STATES = "semua"
SORTS = {
    "desa": ("desa_id", "kind", "household_id", "id"),
    "nilai": ("-amount_at_stake", "desa_id", "id"),
    "terbaru": ("-first_seen_at", "-id"),
    "jenis": ("kind", "desa_id", "household_id", "id"),
}
SORT_CHOICES = [("desa", _("Desa")), ("nilai", _("Nilai terdampak terbesar")), ("terbaru", _("Terbaru")),
                ("jenis", _("Jenis temuan"))]


class FindingFilterForm(forms.Form):
    """?jenis=&status=&program=&wilayah=&urut=: unknown values fall back to the defaults instead of failing."""

    jenis = forms.ChoiceField(label=_("Jenis"), required=False,
                              choices=[("", _("Semua jenis")), *FindingKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[*FindingState.choices, (ALL_STATES, _("Semua status"))])
    program = forms.ChoiceField(label=_("Program"), required=False)
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORT_CHOICES)

    def __init__(self, data=None, *, programs=(), areas=()):
        super().__init__(data)
        self.fields["program"].choices = [("", _("Semua program")), *programs]
        self.fields["wilayah"].choices = [("", _("Seluruh wilayah saya")), *areas]

    def value(self, name: str, default: str = "") -> str:
        """The field's value when valid, else ``default``: a bad parameter is ignored, not an error page."""
        raw = self.data.get(name, "") if self.data else ""
        field = self.fields[name]
        valid = {str(value) for value, _label in field.choices}
        return raw if raw in valid and raw != "" else default


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Tindak lanjut"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Misalnya: dikeluarkan dari daftar tahap berikutnya."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RunForm(forms.Form):
    kabupaten = forms.CharField(max_length=13)
