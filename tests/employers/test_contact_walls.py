"""Issue 16, hole 1: becoming an employer to read another enterprise's candidates. One account never
holds both a staff role and an employer contact membership; enterprise staff invite contacts only for
the employers their enterprise works with; such a contact sees only that enterprise's candidates
until network staff confirm them for the whole employer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ceiq.accounts.models import Invitation
from ceiq.accounts.services import invitation_accept_existing, invitation_create
from employers.models import EmployerLink, EmployerMembership, Referral
from employers.services import (
    employer_contact_confirm,
    employer_contact_invite,
    employer_contact_revoke,
    employer_link_create,
)
from enterprises.models import Membership
from tests.factories.accounts import InvitationFactory
from tests.factories.employers import EmployerFactory, JobOpeningFactory, ReferralFactory, candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_by_b(other_enterprise):
    """An employer only the other enterprise (B) works with: B referred a candidate to it."""
    employer = EmployerFactory(name="Employeur de B")
    opening = JobOpeningFactory(employer=employer, title="Poste de B")
    ReferralFactory(opening=opening, participant=candidate(other_enterprise, first_name="CandidateDeB"))
    return employer


def test_the_attack_a_coordinator_cannot_invite_themselves_as_contact_of_another_enterprises_employer(
    client_for, users, enterprise, served_by_b
):
    coordinator = users["coordinator"]
    client = client_for(coordinator)
    url = reverse("employers:invite_contact", args=[served_by_b.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": coordinator.email}).status_code == 403
    with pytest.raises(PermissionDenied):
        employer_contact_invite(actor=coordinator, employer=served_by_b, email=coordinator.email, enterprise=enterprise)
    # Not through the accounts' invitation page either (no enterprise to invite for).
    with pytest.raises(PermissionDenied):
        invitation_create(actor=coordinator, email=coordinator.email, kind="employer", employer=served_by_b)
    assert not Invitation.objects.filter(kind="employer").exists()


def test_staff_never_become_an_employer_contact_even_invited_by_network_staff(users, served_by_b):
    coordinator = users["coordinator"]
    with pytest.raises(ValidationError) as refused:
        invitation_create(
            actor=users["network"], email=coordinator.email.upper(), kind="employer", employer=served_by_b
        )
    assert refused.value.code == "mixed_roles"
    assert "n’agit jamais comme contact" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        invitation_create(actor=users["network"], email=users["network"].email, kind="employer", employer=served_by_b)


def test_an_invitation_made_before_the_person_became_staff_is_refused_at_acceptance(users, served_by_b):
    coordinator = users["coordinator"]
    invitation = InvitationFactory(kind="employer", enterprise=None, employer=served_by_b, email=coordinator.email)
    with pytest.raises(ValidationError):
        invitation_accept_existing(actor=coordinator, token=invitation.token)
    assert not EmployerMembership.objects.filter(user=coordinator).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_acceptance_page_refuses_it_with_a_message(client_for, users, served_by_b):
    coordinator = users["coordinator"]
    invitation = InvitationFactory(kind="employer", enterprise=None, employer=served_by_b, email=coordinator.email)
    response = client_for(coordinator).post(reverse("invitation_accept", args=[invitation.token]), follow=True)
    assert "jamais" in response.content.decode() or "never" in response.content.decode()
    assert not EmployerMembership.objects.filter(user=coordinator).exists()


def test_an_employer_contact_never_becomes_staff(users, enterprise):
    contact = users["employer"]
    with pytest.raises(ValidationError):
        invitation_create(
            actor=users["director"], email=contact.email, kind="enterprise", role="counsellor", enterprise=enterprise
        )
    invitation = InvitationFactory(enterprise=enterprise, role="counsellor", email=contact.email)
    with pytest.raises(ValidationError):
        invitation_accept_existing(actor=contact, token=invitation.token)
    assert not Membership.objects.filter(user=contact).exists()


def test_a_coordinator_invites_from_the_employer_page_of_an_employer_their_enterprise_referred_to(
    client_for, users, enterprise, employer, opening
):
    ReferralFactory(opening=opening, participant=candidate(enterprise))
    client = client_for(users["coordinator"])
    url = reverse("employers:invite_contact", args=[employer.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"email": "rh@example.org"}).status_code == 302
    invitation = Invitation.objects.get(email="rh@example.org")
    assert invitation.employer == employer and invitation.sponsor_enterprise == enterprise
    # The coordinator's own email is refused with a message on the form, not a 500.
    response = client.post(url, {"email": users["coordinator"].email})
    assert response.status_code == 200
    assert "jamais" in response.content.decode()


def test_works_with_means_a_referral_a_hire_an_internship_or_a_link_by_network_staff(
    users, enterprise, other_enterprise
):
    coordinator = users["coordinator"]
    unrelated = EmployerFactory(name="Sans lien")
    with pytest.raises(PermissionDenied):
        employer_contact_invite(actor=coordinator, employer=unrelated, email="a@example.org", enterprise=enterprise)
    with pytest.raises(PermissionDenied):
        employer_link_create(actor=coordinator, employer=unrelated, enterprise=enterprise)
    employer_link_create(actor=users["network"], employer=unrelated, enterprise=enterprise)
    assert EmployerLink.objects.filter(employer=unrelated, enterprise=enterprise).exists()
    invitation = employer_contact_invite(
        actor=coordinator, employer=unrelated, email="a@example.org", enterprise=enterprise
    )
    assert invitation.sponsor_enterprise == enterprise
    # A counsellor does not invite contacts; network staff invite for any employer, unscoped.
    with pytest.raises(PermissionDenied):
        employer_contact_invite(
            actor=users["counsellor"], employer=unrelated, email="b@example.org", enterprise=enterprise
        )
    other = EmployerFactory(name="Autre")
    by_network = employer_contact_invite(actor=users["network"], employer=other, email="c@example.org")
    assert by_network.sponsor_enterprise is None


def _accept_new(client, invitation):
    client.logout()
    response = client.post(
        reverse("invitation_accept", args=[invitation.token]),
        {
            "first_name": "Léa",
            "last_name": "Contact",
            "password1": "Un-mot-de-passe-sûr-42",
            "password2": "Un-mot-de-passe-sûr-42",
        },
    )
    assert response.status_code == 302
    return EmployerMembership.objects.get(user__email=invitation.email)


def test_a_contact_invited_by_an_enterprise_sees_its_candidates_only_until_network_staff_confirm(
    client, users, enterprise, employer, opening, other_enterprise
):
    ours = ReferralFactory(opening=opening, participant=candidate(enterprise, first_name="DeA", last_name="Nôtre"))
    theirs = ReferralFactory(
        opening=opening, participant=candidate(other_enterprise, first_name="DeB", last_name="Autrui")
    )
    invitation = employer_contact_invite(
        actor=users["coordinator"], employer=employer, email="nouveau@example.org", enterprise=enterprise
    )
    membership = _accept_new(client, invitation)
    assert membership.scoped_enterprise == enterprise and not membership.confirmed
    assert membership.invited_by == users["coordinator"]
    contact = membership.user
    assert list(Referral.objects.visible_to(contact)) == [ours]
    assert client.get(reverse("employers:referral_detail", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("employers:candidate_list")).content.decode()
    assert "DeA" in page and "DeB" not in page

    employer_contact_confirm(actor=users["network"], membership=membership)
    contact = type(contact).objects.get(pk=contact.pk)
    assert set(Referral.objects.visible_to(contact)) == {ours, theirs}
    assert client.get(reverse("employers:referral_detail", args=[theirs.pk])).status_code == 200

    employer_contact_revoke(actor=users["network"], membership=membership)
    contact = type(contact).objects.get(pk=contact.pk)
    assert not Referral.objects.visible_to(contact).exists()


def test_only_network_staff_confirm_or_revoke_contacts(users):
    membership = EmployerMembership.objects.get(user=users["employer"])
    for role in ("director", "coordinator", "employer"):
        with pytest.raises(PermissionDenied):
            employer_contact_confirm(actor=users[role], membership=membership)
        with pytest.raises(PermissionDenied):
            employer_contact_revoke(actor=users[role], membership=membership)


def test_network_staff_see_every_contact_who_invited_them_and_confirm_or_revoke_from_the_page(
    client_for, users, enterprise, employer, opening
):
    ReferralFactory(opening=opening, participant=candidate(enterprise))
    users["coordinator"].first_name, users["coordinator"].last_name = "Colette", "Côté"
    users["coordinator"].save()
    invitation = employer_contact_invite(
        actor=users["coordinator"], employer=employer, email="rh@example.org", enterprise=enterprise
    )
    membership = EmployerMembership.objects.create(
        user=type(users["employer"]).objects.create_user("rh@example.org", first_name="Rosalie", last_name="Hébert"),
        employer=employer,
        scoped_enterprise=invitation.sponsor_enterprise,
        invited_by=invitation.invited_by,
    )
    client = client_for(users["network"])
    page = client.get(reverse("employers:contact_list")).content.decode()
    assert "Rosalie" in page and "Colette Côté" in page and enterprise.name in page
    assert "Confirmer pour tout l’employeur" in page
    client.post(reverse("employers:contact_confirm", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.confirmed
    client.post(reverse("employers:contact_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    assert "Personne (accès révoqué)" in client.get(reverse("employers:contact_list")).content.decode()
