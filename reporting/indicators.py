"""The annual indicators of a scope (an enterprise, a region, a sector or the network) for a fiscal year.

Everything is computed in the database with a fixed number of GROUP BY / conditional-aggregate
queries, whatever the number of participants. The result is a JSON-serialisable dict: the snapshot
a report run stores and renders. Each indicator has a written definition in DEFINITIONS, shown on
the report's methodology page.
"""

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ceiq.core.fiscal import FiscalYear
from employers.models import EmployerKind, Placement, Referral, ReferralStatus
from enterprises.models import Enterprise, EnterpriseStatus, FundingAgreement
from participants.choices import (
    EMPLOYED_SITUATIONS,
    ExitOutcome,
    Gender,
    IncomeSource,
    PathwayStatus,
    PostPathwaySituation,
    Schooling,
)
from participants.models import (
    Evaluation,
    FollowUp,
    GroupSession,
    Internship,
    Participant,
    Pathway,
    PostPathwayFollowUp,
)

AGE_BANDS = ["16-24", "25-35", "36-54", "55+", "unknown"]
OUTCOMES = ["job", "school", "job_search", "other", "unknown"]
ENDED = [PathwayStatus.COMPLETED, PathwayStatus.DROPPED_OUT]

DEFINITIONS = {
    "participants_served": _(
        "People whose pathway was open on at least one day of the fiscal year: started on or before "
        "31 March (or today, for the current year), not ended before 1 April, and not merely planned. "
        "A pathway suspended for the whole year counts: the person is still enrolled and holds a place. "
        "A person with several pathways is counted once."
    ),
    "new_starts": _(
        "Pathways that started during the fiscal year, up to today for the current year (planned pathways excluded)."
    ),
    "exits": _("Pathways that ended (completed or dropped out) during the fiscal year, 31 March included."),
    "completions": _("Exits of pathways completed as planned."),
    "dropouts": _("Exits of pathways ended before completion (drop-outs), with their recorded reason."),
    "average_pathway_weeks": _("Average length, in weeks, from start to end of the pathways that ended this year."),
    "participation_weeks": _(
        "Sum, in weeks, of the days each pathway was open during the fiscal year (suspensions included; "
        "open pathways counted up to the end of the year or today)."
    ),
    "outcomes": _(
        "Situation at exit of the pathways that ended this year: job, return to school, job search, other; "
        "an exit without a recorded outcome counts as unknown."
    ),
    "integration_rate": _("Integration rate = (exits to a job + returns to school) ÷ exits. Blank when no exit."),
    "retention": _(
        "Of the people who left for a job this year, at each post-pathway follow-up (3, 6, 12 months): the "
        "follow-ups due (the date has passed, or the follow-up is already recorded), the follow-ups recorded, "
        "and the share still employed (same employer or another) over the follow-ups recorded and over the "
        "follow-ups due; the share who could not be reached is over the follow-ups recorded."
    ),
    "profile": _(
        "Profile at intake of the people served, each person counted once: age at the start of their first "
        "pathway served in the year (16–24, 25–35, 36–54, 55+, unknown when the birth date is missing; the "
        "bands add up to the people served), share aged 16–35 among known ages, gender, share without a "
        "secondary diploma, main income source, barriers to employment and immigrants."
    ),
    "activity": _(
        "Activity during the fiscal year: individual follow-up meetings, group workshops held and attendance, "
        "evaluations, internships started, referrals to employers and hires, by kind of employer."
    ),
    "agreement": _(
        "Emploi-Québec agreements of the fiscal year: participant places compared with the people served, and "
        "the integration rate compared with the target (for several enterprises, the places are summed and the "
        "target is weighted by places); the gap is the rate minus the target."
    ),
    "small_cells": _(
        "In network, regional and sector reports, any count of fewer than 5 people is shown as “< 5” "
        "to protect confidentiality."
    ),
}


RATE_PLACES = Decimal("1e-10")


def _rate(numerator, denominator):
    """numerator ÷ denominator, kept to 10 decimals: the figure shown (74,1 %) is rounded half-up
    from this exact value once, never from an already rounded 0,7405 (double rounding)."""
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def _one_decimal(value) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _weeks(duration) -> float:
    if not duration:
        return 0.0
    if isinstance(duration, timedelta):
        days = Decimal(duration.total_seconds()) / Decimal(86400)
    else:  # some backends hand back microseconds
        days = Decimal(duration) / Decimal(86_400_000_000)
    return _one_decimal(days / Decimal(7))


