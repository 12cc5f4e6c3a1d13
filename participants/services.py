"""Writes about participants and their pathways (docs/conventions.md, "Writes"). Each service takes the `actor`,
checks the actor's right itself (participants.permissions + `require`; views keep their own checks
for the 403 page), runs in one transaction with the change history attributed to the actor
(`@service`), validates, saves and logs the transitions it makes. Status moves follow the state
machine declared in participants.choices (PATHWAY_TRANSITIONS)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.accounts.models import User
from ceiq.core.services import model_update, require, service
from enterprises.models import Enterprise, Trade

from .choices import (
    EDITABLE_PATHWAY_STATUSES,
    EVALUATION_CRITERIA,
    OPEN_PATHWAY_STATUSES,
    PATHWAY_TRANSITIONS,
    ExitOutcome,
    PathwayAction,
    PathwayStatus,
    Phase,
    pathway_actions_from,
    pathway_move_allowed,
)
from .extensions import placement_recorder
from .fields import PARTICIPANT_FIELDS
from .models import (
    Barrier,
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Internship,
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
    PostPathwayFollowUp,
    Qualification,
)
from .permissions import (
    can_create_participant,
    can_edit_participant,
    can_manage_consents,
    can_manage_pathways,
    can_read_confidential_notes,
    can_record_evaluation,
    can_record_follow_up,
    can_record_group_session,
    can_record_internship,
    can_record_post_follow_up,
    can_record_qualification,
)

# Reads and the follow-up schedule live in .schedule; re-exported for the callers of this module.
from .schedule import (  # noqa: F401 - re-exported
    DEFAULT_PATHWAY_WEEKS,
    planned_end_for,
    post_pathway_follow_ups_schedule,
    standard_pathway_weeks,
)

PATHWAY_PLAN_FIELDS = ("trade", "start_date", "planned_end_date", "weekly_hours", "counsellor", "supervisor")
INTERNSHIP_FIELDS = ("employer", "start_date", "end_date", "employer_supervisor", "evaluation", "led_to_hire")

# Why a move is refused, per action (the statuses come from PATHWAY_TRANSITIONS).
WRONG_STATUS = {
    PathwayAction.START: gettext_lazy("Only a planned pathway can start."),
    PathwayAction.SUSPEND: gettext_lazy("Only an active pathway can be suspended."),
    PathwayAction.RESUME: gettext_lazy("Only a suspended pathway can resume."),
    PathwayAction.EXIT: gettext_lazy("Only an active or suspended pathway can end."),
}


# Participants and consents -------------------------------------------------------------------------


@service
def participant_create(
    *,
    actor: User,
    enterprise: Enterprise,
    barriers: Iterable[Barrier] = (),
    consent_purposes: Iterable[str] = (),
    **fields: Any,
) -> Participant:
    """Intake: the person, their barriers and the consents given with the notice version shown."""
    require(can_create_participant(actor, enterprise))
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown participant fields: {sorted(unknown)}")
    participant = Participant(enterprise=enterprise, **fields)
    participant.full_clean()
    participant.save()
    participant.barriers.set(barriers)
    for purpose in consent_purposes:
        consent_give(actor=actor, participant=participant, purpose=purpose)
    return participant


@service
def participant_update(
    *, actor: User, participant: Participant, barriers: Iterable[Barrier] | None = None, **fields: Any
) -> Participant:
    require(can_edit_participant(actor, participant))
    data = dict(fields) if barriers is None else {**fields, "barriers": list(barriers)}
    participant, _changed = model_update(instance=participant, fields=PARTICIPANT_FIELDS, data=data)
    return participant


@service
def consent_give(*, actor: User, participant: Participant, purpose: str, notice_version: str = "") -> Consent:
    """Record a consent for one purpose (idempotent: an active consent is kept as is)."""
    require(can_manage_consents(actor, participant))
    existing = Consent.objects.filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent(
        participant=participant,
        purpose=purpose,
        notice_version=notice_version or participant.privacy_notice_version or "—",
        given_at=timezone.now(),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


@service
def consent_withdraw(*, actor: User, participant: Participant, purpose: str) -> Consent | None:
    """Withdrawal takes effect at once: everything that reads active consents stops seeing it."""
    require(can_manage_consents(actor, participant))
    consent = (
        Consent.objects.select_for_update().filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True)
    ).first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    return consent


# Pathways ------------------------------------------------------------------------------------------


def _log_transition(
    *, actor: User, pathway: Pathway, from_status: str, to_status: str, effective_date: date, reason: str = ""
) -> None:
    PathwayTransition.objects.create(
        pathway=pathway,
        from_status=from_status,
        to_status=to_status,
        effective_date=effective_date,
        by=actor,
        reason=reason,
    )


def _open_pathway_exists(participant: Participant, *, exclude_pk: int) -> bool:
    return (
        Pathway.objects.filter(participant=participant, status__in=OPEN_PATHWAY_STATUSES)
        .exclude(pk=exclude_pk)
        .exists()
    )


def _save_with_constraints(pathway: Pathway, update_fields: list[str] | None = None) -> None:
    """Save, turning the one-open-pathway constraint into a French validation error."""
    try:
        with transaction.atomic():
            pathway.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(_("This person already has an active pathway.")) from error


def _check_planned_end(start_date: date, planned_end_date: date) -> None:
    if planned_end_date <= start_date:
        raise ValidationError({"planned_end_date": _("The planned end must come after the start.")})


def _require_editable(pathway: Pathway) -> None:
    if pathway.status not in EDITABLE_PATHWAY_STATUSES:
        raise ValidationError(_("An ended pathway can no longer be changed."))


def _require_move(pathway: Pathway, action: PathwayAction, to_status: str) -> None:
    """The state machine allows `action` from the pathway's status to `to_status`."""
    if not pathway_actions_from(pathway.status):
        if pathway.status == PathwayStatus.COMPLETED:
            raise ValidationError(_("A completed pathway is final: it cannot change status."))
        raise ValidationError(_("This pathway has ended: it cannot change status."))
    if not pathway_move_allowed(action, pathway.status, to_status):
        raise ValidationError(str(WRONG_STATUS[action]))


