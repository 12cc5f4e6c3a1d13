"""Writes about report runs: request one, render it (from a Celery worker), retry a failed one, and
create the yearly runs after each fiscal year closes.

Rendering is idempotent. A run is claimed by moving it from "queued" to "running" under a row lock;
a second delivery of the same message finds it running (or finished) and does nothing, unless the
worker that claimed it died: a "running" row whose heartbeat is older than the lease is taken over.
Only the attempt that owns the row may store the PDF, so a report is produced exactly once.

Nothing hangs: a periodic beat task (`report_sweep_stale`, every CEIQ_REPORT_SWEEP_SECONDS) queues a
run whose heartbeat is older than the lease again, up to CEIQ_REPORT_MAX_ATTEMPTS attempts, then fails
it with a reason the page shows (with « Try again »). An attempt that loses its database connection
reconnects before recording anything, and queues the run again the same way."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.accounts.models import User
from ceiq.core.fiscal import FiscalYear
from ceiq.core.services import acting_as, model_update, require, service
from enterprises.models import Enterprise, EnterpriseStatus, Region, Sector

from .indicators import compute_enterprise_rows, compute_indicators
from .models import ReportRun, ReportScope, ReportStatus
from .pdf import render_report_pdf
from .permissions import can_generate_annual_reports, can_request_report, can_view_report_run
from .queue import send_render

logger = logging.getLogger(__name__)

# Reasons an attempt stopped, translated when recorded (in the run's language).
WORKER_STOPPED = gettext_lazy("the worker producing it stopped responding")
CONNECTION_LOST = gettext_lazy("the connection to the database was lost")


class _Superseded(Exception):
    """Another attempt took the run over: this one stops without writing anything."""


def _enqueue(run_id: int) -> None:
    transaction.on_commit(partial(_send, run_id))


def _send(run_id: int) -> None:
    """Hand the run to the workers. If the broker is down the run fails with a plain message, so the
    page offers to try again instead of waiting forever."""
    try:
        send_render(run_id)
    except Exception:
        logger.exception("report run %s could not be queued", run_id)
        run = ReportRun.objects.filter(pk=run_id, status=ReportStatus.QUEUED).first()
        if run is not None:
            with translation.override(run.language):
                _mark_failed(run, _("The report service is unavailable at the moment. Try again in a few minutes."))


def _mark_failed(run: ReportRun, error: str) -> None:
    run.error = error
    run.status = ReportStatus.FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


@service
def report_request(
    *,
    actor: User,
    scope: str,
    fiscal_year: FiscalYear | int,
    language: str,
    enterprise: Enterprise | None = None,
    region: Region | None = None,
    sector: Sector | None = None,
) -> ReportRun:
    require(can_request_report(actor, scope, enterprise))
    year = fiscal_year.start_year if isinstance(fiscal_year, FiscalYear) else int(fiscal_year)
    run = ReportRun(
        scope=scope,
        enterprise=enterprise if scope == ReportScope.ENTERPRISE else None,
        region=region if scope == ReportScope.REGION else None,
        sector=sector if scope == ReportScope.SECTOR else None,
        fiscal_year=year,
        language=language,
        requested_by=actor,
    )
    run.full_clean()
    run.save()
    logger.info("report run %s requested by %s", run.pk, actor.pk)
    _enqueue(run.pk)
    return run


@service
def report_retry(*, actor: User, run: ReportRun) -> ReportRun:
    """Put a failed run, or one whose worker stopped (stale), back in the queue (a run that succeeded
    or is under way is left alone). A stale attempt that wakes up finds the row changed and stops."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    require(can_view_report_run(actor, run))
    if not run.is_retryable:
        return run
    return _requeue(run)


def _requeue(run: ReportRun) -> ReportRun:
    run, _changed = model_update(
        instance=run,
        fields=("status", "progress", "error", "finished_at", "heartbeat_at"),
        data={
            "status": ReportStatus.QUEUED,
            "progress": 0,
            "error": "",
            "finished_at": None,
            "heartbeat_at": timezone.now(),  # when a queued run was handed to the broker
        },
    )
    _enqueue(run.pk)
    return run


