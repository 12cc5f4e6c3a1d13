"""Writes about people: intake, the file's fields, consents given and withdrawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from ceiq.accounts.models import User
from ceiq.core.services import model_update, require, service
from enterprises.models import Enterprise

from ..fields import PARTICIPANT_FIELDS
from ..models import (
    Barrier,
    Consent,
    Participant,
)
from ..permissions import (
    can_create_participant,
    can_edit_participant,
    can_manage_consents,
)

# Participants and consents -------------------------------------------------------------------------


@service
def participant_create(
    *,
    actor: User,
    enterprise: Enterprise,
    barriers: Iterable[Barrier] = (),
    consent_purposes: Iterable[str] = (),
    **fields: Any,
) -> Participant:
    """Intake: the person, their barriers and the consents given with the notice version shown."""
    require(can_create_participant(actor, enterprise))
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown participant fields: {sorted(unknown)}")
    participant = Participant(enterprise=enterprise, **fields)
    participant.full_clean()
    participant.save()
    participant.barriers.set(barriers)
    for purpose in consent_purposes:
        consent_give(actor=actor, participant=participant, purpose=purpose)
    return participant


@service
def participant_update(
    *, actor: User, participant: Participant, barriers: Iterable[Barrier] | None = None, **fields: Any
) -> Participant:
    require(can_edit_participant(actor, participant))
    data = dict(fields) if barriers is None else {**fields, "barriers": list(barriers)}
    participant, _changed = model_update(instance=participant, fields=PARTICIPANT_FIELDS, data=data)
    return participant


@service
def consent_give(*, actor: User, participant: Participant, purpose: str, notice_version: str = "") -> Consent:
    """Record a consent for one purpose (idempotent: an active consent is kept as is)."""
    require(can_manage_consents(actor, participant))
    existing = Consent.objects.filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent(
        participant=participant,
        purpose=purpose,
        notice_version=notice_version or participant.privacy_notice_version or "—",
        given_at=timezone.now(),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


@service
def consent_withdraw(*, actor: User, participant: Participant, purpose: str) -> Consent | None:
    """Withdrawal takes effect at once: everything that reads active consents stops seeing it."""
    require(can_manage_consents(actor, participant))
    consent = (
        Consent.objects.select_for_update().filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True)
    ).first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    return consent
