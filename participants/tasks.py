"""Celery tasks of the participants app."""

from celery import shared_task

from .notifications import overdue_post_pathway_follow_ups_notify


@shared_task(name="participants.tasks.notify_overdue_post_pathway_follow_ups")
def notify_overdue_post_pathway_follow_ups():
    """Daily (beat): email each coordinator the post-pathway follow-ups of their enterprise that
    became overdue since the last run. Each follow-up is announced once (overdue_notified_at)."""
    return overdue_post_pathway_follow_ups_notify()
