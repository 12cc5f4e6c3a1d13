"""Celery tasks of the core: sending an already rendered email (allauth's password reset and other
account emails), with the retry policy of ceiq.core.mail."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from .mail import SEND_EMAIL, send_with_retries


@shared_task(bind=True, name=SEND_EMAIL, acks_late=True)
def send_email(self, subject: str, body: str, recipient: str, html_body: str = "") -> bool:
    """Send one rendered message. The content travels in the broker: used only for account emails
    (password reset, login codes) whose content is made for the recipient at the moment of asking."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[recipient])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return send_with_retries(self, message.send, what=f"“{subject}”")