def _requeue_or_fail(run: ReportRun, reason: Promise) -> ReportRun:
    """An attempt stopped without a PDF (locked row): queue the run again while attempts remain
    (CEIQ_REPORT_MAX_ATTEMPTS), else fail it with the reason, in the run's language."""
    if run.attempts < settings.CEIQ_REPORT_MAX_ATTEMPTS:
        logger.warning("report run %s: attempt %s stopped (%s); queued again", run.pk, run.attempts, reason)
        return _requeue(run)
    logger.error("report run %s: attempt %s stopped (%s); no attempt left", run.pk, run.attempts, reason)
    with translation.override(run.language):
        _mark_failed(
            run,
            _(
                "The report was interrupted %(attempts)s times before it was finished (last time: %(reason)s). "
                "Try again; if it stops again, contact the Collectif's support."
            )
            % {"attempts": run.attempts, "reason": str(reason)},
        )
    return run


@service
def report_sweep_stale(*, actor: User | None) -> list[ReportRun]:
    """The beat task's job (every CEIQ_REPORT_SWEEP_SECONDS): every "running" run whose heartbeat is
    older than the lease is queued again, or failed once it has had CEIQ_REPORT_MAX_ATTEMPTS attempts;
    a run queued longer than the lease ago is sent to the broker again.
    Rows another sweeper holds are skipped. `actor` None: the scheduler; a person is network staff."""
    require(can_generate_annual_reports(actor))
    cutoff = timezone.now() - timedelta(seconds=settings.CEIQ_REPORT_LEASE_SECONDS)
    stale = (
        ReportRun.objects.select_for_update(skip_locked=True)
        .filter(status=ReportStatus.RUNNING)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
        .order_by("pk")
    )
    swept = [_requeue_or_fail(run, WORKER_STOPPED) for run in stale]
    # Queued, but handed to the broker longer ago than the lease and still not claimed: its message
    # may be lost (a broker restarted without its data). Send it again; a duplicate finds the run
    # claimed or finished and does nothing.
    lost = (
        ReportRun.objects.select_for_update(skip_locked=True)
        .filter(status=ReportStatus.QUEUED)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
        .order_by("pk")
    )
    for run in lost:
        logger.warning("report run %s: still queued after the lease; sent again", run.pk)
        swept.append(_requeue(run))
    return swept


def _claim(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (ReportStatus.SUCCEEDED, ReportStatus.FAILED):
            return None
        now = timezone.now()
        if run.status == ReportStatus.RUNNING:
            beat = run.heartbeat_at or run.started_at
            if beat and beat > now - timedelta(seconds=settings.CEIQ_REPORT_LEASE_SECONDS):
                return None  # a live worker is on it
            logger.warning("report run %s: taking over from a worker that stopped (attempt %s)", run.pk, run.attempts)
        run.status = ReportStatus.RUNNING
        run.started_at = now
        run.heartbeat_at = now
        run.attempts += 1
        run.progress = 5
        run.error = ""
        run.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "progress", "error"])
        return run


def _progress(run_id: int, attempt: int, progress: int) -> None:
    updated = ReportRun.objects.filter(pk=run_id, attempts=attempt, status=ReportStatus.RUNNING).update(
        progress=progress, heartbeat_at=timezone.now()
    )
    if not updated:
        raise _Superseded


def _recheck_permission(actor: User | None, run: ReportRun) -> None:
    """The person may have lost their role since asking: the worker checks again."""
    if actor is None:  # automatic runs after the year end
        return
    if not actor.is_active or not can_request_report(actor, run.scope, run.enterprise):
        raise PermissionDenied(gettext_lazy("the person who asked for it no longer has access to this scope"))


def _targets(run: ReportRun) -> dict[str, Enterprise | Region | Sector | None]:
    return {"enterprise": run.enterprise, "region": run.region, "sector": run.sector}


def report_render(run_id: int, *, actor: User | None = None) -> ReportRun | None:
    """Render a run's PDF (the Celery task's job). Safe to call any number of times.

    Not one transaction (`@service`): progress and heartbeats must be seen while it runs. `actor` is
    the person the report is produced for: the task passes the requester recorded on the run; without
    one, the requester (None for the runs the scheduler makes after the year end). Their permission
    is checked again here: they may have lost their role since asking."""
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.filter(pk=run_id).first()
    person = actor if actor is not None else run.requested_by
    with acting_as(person):
        return _render(run, person)


