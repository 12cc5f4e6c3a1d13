from django.conf import settings


def portal(request):
    """What the base layout needs: the current context, the switcher and the navigation flags."""
    current = getattr(request, "portal", None)
    user = getattr(request, "user", None)
    return {
        "portal": current,
        "portal_contexts": getattr(request, "portal_contexts", []),
        "portal_kind": current.kind if current else None,
        "portal_role": current.role if current else None,
        "portal_enterprise": current.enterprise if current else None,
        "portal_employer": current.employer if current else None,
        "is_network_staff": bool(user and user.is_authenticated and user.is_network_staff),
        "LANGUAGE_COOKIE_NAME": settings.LANGUAGE_COOKIE_NAME,
    }
