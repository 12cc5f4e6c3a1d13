"""The daily overdue follow-up email (issue 16, "the same for every Celery job"): a mail server that
is away is retried with back-off, marks nothing, and the email goes once it is back."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from participants.models import PostPathwayFollowUp
from participants.tasks import notify_overdue_post_pathway_follow_ups
from tests.factories.participants import ParticipantFactory, PathwayFactory, PostPathwayFollowUpFactory

pytestmark = pytest.mark.django_db


def test_an_unreachable_mail_server_is_retried_and_marks_nothing(settings, enterprise, users):
    today = timezone.localdate()
    ended = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise),
        status="completed",
        actual_end_date=today - timedelta(days=200),
    )
    PostPathwayFollowUpFactory(pathway=ended, months_after=3, due_on=today - timedelta(days=1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5  # nothing listens

    with pytest.raises(Retry) as retried:
        notify_overdue_post_pathway_follow_ups.delay()
    assert isinstance(retried.value.exc, ConnectionRefusedError)
    assert not PostPathwayFollowUp.objects.filter(overdue_notified_at__isnull=False).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notify_overdue_post_pathway_follow_ups.delay().get() == 1
    assert notify_overdue_post_pathway_follow_ups.delay().get() == 0
    assert [m.to for m in mail.outbox] == [[users["coordinator"].email]]
