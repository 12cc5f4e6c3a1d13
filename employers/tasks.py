"""Celery tasks: they take ids, run after commit and call a service (idempotent). Each runs in the
name of the person recorded on the row (who proposed the candidate, who asked for the check-in);
the service checks that person's permission again. A mail server or database that is away is
retried with back-off; after the last try the task fails in the worker's log, and the referral's
notification is not marked sent (the next try sends it; once sent, never again)."""

from celery import shared_task

from ceiq.core.queue import DATABASE_UNREACHABLE, MAIL_UNDELIVERABLE, RETRY_WITH_BACKOFF

from . import services
from .models import Referral, RetentionCheckIn
from .queue import NOTIFY_CHECKIN_REQUESTED, NOTIFY_REFERRAL_PROPOSED


@shared_task(
    name=NOTIFY_REFERRAL_PROPOSED, autoretry_for=MAIL_UNDELIVERABLE + DATABASE_UNREACHABLE, **RETRY_WITH_BACKOFF
)
def notify_referral_proposed(referral_id: int) -> int:
    referral = Referral.objects.select_related("proposed_by").filter(pk=referral_id).first()
    if referral is None or referral.proposed_by is None:
        return 0  # deleted since, or proposed by someone whose account is gone: nobody to send it for
    return services.referral_notify_employer(actor=referral.proposed_by, referral_id=referral_id)


@shared_task(
    name=NOTIFY_CHECKIN_REQUESTED, autoretry_for=MAIL_UNDELIVERABLE + DATABASE_UNREACHABLE, **RETRY_WITH_BACKOFF
)
def notify_checkin_requested(check_in_id: int) -> int:
    check_in = RetentionCheckIn.objects.select_related("requested_by").filter(pk=check_in_id).first()
    if check_in is None or check_in.requested_by is None:
        return 0
    return services.checkin_notify_employer(actor=check_in.requested_by, check_in_id=check_in_id)
