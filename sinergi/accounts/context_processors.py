from sinergi.accounts import scoping


def navigation(request):
    """What the menu shows. Derived from the user's grants, never from role names."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "registry": scoping.has_perm_anywhere(user, scoping.VIEW_REGISTRY),
            "audit": scoping.has_perm_anywhere(user, scoping.VIEW_AUDIT),
            "imports": scoping.has_perm_anywhere(user, scoping.IMPORT_DATA),
        }
    }
