"""Issue 16, hole 2: a supervisor sees only the people they supervise, on every page that names a
person (the referrals, the hires and their check-ins, matching), as on the participant's own file.
The rule is written once (`participants.models.person_visible`) and every queryset uses it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ceiq.accounts.roles import EnterpriseRole
from employers.models import Placement, Referral, RetentionCheckIn
from participants.models import Participant
from participants.permissions import can_view_participant
from participants.selectors import people_visible_to
from tests.factories.employers import PlacementFactory, ReferralFactory, RetentionCheckInFactory, candidate
from tests.factories.enterprises import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(enterprise, employer, opening, users):
    """Two people of the enterprise, each referred and hired: the supervisor supervises only `mine`."""
    mine = candidate(
        enterprise, first_name="Supervisée", last_name="Tremblay", pathway={"supervisor": users["supervisor"]}
    )
    other = candidate(enterprise, first_name="Inconnue", last_name="Gagnon")
    rows = {}
    for label, person in (("mine", mine), ("other", other)):
        referral = ReferralFactory(opening=opening, participant=person, status="declined", decline_reason="skills")
        placement = PlacementFactory(
            participant=person, employer=employer, job_title=f"Poste {label}", hourly_wage=Decimal("23.45")
        )
        rows[label] = {
            "person": person,
            "referral": referral,
            "placement": placement,
            "check_in": RetentionCheckInFactory(placement=placement),
        }
    return rows


def test_the_supervisor_opens_only_the_referral_and_hire_of_the_person_they_supervise(client_for, users, people):
    client = client_for(users["supervisor"])
    mine, other = people["mine"], people["other"]
    assert client.get(reverse("employers:referral_detail", args=[mine["referral"].pk])).status_code == 200
    assert client.get(reverse("employers:placement_detail", args=[mine["placement"].pk])).status_code == 200
    # The same person's file answers 403; their referral and hire pages now answer 404 (not visible).
    assert client.get(reverse("participants:detail", args=[other["person"].pk])).status_code == 403
    for name, obj in (
        ("employers:referral_detail", other["referral"]),
        ("employers:referral_decline", other["referral"]),
        ("employers:referral_hire", other["referral"]),
        ("employers:placement_detail", other["placement"]),
        ("employers:participant_openings", other["person"]),
    ):
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 404, name
    for name, obj in (
        ("employers:referral_interview", other["referral"]),
        ("employers:referral_withdraw", other["referral"]),
        ("employers:checkin_request", other["placement"]),
    ):
        assert client.post(reverse(name, args=[obj.pk])).status_code == 404, name


def test_lists_that_name_people_show_a_supervisor_only_the_people_they_supervise(client_for, users, people, opening):
    client = client_for(users["supervisor"])
    for url in (reverse("employers:referral_list"), reverse("employers:opening_detail", args=[opening.pk])):
        page = client.get(url).content.decode()
        assert "Tremblay" in page, url
        assert "Gagnon" not in page, url
    # A coordinator of the same enterprise still sees both.
    page = client_for(users["coordinator"]).get(reverse("employers:referral_list")).content.decode()
    assert "Tremblay" in page and "Gagnon" in page


def test_the_hire_page_of_a_supervised_person_shows_their_wage_and_nothing_of_the_others(client_for, users, people):
    page = client_for(users["supervisor"]).get(
        reverse("employers:placement_detail", args=[people["mine"]["placement"].pk])
    )
    assert "Poste mine" in page.content.decode()
    assert "Poste other" not in page.content.decode()


def test_every_queryset_that_names_a_person_applies_the_same_rule(users, people):
    supervisor = users["supervisor"]
    mine = people["mine"]
    assert list(people_visible_to(supervisor)) == [mine["person"]]
    assert list(Referral.objects.visible_to(supervisor)) == [mine["referral"]]
    assert list(Placement.objects.visible_to(supervisor)) == [mine["placement"]]
    assert list(RetentionCheckIn.objects.visible_to(supervisor)) == [mine["check_in"]]
    for role in ("director", "coordinator", "counsellor"):
        assert people_visible_to(users[role]).count() == 2, role
        assert Referral.objects.visible_to(users[role]).count() == 2, role


def test_the_queryset_rule_and_the_one_object_check_agree_for_every_role(users, people, other_enterprise):
    everyone = list(Participant.objects.all()) + [candidate(other_enterprise)]
    for role in ("network", "director", "coordinator", "counsellor", "supervisor", "employer"):
        user = users[role]
        visible = set(people_visible_to(user))
        for person in Participant.objects.filter(pk__in=[p.pk for p in everyone]).prefetch_related("pathways"):
            assert can_view_participant(user, person) == (person in visible), (role, person)


def test_a_supervisor_here_and_a_coordinator_elsewhere_sees_all_of_the_other_enterprise(
    users, people, other_enterprise
):
    """Combined roles: each membership's rule applies in its own enterprise."""
    supervisor = users["supervisor"]
    MembershipFactory(user=supervisor, enterprise=other_enterprise, role=EnterpriseRole.COORDINATOR)
    elsewhere = candidate(other_enterprise, first_name="Ailleurs")
    supervisor.__dict__.pop("enterprise_roles", None)
    assert set(people_visible_to(supervisor)) == {people["mine"]["person"], elsewhere}
