"""Employer emails from Celery (issue 16, "the same for every Celery job"): a mail server that is away
is retried with back-off (after the last try the worker logs the failure: never swallowed); the
referral is not marked notified, so a later try sends it, once."""

from smtplib import SMTPException

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse

from employers.models import Referral
from employers.tasks import notify_checkin_requested, notify_referral_proposed

pytestmark = pytest.mark.django_db


def test_an_unreachable_mail_server_is_retried_then_fails_visibly_and_the_email_goes_later(
    settings, client_for, users, consented, opening, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client_for(users["coordinator"]).post(
            reverse("employers:referral_create", args=[opening.pk]), {"participant": [consented.pk]}
        )
    referral = Referral.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5  # nothing listens

    with pytest.raises(Retry) as retried:  # a worker tries again later, backing off
        notify_referral_proposed.delay(referral.pk)
    assert isinstance(retried.value.exc, ConnectionRefusedError)
    referral.refresh_from_db()
    assert referral.employer_notified_at is None
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert notify_referral_proposed.delay(referral.pk).get() == 1
    assert notify_referral_proposed.delay(referral.pk).get() == 0  # sent once, never again
    assert [m.to for m in mail.outbox] == [[users["employer"].email]]


@pytest.mark.parametrize("task", [notify_referral_proposed, notify_checkin_requested])
def test_employer_email_tasks_retry_mail_and_database_outages_with_back_off(task):
    assert {SMTPException, OSError} <= set(task.autoretry_for)
    assert (task.retry_backoff, task.max_retries) == (5, 5)