def scope_filter(prefix: str, *, enterprise=None, region=None, sector=None) -> Q:
    """A Q selecting rows whose enterprise (reached through `prefix`) belongs to the scope."""
    if enterprise is not None:
        return Q(**{f"{prefix}_id": enterprise.pk})
    if region is not None:
        return Q(**{f"{prefix}__region_id": region.pk})
    if sector is not None:
        return Q(**{f"{prefix}_id__in": Enterprise.objects.filter(sectors=sector).values("pk")})
    return Q()


def _age_key(start: str, birth: str):
    """yyyymmdd(start) − yyyymmdd(birth): integer-divided by 10 000 it is the age at the start."""

    def number(field):
        return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)

    return number(start) - number(birth)


def served_cap(fiscal_year: FiscalYear):
    """The last day a pathway may have started to count as served: the end of the year, or today
    for the current year (a pathway starting tomorrow serves no one yet)."""
    return min(fiscal_year.end, timezone.localdate())


def served_filter(fiscal_year: FiscalYear) -> Q:
    """Pathways that served someone in the year: started on or before the year's end (or today),
    not ended before its first day, and not merely planned. A pathway suspended all year is served:
    the person is enrolled and holds a place (the suspension is part of the pathway)."""
    return (
        Q(start_date__lte=served_cap(fiscal_year))
        & (Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=fiscal_year.start))
        & ~Q(status=PathwayStatus.PLANNED)
    )


def _day_bounds(fiscal_year: FiscalYear):
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(fiscal_year.start, time.min), zone)
    end = timezone.make_aware(datetime.combine(fiscal_year.end + timedelta(days=1), time.min), zone)
    return start, end


