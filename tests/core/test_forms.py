import pytest
from django import forms

from ceiq.core.forms import SafeModelMultipleChoiceField
from enterprises.models import Sector


class SectorsForm(forms.Form):
    sectors = SafeModelMultipleChoiceField(queryset=Sector.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [["9223372036854775808"], ["-99999999999999999999"]])
def test_ids_beyond_the_bigint_range_are_an_invalid_choice_not_a_crash(posted):
    form = SectorsForm({"sectors": posted})
    assert not form.is_valid()
    assert "sectors" in form.errors


@pytest.mark.django_db
def test_real_ids_still_work():
    food = Sector.objects.get(code="food")
    form = SectorsForm({"sectors": [str(food.pk)]})
    assert form.is_valid()
    assert list(form.cleaned_data["sectors"]) == [food]
