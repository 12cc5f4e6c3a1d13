"""How the reporting services hand a run to Celery: by task name (the tasks call the services; the
services never import the tasks). A web process that has not imported the task modules yet loads them
the way a worker does (autodiscovery)."""

from __future__ import annotations

from celery import Task, current_app

RENDER_REPORT_RUN = "reporting.tasks.render_report_run"
GENERATE_ANNUAL_REPORTS = "reporting.tasks.generate_annual_reports"


def registered_task(name: str) -> Task:
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def send_render(run_id: int) -> None:
    """Hand the run to the workers now (the caller runs this after commit); raises when the broker
    is unreachable."""
    registered_task(RENDER_REPORT_RUN).delay(run_id)
