from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from participants.choices import ENDED_PATHWAY_STATUSES
from participants.models import Participant, Pathway

from .models import Tombstone, tombstone_key


def retention_cutoff(today: date | None = None) -> date:
    """People whose last pathway ended before this date are past the retention period."""
    today = today or timezone.localdate()
    years = settings.CEIQ_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def participants_past_retention(today: date | None = None):
    """Not yet anonymized, every pathway ended, and the last one ended before the cutoff."""
    unfinished = Pathway.objects.filter(participant=OuterRef("pk")).exclude(
        status__in=ENDED_PATHWAY_STATUSES, actual_end_date__isnull=False
    )
    return (
        Participant.objects.filter(anonymized_at__isnull=True)
        .annotate(last_end=Max("pathways__actual_end_date"))
        .filter(last_end__lt=retention_cutoff(today))
        .filter(~Exists(unfinished))
        .select_related("enterprise")
        .order_by("enterprise__name", "pk")
    )


LOOKUP_BATCH = 900


class TombstoneRegister:
    """The erasure register the participants' importer asks (participants.extensions.ErasureRegister)."""

    def anonymized_on(self, *, enterprise_id: int, external_ids: Iterable[str]) -> dict[str, date]:
        keys = {
            tombstone_key(enterprise_id=enterprise_id, external_id=external_id): external_id
            for external_id in external_ids
        }
        hashed = list(keys)
        found: dict[str, date] = {}
        for start in range(0, len(hashed), LOOKUP_BATCH):  # SQLite bounds the parameters of a query
            batch = Tombstone.objects.filter(key__in=hashed[start : start + LOOKUP_BATCH])
            found.update(batch.values_list("key", "anonymized_on"))
        return {keys[key]: day for key, day in found.items()}
