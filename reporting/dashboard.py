"""Panels this app adds to the role dashboards (see ceiq.core.dashboards): the network's key
indicators of the current fiscal year with an SVG chart, and an enterprise's integration rate
against its target. Figures are cached for a few minutes (the computation is a dozen queries)."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from ceiq.accounts.roles import ContextKind
from ceiq.core.dashboards import Panel
from ceiq.core.fiscal import FiscalYear
from participants.choices import ExitOutcome

from .charts import bar_chart
from .indicators import compute_indicators
from .permissions import can_use_reports
from .presentation import SMALL_CELL, share_masked, show_gap, show_people, show_rate, show_share

CACHE_SECONDS = 300


def _indicators(fiscal_year, enterprise=None):
    key = f"reporting:panel:{fiscal_year.start_year}:{enterprise.pk if enterprise else 'network'}"
    figures = cache.get(key)
    if figures is None:
        figures = compute_indicators(fiscal_year=fiscal_year, enterprise=enterprise)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _outcome_chart(figures, suppress):
    items = [(ExitOutcome(code).label, n) for code, n in figures["outcomes"].items()]
    return bar_chart(
        _("Outcome at exit"),
        items,
        display=lambda n: show_people(n, suppress),
        hide_bar=lambda n: suppress and n < SMALL_CELL,
    )


def panels(request):
    portal = request.portal
    if portal is None:
        return []
    fiscal_year = FiscalYear.current()
    if portal.kind == ContextKind.NETWORK:
        figures = _indicators(fiscal_year)
        integrated = (figures["outcomes"]["job"] + figures["outcomes"]["school"], figures["exits"])
        return [
            Panel(
                template="reporting/_panel_network.html",
                context={
                    "fiscal_year": fiscal_year,
                    "served": show_people(figures["participants_served"], True),
                    "new_starts": show_people(figures["new_starts"], True),
                    "exits": show_people(figures["exits"], True),
                    "integration_rate": show_share(figures["integration_rate"], *integrated, suppress=True),
                    "target": show_rate(figures["agreement"]["target_integration_rate"]),
                    "gap": show_share(None, *integrated, suppress=True)
                    if share_masked(*integrated, suppress=True)
                    else show_gap(figures["agreement"]["integration_gap"]),
                    "places": figures["agreement"]["participant_places"],
                    "chart": _outcome_chart(figures, True),
                },
                order=60,
                width="col-lg-6",
            )
        ]
    if portal.kind == ContextKind.ENTERPRISE and request.enterprise is not None:
        figures = _indicators(fiscal_year, request.enterprise)
        agreement = figures["agreement"]
        return [
            Panel(
                template="reporting/_panel_enterprise.html",
                context={
                    "fiscal_year": fiscal_year,
                    "exits": figures["exits"],
                    "integration_rate": show_rate(figures["integration_rate"]),
                    "target": show_rate(agreement["target_integration_rate"]),
                    "gap": show_gap(agreement["integration_gap"]),
                    "below_target": (agreement["integration_gap"] or 0) < 0,
                    "can_use_reports": can_use_reports(request.user, request.enterprise),
                },
                order=60,
                width="col-lg-6",
            )
        ]
    return []
