"""Reads of the employers app, each starting from a queryset scoped to the user (`visible_to`).
The pages fetch one row with `get_object_or_404(<selector>(user), pk=pk)`."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ceiq.accounts.models import User
from participants.choices import ConsentPurpose
from participants.models import Internship, Participant, active_consent

from .models import (
    Employer,
    EmployerMembership,
    JobOpening,
    OpeningStatus,
    Placement,
    Referral,
    RetentionCheckIn,
    employer_contact_rows,
)
from .profiles import with_profiles

OPENINGS_ON_EMPLOYER_PAGE = 50


# --- Employers ---------------------------------------------------------------------------------


def employer_queryset(user: User) -> QuerySet[Employer]:
    return Employer.objects.visible_to(user).select_related("sector", "region")


def employer_directory(user: User) -> QuerySet[Employer]:
    """The directory (page and CSV): each employer with its number of open openings."""
    open_openings = Count("openings", filter=Q(openings__status=OpeningStatus.OPEN), distinct=True)
    return employer_queryset(user).annotate(open_openings=open_openings).order_by("name", "pk")


def employer_openings(user: User, employer: Employer) -> QuerySet[JobOpening]:
    return (
        JobOpening.objects.visible_to(user)
        .filter(employer=employer)
        .select_related("trade", "region")
        .order_by("-created_at")[:OPENINGS_ON_EMPLOYER_PAGE]
    )


def employer_contacts(employer: Employer) -> QuerySet[EmployerMembership]:
    return (
        EmployerMembership.objects.filter(employer=employer, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def all_employer_contacts() -> QuerySet[EmployerMembership]:
    """Every employer contact of the network (network staff's page), with who invited them."""
    return EmployerMembership.objects.select_related("user", "employer", "invited_by", "scoped_enterprise").order_by(
        "employer__name", "user__last_name", "user__first_name", "pk"
    )


# --- Job openings ------------------------------------------------------------------------------


def opening_queryset(user: User) -> QuerySet[JobOpening]:
    return JobOpening.objects.visible_to(user).select_related("employer", "trade__sector", "region")


def _visible_referral_count(user: User) -> Coalesce:
    counts = (
        Referral.objects.visible_to(user)
        .filter(opening=OuterRef("pk"))
        .order_by()
        .values("opening")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def opening_list(user: User, *, employer: Employer | None = None) -> QuerySet[JobOpening]:
    """The openings the user sees (only `employer`'s when given), each with the referrals they see."""
    queryset = (
        JobOpening.objects.visible_to(user)
        .select_related("employer", "trade", "region")
        .annotate(referral_count=_visible_referral_count(user))
        .order_by("-created_at", "-pk")
    )
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    return queryset


def opening_creation_employers(employer: Employer | None) -> QuerySet[Employer]:
    """Whose opening a new one may be: the employer's own, or (from an enterprise) the directory."""
    if employer is not None:
        return Employer.objects.filter(pk=employer.pk)
    return Employer.objects.all()


def opening_referrals_for_employer(user: User, opening: JobOpening) -> list[Referral]:
    return list(
        with_profiles(
            Referral.objects.visible_to(user).filter(opening=opening).select_related("opening__employer")
        ).order_by("-proposed_at", "-pk")
    )


def opening_referrals_for_staff(user: User, opening: JobOpening) -> QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user)
        .filter(opening=opening)
        .select_related("participant", "enterprise", "placement")
        .order_by("-proposed_at", "-pk")
    )


# --- Referrals ---------------------------------------------------------------------------------


def participant_queryset(user: User) -> QuerySet[Participant]:
    return Participant.objects.seen_by(user).select_related("enterprise", "region")


def enterprise_referrals(user: User, enterprise_id: int) -> QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user)
        .filter(enterprise_id=enterprise_id)
        .select_related("participant", "opening__employer", "proposed_by")
        .order_by("-updated_at", "-pk")
    )


def referral_with_profile_queryset(user: User) -> QuerySet[Referral]:
    return with_profiles(
        Referral.objects.visible_to(user).select_related(
            "opening__employer", "opening__trade", "opening__region", "enterprise", "proposed_by"
        )
    )


def referral_queryset(user: User) -> QuerySet[Referral]:
    return Referral.objects.visible_to(user).select_related("opening__employer", "enterprise")


def referral_placement(referral: Referral) -> Placement | None:
    return Placement.objects.filter(referral=referral).first()


def referral_transitions(referral: Referral) -> QuerySet:
    return referral.transitions.select_related("by").order_by("at", "pk")


# --- Employer portal ---------------------------------------------------------------------------


def employer_candidates(user: User, employer: Employer) -> QuerySet[Referral]:
    """The candidates proposed to the employer, with their consented profiles."""
    return with_profiles(
        Referral.objects.visible_to(user)
        .filter(opening__employer=employer)
        .select_related("opening__employer", "placement")
    ).order_by("-proposed_at", "-pk")


def employer_internships(user: User, employer: Employer) -> QuerySet[Internship]:
    """The employer's internships whose participant consented to sharing a profile with employers
    (a contact not yet confirmed for the whole employer: those of the enterprise that invited them)."""
    return with_profiles(
        Internship.objects.filter(employer=employer)
        .filter(employer_contact_rows(user, enterprise_field="pathway__enterprise_id"))
        .alias(_consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, "pathway__participant_id"))
        .filter(_consent=True)
        .select_related("employer", "pathway__participant"),
        prefix="pathway__participant__",
    ).order_by("-start_date", "-pk")


def placement_queryset(user: User) -> QuerySet[Placement]:
    return Placement.objects.visible_to(user)


def placement_with_profile_queryset(user: User) -> QuerySet[Placement]:
    return with_profiles(
        Placement.objects.visible_to(user).select_related("employer", "enterprise", "referral__opening")
    ).prefetch_related("check_ins")


def checkin_queryset(user: User) -> QuerySet[RetentionCheckIn]:
    return RetentionCheckIn.objects.visible_to(user).select_related("placement__employer")