def compute_indicators(*, fiscal_year: FiscalYear, enterprise=None, region=None, sector=None) -> dict:
    scope = {"enterprise": enterprise, "region": region, "sector": sector}
    start, end = fiscal_year.start, fiscal_year.end
    in_scope = scope_filter("enterprise", **scope)
    # Every pathway counted below overlaps the year (starts, exits and service all do): filter on
    # the indexed dates first so ten years of history cost little more than one.
    window = Q(start_date__lte=end) & (Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=start))
    pathways = Pathway.objects.filter(in_scope).filter(window).order_by()
    served_q = served_filter(fiscal_year)
    exit_q = Q(status__in=ENDED, actual_end_date__gte=start, actual_end_date__lte=end)

    # Open pathways count up to the end of the year, or today for the current year.
    cap = served_cap(fiscal_year)
    today = timezone.localdate()
    job_exit_q = exit_q & Q(exit_outcome=ExitOutcome.JOB)

    # 1. Retention at each post-pathway follow-up of the exits to a job (GROUP BY milestone).
    follow_ups = (
        PostPathwayFollowUp.objects.filter(scope_filter("pathway__enterprise", **scope))
        .filter(
            pathway__status__in=ENDED,
            pathway__actual_end_date__gte=start,
            pathway__actual_end_date__lte=end,
            pathway__exit_outcome=ExitOutcome.JOB,
        )
        .exclude(situation="")
        .values("months_after")
        .annotate(
            recorded=Count("id"),
            employed=Count("id", filter=Q(situation__in=EMPLOYED_SITUATIONS)),
            unreachable=Count("id", filter=Q(situation=PostPathwaySituation.UNREACHABLE)),
        )
        .order_by("months_after")
    )
    by_month = {row["months_after"]: row for row in follow_ups}
    retention_months = sorted(set(settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS) | set(by_month))

    def due(months):
        """Exits to a job whose follow-up at `months` is due by today, or already recorded."""
        recorded = PostPathwayFollowUp.objects.filter(pathway=OuterRef("pk"), months_after=months).exclude(situation="")
        return job_exit_q & (Q(actual_end_date__lte=today - relativedelta(months=months)) | Q(Exists(recorded)))

    overlap = ExpressionWrapper(
        Least(Coalesce("actual_end_date", Value(cap)), Value(end))
        - Greatest(F("start_date"), Value(start))
        + Value(timedelta(days=1)),
        output_field=DurationField(),
    )
    length = ExpressionWrapper(F("actual_end_date") - F("start_date"), output_field=DurationField())

    # 2. Pathway counts, outcomes, lengths and follow-ups due (one query).
    totals = pathways.aggregate(
        participants_served=Count("participant", distinct=True, filter=served_q),
        new_starts=Count("id", filter=served_q & Q(start_date__gte=start)),
        exits=Count("id", filter=exit_q),
        completions=Count("id", filter=exit_q & Q(status=PathwayStatus.COMPLETED)),
        dropouts=Count("id", filter=exit_q & Q(status=PathwayStatus.DROPPED_OUT)),
        total_length=Sum(length, filter=exit_q),
        participation=Sum(overlap, filter=served_q & Q(start_date__lte=cap)),
        **{f"outcome_{code}": Count("id", filter=exit_q & Q(exit_outcome=code)) for code in OUTCOMES[:-1]},
        **{f"due_{months}": Count("id", filter=due(months)) for months in retention_months},
    )
    exits = totals["exits"]
    outcomes = {code: totals[f"outcome_{code}"] for code in OUTCOMES[:-1]}
    outcomes["unknown"] = exits - sum(outcomes.values())
    average_weeks = None
    if exits:
        average_weeks = _weeks(totals["total_length"] / exits) if totals["total_length"] is not None else None

    # 3. Drop-out reasons (GROUP BY).
    dropout_reasons = {
        row["dropout_reason"] or "unknown": row["n"]
        for row in pathways.filter(exit_q & Q(status=PathwayStatus.DROPPED_OUT))
        .values("dropout_reason")
        .annotate(n=Count("id"))
        .order_by("dropout_reason")
    }

    job_exits = outcomes["job"]
    retention = []
    for months in retention_months:
        row = by_month.get(months, {"recorded": 0, "employed": 0, "unreachable": 0})
        due_count = totals[f"due_{months}"]
        retention.append(
            {
                "months_after": months,
                "job_exits": job_exits,
                "due": due_count,
                "recorded": row["recorded"],
                "not_recorded": due_count - row["recorded"],
                "employed": row["employed"],
                "unreachable": row["unreachable"],
                "recorded_share": _rate(row["recorded"], due_count),
                "employed_share": _rate(row["employed"], row["recorded"]),
                "employed_share_of_due": _rate(row["employed"], due_count),
                "unreachable_share": _rate(row["unreachable"], row["recorded"]),
            }
        )

    # 4. Profile at intake of the people served, each person once: the age is taken at the start of
    # their first pathway served in the year (so two pathways across a birthday make one band), the
    # rest is a property of the person. One conditional aggregate over the people served, plus the
    # barriers over the M2M rows of those people.
    served = pathways.filter(served_q)
    first_start = Subquery(served.filter(participant_id=OuterRef("pk")).order_by("start_date").values("start_date")[:1])
    served_people = (
        Participant.objects.filter(pk__in=served.values("participant_id"))
        .order_by()
        .alias(first_start=first_start)
        .alias(age_key=_age_key("first_start", "birth_date"))
    )
    known = Q(birth_date__isnull=False)
    categories = {
        "gender": Gender.values,
        "schooling_at_intake": Schooling.values,
        "income_source_at_intake": IncomeSource.values,
    }
    person_counts = {
        "total": Count("id"),
        "band_16_24": Count("id", filter=known & Q(age_key__lt=250000)),
        "band_25_35": Count("id", filter=known & Q(age_key__gte=250000, age_key__lt=360000)),
        "band_36_54": Count("id", filter=known & Q(age_key__gte=360000, age_key__lt=550000)),
        "band_55": Count("id", filter=known & Q(age_key__gte=550000)),
        "band_unknown": Count("id", filter=~known),
        "immigrants": Count("id", filter=Q(is_immigrant=True)),
    }
    for field, choices in categories.items():
        for choice in [*choices, ""]:
            person_counts[f"{field}__{choice or 'blank'}"] = Count("id", filter=Q(**{field: choice}))
    person_totals = served_people.aggregate(**person_counts)
    age_bands = {
        "16-24": person_totals["band_16_24"],
        "25-35": person_totals["band_25_35"],
        "36-54": person_totals["band_36_54"],
        "55+": person_totals["band_55"],
        "unknown": person_totals["band_unknown"],
    }
    known_ages = person_totals["total"] - age_bands["unknown"]

    def grouped(field):
        counts = {choice: person_totals[f"{field}__{choice}"] for choice in categories[field]}
        if person_totals[f"{field}__blank"]:  # a blank value (e.g. anonymised) counts as unknown
            counts["unknown"] = counts.get("unknown", 0) + person_totals[f"{field}__blank"]
        return counts

    barriers = {
        row["barrier__code"]: row["n"]
        for row in Participant.barriers.through.objects.filter(participant_id__in=served.values("participant_id"))
        .values("barrier__code")
        .annotate(n=Count("id"))  # a (person, barrier) pair is unique: one row per person
        .order_by("barrier__code")
    }
    no_secondary = person_totals[f"schooling_at_intake__{Schooling.NO_SECONDARY}"]
    profile = {
        "total": person_totals["total"],
        "age_bands": age_bands,
        "youth_16_35": age_bands["16-24"] + age_bands["25-35"],
        "youth_16_35_share": _rate(age_bands["16-24"] + age_bands["25-35"], known_ages),
        "gender": grouped("gender"),
        "schooling": grouped("schooling_at_intake"),
        "no_secondary_diploma": no_secondary,
        "no_secondary_diploma_share": _rate(no_secondary, person_totals["total"]),
        "income_source": grouped("income_source_at_intake"),
        "barriers": barriers,
        "immigrants": person_totals["immigrants"],
        "immigrants_share": _rate(person_totals["immigrants"], person_totals["total"]),
    }

    # 5. Activity during the year.
    day_start, day_end = _day_bounds(fiscal_year)
    sessions = GroupSession.objects.filter(in_scope, held_on__gte=start, held_on__lte=end).aggregate(
        session_count=Count("id", distinct=True),
        attendance_count=Count("attendances", filter=Q(attendances__present=True)),
        attendee_count=Count("attendances__participant", distinct=True, filter=Q(attendances__present=True)),
    )
    internships = Internship.objects.filter(
        scope_filter("pathway__enterprise", **scope), start_date__gte=start, start_date__lte=end
    ).aggregate(total=Count("id"), led_to_hire=Count("id", filter=Q(led_to_hire=True)))
    by_kind = {kind: {"referrals": 0, "hired_referrals": 0, "hires": 0} for kind in EmployerKind.values}
    for referral_row in (
        Referral.objects.filter(in_scope, proposed_at__gte=day_start, proposed_at__lt=day_end)
        .values("opening__employer__kind")
        .annotate(n=Count("id"), hired=Count("id", filter=Q(status=ReferralStatus.HIRED)))
        .order_by("opening__employer__kind")
    ):
        kind = by_kind.setdefault(
            referral_row["opening__employer__kind"], {"referrals": 0, "hired_referrals": 0, "hires": 0}
        )
        kind["referrals"], kind["hired_referrals"] = referral_row["n"], referral_row["hired"]
    for placement_row in (
        Placement.objects.filter(in_scope, start_date__gte=start, start_date__lte=end)
        .values("employer__kind")
        .annotate(n=Count("id"))
        .order_by("employer__kind")
    ):
        kind = by_kind.setdefault(placement_row["employer__kind"], {"referrals": 0, "hired_referrals": 0, "hires": 0})
        kind["hires"] = placement_row["n"]
    activity = {
        "follow_ups": FollowUp.objects.filter(
            scope_filter("participant__enterprise", **scope), met_on__gte=start, met_on__lte=end
        ).count(),
        "group_sessions": sessions["session_count"],
        "group_attendances": sessions["attendance_count"],
        "group_attendees": sessions["attendee_count"],
        "evaluations": Evaluation.objects.filter(
            scope_filter("pathway__enterprise", **scope), evaluated_on__gte=start, evaluated_on__lte=end
        ).count(),
        "internships": internships["total"],
        "internships_led_to_hire": internships["led_to_hire"],
        "referrals": sum(k["referrals"] for k in by_kind.values()),
        "hires": sum(k["hires"] for k in by_kind.values()),
        "by_employer_kind": by_kind,
    }

    # 6. Agreement(s): places and the (weighted) target.
    agreement_totals = FundingAgreement.objects.filter(in_scope, fiscal_year=fiscal_year.start_year).aggregate(
        agreements=Count("id"),
        places=Sum("participant_places"),
        weighted_target=Sum(
            ExpressionWrapper(
                F("participant_places") * F("target_integration_rate"),
                output_field=DecimalField(max_digits=14, decimal_places=4),
            )
        ),
    )
    integration_rate = _rate(outcomes["job"] + outcomes["school"], exits)
    places = agreement_totals["places"] or 0
    target = _rate(Decimal(str(agreement_totals["weighted_target"] or 0)), places) if places else None
    agreement = {
        "agreements": agreement_totals["agreements"],
        "participant_places": places if agreement_totals["agreements"] else None,
        "participants_served": totals["participants_served"],
        "places_gap": (totals["participants_served"] - places) if agreement_totals["agreements"] else None,
        "fill_rate": _rate(totals["participants_served"], places),
        "target_integration_rate": target,
        "integration_rate": integration_rate,
        "integration_gap": (
            float(Decimal(str(integration_rate)) - Decimal(str(target)))
            if integration_rate is not None and target is not None
            else None
        ),
    }

    return {
        "fiscal_year": fiscal_year.start_year,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "computed_on": timezone.localdate().isoformat(),
        "participants_served": totals["participants_served"],
        "new_starts": totals["new_starts"],
        "exits": exits,
        "completions": totals["completions"],
        "dropouts": totals["dropouts"],
        "dropout_reasons": dropout_reasons,
        "average_pathway_weeks": average_weeks,
        "participation_weeks": _weeks(totals["participation"]),
        "outcomes": outcomes,
        "integration_rate": integration_rate,
        "retention": retention,
        "profile": profile,
        "activity": activity,
        "agreement": agreement,
    }


