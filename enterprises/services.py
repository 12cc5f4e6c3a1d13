"""Writes about enterprises. Each takes the `actor`, checks their right itself (`require` with the
named checks of permissions.py), validates and saves in one transaction (`@service`); updates go
through `model_update`, new rows through `model_create`, from the fields declared in models.py."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ceiq.accounts.models import Invitation, User
from ceiq.accounts.roles import ContextKind
from ceiq.accounts.services import invitation_create
from ceiq.core.services import model_create, model_update, require, service

from .models import (
    AGREEMENT_FIELDS,
    ENTERPRISE_FIELDS,
    PARTNER_FIELDS,
    Enterprise,
    FundingAgreement,
    Membership,
    Partner,
    RecognitionAssessment,
    ReferenceModel,
)
from .permissions import (
    assignable_roles,
    can_assess_recognition,
    can_change_membership,
    can_create_enterprise,
    can_edit_enterprise,
    can_edit_reference_data,
    can_manage_agreements,
    can_manage_partners,
    can_manage_staff,
)

Data = Mapping[str, Any]

# Enterprises ---------------------------------------------------------------------------------------


@service
def enterprise_create(*, actor: User, data: Data) -> Enterprise:
    require(can_create_enterprise(actor))
    return model_create(Enterprise, fields=ENTERPRISE_FIELDS, data=data)


@service
def enterprise_update(*, actor: User, enterprise: Enterprise, data: Data) -> Enterprise:
    require(can_edit_enterprise(actor, enterprise))
    return model_update(instance=enterprise, fields=ENTERPRISE_FIELDS, data=data)[0]


# Agreements ----------------------------------------------------------------------------------------


def _refuse_duplicate_agreement(enterprise: Enterprise, fiscal_year: Any, *, exclude_pk: int | None = None) -> None:
    """One agreement per enterprise and fiscal year: a duplicate is a validation error on the fiscal year."""
    others = FundingAgreement.objects.filter(enterprise=enterprise, fiscal_year=fiscal_year)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise _duplicate_agreement_error()


def _duplicate_agreement_error() -> ValidationError:
    return ValidationError({"fiscal_year": _("This enterprise already has an agreement for this fiscal year.")})


@service
def agreement_create(*, actor: User, enterprise: Enterprise, data: Data) -> FundingAgreement:
    """Records an Emploi-Québec agreement. A duplicate is refused on the fiscal year, also when two
    saves race (the database constraint)."""
    require(can_manage_agreements(actor, enterprise))
    _refuse_duplicate_agreement(enterprise, data.get("fiscal_year"))
    try:
        with transaction.atomic():
            return model_create(FundingAgreement, fields=AGREEMENT_FIELDS, data=data, enterprise=enterprise)
    except IntegrityError as error:
        raise _duplicate_agreement_error() from error


@service
def agreement_update(*, actor: User, agreement: FundingAgreement, data: Data) -> FundingAgreement:
    require(can_manage_agreements(actor, agreement.enterprise))
    _refuse_duplicate_agreement(
        agreement.enterprise, data.get("fiscal_year", agreement.fiscal_year), exclude_pk=agreement.pk
    )
    try:
        with transaction.atomic():
            return model_update(instance=agreement, fields=AGREEMENT_FIELDS, data=data)[0]
    except IntegrityError as error:
        raise _duplicate_agreement_error() from error


# Recognition ---------------------------------------------------------------------------------------


@service
def recognition_assess(
    *, actor: User, enterprise: Enterprise, criterion: str, assessed_on: Any, result: str, evidence: str = ""
) -> RecognitionAssessment:
    """Records a new assessment of one criterion; earlier ones stay as history."""
    require(can_assess_recognition(actor, enterprise))
    data = {"criterion": criterion, "assessed_on": assessed_on, "result": result, "evidence": evidence}
    return model_create(RecognitionAssessment, fields=data, data=data, enterprise=enterprise, assessed_by=actor)


# Staff ---------------------------------------------------------------------------------------------


def _require_assignable(actor: User, enterprise: Enterprise, role: str) -> None:
    if role not in {value for value, _label in assignable_roles(actor, enterprise)}:
        raise ValidationError({"role": _("You may not give this role.")})


@service
def staff_invite(*, actor: User, enterprise: Enterprise, email: str, role: str) -> Invitation:
    """Invites a person into the enterprise's team with a role (see ceiq.accounts invitations)."""
    require(can_manage_staff(actor, enterprise))
    _require_assignable(actor, enterprise, role)
    already = Membership.objects.filter(
        enterprise=enterprise, is_active=True, user__email__iexact=email.strip()
    ).exists()
    if already:
        raise ValidationError({"email": _("This person is already a member of the team.")})
    return invitation_create(actor=actor, email=email, kind=ContextKind.ENTERPRISE, role=role, enterprise=enterprise)


@service
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    require(can_change_membership(actor, membership))
    _require_assignable(actor, membership.enterprise, role)
    return model_update(instance=membership, fields=["role"], data={"role": role})[0]


@service
def membership_deactivate(*, actor: User, membership: Membership) -> Membership:
    """Ends a person's access to the enterprise. The context middleware reloads memberships on every
    request, so their open sessions lose the enterprise at their next request."""
    require(can_change_membership(actor, membership))
    if not membership.is_active:
        return membership
    data = {"is_active": False, "deactivated_at": timezone.now()}
    return model_update(instance=membership, fields=data, data=data)[0]


@service
def membership_reactivate(*, actor: User, membership: Membership) -> Membership:
    require(can_change_membership(actor, membership))
    data = {"is_active": True, "deactivated_at": None}
    return model_update(instance=membership, fields=data, data=data)[0]


# Partners ------------------------------------------------------------------------------------------


@service
def partner_create(*, actor: User, enterprise: Enterprise, data: Data) -> Partner:
    require(can_manage_partners(actor, enterprise))
    return model_create(Partner, fields=PARTNER_FIELDS, data=data, enterprise=enterprise)


@service
def partner_update(*, actor: User, partner: Partner, data: Data) -> Partner:
    require(can_manage_partners(actor, partner.enterprise))
    return model_update(instance=partner, fields=PARTNER_FIELDS, data=data)[0]


@service
def partner_delete(*, actor: User, partner: Partner) -> None:
    require(can_manage_partners(actor, partner.enterprise))
    partner.delete()


# Reference data (regions, sectors, trades) ---------------------------------------------------------


@service
def reference_create(*, actor: User, model: type[ReferenceModel], data: Data) -> ReferenceModel:
    require(can_edit_reference_data(actor))
    return model_create(model, fields=model.EDITABLE_FIELDS, data=data)


@service
def reference_update(*, actor: User, item: ReferenceModel, data: Data) -> ReferenceModel:
    require(can_edit_reference_data(actor))
    return model_update(instance=item, fields=item.EDITABLE_FIELDS, data=data)[0]
