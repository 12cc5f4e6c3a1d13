"""Jobs that never hang (issue 16): a run whose worker stopped (no heartbeat for the lease) is queued
again by the beat sweeper, up to CEIQ_REPORT_MAX_ATTEMPTS attempts, then failed with a reason the
page shows; the page offers « Réessayer » on such a run; an attempt that loses its database
connection queues the run again instead of leaving it « running »."""

from datetime import date, timedelta

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.models import ReportRun, ReportStatus
from reporting.services import report_render, report_sweep_stale
from reporting.tasks import generate_annual_reports, render_report_run, sweep_stale_report_runs
from tests.factories.participants import ParticipantFactory, PathwayFactory

LEASE = 60


@pytest.fixture(autouse=True)
def short_lease(settings):
    settings.CEIQ_REPORT_LEASE_SECONDS = LEASE
    settings.CEIQ_REPORT_MAX_ATTEMPTS = 3


@pytest.fixture
def year_of_work(enterprise):
    PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    return enterprise


def _running(enterprise, *, seconds_ago, attempts=1, **fields):
    beat = timezone.now() - timedelta(seconds=seconds_ago)
    return ReportRun.objects.create(
        scope="enterprise",
        enterprise=enterprise,
        fiscal_year=2025,
        status=ReportStatus.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        attempts=attempts,
        progress=50,
        **fields,
    )


def test_the_sweeper_queues_a_stale_run_again_and_a_worker_finishes_it(
    year_of_work, django_capture_on_commit_callbacks
):
    stale = _running(year_of_work, seconds_ago=LEASE + 5)
    live = _running(year_of_work, seconds_ago=LEASE - 20)
    done = ReportRun.objects.create(scope="enterprise", enterprise=year_of_work, fiscal_year=2024, status="failed")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sweep_stale_report_runs() == 1
    stale.refresh_from_db()
    assert (stale.status, stale.progress, stale.attempts) == (ReportStatus.QUEUED, 0, 1)
    assert timezone.now() - stale.heartbeat_at < timedelta(seconds=5)  # handed to the broker just now
    assert len(callbacks) == 1  # one message, sent once the sweep commits
    live.refresh_from_db()
    done.refresh_from_db()
    assert (live.status, live.progress, done.status) == (ReportStatus.RUNNING, 50, ReportStatus.FAILED)

    for callback in callbacks:
        callback()  # eager in tests: the render runs here
    stale.refresh_from_db()
    assert (stale.status, stale.attempts) == (ReportStatus.SUCCEEDED, 2)
    assert stale.pdf


def test_after_the_last_attempt_the_sweeper_fails_the_run_with_a_reason(enterprise, django_capture_on_commit_callbacks):
    run = _running(enterprise, seconds_ago=LEASE + 1, attempts=3, language="fr")
    english = _running(enterprise, seconds_ago=LEASE * 10, attempts=3, language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        swept = report_sweep_stale(actor=None)
    assert [r.pk for r in swept] == [run.pk, english.pk]
    assert callbacks == []  # nothing queued again
    run.refresh_from_db()
    english.refresh_from_db()
    assert run.status == english.status == ReportStatus.FAILED
    assert run.finished_at is not None
    assert run.error == (
        "Le rapport a été interrompu 3 fois avant d'être terminé (la dernière fois : le processus qui le "
        "produisait a cessé de répondre). Réessayez; s'il s'interrompt encore, communiquez avec le soutien du "
        "Collectif."
    )
    assert english.error.startswith("The report was interrupted 3 times before it was finished (last time: the worker")
    assert sweep_stale_report_runs() == 0  # failed runs are left alone


def test_a_run_queued_longer_than_the_lease_is_sent_again_once_per_lease(
    year_of_work, django_capture_on_commit_callbacks
):
    lost = ReportRun.objects.create(scope="enterprise", enterprise=year_of_work, fiscal_year=2025)
    ReportRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(seconds=LEASE + 5))
    recent = ReportRun.objects.create(scope="enterprise", enterprise=year_of_work, fiscal_year=2024)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert [run.pk for run in report_sweep_stale(actor=None)] == [lost.pk]
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert report_sweep_stale(actor=None) == []  # not before another lease has passed
    assert again == []

    for callback in callbacks:
        callback()
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert (lost.status, lost.attempts, recent.status) == (ReportStatus.SUCCEEDED, 1, ReportStatus.QUEUED)


def test_a_superseded_attempt_that_wakes_up_stores_nothing(year_of_work, django_capture_on_commit_callbacks):
    run = _running(year_of_work, seconds_ago=LEASE + 5)
    with django_capture_on_commit_callbacks(execute=False):
        report_sweep_stale(actor=None)
    with pytest.raises(services._Superseded):
        services._progress(run.pk, 1, 90)
    result = services._finish(run.pk, 1, {"exits": 0}, None, b"%PDF-late")
    assert result.status == ReportStatus.QUEUED and not result.pdf


def test_the_page_offers_retry_on_a_stale_run(users, client_for, year_of_work, django_capture_on_commit_callbacks):
    run = _running(year_of_work, seconds_ago=LEASE + 5, requested_by=users["director"])
    client = client_for(users["director"])
    html = client.get(reverse("reporting:run_status", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Le rapport ne progresse plus" in html
    assert reverse("reporting:run_retry", args=[run.pk]) in html
    assert "Réessayer" in html

    live = _running(year_of_work, seconds_ago=5, requested_by=users["director"])
    html = client.get(reverse("reporting:run_status", args=[live.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("reporting:run_retry", args=[live.pk]) not in html
    client.post(reverse("reporting:run_retry", args=[live.pk]))
    live.refresh_from_db()
    assert (live.status, live.progress) == (ReportStatus.RUNNING, 50)  # a live run is not restarted

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:run_retry", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ReportStatus.SUCCEEDED, 2)


def test_a_lost_database_connection_queues_the_run_again_then_fails_it(
    year_of_work, monkeypatch, django_capture_on_commit_callbacks
):
    def connection_lost(**kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "compute_indicators", connection_lost)
    run = ReportRun.objects.create(scope="enterprise", enterprise=year_of_work, fiscal_year=2025, language="fr")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = report_render(run.pk)
    assert (result.status, result.attempts, result.error) == (ReportStatus.QUEUED, 1, "")
    assert len(callbacks) == 1

    ReportRun.objects.filter(pk=run.pk).update(attempts=2)
    result = report_render(run.pk)  # the third attempt is the last
    assert (result.status, result.attempts) == (ReportStatus.FAILED, 3)
    assert "la connexion à la base de données a été perdue" in result.error


def test_the_sweeper_is_scheduled_at_the_configured_interval(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stale-report-runs"]
    assert entry["task"] == sweep_stale_report_runs.name
    assert entry["schedule"] == timedelta(seconds=settings.CEIQ_REPORT_SWEEP_SECONDS)
    # A killed worker delays a report by lease + sweep, far less than the broker's own redelivery.
    assert (
        settings.CEIQ_REPORT_LEASE_SECONDS + settings.CEIQ_REPORT_SWEEP_SECONDS
        < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )


@pytest.mark.parametrize("task", [render_report_run, generate_annual_reports, sweep_stale_report_runs])
def test_the_reporting_tasks_retry_a_database_outage_with_back_off(task):
    """All three are idempotent (a claimed run, existing yearly runs, a swept run are skipped)."""
    assert {OperationalError, InterfaceError} <= set(task.autoretry_for)
    assert (task.retry_backoff, task.max_retries) == (5, 5)
