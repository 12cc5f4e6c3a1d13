"""Real Celery workers against Redis (not eager): a report requested on the page is rendered by a
worker; a worker killed in the middle of a render is replaced and the report completes exactly once,
through the broker's redelivery or, within lease + sweep, through the beat sweeper of stale runs; a
render whose database connections are cut reconnects, queues the run again and ends with one PDF.
Skipped without REDIS_URL, and on SQLite (a worker process cannot share the test database)."""

import hashlib
import subprocess
import time
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from enterprises.models import Region, Sector, Trade
from enterprises.reference_data import seed_reference_data
from participants.models import Barrier
from participants.reference_data import seed_barriers
from reporting.models import ReportRun, ReportStatus
from reporting.services import report_request
from tests.factories.enterprises import EnterpriseFactory, FundingAgreementFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

from .conftest import wait_for

LEASE = 3  # seconds without a heartbeat after which a "running" run is taken over
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def atelier():
    """Transactional tests flush the database: put the reference data back, then a small year."""
    seed_reference_data(Region, Sector, Trade)
    seed_barriers(Barrier)
    enterprise = EnterpriseFactory(name="Atelier Travailleur", slug="atelier-travailleur")
    for outcome in ["job", "job", "school", "job_search"]:
        PathwayFactory(
            participant=ParticipantFactory(enterprise=enterprise),
            start_date=date(2025, 5, 5),
            status="completed",
            actual_end_date=date(2025, 11, 7),
            exit_outcome=outcome,
        )
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025, participant_places=12)
    return enterprise


def _status(run_id):
    return ReportRun.objects.values_list("status", flat=True).get(pk=run_id)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_a_worker_renders_the_report_requested_on_the_page(celery_workers, atelier, make_user, client_for):
    celery_workers.start()
    director = make_user("director", atelier)
    client = client_for(director)

    response = client.post(reverse("reporting:report_page"), {"fiscal_year": 2025, "language": "fr"})
    assert response.status_code == 302
    run = ReportRun.objects.get(enterprise=atelier)
    assert run.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)  # not rendered in this process

    wait_for(
        lambda: _status(run.pk) in (ReportStatus.SUCCEEDED, ReportStatus.FAILED),
        timeout=90,
        workers=celery_workers,
        message="the worker did not finish the report",
    )
    run.refresh_from_db()
    assert run.status == ReportStatus.SUCCEEDED, run.error
    assert (run.progress, run.attempts) == (100, 1)
    content = run.pdf.read()
    run.pdf.close()
    assert hashlib.sha256(content).hexdigest() == run.checksum
    text = _pdf_text(run.pdf.path)
    assert "Atelier Travailleur" in text
    assert "2025-2026" in text
    assert "Taux d'insertion" in text
    assert "75,0 %" in text  # (2 jobs + 1 return to school) ÷ 4 exits

    download = client.get(reverse("reporting:download", args=[run.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    # Consuming the stream closed the response (and the file) already.


def test_a_killed_worker_is_replaced_and_the_report_completes_once(celery_workers, atelier, make_user, media_root):
    director = make_user("director", atelier)
    slow = celery_workers.start(include=("tests.reporting.slow_render",), CEIQ_REPORT_LEASE_SECONDS=LEASE)
    run = report_request(actor=director, scope="enterprise", enterprise=atelier, fiscal_year=2025, language="en")

    wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status=ReportStatus.RUNNING, progress__gte=6).exists(),
        timeout=60,
        workers=celery_workers,
        message="the first worker never started the report",
    )
    celery_workers.kill(slow)  # SIGKILL in the middle of the render: the message is never acknowledged
    time.sleep(LEASE + 1)  # the dead worker's heartbeat is now older than the lease, whatever the timing
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ReportStatus.RUNNING, 1)
    assert not list(media_root.rglob("*.pdf"))

    celery_workers.start(CEIQ_REPORT_LEASE_SECONDS=LEASE)
    # Redis hands the unacknowledged message back after the visibility timeout (5 s here); the new
    # worker finds the run "running" with a stale heartbeat and takes it over.
    wait_for(
        lambda: _status(run.pk) in (ReportStatus.SUCCEEDED, ReportStatus.FAILED),
        timeout=75,
        workers=celery_workers,
        message="the replacement worker did not finish the report",
    )
    run.refresh_from_db()
    assert run.status == ReportStatus.SUCCEEDED, run.error
    assert run.attempts == 2
    pdfs = list(media_root.rglob("*.pdf"))
    assert len(pdfs) == 1
    assert hashlib.sha256(pdfs[0].read_bytes()).hexdigest() == run.checksum
    assert "Atelier Travailleur" in _pdf_text(pdfs[0])


