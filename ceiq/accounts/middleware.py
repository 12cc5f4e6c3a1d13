import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .context import SESSION_KEY, available_contexts, choose_context

SESSION_STARTED_KEY = "ceiq_session_started"

# Paths a user who still has to set up MFA may reach (allauth's pages include the MFA set-up).
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")
# URL names they may reach too: accepting an invitation (not the invitation list, which invites people).
MFA_EXEMPT_URL_NAMES = frozenset({"invitation_accept", "healthz", "set_language"})
# allauth's record of how the session was authenticated ([{"method": …, "at": timestamp}, …]).
AUTHENTICATION_RECORDS_KEY = "account_authentication_methods"


class CurrentContextMiddleware:
    """Puts the current organization and role on the request: request.portal (None if none),
    request.portal_contexts, request.enterprise, request.employer and request.role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.portal = None
        request.portal_contexts = []
        request.enterprise = None
        request.employer = None
        request.role = None
        user = request.user
        if user.is_authenticated:
            contexts = available_contexts(user)
            current = choose_context(contexts, request.session.get(SESSION_KEY))
            request.portal_contexts = contexts
            request.portal = current
            if current is not None:
                request.enterprise = current.enterprise
                request.employer = current.employer
                request.role = current.role
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Ends a session past its absolute lifetime, whatever the activity (the idle timeout is
    SESSION_COOKIE_AGE, renewed on each request). The lifetime starts at the login recorded by
    allauth, or at the first request seen when the session has no such record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                started = _logged_in_at(request.session) or now
                request.session[SESSION_STARTED_KEY] = started
            if now - started > settings.CEIQ_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)


class RequireMfaMiddleware:
    """With CEIQ_REQUIRE_MFA on, staff without an authenticator are sent to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.CEIQ_REQUIRE_MFA and request.user.is_authenticated and request.user.needs_mfa:
            if not request.path.startswith(MFA_EXEMPT_PREFIXES) and not _is_exempt_url(request.path_info):
                if not is_mfa_enabled(request.user):
                    return redirect("mfa_activate_totp")
        return self.get_response(request)


def _is_exempt_url(path: str) -> bool:
    try:
        return resolve(path).url_name in MFA_EXEMPT_URL_NAMES
    except Resolver404:
        return False


def _logged_in_at(session) -> int | None:
    """When allauth recorded the login of this session (its first authentication record)."""
    moments = [
        record["at"]
        for record in session.get(AUTHENTICATION_RECORDS_KEY) or []
        if isinstance(record, dict) and isinstance(record.get("at"), int | float)
    ]
    return int(min(moments)) if moments else None
