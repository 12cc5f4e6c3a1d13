"""Celery tasks: thin, take ids, call a service. The render is idempotent (see services); it runs in
the name of the person who asked for the report (recorded on the run), whose permission the service
checks again. The yearly runs are made by the scheduler (no person)."""

from celery import shared_task

from ceiq.core.queue import DATABASE_UNREACHABLE, RETRY_WITH_BACKOFF

from .models import ReportRun
from .queue import GENERATE_ANNUAL_REPORTS, RENDER_REPORT_RUN, SWEEP_STALE_REPORT_RUNS
from .services import report_generate_annual, report_render, report_sweep_stale


@shared_task(
    name=RENDER_REPORT_RUN,
    acks_late=True,
    reject_on_worker_lost=True,
    # The database unreachable before the run was claimed (after the claim the service records the
    # failure itself, and the sweeper catches what it could not): try again later, backing off.
    autoretry_for=DATABASE_UNREACHABLE,
    **RETRY_WITH_BACKOFF,
)
def render_report_run(run_id: int) -> None:
    """Render one run. A redelivered message is harmless: the service claims the row under a lock
    and re-checks the requester's permission."""
    run = ReportRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        return  # deleted since it was queued
    report_render(run_id, actor=run.requested_by)


@shared_task(name=GENERATE_ANNUAL_REPORTS, autoretry_for=DATABASE_UNREACHABLE, **RETRY_WITH_BACKOFF)
def generate_annual_reports() -> int:
    """Daily (beat); idempotent (runs that exist are skipped), so retried when the database is away:
    on the one day of the year it creates anything, a passing outage must not lose the year's runs."""
    return len(report_generate_annual(actor=None))


@shared_task(name=SWEEP_STALE_REPORT_RUNS, autoretry_for=DATABASE_UNREACHABLE, **RETRY_WITH_BACKOFF)
def sweep_stale_report_runs() -> int:
    """Every CEIQ_REPORT_SWEEP_SECONDS (beat): runs whose worker stopped are queued again or failed."""
    return len(report_sweep_stale(actor=None))
