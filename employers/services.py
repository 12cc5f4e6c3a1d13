"""Writes of the employers app. Each function checks its actor's permission itself, validates, saves
in one transaction (`@service`, history attributed to the actor) and logs its transitions; emails go
out after commit through Celery tasks that take ids (`queue`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ceiq.accounts.models import Invitation, User
from ceiq.accounts.roles import ContextKind
from ceiq.accounts.services import invitation_create
from ceiq.core.queue import enqueue_after_commit
from ceiq.core.services import model_update, require, service
from enterprises.models import Enterprise
from participants.choices import OPEN_PATHWAY_STATUSES, ConsentPurpose, ExitOutcome, PathwayStatus
from participants.models import Participant, Pathway, active_consent
from participants.permissions import can_manage_pathways
from participants.services import pathway_exit

from .models import (
    DeclineReason,
    Employer,
    EmployerLink,
    EmployerMembership,
    JobOpening,
    OpeningStatus,
    Placement,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RetentionCheckIn,
    referral_move_allowed,
)
from .permissions import (
    REFERRAL_ROLES,
    can_act_on_referral,
    can_answer_checkin,
    can_create_employer,
    can_create_opening,
    can_edit_employer,
    can_edit_opening,
    can_invite_employer_contact,
    can_manage_employer_contacts,
    can_mark_referrals_seen,
    can_notify_employer_of_checkin,
    can_notify_employer_of_referral,
    can_propose_referral,
    can_request_checkin,
    can_withdraw_referral,
)
from .profiles import build_profile, with_profiles
from .queue import NOTIFY_CHECKIN_REQUESTED, NOTIFY_REFERRAL_PROPOSED

# The fields a person may set on an employer and an opening (the forms show these).
EMPLOYER_FIELDS = (
    "name",
    "neq",
    "kind",
    "sector",
    "region",
    "city",
    "size",
    "contact_name",
    "contact_email",
    "contact_phone",
)
OPENING_FIELDS = (
    "employer",
    "title",
    "trade",
    "region",
    "positions",
    "requirements",
    "schedule",
    "hourly_wage",
    "start_date",
    "status",
)
OPENING_UPDATE_FIELDS = tuple(name for name in OPENING_FIELDS if name != "employer")


def _checked_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"fields not allowed here: {sorted(unknown)}")
    return dict(data)


# --- Employers (directory) -------------------------------------------------------------------


@service
def employer_create(*, actor: User, data: Mapping[str, Any]) -> Employer:
    require(can_create_employer(actor))
    employer = Employer(**_checked_fields(data, EMPLOYER_FIELDS), created_by=actor)
    employer.full_clean(exclude=["created_by"])
    employer.save()
    return employer


@service
def employer_update(*, actor: User, employer: Employer, data: Mapping[str, Any]) -> Employer:
    require(can_edit_employer(actor, employer))
    # From the database under a lock: a bound ModelForm has already copied its values onto its instance.
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    employer, _changed = model_update(instance=employer, fields=EMPLOYER_FIELDS, data=data)
    return employer


@service
def employer_contact_invite(
    *, actor: User, employer: Employer, email: str, enterprise: Enterprise | None = None
) -> Invitation:
    """Invite a contact for `employer`: network staff for any employer (the contact sees all its
    candidates); a director or coordinator for `enterprise`, their current one, which must work with
    the employer (the contact sees that enterprise's candidates until network staff confirm them)."""
    require(can_invite_employer_contact(actor, employer, enterprise))
    sponsor = None if actor.is_network_staff else enterprise
    return invitation_create(actor=actor, email=email, kind=ContextKind.EMPLOYER, employer=employer, sponsor=sponsor)


# --- Job openings -----------------------------------------------------------------------------


@service
def opening_create(*, actor: User, data: Mapping[str, Any], enterprise: Enterprise | None = None) -> JobOpening:
    """Create an opening. From an enterprise context, a new opening is recorded on the employer's
    behalf (`recorded_by_enterprise`)."""
    opening = JobOpening(**_checked_fields(data, OPENING_FIELDS), created_by=actor)
    employer = opening.employer if opening.employer_id else None
    own_employer = employer is not None and employer.pk in actor.employer_ids
    require(can_create_opening(actor, enterprise=None if own_employer else enterprise, employer=employer))
    opening.recorded_by_enterprise = None if own_employer else enterprise
    opening.full_clean(exclude=["created_by"])
    opening.save()
    return opening


@service
def opening_update(*, actor: User, opening: JobOpening, data: Mapping[str, Any]) -> JobOpening:
    opening = JobOpening.objects.select_for_update().get(pk=opening.pk)
    require(can_edit_opening(actor, opening))
    opening, _changed = model_update(instance=opening, fields=OPENING_UPDATE_FIELDS, data=data)
    return opening


# --- Referrals --------------------------------------------------------------------------------


def _log_transition(
    referral: Referral, *, from_status: str, to_status: str, actor: User, note: str = ""
) -> ReferralTransition:
    return ReferralTransition.objects.create(
        referral=referral, from_status=from_status, to_status=to_status, by=actor, note=note
    )


def _transition(
    referral: Referral, *, to_status: str, actor: User, note: str = "", extra_fields: Sequence[str] = ()
) -> Referral:
    from_status = referral.status
    if not referral_move_allowed(from_status, to_status):
        raise ValidationError(
            _("This candidate cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ReferralStatus(from_status).label, "to": ReferralStatus(to_status).label}
        )
    referral.status = to_status
    referral.full_clean(exclude=["proposed_by"], validate_unique=False)
    referral.save(update_fields=["status", "updated_at", *extra_fields])
    _log_transition(referral, from_status=from_status, to_status=to_status, actor=actor, note=note)
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("opening__employer").get(pk=referral.pk)


@service
def referral_propose(
    *, actor: User, opening: JobOpening, enterprise: Enterprise | None, participant_ids: Iterable[int | str]
) -> list[Referral]:
    """Propose candidates of `enterprise` for an opening. Each must belong to the enterprise and
    have an active sharing-with-employers consent; the employer's contacts get an email."""
    require(can_propose_referral(actor, enterprise, opening))
    wanted = {int(pk) for pk in participant_ids}
    if not wanted:
        raise ValidationError(_("Choose at least one candidate."))
    eligible = set(
        Participant.objects.filter(enterprise=enterprise, pk__in=wanted, anonymized_at__isnull=True)
        .filter(active_consent(ConsentPurpose.EMPLOYER_SHARING))
        .values_list("pk", flat=True)
    )
    if wanted - eligible:
        raise ValidationError(
            _("Only participants of your enterprise who consented to sharing their profile can be proposed.")
        )
    already = set(
        Referral.objects.filter(opening=opening, participant_id__in=wanted).values_list("participant_id", flat=True)
    )
    if already:
        raise ValidationError(_("At least one of these people was already proposed for this opening."))
    referrals = []
    for participant_id in sorted(wanted):
        referral = Referral(opening=opening, participant_id=participant_id, enterprise=enterprise, proposed_by=actor)
        referral.full_clean()
        referral.save()
        _log_transition(referral, from_status="", to_status=ReferralStatus.PROPOSED, actor=actor)
        referrals.append(referral)
    for referral in referrals:
        enqueue_after_commit(NOTIFY_REFERRAL_PROPOSED, referral.pk)
    return referrals


@service
def referral_mark_seen(*, actor: User, referrals: Sequence[Referral]) -> int:
    """The employer opened the page listing these candidates: proposed → seen (three queries at most,
    whatever the number of candidates)."""
    require(can_mark_referrals_seen(actor, referrals))
    wanted = [referral.pk for referral in referrals if referral.status == ReferralStatus.PROPOSED]
    if not wanted:
        return 0
    locked = set(
        Referral.objects.select_for_update()
        .filter(pk__in=wanted, status=ReferralStatus.PROPOSED)
        .values_list("pk", flat=True)
    )
    if not locked:
        return 0
    Referral.objects.filter(pk__in=locked).update(status=ReferralStatus.SEEN, updated_at=timezone.now())
    ReferralTransition.objects.bulk_create(
        ReferralTransition(referral_id=pk, from_status=ReferralStatus.PROPOSED, to_status=ReferralStatus.SEEN, by=actor)
        for pk in sorted(locked)
    )
    for referral in referrals:
        if referral.pk in locked:
            referral.status = ReferralStatus.SEEN
    return len(locked)


@service
def referral_interview(*, actor: User, referral: Referral, note: str = "") -> Referral:
    referral = _locked(referral)
    require(can_act_on_referral(actor, referral))
    return _transition(referral, to_status=ReferralStatus.INTERVIEW, actor=actor, note=note)


@service
def referral_decline(*, actor: User, referral: Referral, reason: str, comment: str = "") -> Referral:
    referral = _locked(referral)
    require(can_act_on_referral(actor, referral))
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose a reason.")})
    referral.decline_reason = reason
    referral.employer_feedback = comment.strip()
    return _transition(
        referral,
        to_status=ReferralStatus.DECLINED,
        actor=actor,
        note=comment.strip(),
        extra_fields=("decline_reason", "employer_feedback"),
    )


@service
def referral_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    referral = _locked(referral)
    require(can_withdraw_referral(actor, referral))
    return _transition(referral, to_status=ReferralStatus.WITHDRAWN, actor=actor, note=note)


def _pathway_exit_actor(actor: User, referral: Referral) -> User:
    """pathway_exit is an enterprise-side write: when the employer records the hire, the exit is made
    in the name of the staff member who proposed the candidate (if they still hold the role)."""
    if actor.role_in(referral.enterprise_id) in REFERRAL_ROLES:
        return actor
    proposer = referral.proposed_by
    if proposer is not None and proposer.is_active and proposer.role_in(referral.enterprise_id) in REFERRAL_ROLES:
        return proposer
    return actor


def _exit_pathway_for_job(*, actor: User, pathway: Pathway, end_date: date, done_by: User) -> None:
    """Close an open pathway with the outcome “job” (which also schedules its post-pathway follow-ups);
    the transition credits `done_by`, who recorded the hire."""
    pathway_exit(
        actor=actor,
        done_by=done_by,
        pathway=pathway,
        end_date=end_date,
        status=PathwayStatus.COMPLETED,
        exit_outcome=ExitOutcome.JOB,
        exit_notes=_("Hired through a referral to an employer."),
    )


def _mark_filled_when_complete(opening_id: int) -> None:
    opening = JobOpening.objects.select_for_update().get(pk=opening_id)
    hired = Referral.objects.filter(opening=opening, status=ReferralStatus.HIRED).count()
    if opening.status == OpeningStatus.OPEN and hired >= opening.positions:
        opening.status = OpeningStatus.FILLED
        opening.save(update_fields=["status", "updated_at"])


@service
def referral_hire(
    *,
    actor: User,
    referral: Referral,
    job_title: str,
    employment_type: str,
    start_date: date,
    hourly_wage: Decimal | None = None,
    weekly_hours: Decimal | None = None,
) -> Placement:
    """The employer hires the candidate: a Placement, the referral closed as hired, the pathway's exit
    outcome fed (job), and the opening marked filled once every position is hired."""
    referral = _locked(referral)
    require(can_act_on_referral(actor, referral))
    pathway = Pathway.objects.filter(participant_id=referral.participant_id).order_by("-start_date", "-pk").first()
    placement = Placement(
        participant_id=referral.participant_id,
        pathway=pathway,
        enterprise_id=referral.enterprise_id,
        employer_id=referral.opening.employer_id,
        referral=referral,
        job_title=job_title,
        employment_type=employment_type,
        hourly_wage=hourly_wage,
        weekly_hours=weekly_hours,
        start_date=start_date,
        created_by=actor,
    )
    placement.full_clean()
    placement.save()
    _transition(referral, to_status=ReferralStatus.HIRED, actor=actor)
    if pathway is not None and pathway.status in OPEN_PATHWAY_STATUSES:
        today = timezone.localdate()
        end_date = max(pathway.start_date, min(start_date, today))
        _exit_pathway_for_job(
            actor=_pathway_exit_actor(actor, referral), pathway=pathway, end_date=end_date, done_by=actor
        )
    _mark_filled_when_complete(referral.opening_id)
    return placement


def _employer_contact_emails(employer_id: int) -> list[str]:
    return list(
        EmployerMembership.objects.filter(employer_id=employer_id, is_active=True, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _email_employer_contacts(employer_id: int, *, subject: str, template: str, context: dict[str, Any]) -> int:
    """Send one email to each active contact of the employer (in the portal's language)."""
    recipients = _employer_contact_emails(employer_id)
    body = render_to_string(template, context)
    for email in recipients:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    return len(recipients)


def _absolute(url: str) -> str:
    return settings.CEIQ_BASE_URL.rstrip("/") + url


@service
def referral_notify_employer(*, actor: User, referral_id: int) -> int:
    """Email the employer's contacts about a proposed candidate: the consented profile and a link,
    nothing else. Sent in the name of `actor` (who proposed the candidate, checked again here).
    Idempotent: sent once; never for a withdrawn referral or without consent."""
    locked = Referral.objects.select_for_update().filter(pk=referral_id).values_list("employer_notified_at", flat=True)
    if not locked or locked[0] is not None:
        return 0
    referral = (
        with_profiles(Referral.objects.filter(pk=referral_id).select_related("opening__employer"))
        .filter(active_consent(ConsentPurpose.EMPLOYER_SHARING, "participant_id"))
        .exclude(status=ReferralStatus.WITHDRAWN)
        .first()
    )
    if referral is None:
        return 0
    require(can_notify_employer_of_referral(actor, referral))
    with translation.override(settings.LANGUAGE_CODE):
        sent = _email_employer_contacts(
            referral.opening.employer_id,
            subject=_("A candidate is proposed for your opening “%(title)s”") % {"title": referral.opening.title},
            template="employers/email/referral_proposed.txt",
            context={
                "profile": build_profile(referral.participant),
                "opening_title": referral.opening.title,
                "employer_name": referral.opening.employer.name,
                "url": _absolute(reverse("employers:referral_detail", args=[referral.pk])),
            },
        )
    Referral.objects.filter(pk=referral_id).update(employer_notified_at=timezone.now())
    return sent


# --- Retention check-ins ----------------------------------------------------------------------


@service
def checkin_request(*, actor: User, placement: Placement) -> RetentionCheckIn:
    require(can_request_checkin(actor, placement))
    if RetentionCheckIn.objects.filter(placement=placement).pending().exists():
        raise ValidationError(_("A check-in already waits for the employer's answer."))
    check_in = RetentionCheckIn(placement=placement, requested_on=timezone.localdate(), requested_by=actor)
    check_in.full_clean(exclude=["answered_by"])
    check_in.save()
    enqueue_after_commit(NOTIFY_CHECKIN_REQUESTED, check_in.pk)
    return check_in


@service
def checkin_notify_employer(*, actor: User, check_in_id: int) -> int:
    """Email the employer's contacts a link to answer a retention check-in (no personal details), in
    the name of `actor` (who asked for it, checked again here)."""
    check_in = (
        RetentionCheckIn.objects.filter(pk=check_in_id, answered_at__isnull=True)
        .select_related("placement__employer")
        .first()
    )
    if check_in is None:
        return 0
    require(can_notify_employer_of_checkin(actor, check_in))
    with translation.override(settings.LANGUAGE_CODE):
        return _email_employer_contacts(
            check_in.placement.employer_id,
            subject=_("Is this person still employed with you?"),
            template="employers/email/checkin_requested.txt",
            context={
                "job_title": check_in.placement.job_title,
                "url": _absolute(reverse("employers:checkin_answer", args=[check_in.pk])),
            },
        )


@service
def checkin_answer(
    *, actor: User, check_in: RetentionCheckIn, still_employed: bool, comment: str = ""
) -> RetentionCheckIn:
    check_in = RetentionCheckIn.objects.select_for_update().select_related("placement").get(pk=check_in.pk)
    require(can_answer_checkin(actor, check_in))
    check_in, _changed = model_update(
        instance=check_in,
        fields=("still_employed", "comment", "answered_at", "answered_by"),
        data={
            "still_employed": still_employed,
            "comment": comment.strip(),
            "answered_at": timezone.now(),
            "answered_by": actor,
        },
    )
    return check_in


# The hire recorded from a participant's exit form --------------------------------------------------


@service
def placement_record(
    *, actor: User, pathway: Pathway, employer: Employer, job_title: str, start_date: date
) -> Placement:
    """The hire recorded when a pathway ends with a job (participants' exit calls it through the
    placement recorder registered in EmployersConfig.ready)."""
    require(can_manage_pathways(actor, pathway.participant))
    placement = Placement(
        participant=pathway.participant,
        pathway=pathway,
        enterprise=pathway.enterprise,
        employer=employer,
        job_title=job_title,
        start_date=start_date,
        created_by=actor,
    )
    placement.full_clean(exclude=["referral"])
    placement.save()
    return placement


class ExitPlacementRecorder:
    """participants.extensions.PlacementRecorder: the employers a user may choose, and the hire."""

    def employers_visible_to(self, user):
        return Employer.objects.visible_to(user).order_by("name")

    def record(self, *, actor, pathway, employer, job_title, start_date):
        return placement_record(
            actor=actor, pathway=pathway, employer=employer, job_title=job_title, start_date=start_date
        )


# --- Employer contacts (network staff) ----------------------------------------------------------


@service
def employer_contact_confirm(*, actor: User, membership: EmployerMembership) -> EmployerMembership:
    """Network staff confirm a contact for the whole employer: they now see the candidates of every
    enterprise, not only of the one that invited them."""
    require(can_manage_employer_contacts(actor))
    model_update(instance=membership, fields=["confirmed"], data={"confirmed": True})
    return membership


@service
def employer_contact_revoke(*, actor: User, membership: EmployerMembership) -> EmployerMembership:
    """Network staff end a contact's access to the employer (the membership is kept, inactive)."""
    require(can_manage_employer_contacts(actor))
    model_update(instance=membership, fields=["is_active"], data={"is_active": False})
    return membership


@service
def employer_link_create(*, actor: User, employer: Employer, enterprise: Enterprise) -> EmployerLink:
    """Network staff record that an enterprise works with an employer (its staff may then invite
    the employer's contacts)."""
    require(can_manage_employer_contacts(actor))
    link, _created = EmployerLink.objects.get_or_create(
        employer=employer, enterprise=enterprise, defaults={"created_by": actor}
    )
    return link
