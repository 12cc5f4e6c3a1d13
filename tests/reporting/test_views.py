"""The report page, its htmx status partial, retry, download and export, for each role."""

import csv
import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from ceiq.audit.models import AccessLog
from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_indicators
from reporting.models import ReportRun
from tests.factories.enterprises import FundingAgreementFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

PAGE = reverse("reporting:report_page")


def _run(enterprise, *, status="succeeded", scope="enterprise", requested_by=None, **fields):
    snapshot = {
        "indicators": compute_indicators(fiscal_year=FiscalYear(2025), enterprise=enterprise),
        "enterprise_rows": None,
    }
    run = ReportRun(
        scope=scope,
        enterprise=enterprise if scope == "enterprise" else None,
        fiscal_year=2025,
        status=status,
        progress=100 if status == "succeeded" else fields.pop("progress", 0),
        snapshot=snapshot,
        requested_by=requested_by,
        **fields,
    )
    if status == "succeeded":
        run.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    run.save()
    return run


def test_director_requests_a_report_and_follows_it(users, client_for, enterprise, django_capture_on_commit_callbacks):
    PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    client = client_for(users["director"])
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "scope" not in page.context["form"].fields  # enterprise staff report on their enterprise only

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"fiscal_year": 2025, "language": "fr"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == f"{PAGE}?run={run.pk}"
    assert (run.scope, run.enterprise, run.requested_by) == ("enterprise", enterprise, users["director"])

    followed = client.get(response.url)
    assert followed.context["current"] == run
    status = client.get(reverse("reporting:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    html = status.content.decode()
    assert "Le rapport est prêt." in html
    assert reverse("reporting:download", args=[run.pk]) in html
    assert "hx-trigger" not in html  # finished: polling stops


def test_status_polls_with_a_progress_bar_while_running(users, client_for, enterprise):
    run = _run(enterprise, status="running", progress=42)
    html = client_for(users["coordinator"]).get(reverse("reporting:run_status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="42"' in html
    assert "report-progress-40" in html


def test_a_failed_run_shows_its_error_and_a_retry_button(
    users, client_for, enterprise, django_capture_on_commit_callbacks
):
    run = _run(enterprise, status="failed", error="Le rapport n'a pas pu être produit (disque plein).")
    client = client_for(users["counsellor"])
    html = client.get(reverse("reporting:run_status", args=[run.pk])).content.decode()
    assert "disque plein" in html
    assert reverse("reporting:run_retry", args=[run.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:run_retry", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "succeeded" and run.pdf


def test_download_streams_the_pdf_and_logs_the_access(users, client_for, enterprise):
    run = _run(enterprise)
    response = client_for(users["director"]).get(reverse("reporting:download", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    # Consuming the stream closed the response (and the file) already.
    log = AccessLog.objects.get()
    assert (log.action, log.object_id, log.user, log.enterprise_id) == (
        "download_report",
        str(run.pk),
        users["director"],
        enterprise.pk,
    )


def test_a_run_not_finished_cannot_be_downloaded(users, client_for, enterprise):
    run = _run(enterprise, status="queued")
    assert client_for(users["director"]).get(reverse("reporting:download", args=[run.pk])).status_code == 404


def test_another_enterprise_run_is_a_404(users, client_for, other_enterprise):
    run = _run(other_enterprise)
    client = client_for(users["director"])
    for name in ("run_status", "download", "export"):
        assert client.get(reverse(f"reporting:{name}", args=[run.pk])).status_code == 404
    assert client.post(reverse("reporting:run_retry", args=[run.pk])).status_code == 404


def test_supervisors_are_refused_and_employers_see_nothing(users, client_for, enterprise):
    run = _run(enterprise)
    assert client_for(users["supervisor"]).get(PAGE).status_code == 403
    assert client_for(users["supervisor"]).get(reverse("reporting:download", args=[run.pk])).status_code == 403
    assert client_for(users["employer"]).get(PAGE).status_code == 404
    assert client_for(users["employer"]).get(reverse("reporting:download", args=[run.pk])).status_code == 404


def test_export_csv_and_xlsx(users, client_for, enterprise):
    PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise),
        start_date=date(2025, 6, 2),
        status="completed",
        actual_end_date=date(2025, 12, 5),
        exit_outcome="job",
    )
    run = _run(enterprise)
    client = client_for(users["director"])
    response = client.get(reverse("reporting:export", args=[run.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Indicateur", "Valeur"]
    assert ["Résultats de l'exercice", "Taux d'insertion", "100,0\xa0%"] in rows
    assert ["Résultats de l'exercice", "Sorties", "1"] in rows  # enterprise report: no small-cell masking

    response = client.get(reverse("reporting:export", args=[run.pk]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [tuple(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    # Issue 12: figures are typed cells (a count is the number 1, no longer the text "1").
    assert ("Résultats de l'exercice", "Personnes servies", 1) in values
    assert AccessLog.objects.filter(action="export_list").count() == 2


def test_network_staff_choose_any_scope_and_see_every_run(users, client_for, enterprise, other_enterprise):
    _run(enterprise, requested_by=users["director"])
    _run(other_enterprise)
    client = client_for(users["network"])
    page = client.get(PAGE)
    assert len(page.context["runs"]) == 2
    assert str(users["director"]) in page.content.decode()

    response = client.post(PAGE, {"scope": "region", "fiscal_year": 2025, "language": "fr"})
    assert response.status_code == 200
    assert "Choisissez la région visée par ce rapport." in response.content.decode()
    assert not ReportRun.objects.filter(scope="region").exists()

    response = client.post(PAGE, {"scope": "network", "fiscal_year": 2025, "language": "en"})
    assert response.status_code == 302
    assert ReportRun.objects.filter(scope="network", language="en", requested_by=users["network"]).exists()


def test_enterprise_staff_list_only_their_enterprise_runs(users, client_for, enterprise, other_enterprise):
    mine = _run(enterprise)
    _run(other_enterprise)
    _run(None, scope="network")
    page = client_for(users["coordinator"]).get(PAGE)
    assert list(page.context["runs"]) == [mine]


def test_bad_fiscal_year_is_a_form_error_not_a_500(users, client_for):
    response = client_for(users["director"]).post(PAGE, {"fiscal_year": "abc", "language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors["fiscal_year"]


@pytest.mark.parametrize("runs", [5, 50])
def test_report_page_queries_are_bounded(users, client_for, enterprise, django_assert_max_num_queries, runs):
    for _index in range(runs):
        _run(enterprise, status="queued", requested_by=users["director"])
    client = client_for(users["network"])
    with django_assert_max_num_queries(14):
        assert client.get(PAGE).status_code == 200


def test_network_dashboard_shows_the_indicators_with_a_chart(users, client_for):
    html = client_for(users["network"]).get(reverse("dashboard")).content.decode()
    assert "Indicateurs du réseau" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Situation à la sortie" in html


def test_enterprise_dashboard_shows_the_integration_rate_against_the_target(users, client_for, enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=FiscalYear.current().start_year)
    html = client_for(users["director"]).get(reverse("dashboard")).content.decode()
    assert "Taux d'insertion" in html
    assert "75,0\xa0%" in html  # the target
    assert reverse("reporting:report_page") in html