def _render(run: ReportRun, actor: User | None) -> ReportRun | None:
    attempt = run.attempts
    try:
        _recheck_permission(actor, run)
        _progress(run.pk, attempt, 20)
        fiscal_year = FiscalYear(run.fiscal_year)
        indicators = compute_indicators(fiscal_year=fiscal_year, **_targets(run))
        _progress(run.pk, attempt, 50)
        rows = None
        if run.scope != ReportScope.ENTERPRISE:
            rows = compute_enterprise_rows(fiscal_year=fiscal_year, region=run.region, sector=run.sector)
        with translation.override(run.language):
            scope_label = run.scope_label
        pdf = render_report_pdf(
            indicators=indicators,
            scope_label=scope_label,
            fiscal_year=fiscal_year,
            language=run.language,
            per_enterprise_rows=rows,
        )
        _progress(run.pk, attempt, 90)
        return _finish(run.pk, attempt, indicators, rows, pdf)
    except _Superseded:
        logger.warning("report run %s: attempt %s was superseded", run.pk, attempt)
        return ReportRun.objects.filter(pk=run.pk).first()
    except (OperationalError, InterfaceError):
        logger.exception("report run %s: database error (connection lost?)", run.pk)
        return _after_reconnecting(partial(_stopped, run.pk, attempt))
    except Exception as exc:
        logger.exception("report run %s failed", run.pk)
        return _after_reconnecting(partial(_fail, run.pk, attempt, exc))


def _after_reconnecting(record: Callable[[], ReportRun]) -> ReportRun:
    """Record how an attempt ended. The failure may have broken the connection the record needs (a
    PostgreSQL restart, a network cut): then drop it and record again on a new one."""
    try:
        return record()
    except (OperationalError, InterfaceError):
        logger.warning("reconnecting to the database to record the end of a report attempt")
        connection.close()
        return record()


def _stopped(run_id: int, attempt: int) -> ReportRun:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status != ReportStatus.RUNNING or run.attempts != attempt:
            return run
        return _requeue_or_fail(run, CONNECTION_LOST)


def _finish(run_id: int, attempt: int, indicators: dict, rows: list[dict] | None, pdf: bytes) -> ReportRun:
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(of=("self",))
            .select_related("enterprise", "region", "sector")
            .get(pk=run_id)
        )
        if run.status != ReportStatus.RUNNING or run.attempts != attempt:
            return run  # superseded: the owner stores the file
        run.snapshot = {"indicators": indicators, "enterprise_rows": rows}
        run.checksum = hashlib.sha256(pdf).hexdigest()
        run.pdf.save("report.pdf", ContentFile(pdf), save=False)
        run.status = ReportStatus.SUCCEEDED
        run.progress = 100
        run.finished_at = timezone.now()
        run.heartbeat_at = run.finished_at
        run.save(update_fields=["snapshot", "checksum", "pdf", "status", "progress", "finished_at", "heartbeat_at"])
    logger.info("report run %s succeeded (attempt %s)", run_id, attempt)
    return run


def _fail(run_id: int, attempt: int, exc: Exception) -> ReportRun:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status != ReportStatus.RUNNING or run.attempts != attempt:
            return run
        with translation.override(run.language):
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__
            error = _(
                "The report could not be produced (%(reason)s). Try again; if it fails again, "
                "contact the Collectif's support."
            ) % {"reason": reason}
        _mark_failed(run, error)
    return run


@service
def report_generate_annual(*, actor: User | None, today: date | None = None) -> list[ReportRun]:
    """On CEIQ_ANNUAL_REPORT_DAY, create the runs of the fiscal year just closed for every active
    enterprise and for the network; runs that already exist are skipped (safe to call daily).
    `actor` None: the scheduler; a person must be network staff. The runs are nobody's request."""
    require(can_generate_annual_reports(actor))
    today = today or timezone.localdate()
    if today.strftime("%m-%d") != settings.CEIQ_ANNUAL_REPORT_DAY:
        return []
    fiscal_year = FiscalYear.containing(today).previous
    existing = ReportRun.objects.filter(fiscal_year=fiscal_year.start_year)
    done_enterprises = set(existing.filter(scope=ReportScope.ENTERPRISE).values_list("enterprise_id", flat=True))
    created = []
    for enterprise in Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE).exclude(pk__in=done_enterprises):
        created.append(
            ReportRun(scope=ReportScope.ENTERPRISE, enterprise=enterprise, fiscal_year=fiscal_year.start_year)
        )
    if not existing.filter(scope=ReportScope.NETWORK).exists():
        created.append(ReportRun(scope=ReportScope.NETWORK, fiscal_year=fiscal_year.start_year))
    for run in created:
        run.language = settings.LANGUAGE_CODE[:2]
        run.full_clean()
        run.save()
        _enqueue(run.pk)
    return created
