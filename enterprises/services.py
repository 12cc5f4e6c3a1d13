"""Writes about enterprises. Each function checks the actor's right, validates, saves atomically."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ceiq.accounts.roles import ContextKind
from ceiq.accounts.services import invitation_create

from .models import Enterprise, FundingAgreement, Membership, Partner, RecognitionAssessment
from .permissions import (
    assignable_roles,
    can_assess_recognition,
    can_change_membership,
    can_edit_enterprise,
    can_edit_reference_data,
    can_manage_agreements,
    can_manage_partners,
    can_manage_staff,
)


@transaction.atomic
def enterprise_save(*, actor, enterprise: Enterprise, sectors=None, trades=None) -> Enterprise:
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied
    enterprise.full_clean()
    enterprise.save()
    if sectors is not None:
        enterprise.sectors.set(sectors)
    if trades is not None:
        enterprise.trades.set(trades)
    return enterprise


def _duplicate_agreement_error():
    return ValidationError({"fiscal_year": _("This enterprise already has an agreement for this fiscal year.")})


@transaction.atomic
def agreement_save(*, actor, agreement: FundingAgreement) -> FundingAgreement:
    """Creates or updates an Emploi-Québec agreement. One per enterprise and fiscal year: a duplicate
    is a validation error on the fiscal year, also when two saves race (the database constraint)."""
    if not can_manage_agreements(actor, agreement.enterprise):
        raise PermissionDenied
    duplicate = (
        FundingAgreement.objects.filter(enterprise_id=agreement.enterprise_id, fiscal_year=agreement.fiscal_year)
        .exclude(pk=agreement.pk)
        .exists()
    )
    if duplicate:
        raise _duplicate_agreement_error()
    agreement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:
        raise _duplicate_agreement_error() from error
    return agreement


@transaction.atomic
def recognition_assess(
    *, actor, enterprise: Enterprise, criterion: str, assessed_on, result: str, evidence: str = ""
) -> RecognitionAssessment:
    """Records a new assessment of one criterion; earlier ones stay as history."""
    if not can_assess_recognition(actor, enterprise):
        raise PermissionDenied
    assessment = RecognitionAssessment(
        enterprise=enterprise,
        criterion=criterion,
        assessed_on=assessed_on,
        result=result,
        evidence=evidence,
        assessed_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


def staff_invite(*, actor, enterprise: Enterprise, email: str, role: str):
    """Invites a person into the enterprise's team with a role (see ceiq.accounts invitations)."""
    if not can_manage_staff(actor, enterprise):
        raise PermissionDenied
    if role not in {value for value, _label in assignable_roles(actor, enterprise)}:
        raise ValidationError({"role": _("You may not give this role.")})
    already = Membership.objects.filter(
        enterprise=enterprise, is_active=True, user__email__iexact=email.strip()
    ).exists()
    if already:
        raise ValidationError({"email": _("This person is already a member of the team.")})
    return invitation_create(actor=actor, email=email, kind=ContextKind.ENTERPRISE, role=role, enterprise=enterprise)


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if not can_change_membership(actor, membership):
        raise PermissionDenied
    if role not in {value for value, _label in assignable_roles(actor, membership.enterprise)}:
        raise ValidationError({"role": _("You may not give this role.")})
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_deactivate(*, actor, membership: Membership) -> Membership:
    """Ends a person's access to the enterprise. The context middleware reloads memberships on every
    request, so their open sessions lose the enterprise at their next request."""
    if not can_change_membership(actor, membership):
        raise PermissionDenied
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    return membership


@transaction.atomic
def membership_reactivate(*, actor, membership: Membership) -> Membership:
    if not can_change_membership(actor, membership):
        raise PermissionDenied
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    return membership


@transaction.atomic
def partner_save(*, actor, partner: Partner) -> Partner:
    if not can_manage_partners(actor, partner.enterprise):
        raise PermissionDenied
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, actor, partner: Partner) -> None:
    if not can_manage_partners(actor, partner.enterprise):
        raise PermissionDenied
    partner.delete()


@transaction.atomic
def reference_save(*, actor, item):
    """Saves a region, sector or trade (reference data)."""
    if not can_edit_reference_data(actor):
        raise PermissionDenied
    item.full_clean()
    item.save()
    return item
