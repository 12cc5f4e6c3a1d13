"""Report runs: permission-checked requests, idempotent rendering, take-over of a dead worker's run,
failures in plain words, retries, and the yearly generation."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from kombu.exceptions import OperationalError

from ceiq.core.fiscal import FiscalYear
from enterprises.models import EnterpriseStatus, Membership
from reporting import services
from reporting.models import ReportRun, ReportStatus
from reporting.services import report_generate_annual, report_render, report_request, report_retry
from reporting.tasks import generate_annual_reports, render_report_run
from tests.factories.enterprises import EnterpriseFactory, region
from tests.factories.participants import ParticipantFactory, PathwayFactory


@pytest.fixture
def year_of_work(enterprise):
    for outcome in ["job", "school", "job_search"]:
        PathwayFactory(
            participant=ParticipantFactory(enterprise=enterprise),
            start_date=date(2025, 5, 5),
            status="completed",
            actual_end_date=date(2025, 11, 7),
            exit_outcome=outcome,
        )
    return enterprise


def _request(actor, enterprise, **kwargs):
    return report_request(
        actor=actor, scope="enterprise", enterprise=enterprise, fiscal_year=2025, language="fr", **kwargs
    )


def test_a_director_requests_a_report_rendered_after_commit(users, year_of_work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = _request(users["director"], year_of_work)
        assert ReportRun.objects.get(pk=run.pk).status == ReportStatus.QUEUED  # nothing runs before commit
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == ReportStatus.SUCCEEDED
    assert (run.progress, run.attempts, run.requested_by) == (100, 1, users["director"])
    assert run.snapshot["indicators"]["exits"] == 3
    assert run.snapshot["enterprise_rows"] is None
    with run.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == run.checksum
    assert run.started_at <= run.finished_at


@pytest.mark.parametrize("role", ["supervisor", "employer"])
def test_roles_without_reports_cannot_request_one(users, enterprise, role):
    with pytest.raises(PermissionDenied):
        _request(users[role], enterprise)
    assert not ReportRun.objects.exists()


def test_enterprise_staff_cannot_request_another_enterprise_or_the_network(users, other_enterprise):
    with pytest.raises(PermissionDenied):
        _request(users["director"], other_enterprise)
    with pytest.raises(PermissionDenied):
        report_request(actor=users["coordinator"], scope="network", fiscal_year=2025, language="fr")


def test_network_staff_request_any_scope(users, other_enterprise):
    for kwargs in (
        {"scope": "network"},
        {"scope": "region", "region": region("06")},
        {"scope": "enterprise", "enterprise": other_enterprise},
    ):
        report_request(actor=users["network"], fiscal_year=2025, language="en", **kwargs)
    assert ReportRun.objects.count() == 3


def _queued(enterprise, **fields):
    return ReportRun.objects.create(**{"scope": "enterprise", "enterprise": enterprise, "fiscal_year": 2025} | fields)


def test_rendering_twice_does_nothing_the_second_time(year_of_work, media_root):
    run = _queued(year_of_work)
    first = report_render(run.pk)
    second = report_render(run.pk)
    assert first.status == second.status == ReportStatus.SUCCEEDED
    assert (second.attempts, second.checksum, second.pdf.name) == (1, first.checksum, first.pdf.name)
    assert len(list(media_root.rglob("*.pdf"))) == 1


def test_a_second_delivery_during_a_live_render_does_nothing(year_of_work):
    started = timezone.now() - timedelta(seconds=5)
    run = _queued(year_of_work, status="running", started_at=started, heartbeat_at=started, attempts=1, progress=40)
    report_render(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts, run.progress) == (ReportStatus.RUNNING, 1, 40)
    assert not run.pdf


def test_a_run_left_running_by_a_dead_worker_is_taken_over(year_of_work, settings):
    settings.CEIQ_REPORT_LEASE_SECONDS = 60
    stale = timezone.now() - timedelta(minutes=5)
    run = _queued(year_of_work, status="running", started_at=stale, heartbeat_at=stale, attempts=1, progress=40)
    report_render(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ReportStatus.SUCCEEDED, 2)
    assert run.pdf


def test_a_superseded_attempt_stores_nothing(year_of_work, settings):
    settings.CEIQ_REPORT_LEASE_SECONDS = 60
    run = _queued(year_of_work)
    first = services._claim(run.pk)
    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    second = services._claim(run.pk)
    assert (first.attempts, second.attempts) == (1, 2)
    result = services._finish(run.pk, first.attempts, {"exits": 0}, None, b"%PDF-old")
    assert result.status == ReportStatus.RUNNING and not result.pdf
    with pytest.raises(services._Superseded):
        services._progress(run.pk, first.attempts, 50)


def test_a_failure_is_recorded_in_plain_words_and_can_be_retried(
    users, year_of_work, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise OSError("Pango is not installed")

    monkeypatch.setattr(services, "render_report_pdf", broken)
    run = report_render(_queued(year_of_work, language="fr").pk)
    assert run.status == ReportStatus.FAILED
    assert "Pango is not installed" in run.error
    assert run.error.startswith("Le rapport n'a pas pu être produit")

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(actor=users["coordinator"], run=run)
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (ReportStatus.SUCCEEDED, 2, "")


def test_supervisors_cannot_retry(users, enterprise):
    run = _queued(enterprise, status="failed")
    with pytest.raises(PermissionDenied):
        report_retry(actor=users["supervisor"], run=run)


def test_annual_generation_runs_once_on_the_configured_day(
    settings, enterprise, other_enterprise, django_capture_on_commit_callbacks
):
    settings.CEIQ_ANNUAL_REPORT_DAY = "04-15"
    EnterpriseFactory(status=EnterpriseStatus.FORMER)
    _queued(other_enterprise, fiscal_year=2025)
    assert report_generate_annual(actor=None, today=date(2026, 4, 14)) == []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = report_generate_annual(actor=None, today=date(2026, 4, 15))
    assert sorted((run.scope, run.enterprise_id) for run in created) == [
        ("enterprise", enterprise.pk),
        ("network", None),
    ]
    assert {run.fiscal_year for run in created} == {2025}
    assert len(callbacks) == 2
    assert report_generate_annual(actor=None, today=date(2026, 4, 15)) == []


def test_the_annual_task_is_scheduled_daily(settings):
    assert settings.CELERY_BEAT_SCHEDULE["generate-annual-reports"]["task"] == generate_annual_reports.name
    assert render_report_run.acks_late is True
    assert FiscalYear.containing(date(2026, 4, 15)).previous == FiscalYear(2025)


def test_the_worker_rechecks_the_requester_permission(users, enterprise):
    run = _queued(enterprise, requested_by=users["coordinator"])
    Membership.objects.filter(user=users["coordinator"]).update(is_active=False)
    run = report_render(run.pk)
    assert run.status == ReportStatus.FAILED
    assert "n'a plus accès" in run.error
    assert not run.pdf


def test_the_task_ignores_a_deleted_run(db):
    render_report_run.delay(987654)  # eager in tests: nothing to do, nothing raised


def test_a_broker_outage_fails_the_run_with_a_plain_message(
    users, enterprise, monkeypatch, django_capture_on_commit_callbacks
):

    def broker_down(run_id):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(render_report_run, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        run = _request(users["director"], enterprise)
    run.refresh_from_db()
    assert run.status == ReportStatus.FAILED
    assert (
        run.error
        == "Le service de production des rapports est indisponible pour le moment. Réessayez dans quelques minutes."
    )
