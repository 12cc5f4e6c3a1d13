"""Reads of the enterprises app: the scoped querysets and the shapes the pages and panels show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.models import Invitation, User
from ceiq.core.fiscal import FiscalYear

from .models import (
    Enterprise,
    EnterpriseQuerySet,
    FundingAgreement,
    Membership,
    Partner,
    RecognitionAssessment,
    RecognitionCriterion,
    RecognitionResult,
    ReferenceModel,
    Trade,
    stale_before,
)

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
}


def enterprises_visible_to(user: User) -> EnterpriseQuerySet:
    """The enterprises a person may open, with what every enterprise page shows loaded."""
    return Enterprise.objects.visible_to(user).select_related("region").prefetch_related("sectors", "trades")


def _count_per_enterprise(queryset: QuerySet) -> Coalesce:
    """A subquery counting the rows of `queryset` that belong to the outer enterprise (0 if none)."""
    counted = queryset.filter(enterprise=OuterRef("pk")).values("enterprise").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def enterprise_profiles_visible_to(user: User) -> EnterpriseQuerySet:
    """For the profile page: recognition, the active staff and the partners counted in SQL."""
    return (
        enterprises_visible_to(user)
        .with_recognition()
        .annotate(
            staff_count=_count_per_enterprise(Membership.objects.active()),
            partner_count=_count_per_enterprise(Partner.objects.all()),
        )
    )


def directory_queryset() -> QuerySet[Enterprise]:
    """The network's directory: recognition and this fiscal year's places annotated, by name."""
    current_places = FundingAgreement.objects.filter(
        enterprise=OuterRef("pk"), fiscal_year=FiscalYear.current().start_year
    ).values("participant_places")[:1]
    return (
        Enterprise.objects.with_recognition()
        .annotate(current_places=Subquery(current_places))
        .select_related("region")
        .order_by("name")
    )


def stable_order(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """The chosen order, then name and id, so that pages never overlap when the sort key ties."""
    return queryset.order_by(*queryset.query.order_by, "name", "pk")


def current_agreement(enterprise: Enterprise, fiscal_year: FiscalYear | None = None) -> FundingAgreement | None:
    """The enterprise's agreement for this fiscal year (or the one given), if any."""
    year = fiscal_year or FiscalYear.current()
    return FundingAgreement.objects.filter(enterprise=enterprise, fiscal_year=year.start_year).first()


def agreements_of(enterprise: Enterprise) -> QuerySet[FundingAgreement]:
    return FundingAgreement.objects.filter(enterprise=enterprise).order_by("-fiscal_year")


def partners_of(enterprise: Enterprise) -> QuerySet[Partner]:
    return Partner.objects.filter(enterprise=enterprise).order_by("kind", "name")


def team_of(enterprise: Enterprise) -> list[Membership]:
    """Every membership of the enterprise, active first, with its person (one query)."""
    memberships = list(
        Membership.objects.filter(enterprise=enterprise)
        .select_related("user")
        .order_by("-is_active", "role", "user__last_name", "user__first_name")
    )
    for membership in memberships:
        membership.enterprise = enterprise  # the same row: no query per membership
    return memberships


def pending_invitations_to(enterprise: Enterprise) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(enterprise=enterprise).pending().select_related("invited_by").order_by("-created_at")
    )


@dataclass(frozen=True)
class RecognitionOverview:
    """Each criterion with its latest assessment (and whether it is over a year old), the history."""

    criteria: list[dict[str, Any]]
    history: list[RecognitionAssessment]

    @property
    def fully_recognised(self) -> bool:
        return all(
            row["assessment"] is not None and row["assessment"].result == RecognitionResult.MET for row in self.criteria
        )


def recognition_overview(enterprise: Enterprise) -> RecognitionOverview:
    history = list(
        RecognitionAssessment.objects.filter(enterprise=enterprise)
        .select_related("assessed_by")
        .order_by("-assessed_on", "-pk")
    )
    latest: dict[str, RecognitionAssessment] = {}
    for assessment in history:
        latest.setdefault(assessment.criterion, assessment)
    limit = stale_before()
    criteria = []
    for value, label in RecognitionCriterion.choices:
        current = latest.get(value)
        is_stale = current is not None and current.assessed_on < limit
        criteria.append({"value": value, "label": label, "assessment": current, "is_stale": is_stale})
    return RecognitionOverview(criteria=criteria, history=history)


def reference_items(model: type[ReferenceModel]) -> QuerySet[Any]:
    """A kind of reference data with the number of enterprises using each row."""
    items = model.objects.annotate(enterprise_count=Count("enterprises", distinct=True))  # type: ignore[attr-defined]
    if model is Trade:
        items = items.select_related("sector").order_by("sector__code", "name_fr")
    return items


def _field_label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def enterprise_history(enterprise: Enterprise, *, limit: int = 15) -> list[LogEntry]:
    """The latest changes to the enterprise's profile and to its agreements (django-auditlog), newest
    first, each with `record_label`, `action_label` and `field_labels` (one query)."""
    agreement_ids = FundingAgreement.objects.filter(enterprise=enterprise).values("pk")
    entries = list(
        LogEntry.objects.filter(
            Q(content_type__app_label="enterprises", content_type__model="enterprise", object_id=enterprise.pk)
            | Q(
                content_type__app_label="enterprises",
                content_type__model="fundingagreement",
                object_id__in=agreement_ids,
            )
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    for entry in entries:
        model: type[Model] = Enterprise if entry.content_type.model == "enterprise" else FundingAgreement
        entry.record_label = _("Profile") if model is Enterprise else entry.object_repr
        entry.action_label = ACTION_LABELS.get(entry.action, "")
        entry.field_labels = [_field_label(model, name) for name in (entry.changes_dict or {})]
    return entries
