"""Every public write of employers/services.py checks its actor's permission itself: called by a
person without the right (here a supervisor, who neither manages referrals nor is an employer
contact), it raises PermissionDenied whoever calls it. The services are enumerated: a new service
without a case below fails this test until it is given one."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied

from employers import services
from enterprises.models import Region, Sector
from tests.factories.employers import JobOpeningFactory, PlacementFactory, ReferralFactory, RetentionCheckInFactory

CASES = {
    "employer_create": lambda actor, world: services.employer_create(
        actor=actor, data={"name": "Quincaillerie", "sector": Sector.objects.first(), "region": Region.objects.first()}
    ),
    "employer_update": lambda actor, world: services.employer_update(
        actor=actor, employer=world["employer"], data={"city": "Lévis"}
    ),
    "employer_contact_invite": lambda actor, world: services.employer_contact_invite(
        actor=actor, employer=world["employer"], email="nouveau@example.org"
    ),
    "employer_contact_confirm": lambda actor, world: services.employer_contact_confirm(
        actor=actor, membership=world["employer"].memberships.first()
    ),
    "employer_contact_revoke": lambda actor, world: services.employer_contact_revoke(
        actor=actor, membership=world["employer"].memberships.first()
    ),
    "employer_link_create": lambda actor, world: services.employer_link_create(
        actor=actor, employer=world["employer"], enterprise=world["enterprise"]
    ),
    "opening_create": lambda actor, world: services.opening_create(
        actor=actor,
        data={"employer": world["employer"], "title": "Commis", "positions": 1},
        enterprise=world["enterprise"],
    ),
    "opening_update": lambda actor, world: services.opening_update(
        actor=actor, opening=world["opening"], data={"title": "Commis de jour"}
    ),
    "referral_propose": lambda actor, world: services.referral_propose(
        actor=actor, opening=world["opening"], enterprise=world["enterprise"], participant_ids=[world["consented"].pk]
    ),
    "referral_mark_seen": lambda actor, world: services.referral_mark_seen(actor=actor, referrals=[world["referral"]]),
    "referral_interview": lambda actor, world: services.referral_interview(actor=actor, referral=world["referral"]),
    "referral_decline": lambda actor, world: services.referral_decline(
        actor=actor, referral=world["referral"], reason="skills"
    ),
    "referral_withdraw": lambda actor, world: services.referral_withdraw(actor=actor, referral=world["referral"]),
    "referral_hire": lambda actor, world: services.referral_hire(
        actor=actor,
        referral=world["referral"],
        job_title="Commis",
        employment_type="full_time",
        start_date=world["opening"].created_at.date(),
    ),
    "referral_notify_employer": lambda actor, world: services.referral_notify_employer(
        actor=actor, referral_id=world["referral"].pk
    ),
    "placement_record": lambda actor, world: services.placement_record(
        actor=actor,
        pathway=world["consented"].pathways.get(),
        employer=world["employer"],
        job_title="Commis",
        start_date=world["opening"].created_at.date(),
    ),
    "checkin_request": lambda actor, world: services.checkin_request(actor=actor, placement=world["placement"]),
    "checkin_notify_employer": lambda actor, world: services.checkin_notify_employer(
        actor=actor, check_in_id=world["check_in"].pk
    ),
    "checkin_answer": lambda actor, world: services.checkin_answer(
        actor=actor, check_in=world["check_in"], still_employed=True
    ),
}


def public_services():
    return sorted(
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    )


def test_every_public_service_has_a_permission_case():
    assert public_services() == sorted(CASES)


@pytest.fixture
def world(enterprise, employer, consented):
    opening = JobOpeningFactory(employer=employer, recorded_by_enterprise=enterprise)
    placement = PlacementFactory(participant=consented, employer=employer)
    return {
        "enterprise": enterprise,
        "employer": employer,
        "consented": consented,
        "opening": opening,
        "referral": ReferralFactory(opening=opening, participant=consented),
        "placement": placement,
        "check_in": RetentionCheckInFactory(placement=placement),
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_service_refuses_an_actor_without_the_permission(name, users, world):
    with pytest.raises(PermissionDenied):
        CASES[name](users["supervisor"], world)
