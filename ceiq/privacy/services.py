"""Writes of the privacy app: the incident register and the anonymization of expired people."""

from datetime import date

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

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

from .models import ConfidentialityIncident

INCIDENT_EDITABLE_FIELDS = [
    "enterprise",
    "description",
    "circumstances",
    "occurred_on",
    "occurred_on_is_estimate",
    "discovered_on",
    "people_concerned",
    "information_kinds",
    "risk_level",
    "risk_assessment",
    "cai_notified_at",
    "people_notified_on",
    "measures_taken",
]


@transaction.atomic
def incident_create(*, actor, incident: ConfidentialityIncident) -> ConfidentialityIncident:
    incident.recorded_by = actor
    incident.full_clean()
    incident.save()
    return incident


@transaction.atomic
def incident_update(*, actor, incident: ConfidentialityIncident) -> ConfidentialityIncident:
    incident.full_clean()
    incident.save(update_fields=[*INCIDENT_EDITABLE_FIELDS, "updated_at"])
    return incident


@transaction.atomic
def incident_delete(*, actor, incident: ConfidentialityIncident) -> None:
    """Refused (IncidentRetentionError) before five years after the discovery."""
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


@transaction.atomic
def participant_anonymize(*, actor, participant) -> None:
    """Removes identity, contact, address and free-text notes; keeps what the indicators need
    (pathway dates, statuses and outcomes, gender, schooling, income source, barriers, immigrant
    status, region, and a birth date giving the same age at every pathway start).
    The change history of the removed values is deleted with them."""
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
