"""Outgoing mail from Celery tasks: a mail server that is down or slow never blocks a request nor
answers a 500. The connection gives up after EMAIL_TIMEOUT seconds; a failed send is retried with
exponential back-off (CEIQ_EMAIL_RETRY_BASE_SECONDS × 2^attempt, at most
CEIQ_EMAIL_RETRY_MAX_SECONDS) up to CEIQ_EMAIL_MAX_RETRIES times, then logged and dropped.

Without a broker (development, tasks run in the request), one attempt is made and a failure is only
logged: the request still succeeds."""

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from celery import Task
from django.conf import settings

logger = logging.getLogger(__name__)

# What a mail server that is down, unreachable, slow or refusing raises (socket errors are OSError).
MAIL_ERRORS = (OSError, smtplib.SMTPException)

SEND_EMAIL = "ceiq.core.tasks.send_email"


def retry_delay(retries: int) -> int:
    """Seconds before attempt `retries + 1`: doubling from the base, capped."""
    return int(min(settings.CEIQ_EMAIL_RETRY_BASE_SECONDS * 2**retries, settings.CEIQ_EMAIL_RETRY_MAX_SECONDS))


def send_with_retries(task: Task, send: Callable[[], Any], *, what: str) -> bool:
    """Run `send()` inside `task` (bound). On a mail-server failure, retry the task later (raises
    celery's Retry) until the attempts are spent, then log and return False. True once sent."""
    try:
        send()
    except MAIL_ERRORS as error:
        retries = task.request.retries
        if task.request.is_eager or retries >= settings.CEIQ_EMAIL_MAX_RETRIES:
            logger.error("Email %s not sent after %s attempt(s): %r", what, retries + 1, error)
            return False
        delay = retry_delay(retries)
        logger.warning("Email %s not sent (%r); attempt %s in %s s", what, error, retries + 2, delay)
        raise task.retry(exc=error, countdown=delay, max_retries=settings.CEIQ_EMAIL_MAX_RETRIES) from error
    return True
