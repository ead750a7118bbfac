"""The registry's own sections of the household page: members, address, housing and assets, history."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.audit.models import AuditEntry
from sinergi.core.nik import mask_nik

from . import codes
from .models import Household, Membership, Person
from .sections import Section, register

HISTORY_LIMIT = 50


def _field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # "reason" and "desa_id" in entries are not model fields by those names
        return name
    # Other apps' entries about this household (visits, referrals) may use keys that match a reverse relation.
    return str(getattr(field, "verbose_name", name))


def members_context(request, household: Household):
    members = list(household.members.filter(merged_into__isnull=True).order_by("relation", "birth_date", "id"))
    today = timezone.localdate()
    for person in members:
        person.age = person.age_on(today)
    past = (
        Membership.objects.filter(household=household, left_at__isnull=False)
        .select_related("person__household")
        .order_by("-left_at")
    )
    return {
        "members": members,
        "past_members": list(past),
        "can_reveal": scoping.has_perm_for(request.user, scoping.REVEAL_NIK, household.desa_id),
        "can_change": scoping.has_perm_for(request.user, scoping.CHANGE_REGISTRY, household.desa_id),
    }


def address_context(request, household: Household):
    return {"household": household}


def housing_context(request, household: Household):
    housing = [
        (household._meta.get_field(f).verbose_name, getattr(household, f"get_{f}_display")() or "–")
        for f in codes.HOUSING_FIELDS
    ]
    assets = [(label, getattr(household, field)) for field, label in codes.ASSET_FIELDS]
    return {"housing": housing, "assets": assets}


_MASKED = {"nik", "no_kk"}


def _shown(field: str, value):
    return mask_nik(value) if field in _MASKED and isinstance(value, str) else value


def history_context(request, household: Household):
    """Write entries of the audit log about this household and its members, numbers masked like everywhere."""
    entries = list(AuditEntry.objects.history_of_household(household.pk)[:HISTORY_LIMIT])
    for entry in entries:
        model = Person if entry.object_type == "registry.person" else Household
        entry.rows = [
            (_field_label(model, field), _shown(field, values[0]), _shown(field, values[1]))
            if isinstance(values, list) and len(values) == 2
            else (_field_label(model, field), "", values)
            for field, values in entry.changes.items()
        ]
    return {"entries": entries, "limit": HISTORY_LIMIT}


register(Section("members", _("Anggota keluarga"), "registry/sections/members.html", 10, members_context))
register(Section("address", _("Alamat"), "registry/sections/address.html", 20, address_context))
register(Section("housing", _("Kondisi rumah dan aset"), "registry/sections/housing.html", 30, housing_context))
register(Section("history", _("Riwayat perubahan"), "registry/sections/history.html", 90, history_context))
