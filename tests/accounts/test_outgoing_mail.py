"""Issue 16, hole 6: a mail server that is down gave a 500 after the invitation was saved. Mail now
goes out from Celery tasks with a connection timeout and retries with exponential back-off; the page
says the invitation is created and its email queued; network staff can send it again.

The mail server here is real sockets: a port on 127.0.0.1 where nothing listens (refused at once),
and one that accepts the connection and never answers (the timeout)."""

import logging
import socket
import time
from contextlib import contextmanager
from html import unescape

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse

from ceiq.accounts.models import Invitation
from ceiq.accounts.tasks import send_invitation_email
from ceiq.celery import app
from ceiq.core.mail import MAIL_ERRORS, retry_delay
from tests.factories.accounts import InvitationFactory

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """The SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()
    settings.EMAIL_TIMEOUT = 1
    return settings


@pytest.fixture
def smtp_silent(settings):
    """A server that accepts connections and never says a word (a hung mail server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    yield settings
    listener.close()


@pytest.fixture
def broker_mode():
    """The task runs as a worker runs it (not eagerly): a retry is sent to the broker."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@contextmanager
def delivered_by_a_worker(task, args, *, retries=0):
    """The request a worker gives the task for its attempt number `retries + 1`."""
    task.push_request(id=f"attempt-{retries}", args=args, kwargs={}, retries=retries, called_directly=False)
    try:
        yield
    finally:
        task.pop_request()


def test_creating_an_invitation_with_the_mail_server_down_says_it_is_queued(
    client_for, users, smtp_down, django_capture_on_commit_callbacks, caplog
):
    client = client_for(users["network"])
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR, "ceiq.core.mail"):
        response = client.post(
            reverse("invitation_list"), {"email": "nouvelle@example.org", "kind": "network"}, follow=True
        )
    assert response.status_code == 200
    assert "Invitation créée pour nouvelle@example.org. Son courriel est en file d'attente" in unescape(
        response.content.decode()
    )
    assert Invitation.objects.filter(email="nouvelle@example.org").exists()
    assert mail.outbox == []
    assert "not sent" in caplog.text  # the failure is logged, not shown to the person as an error page


def test_a_failed_send_is_retried_with_exponential_back_off(smtp_down, broker_mode, settings):
    invitation = InvitationFactory(kind="network", enterprise=None, role="")
    settings.CEIQ_EMAIL_RETRY_BASE_SECONDS = 30
    settings.CEIQ_EMAIL_MAX_RETRIES = 6
    delays = []
    for attempt in range(3):
        with delivered_by_a_worker(send_invitation_email, [invitation.pk, "fr"], retries=attempt):
            with pytest.raises(Retry) as retried:
                send_invitation_email(invitation.pk, "fr")
        assert isinstance(retried.value.exc, ConnectionRefusedError)
        delays.append(retried.value.when)
    assert delays == [30, 60, 120]
    assert retry_delay(20) == settings.CEIQ_EMAIL_RETRY_MAX_SECONDS


def test_after_the_last_retry_the_failure_is_logged_and_the_task_ends(smtp_down, broker_mode, settings, caplog):
    invitation = InvitationFactory(kind="network", enterprise=None, role="")
    settings.CEIQ_EMAIL_MAX_RETRIES = 2
    with delivered_by_a_worker(send_invitation_email, [invitation.pk, "fr"], retries=2):
        with caplog.at_level(logging.ERROR, "ceiq.core.mail"):
            assert send_invitation_email(invitation.pk, "fr") is False
    assert f"invitation {invitation.pk} not sent after 3 attempt(s)" in caplog.text


def test_a_hung_mail_server_is_given_up_after_the_timeout_and_retried(smtp_silent, broker_mode):
    invitation = InvitationFactory(kind="network", enterprise=None, role="")
    started = time.monotonic()
    with delivered_by_a_worker(send_invitation_email, [invitation.pk, "fr"]):
        with pytest.raises(Retry) as retried:
            send_invitation_email(invitation.pk, "fr")
    elapsed = time.monotonic() - started
    assert isinstance(retried.value.exc, MAIL_ERRORS)
    assert "timed out" in str(retried.value.exc)
    assert elapsed < 5  # EMAIL_TIMEOUT is 1 s: the attempt never hangs


def test_nothing_is_sent_for_an_invitation_revoked_since_it_was_queued(django_capture_on_commit_callbacks):
    invitation = InvitationFactory(kind="network", enterprise=None, role="", revoked_at="2026-01-01T00:00:00Z")
    assert send_invitation_email(invitation.pk, "fr") is False
    assert mail.outbox == []


def test_network_staff_resend_an_invitation_email(client_for, users, enterprise, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(enterprise=enterprise, role="coordinator", email="lea@example.org")
    client = client_for(users["network"])
    assert "Renvoyer le courriel" in client.get(reverse("invitation_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "Le courriel d'invitation à lea@example.org est de nouveau en file d'attente." in unescape(
        response.content.decode()
    )
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]
    assert invitation.token in mail.outbox[0].body


def test_a_director_cannot_resend_and_does_not_see_the_button(client_for, users, enterprise):
    invitation = InvitationFactory(enterprise=enterprise, role="coordinator")
    client = client_for(users["director"])
    assert "Renvoyer le courriel" not in client.get(reverse("invitation_list")).content.decode()
    assert client.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 403
    assert mail.outbox == []


def test_a_revoked_invitation_is_not_resent(client_for, users, enterprise, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(enterprise=enterprise, role="coordinator", revoked_at="2026-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["network"]).post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "Seule une invitation en attente peut être envoyée de nouveau." in unescape(response.content.decode())
    assert mail.outbox == []


def test_a_password_reset_with_the_mail_server_down_is_not_a_500(client, make_user, enterprise, smtp_down):
    make_user("director", enterprise, email="oubli@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "oubli@example.org"})
    assert response.status_code == 302
