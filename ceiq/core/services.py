"""The service contract every app's writes share (docs/conventions.md, "Writes").

A service is a function `<noun>_<verb>(*, actor, …)` decorated with `@service`: it runs in one
transaction, checks the actor's permission itself (`require`), and the change history (django-auditlog)
records the actor it was given, whether it is called from a page, a task or a management command.
Updates go through `model_update`: only the fields the service allows, validated, saved with
`update_fields`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from auditlog.context import auditlog_value, set_actor
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the change-history entries written inside the block to `actor`.

    auditlog's own `set_actor` does not restore an outer context when nested (the request
    middleware already opened one), so the outer context is put back on the way out."""
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    if actor is None or (outer is not None and outer.get("actor") == actor):
        yield
        return
    try:
        with set_actor(actor):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def service(func: Callable[P, R]) -> Callable[P, R]:
    """A write: one transaction, history attributed to the `actor` keyword argument."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(), acting_as(kwargs.get("actor")):
            return func(*args, **kwargs)

    return wrapper


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied unless the permission check passed."""
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any]) -> tuple[M, list[str]]:
    """Set the allowed `fields` present in `data` that differ from the instance, validate, and save
    only those (many-to-many fields are set after the save). Returns the instance and the names of
    the fields that changed; nothing is written when nothing changed."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__}: fields not allowed here: {sorted(unknown)}")
    many_to_many = {field.name for field in instance._meta.many_to_many}
    changed: list[str] = []
    m2m_changes: dict[str, Any] = {}
    for name, value in data.items():
        if name in many_to_many:
            current = {obj.pk for obj in getattr(instance, name).all()} if instance.pk else set()
            if current != {getattr(obj, "pk", obj) for obj in value}:
                m2m_changes[name] = value
            continue
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if changed:
        instance.full_clean()
        update_fields = list(changed)
        if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    for name, value in m2m_changes.items():
        getattr(instance, name).set(value)
        changed.append(name)
    return instance, changed
