from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst

from .models import AccessLog


def _is_person(target: models.Model) -> bool:
    """Whether the record is a person's file (the model settings.CEIQ_PERSON_MODEL names)."""
    return target._meta.label_lower == settings.CEIQ_PERSON_MODEL.lower()


def _participant_id(target: Any) -> int | None:
    """The participant a record is about, if any (the record itself, or through its pathway)."""
    if _is_person(target):
        return target.pk
    participant_id = getattr(target, "participant_id", None)
    if participant_id is not None:
        return participant_id
    if getattr(target, "pathway_id", None) is not None:
        return target.pathway.participant_id
    return None


def access_log_label(target: models.Model) -> str:
    """What the log says was read. Records about a person are named by number, never by name: the
    log cannot be changed, so a name written there would survive the person's anonymization, and
    network staff, who read the whole log, never see a participant's identity."""
    participant_id = _participant_id(target)
    if participant_id is None:
        return str(target)[:200]
    kind = capfirst(str(target._meta.verbose_name))
    if _is_person(target):
        return f"{kind} #{target.pk}"
    return f"{kind} #{target.pk} (participant #{participant_id})"[:200]


def access_log_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    enterprise_id: int | None = None,
    request: HttpRequest | None = None,
) -> AccessLog:
    """Record a read of sensitive data at the point where access is granted (same transaction)."""
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
    return AccessLog.objects.create(
        user=actor if getattr(actor, "is_authenticated", False) else None,
        user_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_label=access_log_label(target),
        enterprise_id=enterprise_id,
        ip_address=ip,
    )
