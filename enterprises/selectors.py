"""Reads that are more than a queryset method."""

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, FundingAgreement

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
}


def _field_label(model, name: str) -> str:
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
        model = Enterprise if entry.content_type.model == "enterprise" else FundingAgreement
        entry.record_label = _("Profile") if model is Enterprise else entry.object_repr
        entry.action_label = ACTION_LABELS.get(entry.action, "")
        entry.field_labels = [_field_label(model, name) for name in (entry.changes_dict or {})]
    return entries
