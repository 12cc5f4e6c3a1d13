"""The methodology, one source for the report's methodology page and docs/indicators.md: for each
indicator its definition (DEFINITIONS in indicators.py), its denominator and its small-cell rule.
`python manage.py indicators_doc` writes docs/indicators.md from here (a test checks it is current)."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .indicators import DEFINITIONS

SMALL_CELLS_KEY = "small_cells"

_NO_DENOMINATOR_PEOPLE = gettext_lazy("None: a count of people.")
_NO_DENOMINATOR_PATHWAYS = gettext_lazy("None: a count of pathways.")
_PEOPLE_RULE = gettext_lazy("A count of fewer than 5 people is shown as “< 5” in network, regional and sector reports.")
_NOT_PEOPLE_RULE = gettext_lazy("Not a count of people: shown as is.")
_RATE_RULE = gettext_lazy(
    "A rate: in network, regional and sector reports it is shown as “suppressed” when its numerator or its "
    "denominator counts fewer than 5 people (the gap with the target too)."
)
_MIXED_RULE = gettext_lazy(
    "Counts of people follow the “< 5” rule; a rate or share whose numerator or denominator is under 5 is "
    "shown as “suppressed”."
)

# key: (denominator, small-cell rule), in the order of DEFINITIONS.
DENOMINATORS_AND_RULES = {
    "participants_served": (_NO_DENOMINATOR_PEOPLE, _PEOPLE_RULE),
    "new_starts": (_NO_DENOMINATOR_PATHWAYS, _PEOPLE_RULE),
    "exits": (_NO_DENOMINATOR_PATHWAYS, _PEOPLE_RULE),
    "completions": (_NO_DENOMINATOR_PATHWAYS, _PEOPLE_RULE),
    "dropouts": (_NO_DENOMINATOR_PATHWAYS, _PEOPLE_RULE),
    "average_pathway_weeks": (gettext_lazy("The exits of the year (the pathways that ended)."), _NOT_PEOPLE_RULE),
    "participation_weeks": (gettext_lazy("None: a sum of weeks."), _NOT_PEOPLE_RULE),
    "outcomes": (
        gettext_lazy("None: counts of exits by situation; together they make the exits."),
        _PEOPLE_RULE,
    ),
    "integration_rate": (
        gettext_lazy("The exits of the year, every situation included (unknown too)."),
        _RATE_RULE,
    ),
    "retention": (gettext_lazy("The follow-ups recorded, and the follow-ups due (both are shown)."), _MIXED_RULE),
    "profile": (
        gettext_lazy("The people served; the share aged 16–35 is over the people served whose birth date is known."),
        _MIXED_RULE,
    ),
    "activity": (gettext_lazy("None: counts of activities and of people."), _MIXED_RULE),
    "agreement": (
        gettext_lazy(
            "Places filled: people served ÷ participant places of the agreements; the target is weighted by places."
        ),
        _RATE_RULE,
    ),
}


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    definition: str
    denominator: str = ""
    small_cells: str = ""


def _title(key: str) -> str:
    return {
        "participants_served": _("People served"),
        "new_starts": _("New starts"),
        "exits": _("Exits"),
        "completions": _("Completions"),
        "dropouts": _("Drop-outs"),
        "average_pathway_weeks": _("Average pathway length (weeks)"),
        "participation_weeks": _("Participation weeks"),
        "outcomes": _("Outcome at exit"),
        "integration_rate": _("Integration rate"),
        "retention": pgettext("indicator", "Job retention"),
        "profile": _("Profile at intake"),
        "activity": _("Activity"),
        "agreement": _("Agreement with Emploi-Québec"),
        SMALL_CELLS_KEY: _("Suppressed small counts"),
    }.get(key, key)


def methodology_entries(*, suppress: bool = True) -> list[Entry]:
    """Every indicator's entry in the active language; the small-cell rules only where they apply
    (`suppress`: network, regional and sector reports)."""
    entries = []
    for key, definition in DEFINITIONS.items():
        if key == SMALL_CELLS_KEY:
            if suppress:
                entries.append(Entry(key, _title(key), str(definition)))
            continue
        denominator, rule = DENOMINATORS_AND_RULES[key]
        # An enterprise's own report shows every count as is: no small-cell rule to state.
        entries.append(Entry(key, _title(key), str(definition), str(denominator), str(rule) if suppress else ""))
    return entries


def methodology_markdown() -> str:
    """docs/indicators.md: the methodology page's text in English, then in French."""
    lines = [
        "# Indicators",
        "",
        "<!-- Written by `python manage.py indicators_doc` from reporting/methodology.py and the definitions",
        "     in reporting/indicators.py: change the text there, then run the command. -->",
        "",
        "The annual report's methodology page prints this text, in the report's language. Every figure",
        "is computed for one fiscal year (1 April – 31 March) and one scope (an enterprise, a region, a",
        "sector or the network) by `reporting.indicators.compute_indicators`; rates, shares and averages",
        "are rounded half-up when they are shown (`ceiq/core/figures.py`), and gaps between two rates are",
        "in percentage points.",
    ]
    for language, heading in (("en", "English"), ("fr", "Français")):
        lines += ["", f"## {heading}"]
        with translation.override(language):
            denominator, rule = f"**{_('Denominator:')}**", f"**{_('Small counts:')}**"
            for entry in methodology_entries():
                lines += ["", f"### {entry.title}", "", entry.definition]
                if entry.denominator:
                    lines += ["", f"- {denominator} {entry.denominator}", f"- {rule} {entry.small_cells}"]
    return "\n".join(lines) + "\n"
