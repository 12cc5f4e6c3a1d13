"""Each app contributes panels to the role dashboards: an app with a `dashboard` module whose
`panels(request)` returns a list of Panel is found the way Django's admin finds `admin` modules (in
INSTALLED_APPS order), so this low layer names no app. The dashboard view shows the panels by their
order; each app owns its own queries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.utils.module_loading import module_has_submodule

PANELS_MODULE = "dashboard"


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    width: str = "col-12"


PanelProvider = Callable[[HttpRequest], list[Panel]]


@functools.cache
def panel_providers() -> tuple[PanelProvider, ...]:
    """The `panels` function of every installed app's `dashboard` module, in INSTALLED_APPS order."""
    providers: list[PanelProvider] = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, PANELS_MODULE):
            continue
        provider: Any = getattr(import_module(f"{app_config.name}.{PANELS_MODULE}"), "panels", None)
        if callable(provider):
            providers.append(provider)
    return tuple(providers)


def dashboard_panels(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for provider in panel_providers():
        panels.extend(provider(request))
    return sorted(panels, key=lambda panel: panel.order)
