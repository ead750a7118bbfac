from sinergi.accounts import scoping


def navigation(request):
    """What the menu shows. Derived from the user's grants (and, for tasks, their pillar-worker record), never
    from role names."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from sinergi.notifications.operations import unread_count
    from sinergi.pillars.models import PillarWorker

    has = lambda perm: scoping.has_perm_anywhere(user, perm)  # noqa: E731
    return {
        "nav": {
            "registry": has(scoping.VIEW_REGISTRY),
            "audit": has(scoping.VIEW_AUDIT),
            "imports": has(scoping.IMPORT_DATA),
            "slrt": has("referrals.view_case"),
            "referrals": has("referrals.handle_referral") and not has("referrals.view_case"),
            "grievances": has("referrals.view_grievance") and not has("referrals.view_case"),
            "changes": has("registry.approve_changerequest"),
            "tasks": (has("pillars.view_task") or has("pillars.add_visit")
                      or PillarWorker.objects.filter(user=user).exists()),
            "rounds": has("pillars.add_task"),
            "meetings": has("pillars.add_meeting") or has("pillars.approve_meeting"),
            "workers": has("pillars.view_pillarworker"),
            "activity": has("pillars.view_task"),
            "programs": has("programs.view_program"),
            "findings": has("programs.view_finding"),
            "linkage": has("linkage.view_candidatepair"),
            "unread": unread_count(user),
        }
    }
