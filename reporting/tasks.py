"""Celery tasks: thin, take ids, call a service. The render is idempotent (see services)."""

from celery import shared_task

from .models import ReportRun
from .services import report_generate_annual, report_render


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report_run(run_id: int) -> None:
    """Render one run. A redelivered message is harmless: the service claims the row under a lock
    and re-checks the requester's permission."""
    if not ReportRun.objects.filter(pk=run_id).exists():
        return  # deleted since it was queued
    report_render(run_id)


@shared_task
def generate_annual_reports() -> int:
    return len(report_generate_annual())
