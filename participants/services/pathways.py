"""Writes about pathways: plan, edit, and the status moves of the state machine declared in
participants.choices (PATHWAY_TRANSITIONS), each logged with its actor, date and reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.accounts.models import User
from ceiq.core.services import model_update, require, service
from enterprises.models import Trade

from ..choices import (
    EDITABLE_PATHWAY_STATUSES,
    OPEN_PATHWAY_STATUSES,
    PATHWAY_TRANSITIONS,
    ExitOutcome,
    PathwayAction,
    PathwayStatus,
    Phase,
    pathway_actions_from,
    pathway_move_allowed,
)
from ..extensions import placement_recorder
from ..models import (
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
)
from ..permissions import (
    can_manage_pathways,
)
from ..schedule import planned_end_for, post_pathway_follow_ups_schedule

PATHWAY_PLAN_FIELDS = ("trade", "start_date", "planned_end_date", "weekly_hours", "counsellor", "supervisor")

# Why a move is refused, per action (the statuses come from PATHWAY_TRANSITIONS).
WRONG_STATUS = {
    PathwayAction.START: gettext_lazy("Only a planned pathway can start."),
    PathwayAction.SUSPEND: gettext_lazy("Only an active pathway can be suspended."),
    PathwayAction.RESUME: gettext_lazy("Only a suspended pathway can resume."),
    PathwayAction.EXIT: gettext_lazy("Only an active or suspended pathway can end."),
}


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


def _check_no_overlap(pathway: Pathway, start_date: date, end_date: date) -> None:
    """One person follows one pathway at a time: its days (start to actual end, or planned end while it
    runs) may not meet another pathway's. The person's row is locked first, so two submits at once
    are checked one after the other; on PostgreSQL the exclusion constraint
    `pathway_no_overlap_per_person` refuses the same even when this check is bypassed."""
    list(Participant.objects.select_for_update().filter(pk=pathway.participant_id).values_list("pk"))
    other = (
        Pathway.objects.filter(participant_id=pathway.participant_id, start_date__lte=end_date)
        .filter(Q(actual_end_date__gte=start_date) | Q(actual_end_date__isnull=True, planned_end_date__gte=start_date))
        .exclude(pk=pathway.pk)
        .select_related("trade")
        .first()
    )
    if other is not None:
        raise ValidationError({"start_date": _overlap_message(other)})


def _overlap_message(other: Pathway) -> str:
    return _("These dates overlap the pathway in %(trade)s (%(start)s to %(end)s): one pathway at a time.") % {
        "trade": other.trade,
        "start": other.start_date.isoformat(),
        "end": (other.actual_end_date or other.planned_end_date).isoformat(),
    }


def _save_new(pathway: Pathway) -> None:
    """Save a new pathway; the database's own refusal of an overlap (two submits that passed the
    check together) becomes the same message."""
    try:
        with transaction.atomic():
            pathway.save()
    except IntegrityError as error:
        raise ValidationError({"start_date": _("These dates overlap another pathway of this person.")}) from error


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
    _check_no_overlap(pathway, pathway.start_date, pathway.planned_end_date)
    _save_new(pathway)
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
    start_date = fields.get("start_date", pathway.start_date)
    planned_end_date = fields.get("planned_end_date", pathway.planned_end_date)
    _check_planned_end(start_date, planned_end_date)
    _check_no_overlap(pathway, start_date, pathway.actual_end_date or planned_end_date)
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


def _check_exit_choices(status: str, exit_outcome: str) -> None:
    if status not in PATHWAY_TRANSITIONS[PathwayAction.EXIT][1]:
        raise ValidationError({"status": _("The exit status must be completed or dropped out.")})
    if exit_outcome not in ExitOutcome.values:
        raise ValidationError({"exit_outcome": _("Choose the outcome at exit.")})


def _check_exit_details(start_date: date, end_date: date, status: str, dropout_reason: str) -> None:
    if end_date < start_date:
        raise ValidationError({"end_date": _("A pathway cannot end before it starts.")})
    if status == PathwayStatus.DROPPED_OUT and not dropout_reason:
        raise ValidationError({"dropout_reason": _("Give the reason for the drop-out.")})


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
    done_by: User | None = None,
) -> Pathway:
    """active | suspended → completed | dropped out, with the outcome. Schedules the post-pathway
    follow-ups. Leaving for a job with an employer, a title and a start date records the hire.
    `done_by`: the person who acted when the exit is made in a staff member's name (the employer
    contact whose hire ends the pathway); the transition credits them."""
    require(can_manage_pathways(actor, pathway.participant))
    _check_exit_choices(status, exit_outcome)
    locked = _lock(pathway)
    _require_move(locked, PathwayAction.EXIT, status)
    _check_exit_details(locked.start_date, end_date, status, dropout_reason)
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
        actor=done_by or actor,
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
def pathway_record_ended(
    *,
    actor: User,
    participant: Participant,
    trade: Trade,
    start_date: date,
    end_date: date,
    status: str,
    exit_outcome: str,
    dropout_reason: str = "",
    planned_end_date: date | None = None,
    weekly_hours: Decimal | int = 35,
    reason: str = "",
) -> Pathway:
    """A pathway that ended before the portal recorded it (an import of past years): planned, then the
    state machine's moves logged at their dates (started on `start_date`, ended on `end_date`), but
    never open in the portal, so it does not collide with the person's current pathway. Its
    post-pathway follow-ups are scheduled as at an exit."""
    require(can_manage_pathways(actor, participant))
    _check_exit_choices(status, exit_outcome)
    pathway = pathway_create(
        actor=actor,
        participant=participant,
        trade=trade,
        start_date=start_date,
        planned_end_date=planned_end_date,
        weekly_hours=weekly_hours,
        reason=reason,
    )
    active = _target_of(PathwayAction.START)
    _require_move(pathway, PathwayAction.START, active)
    if not pathway_move_allowed(PathwayAction.EXIT, active, status):
        raise ValidationError(str(WRONG_STATUS[PathwayAction.EXIT]))
    _check_exit_details(start_date, end_date, status, dropout_reason)
    model_update(
        instance=pathway,
        fields=("status", "actual_end_date", "exit_outcome", "dropout_reason"),
        data={
            "status": status,
            "actual_end_date": end_date,
            "exit_outcome": exit_outcome,
            "dropout_reason": dropout_reason if status == PathwayStatus.DROPPED_OUT else "",
        },
    )
    for from_status, to_status, day in ((PathwayStatus.PLANNED, active, start_date), (active, status, end_date)):
        _log_transition(
            actor=actor,
            pathway=pathway,
            from_status=from_status,
            to_status=to_status,
            effective_date=day,
            reason=reason,
        )
    PathwayPhase.objects.create(pathway=pathway, phase=Phase.INTAKE, start_date=start_date, end_date=end_date)
    post_pathway_follow_ups_schedule(pathway=pathway)
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
