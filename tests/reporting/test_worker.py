"""Real Celery workers against Redis (not eager): a report requested on the page is rendered by a
worker; a worker killed in the middle of a render is replaced and the report completes exactly once.
Skipped without REDIS_URL, and on SQLite (a worker process cannot share the test database)."""

import hashlib
import subprocess
import time
from datetime import date

import pytest
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
