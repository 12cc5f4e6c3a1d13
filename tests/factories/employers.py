from datetime import date

import factory

from employers.models import Employer, EmployerMembership
from tests.factories.participants import ParticipantFactory, PathwayFactory, with_consents

from .enterprises import region, sector, trade


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employeur {n}")
    kind = "private"
    sector = factory.LazyFunction(sector)
    region = factory.LazyFunction(region)
    city = "Montréal"


class EmployerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMembership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    employer = factory.SubFactory(EmployerFactory)


class JobOpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.JobOpening"

    employer = factory.SubFactory(EmployerFactory)
    title = "Aide-ébéniste"
    trade = factory.LazyFunction(trade)
    region = factory.LazyFunction(region)
    positions = 2
    status = "open"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Referral"

    opening = factory.SubFactory(JobOpeningFactory)
    participant = factory.SubFactory("tests.factories.participants.ParticipantFactory")
    enterprise = factory.SelfAttribute("participant.enterprise")
    status = "proposed"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Placement"

    participant = factory.SubFactory("tests.factories.participants.ParticipantFactory")
    enterprise = factory.SelfAttribute("participant.enterprise")
    employer = factory.SubFactory(EmployerFactory)
    job_title = "Aide-ébéniste"
    start_date = date(2026, 1, 5)


class RetentionCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.RetentionCheckIn"

    placement = factory.SubFactory(PlacementFactory)
    requested_on = date(2026, 4, 6)


class QualificationFactory(factory.django.DjangoModelFactory):
    """participants.Qualification (no factory in the participants factories yet)."""

    class Meta:
        model = "participants.Qualification"

    participant = factory.SubFactory("tests.factories.participants.ParticipantFactory")
    kind = "attestation"
    title = "Attestation en santé et sécurité"
    obtained_on = date(2025, 9, 15)


class InternshipFactory(factory.django.DjangoModelFactory):
    """participants.Internship at an employer (no factory in the participants factories yet)."""

    class Meta:
        model = "participants.Internship"

    pathway = factory.SubFactory("tests.factories.participants.PathwayFactory")
    employer = factory.SubFactory(EmployerFactory)
    start_date = date(2025, 10, 6)
    end_date = date(2025, 11, 14)
    employer_supervisor = "Chef d'atelier"


def candidate(enterprise, *, consent=True, pathway=True, **participant_fields):
    """A participant of `enterprise` with the usual consents (or without the employer-sharing one)
    and, unless pathway=False, an active woodworking pathway (pass pathway={...} to change it)."""

    participant = ParticipantFactory(enterprise=enterprise, **participant_fields)
    purposes = ("processing", "employer_sharing", "reporting") if consent else ("processing", "reporting")
    with_consents(participant, purposes)
    if pathway:
        PathwayFactory(participant=participant, **(pathway if isinstance(pathway, dict) else {}))
    return participant
