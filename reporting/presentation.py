"""Turns an indicator snapshot into labelled rows and charts in the active language, for the PDF,
the exports and the dashboards. Counts of people under 5 are shown as "< 5" in aggregate reports."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.core.figures import Figure, format_number, format_percent, format_points
from employers.models import EmployerKind
from participants.choices import DropoutReason, ExitOutcome, Gender, IncomeSource, Schooling
from participants.models import Barrier

from .charts import bar_chart
from .methodology import methodology_entries

SMALL_CELL = 5


def show_people(value, suppress: bool) -> Figure:
    """A count of people: "< 5" when small cells are suppressed, otherwise the number."""
    if value is None:
        return Figure("—")
    if suppress and value < SMALL_CELL:
        return Figure("< 5")
    return format_number(value)


def show_number(value, decimals=None) -> Figure:
    """A count or an average, rounded half-up to `decimals` (none: a whole number)."""
    return format_number(value, decimals or 0)


def show_rate(value) -> Figure:
    return format_percent(value)


def show_gap(value) -> Figure:
    """The gap between two rates, in percentage points."""
    return format_points(value)


def share_masked(*counts, suppress: bool) -> bool:
    """A rate or share cannot be shown when a count it is computed from (its numerator or its
    denominator) is under the threshold: 2 of 3 printed as 66,7 % gives both counts away."""
    return suppress and any(count is not None and count < SMALL_CELL for count in counts)


def show_share(value, *counts, suppress: bool) -> Figure:
    """A rate or share, or « masqué » when `share_masked` says so (one rule for every report)."""
    if share_masked(*counts, suppress=suppress):
        return Figure(_("suppressed"))
    return show_rate(value)


RETENTION_COLUMNS = (
    ("due", gettext_lazy("Due")),
    ("recorded", gettext_lazy("Recorded")),
    ("recorded_share", gettext_lazy("Recorded, share of due")),
    ("employed", gettext_lazy("Still employed, share of recorded")),
    ("employed_of_due", gettext_lazy("Still employed, share of due")),
    ("unreachable", gettext_lazy("Unreachable, share of recorded")),
)


@dataclass
class Row:
    label: str
    value: str
    key: str = ""
    raw: object = None


def _label(choices, code):
    if code == "unknown":
        return _("Unknown")
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def age_band_label(code):
    return _("Unknown") if code == "unknown" else _("%(band)s years") % {"band": code.replace("-", "–")}


def report_sections(indicators: dict, *, suppress: bool) -> dict:
    """Everything the report shows, labelled in the active language (call inside translation.override)."""

    def people(value):
        return show_people(value, suppress)

    def small(value):
        return suppress and value is not None and value < SMALL_CELL

    agreement = indicators["agreement"]
    outcomes = indicators["outcomes"]
    integration_counts = (outcomes["job"] + outcomes["school"], indicators["exits"])
    integration_rate = show_share(indicators["integration_rate"], *integration_counts, suppress=suppress)
    gap_masked = share_masked(*integration_counts, suppress=suppress)
    summary = [
        Row(_("People served"), people(indicators["participants_served"]), "participants_served"),
        Row(_("New starts"), people(indicators["new_starts"]), "new_starts"),
        Row(_("Exits"), people(indicators["exits"]), "exits"),
        Row(_("Completions"), people(indicators["completions"]), "completions"),
        Row(_("Drop-outs"), people(indicators["dropouts"]), "dropouts"),
        Row(
            _("Average pathway length (weeks)"),
            show_number(indicators["average_pathway_weeks"], 1),
            "average_pathway_weeks",
        ),
        Row(_("Participation weeks"), show_number(indicators["participation_weeks"], 1), "participation_weeks"),
        Row(_("Integration rate"), integration_rate, "integration_rate"),
    ]
    targets = [
        Row(_("Participant places (agreement)"), show_number(agreement["participant_places"]), "participant_places"),
        Row(_("People served"), people(agreement["participants_served"]), "participants_served"),
        Row(
            _("Places filled"),
            show_share(agreement["fill_rate"], agreement["participants_served"], suppress=suppress),
            "fill_rate",
        ),
        Row(_("Target integration rate"), show_rate(agreement["target_integration_rate"]), "target_integration_rate"),
        Row(_("Integration rate"), integration_rate, "integration_rate"),
        Row(
            _("Gap with the target"),
            Figure(_("suppressed")) if gap_masked else show_gap(agreement["integration_gap"]),
            "integration_gap",
        ),
    ]
    outcome_items = [(_label(ExitOutcome, code), n) for code, n in indicators["outcomes"].items()]
    outcomes_chart = bar_chart(_("Outcome at exit"), outcome_items, display=people, hide_bar=small)
    dropout_reasons = [
        Row(_label(DropoutReason, code), people(n), code) for code, n in indicators["dropout_reasons"].items()
    ]

    retention_rows = []
    masked = {"suppress": suppress}
    for row in indicators["retention"]:
        # Both denominators side by side: 1 recorded out of 8 due must not read as a rate over 8.
        retention_rows.append(
            {
                "label": _("%(months)s months after exit") % {"months": row["months_after"]},
                "due": people(row.get("due")),
                "recorded": people(row["recorded"]),
                "recorded_share": show_share(row.get("recorded_share"), row["recorded"], row.get("due"), **masked),
                "employed": show_share(row["employed_share"], row["employed"], row["recorded"], **masked),
                "employed_of_due": show_share(
                    row.get("employed_share_of_due"), row["employed"], row.get("due"), **masked
                ),
                "unreachable": show_share(row["unreachable_share"], row["unreachable"], row["recorded"], **masked),
            }
        )
        retention_rows[-1]["cells"] = [retention_rows[-1][key] for key, _title in RETENTION_COLUMNS]
    retention_chart = bar_chart(
        _("Still employed, share of the follow-ups recorded"),
        [
            (r["label"], None if share_masked(row["employed"], row["recorded"], **masked) else row["employed_share"])
            for r, row in zip(retention_rows, indicators["retention"], strict=True)
        ],
        display=lambda share: show_rate(share) if share is not None or not suppress else Figure(_("suppressed")),
        max_value=1,
    )

    profile = indicators["profile"]
    age_items = [(age_band_label(code), n) for code, n in profile["age_bands"].items()]
    age_chart = bar_chart(_("Age at the start of the pathway"), age_items, display=people, hide_bar=small)
    barrier_names = {b.code: b.name for b in Barrier.objects.filter(code__in=list(profile["barriers"]))}
    profile_rows = [
        Row(_("People served"), people(profile["total"]), "total"),
        Row(
            _("Aged 16–35 (share of known ages)"),
            show_share(
                profile["youth_16_35_share"],
                profile["youth_16_35"],
                profile["total"] - profile["age_bands"]["unknown"],
                **masked,
            ),
            "youth_16_35_share",
        ),
        Row(
            _("Without a secondary diploma"),
            show_share(
                profile["no_secondary_diploma_share"], profile["no_secondary_diploma"], profile["total"], **masked
            ),
            "no_secondary",
        ),
        Row(_("Immigrants"), people(profile["immigrants"]), "immigrants"),
    ]
    gender_rows = [Row(_label(Gender, code), people(n), code) for code, n in profile["gender"].items()]
    schooling_rows = [Row(_label(Schooling, code), people(n), code) for code, n in profile["schooling"].items()]
    income_rows = [Row(_label(IncomeSource, code), people(n), code) for code, n in profile["income_source"].items()]
    barrier_rows = [Row(barrier_names.get(code, code), people(n), code) for code, n in profile["barriers"].items()]

    activity = indicators["activity"]
    activity_rows = [
        Row(_("Individual follow-up meetings"), show_number(activity["follow_ups"]), "follow_ups"),
        Row(_("Group workshops held"), show_number(activity["group_sessions"]), "group_sessions"),
        Row(_("Attendances at group workshops"), show_number(activity["group_attendances"]), "group_attendances"),
        Row(_("People who attended a workshop"), people(activity["group_attendees"]), "group_attendees"),
        Row(_("Evaluations"), show_number(activity["evaluations"]), "evaluations"),
        Row(_("Internships started"), people(activity["internships"]), "internships"),
        Row(_("Internships that led to a hire"), people(activity["internships_led_to_hire"]), "internships_hire"),
        Row(_("Referrals to employers"), people(activity["referrals"]), "referrals"),
        Row(_("Hires"), people(activity["hires"]), "hires"),
    ]
    kind_rows = [
        {
            "label": _label(EmployerKind, kind),
            "referrals": people(values["referrals"]),
            "hired_referrals": people(values["hired_referrals"]),
            "hires": people(values["hires"]),
        }
        for kind, values in activity["by_employer_kind"].items()
    ]
    definitions = methodology_entries(suppress=suppress)
    return {
        "summary": summary,
        "targets": targets,
        "outcome_chart": outcomes_chart,
        "dropout_reasons": dropout_reasons,
        "retention_rows": retention_rows,
        "retention_chart": retention_chart,
        "age_chart": age_chart,
        "profile_rows": profile_rows,
        "gender_rows": gender_rows,
        "schooling_rows": schooling_rows,
        "income_rows": income_rows,
        "barrier_rows": barrier_rows,
        "activity_rows": activity_rows,
        "kind_rows": kind_rows,
        "definitions": definitions,
    }


def _integrated(row) -> int | None:
    """Integrated exits of a snapshot stored before rows carried the count (rate × exits)."""
    if row["integration_rate"] is None:
        return None
    return round(row["integration_rate"] * row["exits"])


def enterprise_rows(rows, *, suppress: bool) -> list[dict]:
    return [
        {
            "enterprise": row["enterprise"],
            "served": show_people(row["participants_served"], suppress),
            "exits": show_people(row["exits"], suppress),
            "integration_rate": show_share(
                row["integration_rate"], row.get("integrated", _integrated(row)), row["exits"], suppress=suppress
            ),
            "places": show_number(row["participant_places"]),
            "target": show_rate(row["target_integration_rate"]),
        }
        for row in rows
    ]
