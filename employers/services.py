"""Writes of the employers app. Each function checks the actor's right, validates, saves atomically
and logs its transitions; emails go out after commit through Celery tasks that take ids."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ceiq.accounts.roles import ContextKind
from participants.permissions import can_manage_pathways

from .models import (
    DeclineReason,
    Employer,
    EmployerMembership,
    JobOpening,
    OpeningStatus,
    Placement,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RetentionCheckIn,
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
    can_propose_referral,
    can_request_checkin,
    can_withdraw_referral,
)
from .profiles import build_profile, with_profiles

# Which referral status may follow which. Skipping forward (proposed → hired) is allowed.
ALLOWED_TRANSITIONS = {
    ReferralStatus.PROPOSED: {
        ReferralStatus.SEEN,
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.SEEN: {
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.INTERVIEW: {ReferralStatus.HIRED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN},
    ReferralStatus.HIRED: set(),
    ReferralStatus.DECLINED: set(),
    ReferralStatus.WITHDRAWN: set(),
}


# --- Employers (directory) -------------------------------------------------------------------


@transaction.atomic
def employer_save(*, actor, employer: Employer) -> Employer:
    creating = employer.pk is None
    allowed = can_create_employer(actor) if creating else can_edit_employer(actor, employer)
    if not allowed:
        raise PermissionDenied
    if creating:
        employer.created_by = actor
    employer.full_clean(exclude=["created_by"])
    employer.save()
    return employer


def employer_contact_invite(*, actor, employer: Employer, email: str):
    from ceiq.accounts.services import invitation_create

    if not can_invite_employer_contact(actor, employer):
        raise PermissionDenied
    return invitation_create(actor=actor, email=email, kind=ContextKind.EMPLOYER, employer=employer)


# --- Job openings -----------------------------------------------------------------------------


@transaction.atomic
def opening_save(*, actor, opening: JobOpening, enterprise=None) -> JobOpening:
    """Create or update an opening. From an enterprise context, a new opening is recorded on the
    employer's behalf (`recorded_by_enterprise`)."""
    creating = opening.pk is None
    if creating:
        employer = opening.employer if opening.employer_id else None
        own_employer = employer is not None and employer.pk in actor.employer_ids
        if not can_create_opening(actor, enterprise=None if own_employer else enterprise, employer=employer):
            raise PermissionDenied
        opening.created_by = actor
        opening.recorded_by_enterprise = None if own_employer else enterprise
    elif not can_edit_opening(actor, opening):
        raise PermissionDenied
    opening.full_clean(exclude=["created_by"])
    opening.save()
    return opening


# --- Referrals --------------------------------------------------------------------------------


def _log_transition(referral, *, from_status, to_status, actor, note=""):
    return ReferralTransition.objects.create(
        referral=referral, from_status=from_status, to_status=to_status, by=actor, note=note
    )


def _transition(referral: Referral, *, to_status: str, actor, note: str = "", extra_fields=()) -> Referral:
    from_status = referral.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
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


@transaction.atomic
def referral_propose(*, actor, opening: JobOpening, enterprise, participant_ids) -> list[Referral]:
    """Propose candidates of `enterprise` for an opening. Each must belong to the enterprise and
    have an active sharing-with-employers consent; the employer's contacts get an email."""
    from participants.choices import ConsentPurpose
    from participants.models import Participant, active_consent

    if not can_propose_referral(actor, enterprise, opening):
        raise PermissionDenied
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
    from .tasks import notify_referral_proposed

    for referral in referrals:
        transaction.on_commit(partial(notify_referral_proposed.delay, referral.pk))
    return referrals


@transaction.atomic
def referral_mark_seen(*, actor, referrals) -> int:
    """The employer opened the page listing these candidates: proposed → seen (three queries at most,
    whatever the number of candidates)."""
    wanted = [
        referral.pk
        for referral in referrals
        if referral.status == ReferralStatus.PROPOSED and referral.opening.employer_id in actor.employer_ids
    ]
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


@transaction.atomic
def referral_interview(*, actor, referral: Referral, note: str = "") -> Referral:
    referral = _locked(referral)
    if not can_act_on_referral(actor, referral):
        raise PermissionDenied
    return _transition(referral, to_status=ReferralStatus.INTERVIEW, actor=actor, note=note)


@transaction.atomic
def referral_decline(*, actor, referral: Referral, reason: str, comment: str = "") -> Referral:
    referral = _locked(referral)
    if not can_act_on_referral(actor, referral):
        raise PermissionDenied
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


@transaction.atomic
def referral_withdraw(*, actor, referral: Referral, note: str = "") -> Referral:
    referral = _locked(referral)
    if not can_withdraw_referral(actor, referral):
        raise PermissionDenied
    return _transition(referral, to_status=ReferralStatus.WITHDRAWN, actor=actor, note=note)


def _pathway_exit_actor(actor, referral):
    """pathway_exit is an enterprise-side write: when the employer records the hire, the exit is made
    in the name of the staff member who proposed the candidate (if they still hold the role)."""
    if actor.role_in(referral.enterprise_id) in REFERRAL_ROLES:
        return actor
    proposer = referral.proposed_by
    if proposer is not None and proposer.is_active and proposer.role_in(referral.enterprise_id) in REFERRAL_ROLES:
        return proposer
    return actor


