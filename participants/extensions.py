"""Extension points that a higher app fills (docs/architecture.md: layers point one way).

Participants never imports employers: the exit form needs the employers a person may choose, and
leaving for a job records the hire, so the employers app registers a `PlacementRecorder` in its
`AppConfig.ready()`; participants' forms and services ask this registry for it. Likewise the
privacy app registers the `ErasureRegister` the importer asks who was anonymized."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:
    from ceiq.accounts.models import User

    from .models import Pathway


class PlacementRecorder(Protocol):
    def employers_visible_to(self, user: User) -> models.QuerySet[Any]:
        """The employers `user` may choose for an internship or a hire, in display order."""
        ...

    def record(self, *, actor: User, pathway: Pathway, employer: Any, job_title: str, start_date: date) -> Any:
        """Record the hire of the pathway's participant (called inside the exit's transaction)."""
        ...


_registry: dict[str, Any] = {}


def register_placement_recorder(recorder: PlacementRecorder) -> None:
    _registry["placement_recorder"] = recorder


def _registered(name: str, app: str) -> Any:
    try:
        return _registry[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No {name.replace('_', ' ')} registered: the {app} app registers one in its ready()."
        ) from None


def placement_recorder() -> PlacementRecorder:
    return _registered("placement_recorder", "employers")


class ErasureRegister(Protocol):
    """Who was anonymized (Law 25 retention): the privacy app keeps a tombstone per person, a keyed
    hash of their external id and enterprise with the date, so an import cannot bring them back."""

    def anonymized_on(self, *, enterprise_id: int, external_ids: Iterable[str]) -> dict[str, date]:
        """{external id: date of the anonymization} for those of `external_ids` that were anonymized."""
        ...


def register_erasure_register(register: ErasureRegister) -> None:
    _registry["erasure_register"] = register


def erasure_register() -> ErasureRegister:
    return _registered("erasure_register", "privacy")
