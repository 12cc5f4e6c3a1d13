import importlib
import importlib.util

import pytest
from django import forms
from django.apps import apps

from ceiq.core.forms import RefuseControlCharacters, SafeModelMultipleChoiceField
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


# Every form of the portal refuses control characters (issue 16): it derives from ceiq.core.forms'
# Form or ModelForm. A new form written on Django's base classes is caught here.

PROJECT_PACKAGES = ("ceiq", "enterprises", "participants", "employers", "reporting", "bench")


def _project_form_classes() -> list[type]:
    for config in apps.get_app_configs():
        if config.name.startswith(PROJECT_PACKAGES) and importlib.util.find_spec(f"{config.name}.forms"):
            importlib.import_module(f"{config.name}.forms")
    found, pending = [], [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for subclass in cls.__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith(PROJECT_PACKAGES) and subclass not in found:
                found.append(subclass)
    return found


def _without_the_guard(classes) -> list[str]:
    return sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in classes if not issubclass(cls, RefuseControlCharacters)
    )


def test_every_form_of_the_portal_refuses_control_characters():
    classes = _project_form_classes()
    assert len(classes) >= 30  # the forms of every app were found
    assert _without_the_guard(classes) == []


def test_the_check_reports_a_form_written_on_djangos_own_base():
    class Careless(forms.Form):
        name = forms.CharField()

    assert _without_the_guard([Careless, SectorsForm]) == [
        f"{__name__}.SectorsForm",
        f"{__name__}.test_the_check_reports_a_form_written_on_djangos_own_base.<locals>.Careless",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [["²"], ["٣"], ["-1"], ["1.0"]])
def test_ids_in_unicode_digits_or_negative_are_an_invalid_choice(posted):
    form = SectorsForm({"sectors": posted})
    assert not form.is_valid()
    assert "sectors" in form.errors
