import pytest
from django.core.management import call_command

from ceiq.accounts.models import User
from enterprises.models import Enterprise, FundingAgreement, Membership

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        Enterprise.objects.count(),
        Membership.objects.count(),
        FundingAgreement.objects.count(),
    )


def test_seed_demo_is_idempotent_and_prints_one_account_per_role(capsys):
    call_command("seed_demo")
    first = _counts()
    output = capsys.readouterr().out
    for email in ["reseau@", "direction@", "coordination@", "intervention@", "supervision@", "employeur@"]:
        assert email in output
    call_command("seed_demo")
    assert _counts() == first
    assert User.objects.get(email="direction@demo.ceiq.ca").check_password("Demo-CEIQ-2026!")
