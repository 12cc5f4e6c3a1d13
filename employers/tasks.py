"""Celery tasks: they take ids, run after commit and call a service (idempotent)."""

from celery import shared_task

from . import services


@shared_task
def notify_referral_proposed(referral_id: int) -> int:
    return services.referral_notify_employer(referral_id=referral_id)


@shared_task
def notify_checkin_requested(check_in_id: int) -> int:
    return services.checkin_notify_employer(check_in_id=check_in_id)
