"""Forms of the catalogue, cycle and enrolment pages. They only parse input; the operations decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.nik import clean_digits

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
# More ticked rows than this in one POST are refused (a list is filtered, then "all matching" is used instead).
MAX_IDS = 100_000
# Ids and amounts beyond a 64-bit integer would make the database refuse the query: refused here instead.
MAX_NUMBER = 2**63 - 1


def _date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class IdsField(forms.Field):
    """The ticked rows' ids (checkboxes named alike); anything that is not an id is refused, not guessed."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_IDS or not all(str(v).isdigit() and int(v) <= MAX_NUMBER for v in values):
            raise forms.ValidationError(_("Pilihan baris tidak dikenali."))
        return sorted({int(v) for v in values})


class CycleForm(forms.Form):
    regency = forms.ChoiceField(label=_("Kabupaten/kota"))
    code = forms.CharField(label=_("Kode tahap"), max_length=20, help_text=_("Mis. 2026-T2."))
    name = forms.CharField(label=_("Nama"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("Mulai"), input_formats=DATE_INPUTS, widget=_date_widget())
    ends_on = forms.DateField(label=_("Selesai"), input_formats=DATE_INPUTS, widget=_date_widget())
    copy_from = forms.IntegerField(required=False, min_value=1, max_value=MAX_NUMBER, widget=forms.HiddenInput)

    def __init__(self, *args, regencies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = regencies
        if len(regencies) == 1:
            self.fields["regency"].initial = regencies[0][0]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300,
                             widget=forms.TextInput(attrs={"placeholder": _("mis. KPM meninggal")}))


class RemoveForm(forms.Form):
    ids = IdsField(required=False)
    all_matching = forms.BooleanField(label=_("Semua penerima yang cocok dengan saringan"), required=False)
    reason = forms.CharField(label=_("Alasan dikeluarkan"), max_length=300)
    wilayah = forms.CharField(required=False, max_length=13)
    q = forms.CharField(required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if not data.get("ids") and not data.get("all_matching"):
            raise forms.ValidationError(_("Pilih penerima yang akan dikeluarkan."))
        return data


class EligibleForm(forms.Form):
    wilayah = forms.CharField(label=_("Hanya wilayah"), required=False, max_length=13)


class PlanForm(forms.Form):
    planned_on = forms.DateField(label=_("Tanggal rencana salur"), input_formats=DATE_INPUTS,
                                 widget=_date_widget())
    channel = forms.CharField(label=_("Penyalur"), max_length=60, required=False,
                              help_text=_("Bank Himbara, PT Pos, tunai."))
    amount = forms.IntegerField(label=_("Jumlah per penerima (Rp)"), required=False, min_value=1,
                                max_value=1_000_000_000_000,
                                help_text=_("Kosongkan: manfaat per tahun × lama tahap."))


class DisburseForm(forms.Form):
    ids = IdsField(required=False)
    all_planned = forms.BooleanField(label=_("Semua yang direncanakan"), required=False)
    disbursed_on = forms.DateField(label=_("Tanggal salur"), input_formats=DATE_INPUTS, widget=_date_widget())
    reference = forms.CharField(label=_("Nomor referensi"), max_length=60, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("ids") and not data.get("all_planned"):
            raise forms.ValidationError(_("Pilih penyaluran yang sudah tersalur."))
        return data


class AddRecipientForm(forms.Form):
    """One recipient by NIK (16 digits: the person, and their household) or by the household's number."""

    identifier = forms.CharField(label=_("NIK atau nomor keluarga"), max_length=30,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                               "placeholder": _("NIK atau nomor keluarga"),
                                                               "aria-label": _("NIK atau nomor keluarga")}))

    def clean_identifier(self) -> tuple[str, str]:
        digits = clean_digits(self.cleaned_data["identifier"])
        if not digits.isdigit():
            digits = ""
        if len(digits) == 16:
            return "nik", digits
        if digits and len(digits) <= 12:
            return "household", digits
        raise forms.ValidationError(_("Tuliskan NIK 16 digit atau nomor keluarga (angka di alamat halaman "
                                      "keluarga)."))


class EnrolHouseholdForm(forms.Form):
    """From the household page: which open tahap, and for person programmes which member."""

    cycle = forms.TypedChoiceField(label=_("Tahap"), coerce=int)
    person = forms.TypedChoiceField(label=_("Anggota (program per jiwa)"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, cycles: list[tuple[int, str]], members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = cycles
        if members:
            self.fields["person"].choices = [("", "–"), *members]
        else:  # no person programme open: nobody to pick
            del self.fields["person"]