def _target_of(action: PathwayAction) -> PathwayStatus:
    """The one status `action` leads to (start, suspend, resume)."""
    (target,) = PATHWAY_TRANSITIONS[action][1]
    return target


def _lock(pathway: Pathway) -> Pathway:
    return Pathway.objects.select_for_update().select_related("participant", "enterprise").get(pk=pathway.pk)


@service
def pathway_create(
    *,
    actor: User,
    participant: Participant,
    trade: Trade,
    start_date: date,
    planned_end_date: date | None = None,
    weekly_hours: Decimal | int = 35,
    counsellor: User | None = None,
    supervisor: User | None = None,
    reason: str = "",
) -> Pathway:
    """A planned pathway; its planned end defaults to start + the agreement's standard length."""
    require(can_manage_pathways(actor, participant))
    pathway = Pathway(
        participant=participant,
        enterprise=participant.enterprise,
        trade=trade,
        start_date=start_date,
        planned_end_date=planned_end_date or planned_end_for(participant.enterprise, start_date),
        weekly_hours=weekly_hours,
        counsellor=counsellor,
        supervisor=supervisor,
        status=PathwayStatus.PLANNED,
    )
    _check_planned_end(pathway.start_date, pathway.planned_end_date)
    pathway.full_clean()
    pathway.save()
    _log_transition(
        actor=actor,
        pathway=pathway,
        from_status="",
        to_status=pathway.status,
        effective_date=start_date,
        reason=reason,
    )
    return pathway


