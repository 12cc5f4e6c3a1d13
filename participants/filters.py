"""List filters (django-filter). Choice querysets are scoped to the current enterprise
(docs/conventions.md, "Reads")."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.filters import SearchFilter
from ceiq.core.widgets import FastSelect
from enterprises.models import Trade

from .choices import PathwayStatus
from .forms import DateInput, staff_with_role
from .models import Participant, Pathway


def _search(queryset, prefix, value):
    for word in value.split():
        queryset = queryset.filter(
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}external_id__iexact": word})
        )
    return queryset


class _EnterpriseFilterSet(django_filters.FilterSet):
    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["trade"].queryset = Trade.objects.all()
        self.filters["counsellor"].queryset = staff_with_role(enterprise, EnterpriseRole.COUNSELLOR)


class ParticipantFilter(_EnterpriseFilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("Pathway status"), choices=PathwayStatus.choices, method="filter_pathway", widget=FastSelect
    )
    trade = django_filters.ModelChoiceFilter(
        label=_("Trade"), queryset=Trade.objects.none(), method="filter_pathway", widget=FastSelect
    )
    counsellor = django_filters.ModelChoiceFilter(
        label=_("Counsellor"), queryset=Participant.objects.none(), method="filter_pathway", widget=FastSelect
    )
    started_after = django_filters.DateFilter(
        label=_("Pathway started on or after"), method="filter_pathway", widget=DateInput()
    )
    started_before = django_filters.DateFilter(
        label=_("Pathway started on or before"), method="filter_pathway", widget=DateInput()
    )

    class Meta:
        model = Participant
        fields: list = []

    def filter_search(self, queryset, name, value):
        return _search(queryset, "", value)

    def filter_pathway(self, queryset, name, value):
        lookups = {
            "status": "status",
            "trade": "trade",
            "counsellor": "counsellor",
            "started_after": "start_date__gte",
            "started_before": "start_date__lte",
        }
        pathways = Pathway.objects.filter(participant=OuterRef("pk"), **{lookups[name]: value})
        return queryset.filter(Exists(pathways))


class PathwayFilter(_EnterpriseFilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=PathwayStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    trade = django_filters.ModelChoiceFilter(label=_("Trade"), queryset=Trade.objects.none(), widget=FastSelect)
    counsellor = django_filters.ModelChoiceFilter(
        label=_("Counsellor"), queryset=Participant.objects.none(), widget=FastSelect
    )
    started_after = django_filters.DateFilter(
        label=_("Started on or after"), field_name="start_date", lookup_expr="gte", widget=DateInput()
    )
    started_before = django_filters.DateFilter(
        label=_("Started on or before"), field_name="start_date", lookup_expr="lte", widget=DateInput()
    )
    ends_after = django_filters.DateFilter(
        label=_("Ends (planned or actual) on or after"), method="filter_end", widget=DateInput()
    )
    ends_before = django_filters.DateFilter(
        label=_("Ends (planned or actual) on or before"), method="filter_end", widget=DateInput()
    )

    class Meta:
        model = Pathway
        fields: list = []

    def filter_search(self, queryset, name, value):
        return _search(queryset, "participant__", value)

    def filter_end(self, queryset, name, value):
        lookup = "gte" if name == "ends_after" else "lte"
        return queryset.filter(
            Q(actual_end_date__isnull=False, **{f"actual_end_date__{lookup}": value})
            | Q(actual_end_date__isnull=True, **{f"planned_end_date__{lookup}": value})
        )
