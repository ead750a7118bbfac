from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.registry.codes import Relation, Sex

from .models import Channel, Need, Ppks, ServiceProvider, ServiceType

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class NikLookupForm(forms.Form):
    nik = forms.CharField(label=_("NIK warga"), max_length=30, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                        "autofocus": True, "placeholder": "16 digit"}))


class CaseForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Cara datang"), choices=Channel.choices, initial=Channel.WALK_IN)
    complaint = forms.CharField(label=_("Keluhan/permasalahan"), widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.MultipleChoiceField(label=_("Kebutuhan"), choices=Need.choices,
                                      widget=forms.CheckboxSelectMultiple)
    ppks = forms.MultipleChoiceField(label=_("Kategori PPKS (Permensos 8/2012)"), choices=Ppks.choices,
                                     required=False, widget=forms.SelectMultiple(attrs={"size": 6}))


class WalkInForm(forms.Form):
    """A resident not in the registry yet: the household and the person, registered at the desk."""

    desa = forms.ChoiceField(label=_("Desa/kelurahan"))
    no_kk = forms.CharField(label=_("No. KK"), max_length=16, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    address = forms.CharField(label=_("Alamat"), max_length=255)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), required=False, input_formats=DATE_INPUTS,
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
    relation = forms.ChoiceField(label=_("Hubungan dengan kepala keluarga"), choices=Relation.choices,
                                 initial=Relation.choices[0][0])

    def __init__(self, *args, desa_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [("", "—")] + list(desa_choices)


class AssessmentForm(forms.Form):
    assessment = forms.CharField(label=_("Hasil asesmen"), widget=forms.Textarea(attrs={"rows": 4}))
    decision = forms.CharField(label=_("Keputusan"), widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.CharField(label=_("Rencana tindak lanjut"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    ppks = forms.MultipleChoiceField(label=_("Kategori PPKS"), choices=Ppks.choices, required=False,
                                     widget=forms.SelectMultiple(attrs={"size": 6}))


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Penyedia layanan"), queryset=ServiceProvider.objects.none())
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=ServiceType.objects.filter(active=True))
    reason = forms.CharField(label=_("Alasan rujukan"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, desa_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ServiceProvider.objects.serving(desa_code).prefetch_related("services")


class AttachmentForm(forms.Form):
    label = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF, JPEG, PNG; maks. 10 MB)"))


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Yang perlu ditindaklanjuti"), max_length=200)
    details = forms.CharField(label=_("Rincian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Batas waktu"), required=False, input_formats=DATE_INPUTS,
                               widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(forms.Form):
    to_state = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
