"""Celery tasks of the participants app."""

from celery import shared_task

from ceiq.core.queue import DATABASE_UNREACHABLE, MAIL_UNDELIVERABLE, RETRY_WITH_BACKOFF

from .notifications import overdue_post_pathway_follow_ups_notify


@shared_task(
    name="participants.tasks.notify_overdue_post_pathway_follow_ups",
    autoretry_for=MAIL_UNDELIVERABLE + DATABASE_UNREACHABLE,
    **RETRY_WITH_BACKOFF,
)
def notify_overdue_post_pathway_follow_ups():
    """Daily (beat): email each coordinator the post-pathway follow-ups of their enterprise that
    became overdue since the last run. Each follow-up is announced once (overdue_notified_at, set in
    the same transaction as the sending: a mail server that is away marks nothing, and the task tries
    again with back-off)."""
    return overdue_post_pathway_follow_ups_notify()
