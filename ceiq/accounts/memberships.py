"""One account is either staff (network or enterprise) or an employer contact, never both: otherwise
a coordinator could invite their own email as a contact of another enterprise's employer and read
that enterprise's candidates (issue 16). Checked when an invitation is created, when it is accepted
and when the membership is written (`services._grant`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User
from .roles import ContextKind


def holds_staff_role(user: User) -> bool:
    """Read from the database (not the per-request cache): the answer guards a write."""
    return user.is_network_staff or user.memberships.filter(is_active=True).exists()


def holds_employer_membership(user: User) -> bool:
    return user.employer_memberships.filter(is_active=True).exists()


def refuse_mixed_roles(user: User | None, kind: str) -> None:
    """Raise a ValidationError when giving `user` a role of `kind` would make them both staff and an
    employer contact. `user` None: no account yet, nothing to mix."""
    if user is None:
        return
    if kind == ContextKind.EMPLOYER and holds_staff_role(user):
        raise ValidationError(
            _(
                "This email belongs to network or enterprise staff: staff never act as an employer contact. "
                "Invite another email address."
            ),
            code="mixed_roles",
        )
    if kind in (ContextKind.NETWORK, ContextKind.ENTERPRISE) and holds_employer_membership(user):
        raise ValidationError(
            _(
                "This email belongs to an employer contact: an employer contact never holds a staff role. "
                "Invite another email address."
            ),
            code="mixed_roles",
        )


def refuse_mixed_roles_for_email(email: str, kind: str) -> None:
    refuse_mixed_roles(User.objects.filter(email__iexact=email).first(), kind)