def compute_enterprise_rows(*, fiscal_year: FiscalYear, region=None, sector=None) -> list[dict]:
    """One row per enterprise of an aggregate scope: people served, exits, integration rate and the
    agreement's places and target (two GROUP BY queries and one list of enterprises)."""
    start, end = fiscal_year.start, fiscal_year.end
    in_scope = scope_filter("enterprise", region=region, sector=sector)
    served_q = served_filter(fiscal_year)
    exit_q = Q(status__in=ENDED, actual_end_date__gte=start, actual_end_date__lte=end)
    figures = {
        row["enterprise_id"]: row
        for row in Pathway.objects.filter(in_scope)
        .values("enterprise_id")
        .annotate(
            served=Count("participant", distinct=True, filter=served_q),
            exits=Count("id", filter=exit_q),
            integrated=Count("id", filter=exit_q & Q(exit_outcome__in=[ExitOutcome.JOB, ExitOutcome.SCHOOL])),
        )
        .order_by("enterprise_id")
    }
    agreements = {
        row["enterprise_id"]: row
        for row in FundingAgreement.objects.filter(in_scope, fiscal_year=fiscal_year.start_year).values(
            "enterprise_id", "participant_places", "target_integration_rate"
        )
    }
    enterprise_q = Q(pk__in=set(figures) | set(agreements))
    if region is None and sector is None:
        enterprise_q |= Q(status=EnterpriseStatus.ACTIVE)
    elif region is not None:
        enterprise_q |= Q(status=EnterpriseStatus.ACTIVE, region_id=region.pk)
    else:
        enterprise_q |= Q(status=EnterpriseStatus.ACTIVE, sectors=sector)
    rows = []
    for enterprise in Enterprise.objects.filter(enterprise_q).distinct().order_by("name").only("name", "slug"):
        figure = figures.get(enterprise.pk, {"served": 0, "exits": 0, "integrated": 0})
        agreement = agreements.get(enterprise.pk)
        target = agreement["target_integration_rate"] if agreement else None
        rows.append(
            {
                "enterprise": enterprise.name,
                "slug": enterprise.slug,
                "participants_served": figure["served"],
                "exits": figure["exits"],
                "integrated": figure["integrated"],
                "integration_rate": _rate(figure["integrated"], figure["exits"]),
                "participant_places": agreement["participant_places"] if agreement else None,
                "target_integration_rate": float(Decimal(str(target))) if target is not None else None,
            }
        )
    return rows
