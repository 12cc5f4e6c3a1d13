import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ceiq.core.filters import SearchFilter
from ceiq.core.widgets import FastSelect
from enterprises.models import Region, Sector, Trade

from .models import Employer, EmployerKind, JobOpening, OpeningStatus, Referral, ReferralStatus


class EmployerFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), widget=FastSelect
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.filter(is_active=True), widget=FastSelect
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EmployerKind.choices, widget=FastSelect)

    class Meta:
        model = Employer
        fields = ["q", "region", "sector", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(city__icontains=value) | Q(neq__icontains=value.replace(" ", ""))
        )


class JobOpeningFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OpeningStatus.choices, widget=FastSelect)
    trade = django_filters.ModelChoiceFilter(
        label=_("Trade"), queryset=Trade.objects.filter(is_active=True), widget=FastSelect
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), widget=FastSelect
    )

    class Meta:
        model = JobOpening
        fields = ["q", "status", "trade", "region"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(employer__name__icontains=value))


class CandidateFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.WITHDRAWN],
        widget=FastSelect,
    )

    class Meta:
        model = Referral
        fields = ["status"]


class EnterpriseReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReferralStatus.choices, widget=FastSelect)
    q = SearchFilter(label=_("Search"), method="search")

    class Meta:
        model = Referral
        fields = ["status", "q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(participant__first_name__icontains=value)
            | Q(participant__last_name__icontains=value)
            | Q(opening__title__icontains=value)
            | Q(opening__employer__name__icontains=value)
        )
