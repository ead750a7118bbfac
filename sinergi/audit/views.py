from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import subtree_q

from .models import Action, AuditEntry


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Aksi"), required=False, choices=[("", _("Semua"))] + Action.choices)
    area = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    household = forms.IntegerField(label=_("ID keluarga"), required=False, min_value=1)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                              widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request):
    if not scoping.has_perm_anywhere(request.user, scoping.VIEW_AUDIT):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_user(request.user).select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_label__iexact=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["area"]:
            entries = entries.filter(subtree_q("area_code", data["area"]))
        if data["household"]:
            entries = entries.filter(household_id=data["household"])
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
    page = Paginator(entries.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
