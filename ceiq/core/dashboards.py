"""Each app contributes panels to the role dashboards: `<app>.dashboard.panels(request)` returns a
list of Panel. The dashboard view shows them in order; the app owns its own queries."""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

PANEL_PROVIDERS = [
    "enterprises.dashboard.panels",
    "participants.dashboard.panels",
    "employers.dashboard.panels",
    "reporting.dashboard.panels",
]


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    width: str = "col-12"


def dashboard_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for path in PANEL_PROVIDERS:
        panels.extend(import_string(path)(request))
    return sorted(panels, key=lambda panel: panel.order)
