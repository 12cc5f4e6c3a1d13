"""Extension points that a higher app fills (docs/architecture.md: layers point one way).

Participants never imports employers: the exit form needs the employers a person may choose, and
leaving for a job records the hire, so the employers app registers a `PlacementRecorder` in its
`AppConfig.ready()`; participants' forms and services ask this registry for it."""

from __future__ import annotations

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


_registry: dict[str, PlacementRecorder] = {}


def register_placement_recorder(recorder: PlacementRecorder) -> None:
    _registry["placement_recorder"] = recorder


def placement_recorder() -> PlacementRecorder:
    try:
        return _registry["placement_recorder"]
    except KeyError:
        raise ImproperlyConfigured(
            "No placement recorder registered: the employers app registers one in its ready()."
        ) from None
