"""Dashboard panels are a registry: each app registers its `panels(request)` function in its
AppConfig.ready() (apps are ready in INSTALLED_APPS order), so this low layer names no app. The
dashboard view shows every provider's panels sorted by their order; each app owns its own queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    width: str = "col-12"


PanelProvider = Callable[[HttpRequest], list[Panel]]


_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> None:
    """Add an app's panels to the dashboards (registering the same function again changes nothing)."""
    if provider not in _providers:
        _providers.append(provider)


def panel_providers() -> tuple[PanelProvider, ...]:
    """The registered panel functions, in registration order."""
    return tuple(_providers)


def dashboard_panels(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for provider in panel_providers():
        panels.extend(provider(request))
    return sorted(panels, key=lambda panel: panel.order)
