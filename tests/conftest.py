"""Shared fixtures: users for every role, in an enterprise and in a foreign one."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories.accounts import UserFactory
from tests.factories.employers import EmployerFactory, EmployerMembershipFactory
from tests.factories.enterprises import EnterpriseFactory, MembershipFactory

ENTERPRISE_ROLES = ["director", "coordinator", "counsellor", "supervisor"]
ALL_ROLES = ["network", *ENTERPRISE_ROLES, "employer"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language: a request in English (the test client runs
    in this thread) must not leave English active for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory(name="Atelier A", slug="atelier-a")


@pytest.fixture
def other_enterprise(db):
    return EnterpriseFactory(name="Atelier B", slug="atelier-b")


@pytest.fixture
def employer(db):
    return EmployerFactory(name="Employeur A")


@pytest.fixture
def make_user(db):
    """make_user("coordinator", enterprise) → a user holding that role there.
    Roles: network, director, coordinator, counsellor, supervisor, employer (pass the employer)."""

    def make(role, organization=None, **user_fields):
        if role == "network":
            return UserFactory(is_network_staff=True, **user_fields)
        if role == "employer":
            membership = EmployerMembershipFactory(employer=organization or EmployerFactory(), **_user(user_fields))
            return membership.user
        membership = MembershipFactory(enterprise=organization or EnterpriseFactory(), role=role, **_user(user_fields))
        return membership.user

    return make


def _user(user_fields):
    return {f"user__{key}": value for key, value in user_fields.items()}


@pytest.fixture
def users(make_user, enterprise, employer):
    """One user per role, all in `enterprise` (and `employer` for the employer contact)."""
    return {
        "network": make_user("network"),
        **{role: make_user(role, enterprise) for role in ENTERPRISE_ROLES},
        "employer": make_user("employer", employer),
    }


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_collection_modifyitems(items):
    """Under pytest-xdist, tests that start real Celery workers run one after another in the same
    test process (`--dist loadgroup`): they share the broker's queue."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("celery-workers"))
