import pytest

from tests.factories.employers import JobOpeningFactory, candidate


@pytest.fixture
def opening(employer):
    return JobOpeningFactory(employer=employer, title="Aide-ébéniste de jour", positions=1)


@pytest.fixture
def consented(enterprise):
    """A participant of `enterprise` who consented to sharing a profile with employers."""
    return candidate(enterprise, first_name="Mélodie", last_name="Archambault")
