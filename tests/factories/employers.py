from datetime import date

import factory

from employers.models import Employer, EmployerMembership

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
