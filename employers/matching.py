"""Matching (appariement): rank an enterprise's candidates for a job opening, and the open openings
for one participant, with the same explained score.

Score (0–100), computed in SQL so the ranking costs one query whatever the row count:
- trade: the same trade as the opening 50, another trade of the same sector 20;
- region: the participant's region (or, when unknown, the enterprise's) is the opening's 30;
- availability: available by the opening's start date (or no start date) 20, within four weeks after 10.
Order: score (highest first), then planned end of the pathway (or the opening's start date), then id.

Only participants of the user's enterprise whose sharing-with-employers consent is active are ever
candidates: those whose pathway is active and ends within the horizon, and those whose pathway has
ended within the last CEIQ_MATCHING_LEAVER_MONTHS months (ceiq/settings/base.py; None: no bound), who have
no hire yet and are looking for work. The bound keeps the pool from growing with every year of
history (docs/performance.md): past two years, a "still seeking" record is a year older than the
last post-pathway follow-up and no longer says whether the person is looking.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, DateField, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participants.choices import (
    ENDED_PATHWAY_STATUSES,
    ConsentPurpose,
    ExitOutcome,
    PathwayStatus,
    PostPathwaySituation,
)
from participants.models import Pathway, PostPathwayFollowUp, active_consent

from .models import JobOpening, OpeningStatus, Placement, Referral, ReferralStatus

TRADE_POINTS = 50
SECTOR_POINTS = 20
REGION_POINTS = 30
AVAILABLE_POINTS = 20
AVAILABLE_SOON_POINTS = 10
AVAILABILITY_GRACE = timedelta(weeks=4)

# An ended pathway whose person still looks for work (no job, no school at exit).
SEEKING_EXIT_OUTCOMES = (ExitOutcome.JOB_SEARCH, ExitOutcome.UNKNOWN, "")
NOT_SEEKING_SITUATIONS = (
    PostPathwaySituation.EMPLOYED_SAME,
    PostPathwaySituation.EMPLOYED_OTHER,
    PostPathwaySituation.IN_SCHOOL,
)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Candidate:
    participant_id: int
    pathway_id: int
    full_name: str
    trade: str
    pathway_status: str
    pathway_status_label: str
    planned_end_date: date
    available_on: date
    region: str
    score: int
    reasons: tuple[str, ...]
    referral_status: str = ""
    referral_status_label: str = ""

    @property
    def already_referred(self) -> bool:
        return bool(self.referral_status)


@dataclass(frozen=True)
class OpeningMatch:
    opening_id: int
    title: str
    employer_name: str
    trade: str
    region: str
    start_date: date | None
    positions: int
    score: int
    reasons: tuple[str, ...]
    referral_status: str = ""
    referral_status_label: str = ""


def _trade_reason(trade_points: int, trade_name: str) -> str:
    if trade_points == TRADE_POINTS:
        return _("Same trade: %(trade)s (+%(points)s)") % {"trade": trade_name, "points": TRADE_POINTS}
    if trade_points == SECTOR_POINTS:
        return _("Another trade of the same sector (+%(points)s)") % {"points": SECTOR_POINTS}
    return _("Trade and sector differ (+0)")


def _region_reason(region_points: int, *, from_enterprise: bool) -> str:
    if region_points and from_enterprise:
        return _("The enterprise is in the opening's region (+%(points)s)") % {"points": REGION_POINTS}
    if region_points:
        return _("Lives in the opening's region (+%(points)s)") % {"points": REGION_POINTS}
    return _("Another region (+0)")


def _availability_reason(points: int, available_on: date | None, start_date: date | None) -> str:
    when = date_format(available_on, "DATE_FORMAT") if available_on else _("unknown")
    if start_date is None:
        return _("The opening has no start date; available from %(date)s (+%(points)s)") % {
            "date": when,
            "points": AVAILABLE_POINTS,
        }
    if points == AVAILABLE_POINTS:
        return _("Available from %(date)s, by the start date (+%(points)s)") % {"date": when, "points": points}
    if points == AVAILABLE_SOON_POINTS:
        return _("Available from %(date)s, less than four weeks after the start date (+%(points)s)") % {
            "date": when,
            "points": points,
        }
    return _("Available from %(date)s, well after the start date (+0)") % {"date": when}


def _availability_points(start_date):
    """Availability points from the `_available_on` annotation."""
    if start_date is None:
        return Value(AVAILABLE_POINTS)
    return Case(
        When(Q(_available_on__lte=start_date), then=Value(AVAILABLE_POINTS)),
        When(Q(_available_on__lte=start_date + AVAILABILITY_GRACE), then=Value(AVAILABLE_SOON_POINTS)),
        default=Value(0),
        output_field=IntegerField(),
    )


def candidate_pathways(enterprise, *, today: date | None = None, weeks: int | None = None):
    """The pathways (one per participant: their latest) whose participant may be proposed to an
    employer now. Consent and enterprise are enforced here, whatever the caller."""
    today = today or timezone.localdate()
    weeks = settings.CEIQ_MATCHING_HORIZON_WEEKS if weeks is None else weeks
    newer_pathway = Pathway.objects.filter(participant=OuterRef("participant_id")).filter(
        Q(start_date__gt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), pk__gt=OuterRef("pk"))
    )
    latest_situation = (
        PostPathwayFollowUp.objects.filter(pathway=OuterRef("pk"), done_on__isnull=False)
        .order_by("-done_on", "-pk")
        .values("situation")[:1]
    )
    active_soon = Q(status=PathwayStatus.ACTIVE, planned_end_date__lte=today + timedelta(weeks=weeks))
    ended_seeking = (
        Q(status__in=ENDED_PATHWAY_STATUSES, exit_outcome__in=SEEKING_EXIT_OUTCOMES)
        & ~Q(_has_placement=True)
        & (Q(_latest_situation__isnull=True) | ~Q(_latest_situation__in=NOT_SEEKING_SITUATIONS))
    )
    months = settings.CEIQ_MATCHING_LEAVER_MONTHS
    if months is not None:
        ended_seeking &= Q(actual_end_date__gte=months_before(today, months))
    return (
        Pathway.objects.filter(enterprise=enterprise, participant__enterprise=enterprise)
        .filter(participant__anonymized_at__isnull=True)
        .alias(
            _consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, "participant_id"),
            _newer=Exists(newer_pathway),
            _has_placement=Exists(Placement.objects.filter(participant=OuterRef("participant_id"))),
            _latest_situation=Subquery(latest_situation),
        )
        .filter(_consent=True, _newer=False)
        .filter(active_soon | ended_seeking)
    )


def candidates_for_opening(opening: JobOpening, enterprise, *, today=None, weeks=None) -> list[Candidate]:
    today = today or timezone.localdate()
    trade = opening.trade
    referral_status = Referral.objects.filter(opening=opening, participant=OuterRef("participant_id")).values("status")[
        :1
    ]
    rows = (
        candidate_pathways(enterprise, today=today, weeks=weeks)
        .select_related("participant__region", "trade", "enterprise__region")
        .annotate(
            _available_on=Coalesce(
                "participant__available_from",
                Case(
                    When(status=PathwayStatus.ACTIVE, then=F("planned_end_date")),
                    default=F("actual_end_date"),
                    output_field=DateField(),
                ),
                Value(today),
                output_field=DateField(),
            ),
        )
        .annotate(
            trade_points=Case(
                When(trade_id=trade.pk, then=Value(TRADE_POINTS)),
                When(trade__sector_id=trade.sector_id, then=Value(SECTOR_POINTS)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            region_points=Case(
                When(participant__region_id=opening.region_id, then=Value(REGION_POINTS)),
                When(
                    participant__region__isnull=True, enterprise__region_id=opening.region_id, then=Value(REGION_POINTS)
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
            availability_points=_availability_points(opening.start_date),
            referral_status=Subquery(referral_status),
        )
        .annotate(score=F("trade_points") + F("region_points") + F("availability_points"))
        .order_by("-score", "planned_end_date", "participant_id")
    )
    labels = dict(ReferralStatus.choices)
    candidates = []
    for pathway in rows:
        participant = pathway.participant
        region = participant.region or pathway.enterprise.region
        candidates.append(
            Candidate(
                participant_id=participant.pk,
                pathway_id=pathway.pk,
                full_name=str(participant),
                trade=pathway.trade.name,
                pathway_status=pathway.status,
                pathway_status_label=str(pathway.get_status_display()),
                planned_end_date=pathway.planned_end_date,
                available_on=pathway._available_on,
                region=str(region),
                score=pathway.score,
                reasons=(
                    _trade_reason(pathway.trade_points, pathway.trade.name),
                    _region_reason(pathway.region_points, from_enterprise=participant.region_id is None),
                    _availability_reason(pathway.availability_points, pathway._available_on, opening.start_date),
                ),
                referral_status=pathway.referral_status or "",
                referral_status_label=str(labels.get(pathway.referral_status, "")),
            )
        )
    return candidates


@dataclass
class ParticipantFit:
    """What matching knows about one participant before ranking openings for them."""

    eligible: bool
    trade_id: int | None = None
    sector_id: int | None = None
    region_id: int | None = None
    region_from_enterprise: bool = False
    available_on: date | None = None
    problems: list[str] = field(default_factory=list)


def participant_fit(participant, *, today=None) -> ParticipantFit:
    """One query for the participant's latest pathway and consent."""
    today = today or timezone.localdate()
    pathway = (
        Pathway.objects.filter(participant=participant)
        .select_related("trade")
        .order_by("-start_date", "-pk")
        .annotate(has_consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, "participant_id"))
        .first()
    )
    problems = []
    if pathway is None:
        consent = participant.consents.filter(purpose=ConsentPurpose.EMPLOYER_SHARING, withdrawn_at__isnull=True)
        has_consent = consent.exists()
        problems.append(_("This person has no pathway."))
    else:
        has_consent = pathway.has_consent
    if not has_consent:
        problems.append(_("This person has not consented to sharing a profile with employers."))
    available_on = participant.available_from
    if available_on is None and pathway is not None:
        available_on = pathway.planned_end_date if pathway.status == PathwayStatus.ACTIVE else pathway.actual_end_date
    return ParticipantFit(
        eligible=has_consent and pathway is not None,
        trade_id=pathway.trade_id if pathway else None,
        sector_id=pathway.trade.sector_id if pathway else None,
        region_id=participant.region_id or participant.enterprise.region_id,
        region_from_enterprise=participant.region_id is None,
        available_on=available_on or today,
        problems=problems,
    )