def _exit_pathway_for_job(*, actor, pathway, end_date) -> None:
    """Close an open pathway with the outcome “job” (which also schedules its post-pathway follow-ups)."""
    from participants.choices import ExitOutcome, PathwayStatus
    from participants.services import pathway_exit

    pathway_exit(
        actor=actor,
        pathway=pathway,
        end_date=end_date,
        status=PathwayStatus.COMPLETED,
        exit_outcome=ExitOutcome.JOB,
        exit_notes=_("Hired through a referral to an employer."),
    )


@transaction.atomic
def referral_hire(
    *,
    actor,
    referral: Referral,
    job_title: str,
    employment_type: str,
    start_date,
    hourly_wage=None,
    weekly_hours=None,
) -> Placement:
    """The employer hires the candidate: a Placement, the referral closed as hired, the pathway's exit
    outcome fed (job), and the opening marked filled once every position is hired."""
    from participants.choices import OPEN_PATHWAY_STATUSES
    from participants.models import Pathway

    referral = _locked(referral)
    if not can_act_on_referral(actor, referral):
        raise PermissionDenied
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
        _exit_pathway_for_job(actor=_pathway_exit_actor(actor, referral), pathway=pathway, end_date=end_date)
    opening = JobOpening.objects.select_for_update().get(pk=referral.opening_id)
    hired = Referral.objects.filter(opening=opening, status=ReferralStatus.HIRED).count()
    if opening.status == OpeningStatus.OPEN and hired >= opening.positions:
        opening.status = OpeningStatus.FILLED
        opening.save(update_fields=["status", "updated_at"])
    return placement


def _employer_contact_emails(employer_id) -> list[str]:
    return list(
        EmployerMembership.objects.filter(employer_id=employer_id, is_active=True, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _absolute(url: str) -> str:
    return settings.CEIQ_BASE_URL.rstrip("/") + url


@transaction.atomic
def referral_notify_employer(*, referral_id: int) -> int:
    """Email the employer's contacts about a proposed candidate: the consented profile and a link,
    nothing else. Idempotent: sent once; never for a withdrawn referral or without consent."""
    from participants.choices import ConsentPurpose
    from participants.models import active_consent

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
    recipients = _employer_contact_emails(referral.opening.employer_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "profile": build_profile(referral.participant),
            "opening_title": referral.opening.title,
            "employer_name": referral.opening.employer.name,
            "url": _absolute(reverse("employers:referral_detail", args=[referral.pk])),
        }
        subject = _("A candidate is proposed for your opening “%(title)s”") % {"title": referral.opening.title}
        body = render_to_string("employers/email/referral_proposed.txt", context)
        for email in recipients:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    Referral.objects.filter(pk=referral_id).update(employer_notified_at=timezone.now())
    return len(recipients)


# --- Retention check-ins ----------------------------------------------------------------------


@transaction.atomic
def checkin_request(*, actor, placement: Placement) -> RetentionCheckIn:
    if not can_request_checkin(actor, placement):
        raise PermissionDenied
    if RetentionCheckIn.objects.filter(placement=placement).pending().exists():
        raise ValidationError(_("A check-in already waits for the employer's answer."))
    check_in = RetentionCheckIn(placement=placement, requested_on=timezone.localdate(), requested_by=actor)
    check_in.full_clean(exclude=["answered_by"])
    check_in.save()
    from .tasks import notify_checkin_requested

    transaction.on_commit(partial(notify_checkin_requested.delay, check_in.pk))
    return check_in


@transaction.atomic
def checkin_notify_employer(*, check_in_id: int) -> int:
    """Email the employer's contacts a link to answer a retention check-in (no personal details)."""
    check_in = (
        RetentionCheckIn.objects.filter(pk=check_in_id, answered_at__isnull=True)
        .select_related("placement__employer")
        .first()
    )
    if check_in is None:
        return 0
    recipients = _employer_contact_emails(check_in.placement.employer_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "job_title": check_in.placement.job_title,
            "url": _absolute(reverse("employers:checkin_answer", args=[check_in.pk])),
        }
        subject = _("Is this person still employed with you?")
        body = render_to_string("employers/email/checkin_requested.txt", context)
        for email in recipients:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    return len(recipients)


@transaction.atomic
def checkin_answer(*, actor, check_in: RetentionCheckIn, still_employed: bool, comment: str = "") -> RetentionCheckIn:
    check_in = RetentionCheckIn.objects.select_for_update().select_related("placement").get(pk=check_in.pk)
    if not can_answer_checkin(actor, check_in):
        raise PermissionDenied
    check_in.still_employed = still_employed
    check_in.comment = comment.strip()
    check_in.answered_at = timezone.now()
    check_in.answered_by = actor
    check_in.full_clean(exclude=["answered_by"])
    check_in.save(update_fields=["still_employed", "comment", "answered_at", "answered_by"])
    return check_in


# The hire recorded from a participant's exit form --------------------------------------------------


@transaction.atomic
def placement_record(*, actor, pathway, employer: Employer, job_title: str, start_date) -> Placement:
    """The hire recorded when a pathway ends with a job (participants' exit calls it through the
    placement recorder registered in EmployersConfig.ready)."""
    if not can_manage_pathways(actor, pathway.participant):
        raise PermissionDenied
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
