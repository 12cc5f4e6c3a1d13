"""The reporting tasks, by name; the services hand a run to Celery through ceiq.core.queue (the tasks
call the services; the services never import the tasks)."""

from __future__ import annotations

from ceiq.core.queue import registered_task

RENDER_REPORT_RUN = "reporting.tasks.render_report_run"
GENERATE_ANNUAL_REPORTS = "reporting.tasks.generate_annual_reports"
SWEEP_STALE_REPORT_RUNS = "reporting.tasks.sweep_stale_report_runs"


def send_render(run_id: int) -> None:
    """Hand the run to the workers now (the caller runs this after commit); raises when the broker
    is unreachable."""
    registered_task(RENDER_REPORT_RUN).delay(run_id)
