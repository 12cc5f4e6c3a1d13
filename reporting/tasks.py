"""Celery tasks: thin, take ids, call a service. The render is idempotent (see services)."""

from celery import shared_task

from .services import report_generate_annual, report_render


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report_run(run_id: int) -> None:
    report_render(run_id)


@shared_task
def generate_annual_reports() -> int:
    return len(report_generate_annual())
