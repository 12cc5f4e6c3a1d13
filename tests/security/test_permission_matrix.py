"""Every URL × every role × own / another tenant's object, GET and POST (docs/conventions.md: "Reads", "404 or 403")."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ceiq.accounts.context import SESSION_KEY
from tests.factories.enterprises import MembershipFactory

from .matrix import ROLES, all_routes, build_world

# URL names that are not ours to test here (framework pages).
IGNORED_NAMESPACES = {"admin"}
IGNORED_MODULE_PREFIXES = ("allauth.", "django.views.i18n", "django.views.static")

ROUTES = all_routes()


def _url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            if not module.startswith(IGNORED_MODULE_PREFIXES):
                names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry_in_the_matrix():
    declared = {route.name for route in ROUTES}
    missing = sorted(_url_names() - declared)
    assert not missing, f"URL names without a permission-matrix entry: {missing}"


@pytest.fixture
def world(db):
    return build_world()


def _status(client, method, url, data, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(url, **headers) if method == "get" else client.post(url, data, **headers)
    return response.status_code


def _matches(status, expected):
    return status in expected if isinstance(expected, tuple) else status == expected


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_permissions(world, route):
    own, foreign = world
    failures = []
    for method in ("get", "post"):
        expectations = route.get if method == "get" else route.post
        if expectations is None:
            continue
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(own.users[role])
            url = reverse(route.name, args=route.args(own))
            status = _status(client, method, url, route.post_data(own), route.htmx)
            if not _matches(status, expectations[role]):
                failures.append(f"{method.upper()} {url} as {role} (own): {status}, expected {expectations[role]}")
            if route.has_object:
                foreign_url = reverse(route.name, args=route.args(foreign))
                expected = route.foreign_expected(method, role)
                status = _status(client, method, foreign_url, route.post_data(foreign), route.htmx)
                if not _matches(status, expected):
                    failures.append(
                        f"{method.upper()} {foreign_url} as {role} (foreign): {status}, expected {expected}"
                    )
    assert not failures, "\n".join(failures)


# The "combined roles" dimension (issue 16): one account holding a role in A and another in B sees, in
# each enterprise's context, exactly what that role allows there (nothing leaks from the other
# membership). The account is tenant A's user of the first role (so supervision in A is theirs) given
# the second role in B; a supervisor's rule depends on whom they supervise, so B's role is never one.
COMBINED_ROLES = [("director", "coordinator"), ("supervisor", "coordinator"), ("counsellor", "director")]
# Pages decided by the account's roles across all its memberships, whatever the context, and showing
# only the rows of the enterprises where the role allows them: the network-wide employer directory
# (any director or coordinator records employers) and a director's access log and incident register
# (of the enterprises they direct). There the account gets what either of its roles allows.
ACROSS_MEMBERSHIPS = {
    "employers:create",
    "employers:edit",
    "access_log_list",
    "privacy:incident_list",
    "privacy:incident_create",
}


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_permissions_with_combined_roles(world, route):
    own, foreign = world
    failures = []
    for role_a, role_b in COMBINED_ROLES:
        user = own.users[role_a]
        MembershipFactory(user=user, enterprise=foreign.enterprise, role=role_b)
        for tenant, role in ((own, role_a), (foreign, role_b)):
            client = Client()
            client.force_login(user)
            session = client.session
            session[SESSION_KEY] = f"enterprise:{tenant.enterprise.pk}"
            session.save()
            url = reverse(route.name, args=route.args(tenant))
            for method in ("get", "post"):
                expectations = route.get if method == "get" else route.post
                if expectations is None:
                    continue
                status = _status(client, method, url, route.post_data(tenant), route.htmx)
                allowed = [expectations[role]]
                if route.name in ACROSS_MEMBERSHIPS:
                    allowed.append(expectations[role_b if role == role_a else role_a])
                if not any(_matches(status, expected) for expected in allowed):
                    failures.append(
                        f"{method.upper()} {url} as {role_a} of A + {role_b} of B, acting as {role} in "
                        f"{tenant.label}: {status}, expected {expectations[role]}"
                    )
    assert not failures, "\n".join(failures)
