"""The consented candidate profile: the ONLY participant data an employer ever receives (docs/product.md, "Employers").

Employer-facing templates, CSV files and emails get these dataclasses, never a Participant, a
Referral or a Placement model instance: a field that is not listed here cannot leak by accident.
Allowed: first name + last initial, trade, competencies/qualifications obtained, the strengths
summary written for employers, availability date, region, whether the pathway is completed.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from participants.choices import OPEN_PATHWAY_STATUSES, PathwayStatus
from participants.models import Pathway, Qualification

from .models import ReferralStatus


@dataclass(frozen=True)
class CandidateProfile:
    display_name: str
    trade: str
    qualifications: tuple[str, ...]
    strengths_summary: str
    available_from: date | None
    region: str
    pathway_completed: bool


def profile_prefetches(prefix: str) -> tuple[list[str], list[Prefetch]]:
    """select_related paths and prefetches that build profiles for `prefix` + participant without
    a query per row (prefix e.g. "participant__" on referrals, "pathway__participant__" on internships)."""
    root = prefix
    related = [f"{root}region", f"{root}enterprise__region"]
    prefetches: list[Prefetch] = [
        Prefetch(
            f"{root}pathways",
            queryset=Pathway.objects.select_related("trade").order_by("-start_date", "-pk"),
            to_attr="profile_pathways",
        ),
        Prefetch(
            f"{root}qualifications",
            queryset=Qualification.objects.only("pk", "participant_id", "title", "obtained_on").order_by(
                "obtained_on", "pk"
            ),
            to_attr="profile_qualifications",
        ),
    ]
    return related, prefetches


def with_profiles(queryset, prefix: str = "participant__"):
    related, prefetches = profile_prefetches(prefix)
    return queryset.select_related(*related).prefetch_related(*prefetches)


def _availability(participant, pathway) -> date | None:
    if participant.available_from:
        return participant.available_from
    if pathway is None:
        return None
    if pathway.status in OPEN_PATHWAY_STATUSES or pathway.status == PathwayStatus.PLANNED:
        return pathway.planned_end_date
    return pathway.actual_end_date


def build_profile(participant) -> CandidateProfile:
    """Reads only the whitelisted fields. Expects the prefetches of `profile_prefetches`."""
    pathways = getattr(participant, "profile_pathways", None)
    if pathways is None:
        pathways = list(participant.pathways.select_related("trade").order_by("-start_date", "-pk"))
    qualifications = getattr(participant, "profile_qualifications", None)
    if qualifications is None:
        qualifications = list(participant.qualifications.order_by("obtained_on", "pk"))
    pathway = pathways[0] if pathways else None
    region = participant.region or participant.enterprise.region
    return CandidateProfile(
        display_name=participant.display_name_for_employers,
        trade=pathway.trade.name if pathway else "",
        qualifications=tuple(q.title for q in qualifications),
        strengths_summary=participant.strengths_summary,
        available_from=_availability(participant, pathway),
        region=str(region) if region else "",
        pathway_completed=bool(pathway and pathway.status == PathwayStatus.COMPLETED),
    )


@dataclass(frozen=True)
class EmployerReferral:
    """A referral as its employer sees it."""

    pk: int
    status: str
    status_label: str
    opening_pk: int
    opening_title: str
    employer_name: str
    proposed_at: object
    decline_reason_label: str
    employer_feedback: str
    placement_pk: int | None
    profile: CandidateProfile


def employer_referral(referral) -> EmployerReferral:
    placement = getattr(referral, "placement", None) if referral.status == ReferralStatus.HIRED else None
    return EmployerReferral(
        pk=referral.pk,
        status=referral.status,
        status_label=str(referral.get_status_display()),
        opening_pk=referral.opening_id,
        opening_title=referral.opening.title,
        employer_name=referral.opening.employer.name,
        proposed_at=referral.proposed_at,
        decline_reason_label=str(referral.get_decline_reason_display()) if referral.decline_reason else "",
        employer_feedback=referral.employer_feedback,
        placement_pk=placement.pk if placement else None,
        profile=build_profile(referral.participant),
    )


@dataclass(frozen=True)
class EmployerInternship:
    pk: int
    employer_name: str
    start_date: date
    end_date: date | None
    employer_supervisor: str
    led_to_hire: bool
    profile: CandidateProfile


def employer_internship(internship) -> EmployerInternship:
    return EmployerInternship(
        pk=internship.pk,
        employer_name=internship.employer.name,
        start_date=internship.start_date,
        end_date=internship.end_date,
        employer_supervisor=internship.employer_supervisor,
        led_to_hire=internship.led_to_hire,
        profile=build_profile(internship.pathway.participant),
    )


@dataclass(frozen=True)
class EmployerCheckIn:
    pk: int
    requested_on: date
    answered_at: object
    still_employed: bool | None
    comment: str


@dataclass(frozen=True)
class EmployerPlacement:
    pk: int
    employer_name: str
    job_title: str
    employment_type_label: str
    hourly_wage: object
    weekly_hours: object
    start_date: date
    check_ins: tuple[EmployerCheckIn, ...]
    profile: CandidateProfile


def employer_placement(placement) -> EmployerPlacement:
    return EmployerPlacement(
        pk=placement.pk,
        employer_name=placement.employer.name,
        job_title=placement.job_title,
        employment_type_label=str(placement.get_employment_type_display()),
        hourly_wage=placement.hourly_wage,
        weekly_hours=placement.weekly_hours,
        start_date=placement.start_date,
        check_ins=tuple(
            EmployerCheckIn(
                pk=c.pk,
                requested_on=c.requested_on,
                answered_at=c.answered_at,
                still_employed=c.still_employed,
                comment=c.comment,
            )
            for c in placement.check_ins.all()
        ),
        profile=build_profile(placement.participant),
    )
