import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_mfa(settings):
    settings.CEIQ_REQUIRE_MFA = True


@pytest.mark.parametrize("role", ["network", "director", "coordinator", "counsellor", "supervisor"])
def test_staff_without_mfa_are_sent_to_the_mfa_setup_first(require_mfa, client_for, make_user, enterprise, role):
    client = client_for(make_user(role, enterprise))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # The set-up page itself is reachable (allauth first asks for the password again).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 or setup.url.startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200


def test_staff_with_totp_reach_their_dashboard(require_mfa, client_for, make_user, enterprise):
    user = make_user("coordinator", enterprise)
    TOTP.activate(user, generate_totp_secret())
    assert client_for(user).get(reverse("dashboard")).status_code == 200


def test_employer_contacts_are_not_forced(require_mfa, client_for, make_user, employer):
    assert client_for(make_user("employer", employer)).get(reverse("dashboard")).status_code == 200


def test_without_the_setting_nobody_is_redirected(client_for, make_user, enterprise):
    assert client_for(make_user("director", enterprise)).get(reverse("dashboard")).status_code == 200
