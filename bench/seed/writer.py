"""Writing the scale data: per-model buffers flushed with bulk_create, parents before children,
with explicit primary keys for the rows other rows point at. The number of queries depends on the
number of batches, not on the number of rows, and no per-row `save()` or signal runs."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from ceiq.accounts.models import User
from employers.models import (
    Employer,
    EmployerMembership,
    JobOpening,
    Placement,
    Referral,
    ReferralTransition,
    RetentionCheckIn,
)
from enterprises.models import Enterprise, FundingAgreement, Membership
from participants.models import (
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Internship,
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
    PostPathwayFollowUp,
    Qualification,
)

ModelT = TypeVar("ModelT", bound=Model)

WRITE_ORDER: list[type[Model]] = [
    User,
    Enterprise,
    Enterprise.sectors.through,
    Enterprise.trades.through,
    FundingAgreement,
    Membership,
    Employer,
    EmployerMembership,
    JobOpening,
    Participant,
    Participant.barriers.through,
    Consent,
    Pathway,
    PathwayTransition,
    PathwayPhase,
    Evaluation,
    FollowUp,
    GroupSession,
    GroupAttendance,
    Qualification,
    Internship,
    PostPathwayFollowUp,
    Referral,
    ReferralTransition,
    Placement,
    RetentionCheckIn,
]
# Rows other rows point at get explicit primary keys (allocated after the current maximum).
EXPLICIT_PK_MODELS: list[type[Model]] = [
    User,
    Enterprise,
    Employer,
    JobOpening,
    Participant,
    Pathway,
    GroupSession,
    Referral,
    Placement,
]


class BulkWriter:
    def __init__(self, batch_size: int, now: datetime) -> None:
        self.batch_size = batch_size
        self.now = now
        self.buffers: dict[type, list] = {model: [] for model in WRITE_ORDER}
        self.counts: Counter = Counter()
        self.next_pk: dict[type, int] = {}
        self.auto_time_fields = {
            model: [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            + [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
            for model in WRITE_ORDER
        }

    def allocate_primary_keys(self) -> None:
        """One query per model: new rows get keys after the current maximum."""
        for model in EXPLICIT_PK_MODELS:
            self.next_pk[model] = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def add(self, obj: ModelT) -> ModelT:
        model = type(obj)
        if model in self.next_pk and obj.pk is None:
            obj.pk = self.next_pk[model]
            self.next_pk[model] += 1
        for attname in self.auto_time_fields[model]:
            if getattr(obj, attname) is None:
                setattr(obj, attname, self.now)
        buffer = self.buffers[model]
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush(up_to=model)
        return obj

    def flush(self, up_to: type[Model] | None = None) -> None:
        for model in WRITE_ORDER:
            buffer = self.buffers[model]
            if buffer:
                model._base_manager.bulk_create(buffer, batch_size=self.batch_size)
                self.counts[model] += len(buffer)
                self.buffers[model] = []
            if model is up_to:
                return

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), EXPLICIT_PK_MODELS)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


@contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at values we set (auto_now would overwrite them)."""
    switched = []
    for model in WRITE_ORDER:
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    switched.append((field, flag))
    try:
        yield
    finally:
        for field, flag in switched:
            setattr(field, flag, True)
