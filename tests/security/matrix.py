"""The permission matrix: every URL × every role × own/foreign object.

Each app declares its routes in `tests/security/matrix_<app>.py`:

    def build(tenant: Tenant) -> None:
        # create this app's objects for the tenant and store them: tenant.objects["opening"] = …
    ROUTES = [
        Route("employers:opening_detail", args=lambda t: [t.objects["opening"].pk],
              get=allow("network", "director", "coordinator", "employer"),
              foreign={"director": 200, "employer": 404}),   # only what differs from the default
    ]

`get` / `post` give the expected status for users of tenant A on tenant A's object; `foreign` for
tenant A's users on tenant B's object (default: network staff as for their own, everyone else 404,
anonymous 302). An expected value may be a tuple of acceptable statuses.

Optional: `queries` lists extra query strings the canary test also fetches with GET (downloads such
as `"?format=csv"`); `deletes=True` marks a POST that may delete rows (the bad-input test then does
not require every row to survive it); `shared_with` names the roles that legitimately read other
tenants' rows on that page (the network-wide employer directory, for instance): the canary test
does not look for tenant B's canary there for those roles.

`build_world()` creates the two tenants A and B and runs every `matrix_*.build` on both.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tests.security as security_package
from tests.factories.accounts import UserFactory
from tests.factories.employers import EmployerFactory, EmployerMembershipFactory
from tests.factories.enterprises import EnterpriseFactory, MembershipFactory

ROLES = ["anonymous", "network", "director", "coordinator", "counsellor", "supervisor", "employer"]
STAFF_ROLES = ["director", "coordinator", "counsellor", "supervisor"]
OK = (200,)
FORM_OK = (200, 302)  # an allowed POST either shows the form again with errors or redirects


@dataclass
class Tenant:
    """One enterprise and one employer, a user per role, and the objects the apps' builders add."""

    label: str
    enterprise: Any
    employer: Any
    users: dict
    objects: dict = field(default_factory=dict)


def allow(*roles, ok=OK, denied=403, anonymous=302) -> dict:
    """Expected statuses: `roles` get `ok`, the other logged-in roles `denied`."""
    expected = {role: (ok if role in roles else denied) for role in ROLES}
    expected["anonymous"] = anonymous
    return expected


def public(ok=OK) -> dict:
    return dict.fromkeys(ROLES, ok)


@dataclass
class Route:
    name: str
    get: dict | None
    args: Callable[[Tenant], list] = lambda tenant: []
    post: dict | None = None
    post_data: Callable[[Tenant], dict] = lambda tenant: {}
    foreign: dict | None = None
    htmx: bool = False
    queries: tuple = ()
    deletes: bool = False
    shared_with: tuple = ()

    @property
    def has_object(self) -> bool:
        return self.args(_PROBE) != []

    def foreign_expected(self, method: str, role: str):
        own = (self.get if method == "get" else self.post) or {}
        expected = {r: 404 for r in ROLES}
        expected["anonymous"] = own.get("anonymous", 302)
        expected["network"] = own.get("network", 404)
        expected.update(self.foreign or {})
        return expected[role]


class _Probe:
    """Answers any attribute or key lookup, so `args` lambdas can be called without a world."""

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self

    pk = 1
    slug = "probe"


_PROBE = Tenant("probe", _Probe(), _Probe(), _Probe(), _Probe())


MODULE_ORDER = ["core", "enterprises", "employers", "participants", "reporting"]


def matrix_modules():
    """Every `tests/security/matrix_<app>.py`, the foundation's first."""

    names = [m.name for m in pkgutil.iter_modules(security_package.__path__) if m.name.startswith("matrix_")]
    names.sort(key=lambda n: (MODULE_ORDER.index(n[7:]) if n[7:] in MODULE_ORDER else 99, n))
    return [importlib.import_module(f"tests.security.{name}") for name in names]


def all_routes():
    return [route for module in matrix_modules() for route in module.ROUTES]


def _tenant(label, network_user):

    enterprise = EnterpriseFactory(name=f"Entreprise {label}", slug=f"entreprise-{label.lower()}")
    employer = EmployerFactory(name=f"Employeur {label}")
    users = {"network": network_user}
    for role in STAFF_ROLES:
        users[role] = MembershipFactory(enterprise=enterprise, role=role).user
    users["employer"] = EmployerMembershipFactory(employer=employer).user
    return Tenant(label, enterprise, employer, users)


def build_world() -> tuple[Tenant, Tenant]:
    """Tenants A and B (sharing one network staff user), each built by every matrix module."""

    network = UserFactory(is_network_staff=True)
    tenants = _tenant("A", network), _tenant("B", network)
    for module in matrix_modules():
        if hasattr(module, "build"):
            for tenant in tenants:
                module.build(tenant)
    return tenants
