"""The one place that answers "where may this user do X?". Every protected queryset's ``for_user`` and every
object-level check goes through here, so scope rules cannot drift between views.

Fail-closed: no active assignment granting the permission means no rows, for superusers too (a technical
administrator is not entitled to personal data by being an administrator).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from sinergi.areas.models import subtree_q

VIEW_REGISTRY = "registry.view_household"
CHANGE_REGISTRY = "registry.change_household"
REVEAL_NIK = "registry.reveal_nik"
EXPORT_REGISTRY = "registry.export_household"
VIEW_AUDIT = "audit.view_auditentry"
USE_API = "accounts.use_api"
IMPORT_DATA = "imports.add_importbatch"


def _grants(user) -> dict[str, list[str]]:
    """{permission: [area codes]} for the user's active assignments, cached on the user object for the request."""
    cached = getattr(user, "_sinergi_grants", None)
    if cached is not None:
        return cached
    grants: dict[str, list[str]] = {}
    if user is not None and user.is_authenticated and user.is_active:
        from sinergi.accounts.models import Assignment

        rows = Assignment.objects.filter(user=user, active=True).values_list(
            "area_id", "role__permissions__content_type__app_label", "role__permissions__codename"
        )
        for area_code, app_label, codename in rows:
            if codename:
                grants.setdefault(f"{app_label}.{codename}", []).append(area_code)
    for perm, codes in grants.items():
        grants[perm] = _outermost(codes)
    if user is not None:
        user._sinergi_grants = grants
    return grants


def _outermost(codes: list[str]) -> list[str]:
    """Drop codes that lie under another code in the list: 11.06 makes 11.06.01 redundant."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return sorted(kept)


def areas_for(user, perm: str) -> list[str]:
    return _grants(user).get(perm, [])


def has_perm_anywhere(user, perm: str) -> bool:
    return bool(areas_for(user, perm))


def has_perm_for(user, perm: str, area_code: str) -> bool:
    return any(area_code == c or area_code.startswith(c + ".") for c in areas_for(user, perm))


def overlaps(user, perm: str, area_code: str) -> bool:
    """True when the area lies inside the user's scope or contains part of it (an area page or filter the
    user may open, even if it shows only their part)."""
    return any(
        area_code == c or area_code.startswith(c + ".") or c.startswith(area_code + ".")
        for c in areas_for(user, perm)
    )


def scope_q(user, perm: str, field: str) -> Q | None:
    """A filter on the dotted area-code column ``field``, or None when the user may see nothing."""
    codes = areas_for(user, perm)
    if not codes:
        return None
    return reduce(or_, (subtree_q(field, code) for code in codes))


def filter_for(queryset, user, perm: str, field: str):
    q = scope_q(user, perm, field)
    return queryset.none() if q is None else queryset.filter(q)


def forget(user) -> None:
    """Drop the cached grants (after assignments change within one request, e.g. in tests)."""
    if hasattr(user, "_sinergi_grants"):
        del user._sinergi_grants


def users_with_perm_for(perm: str, area_code: str):
    """Active users holding ``perm`` over ``area_code`` (through an assignment on it or on an area above it):
    whom to notify about something that happened there."""
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Assignment

    parts = area_code.split(".")
    enclosing = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    app_label, codename = perm.split(".")
    holders = Assignment.objects.filter(
        active=True, area_id__in=enclosing, role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    ).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=holders)