def openings_for_participant(participant, *, user, today=None) -> tuple[ParticipantFit, list[OpeningMatch]]:
    """The open openings ranked for one participant with the same score (one query for the openings)."""
    fit = participant_fit(participant, today=today)
    available_on = fit.available_on or today or timezone.localdate()
    referral_status = Referral.objects.filter(opening=OuterRef("pk"), participant=participant).values("status")[:1]
    rows = (
        JobOpening.objects.visible_to(user)
        .filter(status=OpeningStatus.OPEN)
        .select_related("employer", "trade", "region")
        .annotate(
            trade_points=Case(
                When(trade_id=fit.trade_id or 0, then=Value(TRADE_POINTS)),
                When(trade__sector_id=fit.sector_id or 0, then=Value(SECTOR_POINTS)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            region_points=Case(
                When(region_id=fit.region_id or 0, then=Value(REGION_POINTS)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            availability_points=Case(
                When(start_date__isnull=True, then=Value(AVAILABLE_POINTS)),
                When(start_date__gte=available_on, then=Value(AVAILABLE_POINTS)),
                When(start_date__gte=available_on - AVAILABILITY_GRACE, then=Value(AVAILABLE_SOON_POINTS)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            referral_status=Subquery(referral_status),
        )
        .annotate(score=F("trade_points") + F("region_points") + F("availability_points"))
        .order_by("-score", F("start_date").asc(nulls_last=True), "pk")
    )
    labels = dict(ReferralStatus.choices)
    matches = [
        OpeningMatch(
            opening_id=opening.pk,
            title=opening.title,
            employer_name=opening.employer.name,
            trade=opening.trade.name,
            region=str(opening.region),
            start_date=opening.start_date,
            positions=opening.positions,
            score=opening.score,
            reasons=(
                _trade_reason(opening.trade_points, opening.trade.name),
                _region_reason(opening.region_points, from_enterprise=fit.region_from_enterprise),
                _availability_reason(opening.availability_points, available_on, opening.start_date),
            ),
            referral_status=opening.referral_status or "",
            referral_status_label=str(labels.get(opening.referral_status, "")),
        )
        for opening in rows
    ]
    return fit, matches
