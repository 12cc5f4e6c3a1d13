from datetime import date, timedelta

import factory
from django.utils import timezone

from participants.models import (
    Consent,
    Evaluation,
    FollowUp,
    GroupSession,
    Participant,
    Pathway,
    PostPathwayFollowUp,
)

from .enterprises import trade


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    enterprise = factory.SubFactory("tests.factories.enterprises.EnterpriseFactory")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    birth_date = date(2003, 5, 17)
    gender = "woman"
    schooling_at_intake = "no_secondary"
    income_source_at_intake = "social_assistance"
    referral_source = "services_quebec"
    privacy_notice_version = "2026-01"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    purpose = "employer_sharing"
    notice_version = "2026-01"
    given_at = factory.LazyFunction(timezone.now)


def with_consents(participant, purposes=("processing", "employer_sharing", "reporting")):
    for purpose in purposes:
        ConsentFactory(participant=participant, purpose=purpose)
    return participant


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    participant = factory.SubFactory(ParticipantFactory)
    enterprise = factory.SelfAttribute("participant.enterprise")
    trade = factory.LazyFunction(trade)
    start_date = date(2025, 6, 2)
    planned_end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(weeks=27))
    status = "active"


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    pathway = factory.SubFactory(PathwayFactory)
    evaluated_on = date(2025, 8, 1)
    punctuality = 2
    quality = 2
    productivity = 2
    teamwork = 3
    safety = 3
    self_confidence = 2
    motivation = 3
    autonomy = 2


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    participant = factory.SubFactory(ParticipantFactory)
    met_on = date(2025, 7, 10)
    duration_minutes = 45
    topics = factory.LazyFunction(lambda: ["housing"])
    summary = "Rencontre de suivi régulière."
    confidential_notes = "Note confidentielle."


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSession

    enterprise = factory.SubFactory("tests.factories.enterprises.EnterpriseFactory")
    topic = "stress"
    held_on = date(2025, 9, 3)


class PostPathwayFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostPathwayFollowUp

    pathway = factory.SubFactory(PathwayFactory, status="completed", actual_end_date=date(2025, 12, 5))
    months_after = 3
    due_on = date(2026, 3, 5)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Qualification"

    participant = factory.SubFactory(ParticipantFactory)
    kind = "safety_card"
    title = "Carte ASP Construction"
    obtained_on = date(2025, 9, 15)


class InternshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Internship"

    pathway = factory.SubFactory(PathwayFactory)
    employer = factory.SubFactory("tests.factories.employers.EmployerFactory")
    start_date = date(2025, 10, 6)
    end_date = date(2025, 10, 31)
    employer_supervisor = "Contremaître"


class GroupAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.GroupAttendance"

    session = factory.SubFactory(GroupSessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    present = True


class PathwayTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.PathwayTransition"

    pathway = factory.SubFactory(PathwayFactory)
    from_status = "planned"
    to_status = "active"
    effective_date = factory.SelfAttribute("pathway.start_date")


def participant_with_history(enterprise, *, counsellor=None, supervisor=None, label="", rows=1):
    """A participant with a pathway and `rows` of each related record (for query-count tests)."""
    participant = with_consents(ParticipantFactory(enterprise=enterprise, last_name=f"Nom {label}".strip()))
    pathway = PathwayFactory(participant=participant, counsellor=counsellor, supervisor=supervisor)
    PathwayTransitionFactory(pathway=pathway)
    for index in range(rows):
        EvaluationFactory(pathway=pathway, evaluated_on=date(2025, 7, 1) + timedelta(days=7 * index))
        FollowUpFactory(
            participant=participant,
            pathway=pathway,
            counsellor=counsellor,
            met_on=date(2025, 7, 1) + timedelta(days=7 * index),
            summary=f"Résumé {label} {index}",
            confidential_notes=f"SECRET-NOTE-{label}-{index}",
        )
        QualificationFactory(participant=participant, pathway=pathway, title=f"Attestation {index}")
        InternshipFactory(pathway=pathway)
    return participant


# What a coordinator fills in at intake (the answers that become figures included), as the form posts it.
INTAKE_FORM = {
    "first_name": "Léa",
    "last_name": "Gagnon",
    "birth_date": "2003-02-01",
    "gender": "woman",
    "preferred_language": "fr",
    "schooling_at_intake": "no_secondary",
    "income_source_at_intake": "social_assistance",
    "referral_source": "services_quebec",
    "privacy_notice_version": "2026-01",
}