@service
def pathway_update(*, actor: User, pathway: Pathway, **fields: Any) -> Pathway:
    """Edit the plan (dates, hours, counsellor, supervisor, trade); status changes go through transitions."""
    require(can_manage_pathways(actor, pathway.participant))
    unknown = set(fields) - set(PATHWAY_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown pathway fields: {sorted(unknown)}")
    _require_editable(pathway)
    _check_planned_end(
        fields.get("start_date", pathway.start_date), fields.get("planned_end_date", pathway.planned_end_date)
    )
    pathway, _changed = model_update(instance=pathway, fields=PATHWAY_PLAN_FIELDS, data=fields)
    return pathway


@service
def pathway_start(*, actor: User, pathway: Pathway, start_date: date | None = None, reason: str = "") -> Pathway:
    """planned → active. A person has at most one active (or suspended) pathway."""
    require(can_manage_pathways(actor, pathway.participant))
    locked = _lock(pathway)
    to_status = _target_of(PathwayAction.START)
    _require_move(locked, PathwayAction.START, to_status)
    if _open_pathway_exists(locked.participant, exclude_pk=locked.pk):
        raise ValidationError(_("This person already has an active pathway."))
    if start_date is not None and start_date != locked.start_date:
        # A later (or earlier) start keeps the planned length.
        locked.planned_end_date += start_date - locked.start_date
        locked.start_date = start_date
    from_status, locked.status = locked.status, to_status
    locked.full_clean()
    _save_with_constraints(locked, update_fields=["status", "start_date", "planned_end_date", "updated_at"])
    _log_transition(
        actor=actor,
        pathway=locked,
        from_status=from_status,
        to_status=to_status,
        effective_date=locked.start_date,
        reason=reason,
    )
    if not locked.phases.exists():
        PathwayPhase.objects.create(pathway=locked, phase=Phase.INTAKE, start_date=locked.start_date)
    pathway.refresh_from_db()
    return pathway


def _pause_or_resume(
    *, actor: User, pathway: Pathway, action: PathwayAction, effective_date: date, reason: str, too_early: str
) -> Pathway:
    """active ⇄ suspended: the pathway stays open; the change is logged with its effective date."""
    require(can_manage_pathways(actor, pathway.participant))
    locked = _lock(pathway)
    to_status = _target_of(action)
    _require_move(locked, action, to_status)
    if effective_date < locked.start_date:
        raise ValidationError({"effective_date": too_early})
    from_status, locked.status = locked.status, to_status
    locked.save(update_fields=["status", "updated_at"])
    _log_transition(
        actor=actor,
        pathway=locked,
        from_status=from_status,
        to_status=to_status,
        effective_date=effective_date,
        reason=reason,
    )
    pathway.refresh_from_db()
    return pathway


@service
def pathway_suspend(*, actor: User, pathway: Pathway, effective_date: date, reason: str = "") -> Pathway:
    """active → suspended (sick leave, personal reasons…); the pathway stays open."""
    return _pause_or_resume(
        actor=actor,
        pathway=pathway,
        action=PathwayAction.SUSPEND,
        effective_date=effective_date,
        reason=reason,
        too_early=_("A pathway cannot be suspended before it starts."),
    )


@service
def pathway_resume(*, actor: User, pathway: Pathway, effective_date: date, reason: str = "") -> Pathway:
    """suspended → active."""
    return _pause_or_resume(
        actor=actor,
        pathway=pathway,
        action=PathwayAction.RESUME,
        effective_date=effective_date,
        reason=reason,
        too_early=_("A pathway cannot resume before it starts."),
    )


@service
def pathway_exit(
    *,
    actor: User,
    pathway: Pathway,
    end_date: date,
    status: str,
    exit_outcome: str,
    dropout_reason: str = "",
    exit_notes: str = "",
    placement_employer: Any = None,
    placement_job_title: str = "",
    placement_start_date: date | None = None,
) -> Pathway:
    """active | suspended → completed | dropped out, with the outcome. Schedules the post-pathway
    follow-ups. Leaving for a job with an employer, a title and a start date records the hire."""
    require(can_manage_pathways(actor, pathway.participant))
    if status not in PATHWAY_TRANSITIONS[PathwayAction.EXIT][1]:
        raise ValidationError({"status": _("The exit status must be completed or dropped out.")})
    if exit_outcome not in ExitOutcome.values:
        raise ValidationError({"exit_outcome": _("Choose the outcome at exit.")})
    locked = _lock(pathway)
    _require_move(locked, PathwayAction.EXIT, status)
    if end_date < locked.start_date:
        raise ValidationError({"end_date": _("A pathway cannot end before it starts.")})
    if status == PathwayStatus.DROPPED_OUT and not dropout_reason:
        raise ValidationError({"dropout_reason": _("Give the reason for the drop-out.")})
    from_status = locked.status
    model_update(
        instance=locked,
        fields=("status", "actual_end_date", "exit_outcome", "dropout_reason", "exit_notes"),
        data={
            "status": status,
            "actual_end_date": end_date,
            "exit_outcome": exit_outcome,
            "dropout_reason": dropout_reason if status == PathwayStatus.DROPPED_OUT else "",
            "exit_notes": exit_notes,
        },
    )
    _log_transition(
        actor=actor,
        pathway=locked,
        from_status=from_status,
        to_status=status,
        effective_date=end_date,
        reason=exit_notes,
    )
    PathwayPhase.objects.filter(pathway=locked, end_date__isnull=True).update(end_date=end_date)
    if (
        exit_outcome == ExitOutcome.JOB
        and placement_employer is not None
        and placement_job_title
        and placement_start_date
    ):
        placement_recorder().record(
            actor=actor,
            pathway=locked,
            employer=placement_employer,
            job_title=placement_job_title,
            start_date=placement_start_date,
        )
    post_pathway_follow_ups_schedule(pathway=locked)
    pathway.refresh_from_db()
    return pathway


@service
def pathway_phase_start(*, actor: User, pathway: Pathway, phase: str, start_date: date) -> PathwayPhase:
    """Move the pathway to a new phase on the timeline; the current phase ends the day before."""
    require(can_manage_pathways(actor, pathway.participant))
    _require_editable(pathway)
    if start_date < pathway.start_date:
        raise ValidationError({"start_date": _("A phase cannot start before the pathway.")})
    current = PathwayPhase.objects.filter(pathway=pathway, end_date__isnull=True).order_by("-start_date").first()
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationError({"start_date": _("The new phase must start after the current one.")})
        model_update(instance=current, fields=["end_date"], data={"end_date": start_date - timedelta(days=1)})
    new_phase = PathwayPhase(pathway=pathway, phase=phase, start_date=start_date)
    new_phase.full_clean()
    new_phase.save()
    return new_phase


# Evaluations, follow-ups, group sessions ------------------------------------------------------------


@service
def evaluation_record(
    *, actor: User, pathway: Pathway, evaluated_on: date, comments: str = "", **scores: int
) -> Evaluation:
    require(can_record_evaluation(actor, pathway.participant))
    names = {name for name, _label in EVALUATION_CRITERIA}
    if set(scores) != names:
        raise TypeError(f"Scores expected for: {sorted(names)}")
    if evaluated_on < pathway.start_date:
        raise ValidationError({"evaluated_on": _("An evaluation cannot come before the pathway starts.")})
    evaluation = Evaluation(pathway=pathway, evaluated_on=evaluated_on, evaluator=actor, comments=comments, **scores)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@service
def follow_up_record(
    *,
    actor: User,
    participant: Participant,
    met_on: date,
    duration_minutes: int,
    pathway: Pathway | None = None,
    topics: Iterable[str] = (),
    summary: str = "",
    confidential_notes: str = "",
) -> FollowUp:
    """An individual meeting. Only a counsellor may write confidential notes."""
    require(can_record_follow_up(actor, participant))
    if confidential_notes and not can_read_confidential_notes(actor, participant):
        raise PermissionDenied
    if pathway is not None and pathway.participant_id != participant.pk:
        raise ValidationError({"pathway": _("This pathway belongs to someone else.")})
    follow_up = FollowUp(
        participant=participant,
        pathway=pathway,
        counsellor=actor,
        met_on=met_on,
        duration_minutes=duration_minutes,
        topics=list(topics),
        summary=summary,
        confidential_notes=confidential_notes,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@service
def group_session_record(
    *,
    actor: User,
    enterprise: Enterprise,
    topic: str,
    held_on: date,
    title: str = "",
    duration_minutes: int = 90,
    facilitator: User | None = None,
    present: Iterable[Participant] = (),
    absent: Iterable[Participant] = (),
) -> GroupSession:
    """A group workshop and who attended (present) or was expected but absent."""
    require(can_record_group_session(actor, enterprise))
    session = GroupSession(
        enterprise=enterprise,
        topic=topic,
        title=title,
        held_on=held_on,
        duration_minutes=duration_minutes,
        facilitator=facilitator or actor,
    )
    session.full_clean()
    session.save()
    group_attendance_set(actor=actor, session=session, present=present, absent=absent)
    return session


@service
def group_attendance_set(
    *, actor: User, session: GroupSession, present: Iterable[Participant] = (), absent: Iterable[Participant] = ()
) -> None:
    """Replace the workshop's attendance: `present` attended, `absent` were expected but absent."""
    require(can_record_group_session(actor, session.enterprise))
    people = {p.pk: True for p in present} | {p.pk: False for p in absent}
    foreign = Participant.objects.filter(pk__in=people).exclude(enterprise_id=session.enterprise_id)
    if foreign.exists():
        raise ValidationError(_("Only participants of this enterprise can attend its workshops."))
    GroupAttendance.objects.filter(session=session).exclude(participant_id__in=people).delete()
    for participant_id, was_present in people.items():
        GroupAttendance.objects.update_or_create(
            session=session, participant_id=participant_id, defaults={"present": was_present}
        )


@service
def qualification_record(
    *,
    actor: User,
    participant: Participant,
    kind: str,
    title: str,
    obtained_on: date,
    issuer: str = "",
    pathway: Pathway | None = None,
) -> Qualification:
    require(can_record_qualification(actor, participant))
    qualification = Qualification(
        participant=participant, pathway=pathway, kind=kind, title=title, obtained_on=obtained_on, issuer=issuer
    )
    qualification.full_clean()
    qualification.save()
    return qualification


def _check_internship_dates(pathway: Pathway, start_date: date, end_date: date | None) -> None:
    if start_date < pathway.start_date:
        raise ValidationError({"start_date": _("An internship cannot start before the pathway.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("An internship cannot end before it starts.")})


@service
def internship_record(
    *,
    actor: User,
    pathway: Pathway,
    employer: Any,
    start_date: date,
    end_date: date | None = None,
    employer_supervisor: str = "",
    evaluation: str = "",
    led_to_hire: bool = False,
) -> Internship:
    require(can_record_internship(actor, pathway.participant))
    _check_internship_dates(pathway, start_date, end_date)
    internship = Internship(
        pathway=pathway,
        employer=employer,
        start_date=start_date,
        end_date=end_date,
        employer_supervisor=employer_supervisor,
        evaluation=evaluation,
        led_to_hire=led_to_hire,
    )
    internship.full_clean()
    internship.save()
    return internship


@service
def internship_update(*, actor: User, internship: Internship, **fields: Any) -> Internship:
    """Complete an internship once it ends: end date, the employer's evaluation, whether it led to a hire."""
    require(can_record_internship(actor, internship.pathway.participant))
    unknown = set(fields) - set(INTERNSHIP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown internship fields: {sorted(unknown)}")
    _check_internship_dates(
        internship.pathway, fields.get("start_date", internship.start_date), fields.get("end_date", internship.end_date)
    )
    internship, _changed = model_update(instance=internship, fields=INTERNSHIP_FIELDS, data=fields)
    return internship


@service
def post_pathway_follow_up_record(
    *, actor: User, follow_up: PostPathwayFollowUp, done_on: date, situation: str, notes: str = ""
) -> PostPathwayFollowUp:
    """The person's situation at a post-pathway milestone."""
    require(can_record_post_follow_up(actor, follow_up.pathway.participant))
    if not situation:
        raise ValidationError({"situation": _("Choose the person's situation.")})
    end = follow_up.pathway.actual_end_date
    if end is not None and done_on < end:
        raise ValidationError({"done_on": _("A post-pathway follow-up cannot come before the exit.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    follow_up, _changed = model_update(
        instance=follow_up,
        fields=("done_on", "situation", "notes", "recorded_by"),
        data={"done_on": done_on, "situation": situation, "notes": notes, "recorded_by": actor},
    )
    return follow_up
