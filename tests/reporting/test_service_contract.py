"""Every public write of reporting/services.py checks its actor's permission itself: a supervisor
(no reports) is refused whoever calls the service. The services are enumerated: a new service
without a case below fails this test until it is given one."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from reporting import services
from reporting.models import ReportRun, ReportStatus


def _refused(call):
    with pytest.raises(PermissionDenied):
        call()


def _render_refused(actor, run):
    """The render runs in a worker: a refusal fails the run in plain words instead of raising."""
    result = services.report_render(run.pk, actor=actor)
    assert result.status == ReportStatus.FAILED
    assert "n'a plus accès" in result.error
    assert not result.pdf


CASES = {
    "report_request": lambda actor, run: _refused(
        lambda: services.report_request(
            actor=actor, scope="enterprise", enterprise=run.enterprise, fiscal_year=2025, language="fr"
        )
    ),
    "report_retry": lambda actor, run: _refused(lambda: services.report_retry(actor=actor, run=run)),
    "report_render": _render_refused,
    "report_sweep_stale": lambda actor, run: _refused(lambda: services.report_sweep_stale(actor=actor)),
    "report_generate_annual": lambda actor, run: _refused(
        lambda: services.report_generate_annual(actor=actor, today=date(2026, 4, 15))
    ),
}


def test_every_public_service_has_a_permission_case():
    public = sorted(
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    )
    assert public == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_service_refuses_an_actor_without_the_permission(name, users, enterprise):
    run = ReportRun.objects.create(scope="enterprise", enterprise=enterprise, fiscal_year=2025, status="failed")
    if name == "report_render":
        run.status = ReportStatus.QUEUED
        run.save(update_fields=["status"])
    CASES[name](users["supervisor"], run)
    assert ReportRun.objects.count() == 1  # nothing was created
