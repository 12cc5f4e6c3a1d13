from allauth.account.adapter import DefaultAccountAdapter

from ceiq.core.mail import SEND_EMAIL
from ceiq.core.queue import registered_task


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: every account comes from an invitation (see ceiq.accounts.services)."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (password reset…) are rendered here, in the person's language, and sent by
        a task with retries (ceiq.core.mail): the page answers at once even if the mail server is down."""
        message = self.render_mail(template_prefix, email, context)
        html_body = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        # Queued at once: the message depends on no row this request writes (a reset key is derived
        # from the account as it stands).
        for recipient in message.to:
            registered_task(SEND_EMAIL).delay(str(message.subject), str(message.body), recipient, str(html_body))
