"""Celery application. Without a broker the settings run tasks in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ceiq.settings.local")

app = Celery("ceiq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
