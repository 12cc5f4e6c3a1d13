"""The service contract of enterprises.services: every public write is a `@service` taking a
keyword-only `actor`, and checks that actor's right itself — called by someone without it, each one
raises PermissionDenied and changes nothing."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from enterprises import services
from enterprises.models import Enterprise, FundingAgreement, Membership, Partner, RecognitionAssessment, Region
from tests.factories.enterprises import FundingAgreementFactory, MembershipFactory, PartnerFactory, region

pytestmark = pytest.mark.django_db


def _public_services():
    return [
        function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    ]


def test_every_public_service_is_decorated_and_takes_a_keyword_only_actor():
    functions = _public_services()
    assert len(functions) >= 14
    for function in functions:
        parameter = inspect.signature(function).parameters.get("actor")
        assert parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY, function.__name__
        assert hasattr(function, "__wrapped__"), f"{function.__name__} is not a @service"


@pytest.fixture
def arguments(enterprise, make_user):
    """A value for every argument a service takes, by name: rows of `enterprise`."""
    colleague = MembershipFactory(enterprise=enterprise, role="counsellor")
    return {
        "enterprise": enterprise,
        "agreement": FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025),
        "membership": colleague,
        "partner": PartnerFactory(enterprise=enterprise),
        "item": region("06"),
        "model": Region,
        "data": {"name": "Changé"},
        "criterion": "mission",
        "assessed_on": date(2025, 5, 1),
        "result": "met",
        "evidence": "",
        "email": "nouvelle@example.org",
        "role": "coordinator",
    }


def _snapshot():
    return (
        list(Enterprise.objects.values_list("name", "slug")),
        list(FundingAgreement.objects.values_list("pk", "fiscal_year", "participant_places")),
        list(Membership.objects.values_list("pk", "role", "is_active")),
        list(Partner.objects.values_list("pk", "name")),
        RecognitionAssessment.objects.count(),
        list(Region.objects.values_list("code", "name_fr")),
    )


@pytest.mark.parametrize("function", _public_services(), ids=lambda function: function.__name__)
def test_each_service_refuses_an_actor_without_the_right(function, arguments, make_user, enterprise):
    # A supervisor of the enterprise sees it but may change nothing in it.
    actor = make_user("supervisor", enterprise)
    parameters = inspect.signature(function).parameters
    kwargs = {name: arguments[name] for name in parameters if name != "actor"}
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        function(actor=actor, **kwargs)
    assert _snapshot() == before
