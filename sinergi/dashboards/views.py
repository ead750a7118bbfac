from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area
from sinergi.registry.forms import SearchForm
from sinergi.registry.summary import summary_by_child


def _waiting(user) -> list[tuple[str, int, str, bool]]:
    """What waits for this user today, one count query per item they may act on: (label, count, link, urgent)."""
    from sinergi.pillars.models import Task, TaskStatus
    from sinergi.referrals.models import (
        HANDLE_REFERRALS,
        OPEN_STATES,
        VIEW_CASES,
        VIEW_GRIEVANCES,
        Case,
        CaseStatus,
        Grievance,
        GrievanceState,
        Referral,
        State,
    )
    from sinergi.registry.models import ChangeRequest, ChangeState
    from sinergi.registry.operations import APPROVE_CHANGES

    items = []
    has = lambda perm: scoping.has_perm_anywhere(user, perm)  # noqa: E731
    if has(HANDLE_REFERRALS):
        mine = Referral.objects.for_provider_user(user)
        items.append((_("Rujukan baru untuk lembaga Anda"), mine.filter(state=State.SUBMITTED).count(),
                      reverse("referrals:referrals") + "?status=diajukan", False))
        items.append((_("Rujukan lewat batas waktu"), mine.overdue().count(),
                      reverse("referrals:referrals") + "?status=terlambat", True))
    if has(VIEW_CASES):
        items.append((_("Layanan SLRT menunggu asesmen"),
                      Case.objects.for_user(user).filter(status=CaseStatus.REGISTERED).count(),
                      reverse("referrals:cases") + "?status=terdaftar", False))
        items.append((_("Rujukan lewat batas waktu"),
                      Referral.objects.for_user(user).filter(state__in=OPEN_STATES).overdue().count(),
                      reverse("referrals:referrals") + "?status=terlambat", True))
    if has(VIEW_GRIEVANCES):
        items.append((_("Pengaduan baru"),
                      Grievance.objects.for_user(user).filter(state=GrievanceState.RECEIVED).count(),
                      reverse("referrals:grievances") + "?state=diterima", False))
    if has(APPROVE_CHANGES):
        items.append((_("Usulan perubahan data menunggu persetujuan"),
                      ChangeRequest.objects.for_user(user).filter(state=ChangeState.PROPOSED).count(),
                      reverse("registry:changes"), False))
    tasks = Task.objects.for_user(user).filter(status=TaskStatus.OPEN)
    open_tasks = tasks.count()
    if open_tasks:
        items.append((_("Tugas terbuka"), open_tasks, reverse("pillars:tasks"), False))
    return items


@login_required
def home(request):
    scope = scoping.areas_for(request.user, scoping.VIEW_REGISTRY)
    areas = list(Area.objects.filter(code__in=scope).select_related("parent"))
    blocks = [(area, summary_by_child(request.user, area)) for area in areas]
    return render(request, "dashboards/home.html", {"form": SearchForm(), "blocks": blocks, "has_scope": bool(scope),
                                                    "waiting": _waiting(request.user)})
