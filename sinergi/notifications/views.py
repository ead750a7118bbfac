from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import operations
from .models import Notification

PER_PAGE = 30


@login_required
@require_GET
def notification_list(request):
    page = Paginator(request.user.notifications.all(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page,
        "unread": operations.unread_count(request.user),
    })


@login_required
@require_POST
def notification_read(request, pk: int):
    # Filtering by owner in the lookup: someone else's notification and a missing one are the same 404.
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    operations.mark_read(user=request.user, notification_id=notification.pk)
    return redirect(notification.local_url or "notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    operations.mark_all_read(user=request.user)
    return redirect("notifications:list")
