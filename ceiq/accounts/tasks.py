"""Celery tasks of the accounts: the invitation email, sent after the invitation is saved, retried
with back-off while the mail server is down (ceiq.core.mail)."""

from celery import shared_task

from ceiq.core.mail import send_with_retries

from .models import Invitation
from .queue import SEND_INVITATION_EMAIL
from .services import invitation_email_deliver


@shared_task(bind=True, name=SEND_INVITATION_EMAIL, acks_late=True)
def send_invitation_email(self, invitation_id: int, language: str) -> bool:
    """Idempotent enough to be delivered twice: the same link again. Nothing is sent for an
    invitation revoked, accepted or expired since it was queued."""
    invitation = Invitation.objects.select_related("enterprise", "employer").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable:
        return False
    return send_with_retries(
        self, lambda: invitation_email_deliver(invitation, language), what=f"invitation {invitation_id}"
    )
