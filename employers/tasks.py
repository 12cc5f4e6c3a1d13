"""Celery tasks: they take ids, run after commit and call a service (idempotent). Each runs in the
name of the person recorded on the row (who proposed the candidate, who asked for the check-in);
the service checks that person's permission again."""

from celery import shared_task

from . import services
from .models import Referral, RetentionCheckIn
from .queue import NOTIFY_CHECKIN_REQUESTED, NOTIFY_REFERRAL_PROPOSED


@shared_task(name=NOTIFY_REFERRAL_PROPOSED)
def notify_referral_proposed(referral_id: int) -> int:
    referral = Referral.objects.select_related("proposed_by").filter(pk=referral_id).first()
    if referral is None or referral.proposed_by is None:
        return 0  # deleted since, or proposed by someone whose account is gone: nobody to send it for
    return services.referral_notify_employer(actor=referral.proposed_by, referral_id=referral_id)


@shared_task(name=NOTIFY_CHECKIN_REQUESTED)
def notify_checkin_requested(check_in_id: int) -> int:
    check_in = RetentionCheckIn.objects.select_related("requested_by").filter(pk=check_in_id).first()
    if check_in is None or check_in.requested_by is None:
        return 0
    return services.checkin_notify_employer(actor=check_in.requested_by, check_in_id=check_in_id)
