"""The service contract every app's writes share (docs/conventions.md, "Writes").

A service is a function `<noun>_<verb>(*, actor, …)` decorated with `@service`: it runs in one
transaction, checks the actor's permission itself (`require`), and the change history (django-auditlog)
records the actor it was given, whether it is called from a page, a task or a management command.
Updates go through `model_update`: only the fields the service allows, validated, saved with
`update_fields`; new rows through `model_create`, from the same declaration of allowed fields."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from auditlog.context import auditlog_value, set_actor
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the change-history entries written inside the block to `actor`.

    auditlog's own `set_actor` leaves its context behind when it ends and does not restore an outer
    one (the request middleware's), so the context variable is put back exactly as it was, through a
    token: no stale actor survives the block, and the middleware's context works again after it."""
    if actor is None:
        yield
        return
    token = auditlog_value.set({"signal_duid": None})  # replaced by set_actor, reset below
    try:
        with set_actor(actor):
            yield
    finally:
        auditlog_value.reset(token)


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


def _check_allowed(model: type[models.Model], fields: Iterable[str], data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"{model.__name__}: fields not allowed here: {sorted(unknown)}")


def _attname(instance: models.Model, name: str) -> str | None:
    """The attribute a field is stored under (`region_id` for `region`); None for a non-field."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return getattr(field, "attname", None)


def _stored_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """What the database holds for these fields of a saved instance, by attribute name: what an
    update is compared with, since a ModelForm bound to the instance has already put the new values
    on it while validating."""
    attnames = [attname for attname in (_attname(instance, name) for name in names) if attname]
    if instance.pk is None or not attnames:
        return {}
    return type(instance)._base_manager.filter(pk=instance.pk).values(*attnames).first() or {}


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any]) -> tuple[M, list[str]]:
    """Set the allowed `fields` present in `data` that differ from what is stored, validate, and save
    only those (many-to-many fields are set after the save). Returns the instance and the names of
    the fields that changed; nothing is written when nothing changed."""
    _check_allowed(type(instance), fields, data)
    many_to_many = {field.name for field in instance._meta.many_to_many}
    stored = _stored_values(instance, [name for name in data if name not in many_to_many])
    changed: list[str] = []
    m2m_changes: dict[str, Any] = {}
    for name, value in data.items():
        if name in many_to_many:
            current = {obj.pk for obj in getattr(instance, name).all()} if instance.pk else set()
            if current != {getattr(obj, "pk", obj) for obj in value}:
                m2m_changes[name] = value
            continue
        attname = _attname(instance, name) or name
        before = stored[attname] if attname in stored else getattr(instance, attname)
        setattr(instance, name, value)
        if getattr(instance, attname) != before:
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


def model_create(model: type[M], *, fields: Iterable[str], data: Mapping[str, Any], **extra: Any) -> M:
    """A new row from the allowed `fields` in `data`, plus the `extra` values the service sets itself
    (the enterprise, the author): validated, saved, then its many-to-many fields set."""
    _check_allowed(model, fields, data)
    many_to_many = {field.name for field in model._meta.many_to_many}
    instance = model(**{name: value for name, value in data.items() if name not in many_to_many}, **extra)
    instance.full_clean()
    instance.save()
    for name in many_to_many & set(data):
        getattr(instance, name).set(data[name])
    return instance
