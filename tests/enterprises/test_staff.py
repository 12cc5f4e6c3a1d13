"""A director manages their team: invite with a role, change a role, deactivate (access ends at the
next request). Network staff do it for any enterprise and may invite directors."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ceiq.accounts.models import Invitation
from ceiq.accounts.services import invitation_accept_existing
from enterprises.models import Membership
from tests.factories.enterprises import MembershipFactory

pytestmark = pytest.mark.django_db


def _staff_url(enterprise):
    return reverse("enterprises:staff", args=[enterprise.slug])


def test_director_invites_a_coordinator(users, client_for, enterprise, django_capture_on_commit_callbacks):
    client = client_for(users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _staff_url(enterprise), {"email": "Nouvelle.Personne@Example.org", "role": "coordinator"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.kind, invitation.role, invitation.enterprise) == (
        "nouvelle.personne@example.org",
        "enterprise",
        "coordinator",
        enterprise,
    )
    assert invitation.invited_by == users["director"]
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    page = client.get(_staff_url(enterprise)).content.decode()
    assert "nouvelle.personne@example.org" in page


def test_director_may_not_invite_a_director(users, client_for, enterprise):
    response = client_for(users["director"]).post(
        _staff_url(enterprise), {"email": "x@example.org", "role": "director"}
    )
    assert response.status_code == 200
    assert "valide" in " ".join(response.context["form"].errors["role"])
    assert not Invitation.objects.exists()


def test_network_staff_invite_a_director(users, client_for, other_enterprise):
    response = client_for(users["network"]).post(
        _staff_url(other_enterprise), {"email": "dg@example.org", "role": "director"}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == "director"


def test_inviting_someone_already_in_the_team_is_refused(users, client_for, enterprise):
    email = users["counsellor"].email
    response = client_for(users["director"]).post(_staff_url(enterprise), {"email": email, "role": "coordinator"})
    assert response.status_code == 200
    assert "fait déjà partie de l'équipe" in " ".join(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()


def test_a_bad_email_is_refused_in_french(users, client_for, enterprise):
    response = client_for(users["director"]).post(
        _staff_url(enterprise), {"email": "pas un courriel", "role": "coordinator"}
    )
    assert response.status_code == 200
    assert "courriel" in " ".join(response.context["form"].errors["email"])


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "supervisor"])
def test_other_staff_see_the_team_but_cannot_invite(users, client_for, enterprise, role):
    client = client_for(users[role])
    page = client.get(_staff_url(enterprise))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert users["director"].email in page.content.decode()
    assert client.post(_staff_url(enterprise), {"email": "x@example.org", "role": "supervisor"}).status_code == 403
    assert not Invitation.objects.exists()


def _membership(user, enterprise):
    return Membership.objects.get(user=user, enterprise=enterprise)


def test_director_changes_a_role(users, client_for, enterprise):
    membership = _membership(users["supervisor"], enterprise)
    url = reverse("enterprises:membership_edit", args=[enterprise.slug, membership.pk])
    client = client_for(users["director"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"role": "counsellor"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "counsellor"
    # Not to director: only network staff name directors.
    response = client.post(url, {"role": "director"})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "counsellor"


def test_director_cannot_change_their_own_or_another_directors_membership(users, client_for, enterprise):
    client = client_for(users["director"])
    own = _membership(users["director"], enterprise)
    other_director = MembershipFactory(enterprise=enterprise, role="director")
    for membership in (own, other_director):
        assert (
            client.get(reverse("enterprises:membership_edit", args=[enterprise.slug, membership.pk])).status_code == 403
        )
        url = reverse("enterprises:membership_deactivate", args=[enterprise.slug, membership.pk])
        assert client.post(url).status_code == 403
        membership.refresh_from_db()
        assert membership.is_active


def test_network_staff_may_name_a_director(users, client_for, enterprise):
    membership = _membership(users["coordinator"], enterprise)
    url = reverse("enterprises:membership_edit", args=[enterprise.slug, membership.pk])
    assert client_for(users["network"]).post(url, {"role": "director"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "director"


def test_deactivation_ends_access_at_the_next_request(users, enterprise, client):
    """The coordinator is logged in with a session in the enterprise; the director deactivates them;
    the coordinator's very next request no longer reaches the enterprise."""
    coordinator = Client()
    coordinator.force_login(users["coordinator"])
    detail = reverse("enterprises:detail", args=[enterprise.slug])
    assert coordinator.get(detail).status_code == 200
    assert coordinator.get("/").context["portal"].enterprise == enterprise

    director = Client()
    director.force_login(users["director"])
    membership = _membership(users["coordinator"], enterprise)
    response = director.post(reverse("enterprises:membership_deactivate", args=[enterprise.slug, membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False
    assert membership.deactivated_at is not None

    assert coordinator.get(detail).status_code == 404
    assert coordinator.get(reverse("enterprises:staff", args=[enterprise.slug])).status_code == 404
    dashboard = coordinator.get("/")
    assert dashboard.context["portal"] is None
    assert "Aucun accès" in dashboard.content.decode()

    # Reactivated, the access comes back.
    director.post(reverse("enterprises:membership_reactivate", args=[enterprise.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active and membership.deactivated_at is None
    assert coordinator.get(detail).status_code == 200


def test_deactivating_in_one_enterprise_keeps_the_other(users, enterprise, other_enterprise, client_for):
    person = users["counsellor"]
    MembershipFactory(user=person, enterprise=other_enterprise, role="counsellor")
    membership = _membership(person, enterprise)
    client_for(users["director"]).post(
        reverse("enterprises:membership_deactivate", args=[enterprise.slug, membership.pk])
    )
    client = client_for(person)
    assert client.get(reverse("enterprises:detail", args=[enterprise.slug])).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[other_enterprise.slug])).status_code == 200


def test_deactivate_is_post_only(users, client_for, enterprise):
    membership = _membership(users["supervisor"], enterprise)
    url = reverse("enterprises:membership_deactivate", args=[enterprise.slug, membership.pk])
    assert client_for(users["director"]).get(url).status_code == 405
    membership.refresh_from_db()
    assert membership.is_active


def test_staff_page_query_count_does_not_grow(users, client_for, enterprise, count_queries):
    client = client_for(users["director"])
    url = _staff_url(enterprise)
    MembershipFactory.create_batch(3, enterprise=enterprise)
    _response, few = count_queries(client, url)
    MembershipFactory.create_batch(30, enterprise=enterprise, role="supervisor")
    for n in range(10):
        client.post(url, {"email": f"invite{n}@example.org", "role": "counsellor"})
    response, many = count_queries(client, url)
    assert len(response.context["memberships"]) == 37
    assert len(response.context["invitations"]) == 10
    assert many == few


def test_a_deactivated_person_invited_again_gets_access_back(users, client_for, enterprise):
    person = users["supervisor"]
    membership = _membership(person, enterprise)
    director = client_for(users["director"])
    director.post(reverse("enterprises:membership_deactivate", args=[enterprise.slug, membership.pk]))
    # Deactivated: no longer "already in the team", so the director may invite them again.
    response = director.post(_staff_url(enterprise), {"email": person.email, "role": "counsellor"})
    assert response.status_code == 302
    invitation_accept_existing(actor=person, token=Invitation.objects.get().token)
    membership.refresh_from_db()
    assert (membership.is_active, membership.deactivated_at, membership.role) == (True, None, "counsellor")


def test_director_revokes_a_pending_invitation_from_the_team_page(users, client_for, enterprise):
    client = client_for(users["director"])
    client.post(_staff_url(enterprise), {"email": "oups@example.org", "role": "supervisor"})
    invitation = Invitation.objects.get()
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]), {"next": _staff_url(enterprise)})
    assert response.status_code == 302
    assert response["Location"] == _staff_url(enterprise)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert list(client.get(_staff_url(enterprise)).context["invitations"]) == []


def test_revoking_ignores_a_next_address_on_another_site(users, client_for, enterprise):
    client = client_for(users["director"])
    client.post(_staff_url(enterprise), {"email": "oups@example.org", "role": "supervisor"})
    invitation = Invitation.objects.get()
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("invitation_list")
