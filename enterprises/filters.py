"""The directory's filters (django-filter). Choices come from scoped querysets: active reference rows."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ceiq.core.filters import SearchFilter

from .models import Enterprise, EnterpriseStatus, RecognitionCriterion, Region, Sector, Trade, stale_before


class RecognitionFilterChoice:
    FULL = "full"
    INCOMPLETE = "incomplete"
    STALE = "stale"
    choices = [
        (FULL, _("Fully recognised")),
        (INCOMPLETE, _("Not fully recognised")),
        (STALE, _("An assessment older than a year")),
    ]


class EnterpriseFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), empty_label=_("(no filter)")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Sector.objects.filter(is_active=True),
        empty_label=_("(no filter)"),
    )
    trade = django_filters.ModelChoiceFilter(
        label=_("Trade"),
        field_name="trades",
        queryset=Trade.objects.filter(is_active=True).order_by("name_fr"),
        empty_label=_("(no filter)"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EnterpriseStatus.choices, empty_label=_("(no filter)")
    )
    recognition = django_filters.ChoiceFilter(
        label=_("Recognition"),
        choices=RecognitionFilterChoice.choices,
        method="filter_recognition",
        empty_label=_("(no filter)"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Name"),
        fields=(("name", "name"), ("region__code", "region"), ("member_since", "member_since"), ("status", "status")),
        field_labels={
            "name": _("Name"),
            "region__code": _("Region"),
            "member_since": _("Member since"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Enterprise
        fields = ["q", "region", "sector", "trade", "status", "recognition"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(legal_name__icontains=value)
            | Q(neq__icontains=value.replace(" ", ""))
            | Q(city__icontains=value)
        )

    def filter_recognition(self, queryset, name, value):
        # The queryset is annotated by Enterprise.objects.with_recognition() in the view.
        full = len(RecognitionCriterion.values)
        if value == RecognitionFilterChoice.FULL:
            return queryset.filter(recognition_met=full)
        if value == RecognitionFilterChoice.INCOMPLETE:
            return queryset.exclude(recognition_met=full)
        if value == RecognitionFilterChoice.STALE:
            return queryset.filter(recognition_oldest__lt=stale_before())
        return queryset
