"""The verification field form (phone first, survives a lost connection) and verification rounds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.views import add_errors

from . import verification
from .forms_field import RoundForm, VerificationForm
from .models import CREATE_TASKS, Task, TaskKind
from .operations import can_complete

MAX_PHOTOS = 3


@login_required
@require_http_methods(["GET", "POST"])
def verify(request, pk: int):
    task = get_object_or_404(Task.objects.for_user(request.user).prefetch_related("assignees")
                             .select_related("household__desa__parent", "desa"), pk=pk)
    if task.kind != TaskKind.VERIFICATION or task.household is None:
        raise Http404
    if hasattr(task, "verification"):
        messages.info(request, _("Verifikasi tugas ini sudah dikirim."))
        return redirect("pillars:task", pk=task.pk)
    if not can_complete(request.user, task):
        raise Http404
    household = task.household
    members = list(household.members.filter(merged_into__isnull=True).order_by("relation", "birth_date", "id"))
    form = VerificationForm(request.POST or None, household=household, members=members,
                            today=timezone.localdate())
    photos = request.FILES.getlist("photos")[:MAX_PHOTOS]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification.submit_verification(
                actor=request.user, task=task, outcome=data["outcome"], notes=data["notes"],
                client_token=data["client_token"], household_changes=form.household_changes(),
                person_changes=form.person_changes(), deceased=data["deceased"], visited_on=data["visited_on"],
                lat=data["lat"], lng=data["lng"], gps_accuracy_m=data["accuracy"], photos=photos)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Verifikasi terkirim. Perubahan data menunggu persetujuan supervisor."))
            return redirect("pillars:task", pk=task.pk)
    record(actor=request.user, action=Action.VIEW, obj=household, household_id=household.pk,
           area_code=household.desa_id, changes={"persons": [str(p.pk) for p in members]}, source="pillars")
    status = 400 if request.method == "POST" else 200
    return render(request, "pillars/verify.html", {
        "task": task, "household": household, "form": form, "max_photos": MAX_PHOTOS,
        # The draft key names the task and the user: a shared phone never mixes two pillars' drafts.
        "draft_key": f"sinergi-draft:verify:{task.pk}:{request.user.pk}",
    }, status=status)


def _round_villages(user) -> list[Area]:
    q = scoping.scope_q(user, CREATE_TASKS, "code")
    if q is None:
        return []
    return list(Area.objects.filter(q, level=Level.VILLAGE).select_related("parent").order_by("parent__name", "name"))


@login_required
@require_http_methods(["GET", "POST"])
def verification_round(request):
    villages = _round_villages(request.user)
    if not villages:
        raise Http404
    form = RoundForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = verification.start_round(
                actor=request.user, title=data["title"], desa_codes=data["desa"], due_date=data["due_date"],
                source=f"round:{timezone.localdate():%Y%m%d}:{data['title'][:40]}")
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(n)s tugas verifikasi dibuat dan dikirim ke pilar yang bertugas.")
                             % {"n": count})
            return redirect("pillars:tasks")
    return render(request, "pillars/verification_round.html", {"form": form})
