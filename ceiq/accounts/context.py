"""The organization and role a request acts in. A user with several memberships switches between them."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .roles import ContextKind, EnterpriseRole

SESSION_KEY = "ceiq_context"


@dataclass(frozen=True)
class PortalContext:
    kind: str
    role: str
    # An enterprises.Enterprise / an employers.Employer: higher apps, not imported in this layer.
    enterprise: Any = None
    employer: Any = None

    @property
    def key(self) -> str:
        if self.kind == ContextKind.ENTERPRISE:
            return f"enterprise:{self.enterprise.pk}"
        if self.kind == ContextKind.EMPLOYER:
            return f"employer:{self.employer.pk}"
        return "network"

    @property
    def role_label(self) -> str:
        if self.kind == ContextKind.ENTERPRISE:
            return str(EnterpriseRole(self.role).label)
        return str(ContextKind(self.kind).label)

    @property
    def label(self) -> str:
        if self.kind == ContextKind.ENTERPRISE:
            return f"{self.enterprise.name} — {EnterpriseRole(self.role).label}"
        if self.kind == ContextKind.EMPLOYER:
            role = _("Employer contact")  # outside the f-string, or makemessages misses it
            return f"{self.employer.name} — {role}"
        return _("Collectif (network staff)")


def available_contexts(user) -> list[PortalContext]:
    """Every context the user may act in, network first (two queries). Memberships are read through
    the user's reverse relations (`memberships`, `employer_memberships`): this layer imports no higher app."""
    contexts: list[PortalContext] = []
    # request.user is a lazy wrapper: seed the caches on the real user, whose methods read them.
    user = getattr(user, "_wrapped", user)
    if user.is_network_staff:
        contexts.append(PortalContext(kind=ContextKind.NETWORK, role=ContextKind.NETWORK))
    memberships = user.memberships.filter(is_active=True).select_related("enterprise").order_by("enterprise__name")
    roles = {}
    for membership in memberships:
        roles[membership.enterprise_id] = membership.role
        contexts.append(
            PortalContext(kind=ContextKind.ENTERPRISE, role=membership.role, enterprise=membership.enterprise)
        )
    # Seed the per-request cache so permission checks do not query memberships again.
    user.__dict__["enterprise_roles"] = roles
    scopes = {}
    for membership in (
        user.employer_memberships.filter(is_active=True).select_related("employer").order_by("employer__name")
    ):
        # As User.employer_scopes: the inviting enterprise until network staff confirm the contact.
        scopes[membership.employer_id] = None if membership.confirmed else membership.scoped_enterprise_id
        contexts.append(
            PortalContext(kind=ContextKind.EMPLOYER, role=ContextKind.EMPLOYER, employer=membership.employer)
        )
    user.__dict__["employer_scopes"] = scopes
    user.__dict__["employer_ids"] = frozenset(scopes)
    return contexts


def choose_context(contexts: list[PortalContext], wanted_key: str | None) -> PortalContext | None:
    for context in contexts:
        if context.key == wanted_key:
            return context
    return contexts[0] if contexts else None
