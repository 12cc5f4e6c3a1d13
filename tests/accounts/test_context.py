import pytest
from django.urls import reverse

from enterprises.models import Membership
from tests.factories.enterprises import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        ("network", "Tableau de bord du réseau"),
        ("director", "Directeur·trice"),
        ("coordinator", "Coordonnateur·trice"),
        ("counsellor", "Intervenant·e"),
        ("supervisor", "Superviseur·e"),
        ("employer", "Tableau de bord employeur"),
    ],
)
def test_each_role_lands_on_its_own_dashboard(users, client_for, role, marker):
    response = client_for(users[role]).get(reverse("dashboard"))
    assert response.status_code == 200
    assert marker in response.content.decode()


def test_person_with_two_memberships_switches_between_them(client_for, make_user, enterprise, other_enterprise):
    user = make_user("counsellor", enterprise)
    MembershipFactory(user=user, enterprise=other_enterprise, role="director")
    client = client_for(user)
    first = client.get(reverse("dashboard")).content.decode()
    assert '<h1 class="h3">Atelier A</h1>' in first

    client.post(reverse("switch_context"), {"context": f"enterprise:{other_enterprise.pk}"})
    second = client.get(reverse("dashboard")).content.decode()
    assert '<h1 class="h3">Atelier B</h1>' in second


def test_cannot_switch_into_a_context_one_does_not_hold(client_for, make_user, enterprise, other_enterprise):
    client = client_for(make_user("director", enterprise))
    response = client.post(reverse("switch_context"), {"context": f"enterprise:{other_enterprise.pk}"})
    assert response.status_code == 403


def test_deactivated_membership_loses_access_at_the_next_request(client_for, make_user, enterprise):
    user = make_user("director", enterprise)
    client = client_for(user)
    assert client.get(reverse("enterprises:detail", args=[enterprise.slug])).status_code == 200
    Membership.objects.filter(user=user).update(is_active=False)
    assert client.get(reverse("enterprises:detail", args=[enterprise.slug])).status_code == 404
