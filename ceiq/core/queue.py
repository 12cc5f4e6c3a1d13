"""How services hand work to Celery: by task name, once the transaction commits.

Tasks call services; services never import tasks (each app's `queue.py` names its tasks). A task is
looked up by name in Celery's registry; a web process that has not imported the task modules yet
loads them the way a worker does (autodiscovery of every installed app's `tasks` module)."""

from __future__ import annotations

from smtplib import SMTPException

from celery import Task, current_app
from django.db import InterfaceError, OperationalError, transaction

# Failures that may pass: a task whose work is idempotent retries them with back-off (5 s, 10 s, 20 s…
# up to 5 minutes, five times), then fails, logged by the worker, for the sweepers and people to see.
# Tasks say `@shared_task(autoretry_for=…, **RETRY_WITH_BACKOFF)`.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
MAIL_UNDELIVERABLE = (SMTPException, OSError)  # OSError: connection refused, timed out, DNS
RETRY_WITH_BACKOFF = {"retry_backoff": 5, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 5}


def registered_task(name: str) -> Task:
    if name not in current_app.tasks:
        current_app.autodiscover_tasks(force=True)  # import every installed app's `tasks` module
    return current_app.tasks[name]


def enqueue_after_commit(name: str, *args: int | str) -> None:
    """Queue the task once the current transaction commits (never for a write that rolled back).
    Arguments are ids (and plain codes such as a language), never model instances."""
    transaction.on_commit(lambda: registered_task(name).delay(*args))
