from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import ngettext

from ceiq.core.client import client_address
from ceiq.core.mail import SEND_EMAIL
from ceiq.core.queue import registered_task

from . import login_limits


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email", credentials.get("username", "")))


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: every account comes from an invitation (see ceiq.accounts.services).
    Login limits: see ceiq.accounts.login_limits."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        """The client's address behind CEIQ_TRUSTED_PROXY_COUNT proxies (allauth's per-address
        limit uses it)."""
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth's per-key limit counts one account from one address."""
        return login_limits.attempt_key(_login(credentials), client_address(request))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """Called by allauth after a successful password reset."""
        login_limits.clear(_login(credentials))

    def pre_authenticate(self, request, **credentials):
        wait = login_limits.seconds_to_wait(_login(credentials), client_address(request))
        if wait:
            minutes = max(1, -(-wait // 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts on this account. Try again in %(minutes)s minute.",
                    "Too many failed attempts on this account. Try again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes}
            )
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_limits.record_success(_login(credentials), client_address(request))
        return user

    def authentication_failed(self, request, **credentials):
        login_limits.record_failure(_login(credentials))

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (password reset…) are rendered here, in the person's language, and sent by
        a task with retries (ceiq.core.mail): the page answers at once even if the mail server is down."""
        message = self.render_mail(template_prefix, email, context)
        html_body = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        # Queued at once: the message depends on no row this request writes (a reset key is derived
        # from the account as it stands).
        for recipient in message.to:
            registered_task(SEND_EMAIL).delay(str(message.subject), str(message.body), recipient, str(html_body))
