"""How services hand work to Celery: by task name, once the transaction commits.

Tasks call services; services never import tasks (each app's `queue.py` names its tasks). A task is
looked up by name in Celery's registry; a web process that has not imported the task modules yet
loads them the way a worker does (autodiscovery of every installed app's `tasks` module)."""

from __future__ import annotations

from celery import Task, current_app
from django.db import transaction


def registered_task(name: str) -> Task:
    if name not in current_app.tasks:
        current_app.autodiscover_tasks(force=True)  # import every installed app's `tasks` module
    return current_app.tasks[name]


def enqueue_after_commit(name: str, *args: int | str) -> None:
    """Queue the task once the current transaction commits (never for a write that rolled back).
    Arguments are ids (and plain codes such as a language), never model instances."""
    transaction.on_commit(lambda: registered_task(name).delay(*args))
