"""FastSelect: the filter forms' select widget rendered in Python (a performance fix the bench
measured, docs/performance.md) writes the same HTML as Django's template-rendered Select."""

import pytest
from django import forms

from ceiq.core.widgets import FastSelect
from enterprises.models import Trade


@pytest.mark.parametrize("data", [None, {"trade": "TRADE", "kind": "a<"}, {"kind": "y"}, {"trade": "nope"}])
def test_fast_select_writes_what_django_select_writes(db, data):
    """Escaping, selected option, optgroups, error attributes: the same HTML as Django's Select."""
    trade = Trade.objects.order_by("pk").first()
    Trade.objects.filter(pk=trade.pk).update(name_fr="Aide <cuisine> & « service »", name_en="Kitchen <help> & co")
    choices = [("", "---"), ("a<", "A & b"), ("Groupe « 1 »", [("x", "X"), ("y", 'Y"')])]

    def form_class(widget):
        return type(
            "F",
            (forms.Form,),
            {
                "trade": forms.ModelChoiceField(Trade.objects.filter(pk=trade.pk), required=False, widget=widget),
                "kind": forms.ChoiceField(choices=choices, required=False, widget=widget(attrs={"class": "x"})),
            },
        )

    if data and data.get("trade") == "TRADE":
        data = {**data, "trade": str(trade.pk)}
    django_form, fast_form = form_class(forms.Select)(data), form_class(FastSelect)(data)
    for name in ("trade", "kind"):
        assert str(fast_form[name]) == str(django_form[name])
