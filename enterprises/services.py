"""Writes about enterprises. Each function checks the actor's right, validates, saves atomically."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Enterprise
from .permissions import can_edit_enterprise


@transaction.atomic
def enterprise_save(*, actor, enterprise: Enterprise, sectors=None, trades=None) -> Enterprise:
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied
    enterprise.full_clean()
    enterprise.save()
    if sectors is not None:
        enterprise.sectors.set(sectors)
    if trades is not None:
        enterprise.trades.set(trades)
    return enterprise
