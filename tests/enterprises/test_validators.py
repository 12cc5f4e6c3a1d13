"""The formats of Québec and Canada: what a person types is normalised, what is not such a value is
refused with a message (French by default) — valid and invalid examples for each."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.forms import MoneyField
from enterprises.validators import NeqField, PhoneField, PostalCodeField, weekly_hours_validators


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("h2x 1y4", "H2X 1Y4"), ("H2X1Y4", "H2X 1Y4"), (" g1r-4p5 ", "G1R 4P5"), ("", "")],
)
def test_postal_code_is_normalised(typed, stored):
    assert PostalCodeField(required=False).clean(typed) == stored


@pytest.mark.parametrize("typed", ["ABCDEFG", "H2X 1Y", "D2X 1Y4", "12345", "H2X 1Y45"])
def test_postal_code_refused(typed):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        PostalCodeField(required=False).clean(typed)
    assert refused.value.messages == ["Entrez un code postal canadien au format A1A 1A1."]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("5145551234", "514 555-1234"),
        ("(514) 555-1234", "514 555-1234"),
        ("+1 514.555.1234", "514 555-1234"),
        ("1-418-555-0199", "418 555-0199"),
        ("514 555-1234 poste 12", "514 555-1234, poste 12"),
        ("514-555-1234 ext. 9876", "514 555-1234, poste 9876"),
        ("514 555 1234 x3", "514 555-1234, poste 3"),
    ],
)
def test_phone_is_normalised(typed, stored):
    assert PhoneField(required=False).clean(typed) == stored


@pytest.mark.parametrize(
    "typed", ["abc", "555-1234", "014 555-1234", "514 155-1234", "514 555-12345", "+33 1 23 45 67 89"]
)
def test_phone_refused(typed):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        PhoneField(required=False).clean(typed)
    assert "numéro de téléphone nord-américain" in refused.value.messages[0]


def test_neq_keeps_its_ten_digits():
    assert NeqField().clean("1160 000 001") == "1160000001"
    for typed in ("116000000", "11600000011", "116000000A"):
        with translation.override("fr"), pytest.raises(ValidationError) as refused:
            NeqField().clean(typed)
        assert "10 chiffres" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("hours", "valid"), [("1", True), ("40", True), ("0.5", False), ("40.5", False), ("200", False)]
)
def test_weekly_hours_between_1_and_40(hours, valid):
    field = forms.DecimalField(validators=weekly_hours_validators)
    if valid:
        assert field.clean(hours) == Decimal(hours)
    else:
        with translation.override("fr"), pytest.raises(ValidationError) as refused:
            field.clean(hours)
        assert refused.value.messages == ["Les heures par semaine sont entre 1 et 40."]


def test_money_is_never_negative():
    assert MoneyField().clean("12 345,67 $") == Decimal("12345.67")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        MoneyField().clean("-1")
    assert refused.value.messages == ["Un montant ne peut pas être négatif."]
