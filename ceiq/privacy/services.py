"""Writes of the privacy app: the incident register and the anonymization of expired people."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ceiq.accounts.models import User
from ceiq.core.services import model_update, require, service
from employers.models import Placement, Referral, ReferralTransition, RetentionCheckIn
from participants.models import (
    Evaluation,
    FollowUp,
    Internship,
    Participant,
    Pathway,
    PathwayTransition,
    PostPathwayFollowUp,
)

from .models import INCIDENT_EDITABLE_FIELDS, ConfidentialityIncident, Tombstone, tombstone_key
from .permissions import can_manage_incident, can_record_incident
from .selectors import participants_past_retention


def _require_incident_scope(actor: User, enterprise: Any) -> None:
    """The actor manages incidents of `enterprise` (None: the network's own register)."""
    require(can_manage_incident(actor, ConfidentialityIncident(enterprise=enterprise)))


@service
def incident_create(*, actor: User, **fields: Any) -> ConfidentialityIncident:
    require(can_record_incident(actor))
    unknown = set(fields) - set(INCIDENT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown incident fields: {sorted(unknown)}")
    _require_incident_scope(actor, fields.get("enterprise"))
    incident = ConfidentialityIncident(recorded_by=actor, **fields)
    incident.full_clean()
    incident.save()
    return incident


@service
def incident_update(*, actor: User, incident: ConfidentialityIncident, **fields: Any) -> ConfidentialityIncident:
    require(can_manage_incident(actor, incident))
    if "enterprise" in fields:
        _require_incident_scope(actor, fields["enterprise"])
    incident, _changed = model_update(instance=incident, fields=INCIDENT_EDITABLE_FIELDS, data=fields)
    return incident


@service
def incident_delete(*, actor: User, incident: ConfidentialityIncident) -> None:
    """Refused (IncidentRetentionError) before five years after the discovery."""
    require(can_manage_incident(actor, incident))
    incident.delete()


# --- Retention -------------------------------------------------------------------------------

ANONYMIZED_FIRST_NAME = "Anonyme"


def _age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def coarsened_birth_date(birth_date: date | None, pathway_starts: list[date]) -> date | None:
    """A canonical date in the same year that gives the same age at every pathway start (so every
    indicator by age band is unchanged), or the real date when no such canonical date exists."""
    if birth_date is None:
        return None
    for candidate in (date(birth_date.year, 7, 1), date(birth_date.year, 1, 1), date(birth_date.year, 12, 31)):
        if all(_age_on(candidate, start) == _age_on(birth_date, start) for start in pathway_starts):
            return candidate
    return birth_date


@service
def participant_anonymize(*, actor: User | None, participant: Participant) -> None:
    """Removes identity, contact, address and free-text notes; keeps what the indicators need
    (pathway dates, statuses and outcomes, gender, schooling, income source, barriers, immigrant
    status, region, and a birth date giving the same age at every pathway start). The external id
    leaves a tombstone (a keyed hash, with the date), so an import cannot re-create the person.
    The change history of the removed values is deleted with them.

    The retention rule is the permission: only a person past the retention period is anonymized,
    whoever asks (the `purge_expired` job runs without a person: `actor` None)."""
    require(participants_past_retention().filter(pk=participant.pk).exists())
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    pathways = Pathway.objects.filter(participant=participant)
    starts = list(pathways.values_list("start_date", flat=True))
    related_ids = {
        Pathway: list(pathways.values_list("pk", flat=True)),
        FollowUp: list(FollowUp.objects.filter(participant=participant).values_list("pk", flat=True)),
        Evaluation: list(Evaluation.objects.filter(pathway__participant=participant).values_list("pk", flat=True)),
        Internship: list(Internship.objects.filter(pathway__participant=participant).values_list("pk", flat=True)),
        PostPathwayFollowUp: list(
            PostPathwayFollowUp.objects.filter(pathway__participant=participant).values_list("pk", flat=True)
        ),
        Referral: list(Referral.objects.filter(participant=participant).values_list("pk", flat=True)),
        Placement: list(Placement.objects.filter(participant=participant).values_list("pk", flat=True)),
    }
    if participant.external_id:
        # The external id goes, its keyed hash stays: a re-import of an old file cannot bring them back.
        Tombstone.objects.get_or_create(
            key=tombstone_key(enterprise_id=participant.enterprise_id, external_id=participant.external_id),
            defaults={"anonymized_on": timezone.localdate()},
        )
    with disable_auditlog():
        participant.first_name = ANONYMIZED_FIRST_NAME
        participant.last_name = f"#{participant.pk}"
        participant.external_id = ""
        participant.email = ""
        participant.phone = ""
        participant.street_address = ""
        participant.city = ""
        participant.postal_code = ""
        participant.strengths_summary = ""
        participant.available_from = None
        participant.birth_date = coarsened_birth_date(participant.birth_date, starts)
        participant.anonymized_at = timezone.now()
        participant.save(
            update_fields=[
                "first_name",
                "last_name",
                "external_id",
                "email",
                "phone",
                "street_address",
                "city",
                "postal_code",
                "strengths_summary",
                "available_from",
                "birth_date",
                "anonymized_at",
                "updated_at",
            ]
        )
        # Queryset updates: no per-row signals, so no history of the erased values is written.
        pathways.update(exit_notes="")
        PathwayTransition.objects.filter(pathway__participant=participant).update(reason="")
        FollowUp.objects.filter(participant=participant).update(summary="", confidential_notes="")
        Evaluation.objects.filter(pathway__participant=participant).update(comments="")
        Internship.objects.filter(pathway__participant=participant).update(employer_supervisor="", evaluation="")
        PostPathwayFollowUp.objects.filter(pathway__participant=participant).update(notes="")
        Referral.objects.filter(participant=participant).update(employer_feedback="")
        ReferralTransition.objects.filter(referral__participant=participant).update(note="")
        RetentionCheckIn.objects.filter(placement__participant=participant).update(comment="")
    # The change history holds the erased values: remove it.
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_pk=str(participant.pk)
    )
    LogEntry.objects.filter(pk__in=history.values("pk")).delete()
    for model, ids in related_ids.items():
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in ids]
            ).delete()