SWEEP = 2  # the sweeper's interval in the workers below
# The broker's own redelivery is out of the picture: only the lease and the sweeper bring a run back.
NO_REDELIVERY = {
    "CELERY_VISIBILITY_TIMEOUT": 3600,
    "CEIQ_REPORT_LEASE_SECONDS": LEASE,
    "CEIQ_REPORT_SWEEP_SECONDS": SWEEP,
}
# Time for a new worker to start (about 11 s measured on the shared 2-core machine) and to compute and
# render the report (about 4 s) once the run is queued again.
RENDER_BUDGET = 40


def _wait_for_slow_render(run, workers):
    wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status=ReportStatus.RUNNING, progress__gte=6).exists(),
        timeout=60,
        workers=workers,
        message="the worker never started the report",
    )


def _wait_until_finished(run, workers, started):
    wait_for(
        lambda: _status(run.pk) in (ReportStatus.SUCCEEDED, ReportStatus.FAILED),
        timeout=LEASE + SWEEP + RENDER_BUDGET + 30,
        workers=workers,
        message="the report was never finished",
    )
    return time.monotonic() - started


def _one_pdf(run, media_root):
    run.refresh_from_db()
    assert run.status == ReportStatus.SUCCEEDED, run.error
    pdfs = list(media_root.rglob("*.pdf"))
    assert len(pdfs) == 1
    assert hashlib.sha256(pdfs[0].read_bytes()).hexdigest() == run.checksum
    assert "Atelier Travailleur" in _pdf_text(pdfs[0])


def test_a_killed_worker_s_report_is_swept_and_finished_within_lease_and_sweep(
    celery_workers, atelier, make_user, media_root
):
    director = make_user("director", atelier)
    slow = celery_workers.start(include=("tests.reporting.slow_render",), beat=True, **NO_REDELIVERY)
    run = report_request(actor=director, scope="enterprise", enterprise=atelier, fiscal_year=2025, language="fr")
    _wait_for_slow_render(run, celery_workers)

    celery_workers.kill(slow)  # SIGKILL mid-render: its message stays unacknowledged for an hour
    killed = time.monotonic()
    celery_workers.start(beat=True, **NO_REDELIVERY)
    elapsed = _wait_until_finished(run, celery_workers, killed)

    _one_pdf(run, media_root)
    assert run.attempts == 2
    assert elapsed < LEASE + SWEEP + RENDER_BUDGET, f"{elapsed:.1f} s"
    print(f"killed worker: report finished {elapsed:.1f} s after the kill (lease {LEASE} s, sweep {SWEEP} s)")


def test_a_render_whose_database_connections_are_cut_still_ends_with_one_pdf(
    celery_workers, atelier, make_user, media_root
):
    director = make_user("director", atelier)
    celery_workers.start(include=("tests.reporting.slow_render",), beat=True, **NO_REDELIVERY)
    run = report_request(actor=director, scope="enterprise", enterprise=atelier, fiscal_year=2025, language="fr")
    _wait_for_slow_render(run, celery_workers)

    with connection.cursor() as cursor:  # the test database only, every connection but this test's
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    cut = time.monotonic()
    elapsed = _wait_until_finished(run, celery_workers, cut)

    _one_pdf(run, media_root)
    assert run.attempts == 2  # the interrupted attempt queued the run again; the next one finished it
    log = (celery_workers.log_dir / "worker-1.log").read_text(errors="replace")
    assert "reconnecting to the database to record the end of a report attempt" in log  # not left to the sweeper
    assert elapsed < LEASE + SWEEP + RENDER_BUDGET, f"{elapsed:.1f} s"
    print(f"connections cut: report finished {elapsed:.1f} s after the cut (lease {LEASE} s, sweep {SWEEP} s)")
