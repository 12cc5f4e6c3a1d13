"""Writes about participants and their pathways (STYLE rule 1). Each function validates, saves in a
transaction and logs the transitions it makes. Views check the actor's rights before calling."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ceiq.core.fiscal import FiscalYear

from .choices import (
    ENDED_PATHWAY_STATUSES,
    EVALUATION_CRITERIA,
    OPEN_PATHWAY_STATUSES,
    ExitOutcome,
    PathwayStatus,
    Phase,
)
from .models import (
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
from .permissions import can_read_confidential_notes

DEFAULT_PATHWAY_WEEKS = 27

PARTICIPANT_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "preferred_language",
    "email",
    "phone",
    "street_address",
    "city",
    "postal_code",
    "region",
    "schooling_at_intake",
    "income_source_at_intake",
    "referral_source",
    "is_immigrant",
    "privacy_notice_version",
    "strengths_summary",
    "available_from",
)


# Participants and consents -------------------------------------------------------------------------


@transaction.atomic
def participant_create(*, actor, enterprise, barriers=(), consent_purposes=(), **fields) -> Participant:
    """Intake: the person, their barriers and the consents given with the notice version shown."""
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


@transaction.atomic
def participant_update(*, actor, participant: Participant, barriers=None, **fields) -> Participant:
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown participant fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(participant, name, value)
    participant.full_clean()
    participant.save(update_fields=[*fields, "updated_at"])
    if barriers is not None:
        participant.barriers.set(barriers)
    return participant


@transaction.atomic
def consent_give(*, actor, participant: Participant, purpose: str, notice_version: str = "") -> Consent:
    """Record a consent for one purpose (idempotent: an active consent is kept as is)."""
    existing = Consent.objects.filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent(
        participant=participant,
        purpose=purpose,
        notice_version=notice_version or participant.privacy_notice_version or "—",
        given_at=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    consent.full_clean(exclude=["recorded_by"])
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor, participant: Participant, purpose: str) -> Consent | None:
    """Withdrawal takes effect at once: everything that reads active consents stops seeing it."""
    consent = (
        Consent.objects.select_for_update().filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True)
    ).first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    return consent


# Pathways ------------------------------------------------------------------------------------------


def standard_pathway_weeks(enterprise, start_date: date) -> int:
    """The enterprise's agreement length for the fiscal year of the start (default 27 weeks)."""
    from enterprises.models import FundingAgreement

    weeks = (
        FundingAgreement.objects.filter(enterprise=enterprise, fiscal_year=FiscalYear.containing(start_date).start_year)
        .values_list("standard_pathway_weeks", flat=True)
        .first()
    )
    return weeks or DEFAULT_PATHWAY_WEEKS


def planned_end_for(enterprise, start_date: date) -> date:
    return start_date + timedelta(weeks=standard_pathway_weeks(enterprise, start_date))


def _log_transition(*, actor, pathway, from_status, to_status, effective_date, reason=""):
    PathwayTransition.objects.create(
        pathway=pathway,
        from_status=from_status,
        to_status=to_status,
        effective_date=effective_date,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
    )


def _open_pathway_exists(participant, exclude_pk=None) -> bool:
    return (
        Pathway.objects.filter(participant=participant, status__in=OPEN_PATHWAY_STATUSES)
        .exclude(pk=exclude_pk)
        .exists()
    )


def _save_with_constraints(pathway, update_fields=None):
    """Save, turning the one-open-pathway constraint into a French validation error."""
    try:
        with transaction.atomic():
            pathway.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(_("This person already has an active pathway.")) from error


@transaction.atomic
def pathway_create(
    *,
    actor,
    participant: Participant,
    trade,
    start_date: date,
    planned_end_date: date | None = None,
    weekly_hours=35,
    counsellor=None,
    supervisor=None,
    reason: str = "",
) -> Pathway:
    """A planned pathway; its planned end defaults to start + the agreement's standard length."""
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
    if pathway.planned_end_date <= pathway.start_date:
        raise ValidationError({"planned_end_date": _("The planned end must come after the start.")})
    pathway.full_clean()
    pathway.save()
    _log_transition(
        actor=actor,
        pathway=pathway,
        from_status="",
        to_status=PathwayStatus.PLANNED,
        effective_date=start_date,
        reason=reason,
    )
    return pathway


@transaction.atomic
def pathway_update(*, actor, pathway: Pathway, **fields) -> Pathway:
    """Edit the plan (dates, hours, counsellor, supervisor, trade); status changes go through transitions."""
    allowed = {"trade", "start_date", "planned_end_date", "weekly_hours", "counsellor", "supervisor"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown pathway fields: {sorted(unknown)}")
    if pathway.status in ENDED_PATHWAY_STATUSES:
        raise ValidationError(_("An ended pathway can no longer be changed."))
    for name, value in fields.items():
        setattr(pathway, name, value)
    if pathway.planned_end_date <= pathway.start_date:
        raise ValidationError({"planned_end_date": _("The planned end must come after the start.")})
    pathway.full_clean()
    pathway.save(update_fields=[*fields, "updated_at"])
    return pathway


def _lock(pathway: Pathway) -> Pathway:
    return Pathway.objects.select_for_update().select_related("participant", "enterprise").get(pk=pathway.pk)


def _require_status(pathway, allowed, message):
    if pathway.status in ENDED_PATHWAY_STATUSES:
        if pathway.status == PathwayStatus.COMPLETED:
            raise ValidationError(_("A completed pathway is final: it cannot change status."))
        raise ValidationError(_("This pathway has ended: it cannot change status."))
    if pathway.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def pathway_start(*, actor, pathway: Pathway, start_date: date | None = None, reason: str = "") -> Pathway:
    """planned → active. A person has at most one active (or suspended) pathway."""
    locked = _lock(pathway)
    _require_status(locked, {PathwayStatus.PLANNED}, _("Only a planned pathway can start."))
    if _open_pathway_exists(locked.participant, exclude_pk=locked.pk):
        raise ValidationError(_("This person already has an active pathway."))
    if start_date is not None and start_date != locked.start_date:
        # A later (or earlier) start keeps the planned length.
        locked.planned_end_date += start_date - locked.start_date
        locked.start_date = start_date
    locked.status = PathwayStatus.ACTIVE
    locked.full_clean()
    _save_with_constraints(locked, update_fields=["status", "start_date", "planned_end_date", "updated_at"])
    _log_transition(
        actor=actor,
        pathway=locked,
        from_status=PathwayStatus.PLANNED,
        to_status=PathwayStatus.ACTIVE,
        effective_date=locked.start_date,
        reason=reason,
    )
    if not locked.phases.exists():
        PathwayPhase.objects.create(pathway=locked, phase=Phase.INTAKE, start_date=locked.start_date)
    pathway.refresh_from_db()
    return pathway


def _pause_or_resume(*, actor, pathway, effective_date, reason, from_status, to_status, wrong_status, too_early):
    """active ⇄ suspended: the pathway stays open; the change is logged with its effective date."""
    locked = _lock(pathway)
    _require_status(locked, {from_status}, wrong_status)
    if effective_date < locked.start_date:
        raise ValidationError({"effective_date": too_early})
    locked.status = to_status
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


@transaction.atomic
def pathway_suspend(*, actor, pathway: Pathway, effective_date: date, reason: str = "") -> Pathway:
    """active → suspended (sick leave, personal reasons…); the pathway stays open."""
    return _pause_or_resume(
        actor=actor,
        pathway=pathway,
        effective_date=effective_date,
        reason=reason,
        from_status=PathwayStatus.ACTIVE,
        to_status=PathwayStatus.SUSPENDED,
        wrong_status=_("Only an active pathway can be suspended."),
        too_early=_("A pathway cannot be suspended before it starts."),
    )


@transaction.atomic
def pathway_resume(*, actor, pathway: Pathway, effective_date: date, reason: str = "") -> Pathway:
    """suspended → active."""
    return _pause_or_resume(
        actor=actor,
        pathway=pathway,
        effective_date=effective_date,
        reason=reason,
        from_status=PathwayStatus.SUSPENDED,
        to_status=PathwayStatus.ACTIVE,
        wrong_status=_("Only a suspended pathway can resume."),
        too_early=_("A pathway cannot resume before it starts."),
    )


@transaction.atomic
def pathway_exit(
    *,
    actor,
    pathway: Pathway,
    end_date: date,
    status: str,
    exit_outcome: str,
    dropout_reason: str = "",
    exit_notes: str = "",
    placement_employer=None,
    placement_job_title: str = "",
    placement_start_date: date | None = None,
) -> Pathway:
    """active | suspended → completed | dropped out, with the outcome. Schedules the post-pathway
    follow-ups. Leaving for a job with an employer, a title and a start date records the hire."""
    if status not in ENDED_PATHWAY_STATUSES:
        raise ValidationError({"status": _("The exit status must be completed or dropped out.")})
    if exit_outcome not in ExitOutcome.values:
        raise ValidationError({"exit_outcome": _("Choose the outcome at exit.")})
    locked = _lock(pathway)
    _require_status(locked, set(OPEN_PATHWAY_STATUSES), _("Only an active or suspended pathway can end."))
    if end_date < locked.start_date:
        raise ValidationError({"end_date": _("A pathway cannot end before it starts.")})
    if status == PathwayStatus.DROPPED_OUT and not dropout_reason:
        raise ValidationError({"dropout_reason": _("Give the reason for the drop-out.")})
    from_status = locked.status
    locked.status = status
    locked.actual_end_date = end_date
    locked.exit_outcome = exit_outcome
    locked.dropout_reason = dropout_reason if status == PathwayStatus.DROPPED_OUT else ""
    locked.exit_notes = exit_notes
    locked.full_clean()
    locked.save(
        update_fields=["status", "actual_end_date", "exit_outcome", "dropout_reason", "exit_notes", "updated_at"]
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
        placement_record(
            actor=actor,
            pathway=locked,
            employer=placement_employer,
            job_title=placement_job_title,
            start_date=placement_start_date,
        )
    post_pathway_follow_ups_schedule(pathway=locked)
    pathway.refresh_from_db()
    return pathway


def placement_record(*, actor, pathway: Pathway, employer, job_title: str, start_date: date):
    """The hire recorded from the exit form (the employers app owns the model)."""
    from employers.models import Placement

    placement = Placement(
        participant=pathway.participant,
        pathway=pathway,
        enterprise=pathway.enterprise,
        employer=employer,
        job_title=job_title,
        start_date=start_date,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    placement.full_clean(exclude=["created_by", "referral"])
    placement.save()
    return placement


def post_pathway_follow_ups_schedule(*, pathway: Pathway) -> list[PostPathwayFollowUp]:
    """One follow-up per milestone of CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS, due end + N months.
    Idempotent: existing milestones are kept; their due date follows a corrected end date if not done."""
    if pathway.actual_end_date is None:
        return []
    scheduled = []
    for months in settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS:
        due_on = pathway.actual_end_date + relativedelta(months=months)
        follow_up, created = PostPathwayFollowUp.objects.get_or_create(
            pathway=pathway, months_after=months, defaults={"due_on": due_on}
        )
        if not created and follow_up.done_on is None and follow_up.due_on != due_on:
            follow_up.due_on = due_on
            follow_up.save(update_fields=["due_on"])
        scheduled.append(follow_up)
    return scheduled


@transaction.atomic
def pathway_phase_start(*, actor, pathway: Pathway, phase: str, start_date: date) -> PathwayPhase:
    """Move the pathway to a new phase on the timeline; the current phase ends the day before."""
    if pathway.status in ENDED_PATHWAY_STATUSES:
        raise ValidationError(_("An ended pathway can no longer be changed."))
    if start_date < pathway.start_date:
        raise ValidationError({"start_date": _("A phase cannot start before the pathway.")})
    current = PathwayPhase.objects.filter(pathway=pathway, end_date__isnull=True).order_by("-start_date").first()
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationError({"start_date": _("The new phase must start after the current one.")})
        current.end_date = start_date - timedelta(days=1)
        current.save(update_fields=["end_date"])
    new_phase = PathwayPhase(pathway=pathway, phase=phase, start_date=start_date)
    new_phase.full_clean()
    new_phase.save()
    return new_phase


# Evaluations, follow-ups, group sessions ------------------------------------------------------------


@transaction.atomic
def evaluation_record(*, actor, pathway: Pathway, evaluated_on: date, comments: str = "", **scores) -> Evaluation:
    names = {name for name, _label in EVALUATION_CRITERIA}
    if set(scores) != names:
        raise TypeError(f"Scores expected for: {sorted(names)}")
    if evaluated_on < pathway.start_date:
        raise ValidationError({"evaluated_on": _("An evaluation cannot come before the pathway starts.")})
    evaluation = Evaluation(
        pathway=pathway,
        evaluated_on=evaluated_on,
        evaluator=actor if getattr(actor, "is_authenticated", False) else None,
        comments=comments,
        **scores,
    )
    evaluation.full_clean(exclude=["evaluator"])
    evaluation.save()
    return evaluation


@transaction.atomic
def follow_up_record(
    *,
    actor,
    participant: Participant,
    met_on: date,
    duration_minutes: int,
    pathway: Pathway | None = None,
    topics=(),
    summary: str = "",
    confidential_notes: str = "",
) -> FollowUp:
    """An individual meeting. Only a counsellor may write confidential notes."""
    if confidential_notes and not can_read_confidential_notes(actor, participant):
        raise PermissionDenied
    if pathway is not None and pathway.participant_id != participant.pk:
        raise ValidationError({"pathway": _("This pathway belongs to someone else.")})
    follow_up = FollowUp(
        participant=participant,
        pathway=pathway,
        counsellor=actor if getattr(actor, "is_authenticated", False) else None,
        met_on=met_on,
        duration_minutes=duration_minutes,
        topics=list(topics),
        summary=summary,
        confidential_notes=confidential_notes,
    )
    follow_up.full_clean(exclude=["counsellor"])
    follow_up.save()
    return follow_up


@transaction.atomic
def group_session_record(
    *,
    actor,
    enterprise,
    topic: str,
    held_on: date,
    title: str = "",
    duration_minutes: int = 90,
    facilitator=None,
    present=(),
    absent=(),
) -> GroupSession:
    """A group workshop and who attended (present) or was expected but absent."""
    session = GroupSession(
        enterprise=enterprise,
        topic=topic,
        title=title,
        held_on=held_on,
        duration_minutes=duration_minutes,
        facilitator=facilitator or (actor if getattr(actor, "is_authenticated", False) else None),
    )
    session.full_clean(exclude=["facilitator"])
    session.save()
    group_attendance_set(actor=actor, session=session, present=present, absent=absent)
    return session


@transaction.atomic
def group_attendance_set(*, actor, session: GroupSession, present=(), absent=()) -> None:
    """Replace the workshop's attendance: `present` attended, `absent` were expected but absent."""
    people = {p.pk: True for p in present} | {p.pk: False for p in absent}
    foreign = Participant.objects.filter(pk__in=people).exclude(enterprise_id=session.enterprise_id)
    if foreign.exists():
        raise ValidationError(_("Only participants of this enterprise can attend its workshops."))
    GroupAttendance.objects.filter(session=session).exclude(participant_id__in=people).delete()
    for participant_id, was_present in people.items():
        GroupAttendance.objects.update_or_create(
            session=session, participant_id=participant_id, defaults={"present": was_present}
        )


@transaction.atomic
def qualification_record(
    *, actor, participant: Participant, kind: str, title: str, obtained_on: date, issuer: str = "", pathway=None
) -> Qualification:
    qualification = Qualification(
        participant=participant, pathway=pathway, kind=kind, title=title, obtained_on=obtained_on, issuer=issuer
    )
    qualification.full_clean()
    qualification.save()
    return qualification


@transaction.atomic
def internship_record(
    *,
    actor,
    pathway: Pathway,
    employer,
    start_date: date,
    end_date: date | None = None,
    employer_supervisor: str = "",
    evaluation: str = "",
    led_to_hire: bool = False,
) -> Internship:
    if start_date < pathway.start_date:
        raise ValidationError({"start_date": _("An internship cannot start before the pathway.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("An internship cannot end before it starts.")})
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


@transaction.atomic
def internship_update(*, actor, internship: Internship, **fields) -> Internship:
    """Complete an internship once it ends: end date, the employer's evaluation, whether it led to a hire."""
    allowed = {"employer", "start_date", "end_date", "employer_supervisor", "evaluation", "led_to_hire"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown internship fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(internship, name, value)
    if internship.start_date < internship.pathway.start_date:
        raise ValidationError({"start_date": _("An internship cannot start before the pathway.")})
    if internship.end_date is not None and internship.end_date < internship.start_date:
        raise ValidationError({"end_date": _("An internship cannot end before it starts.")})
    internship.full_clean()
    internship.save(update_fields=list(fields))
    return internship


@transaction.atomic
def post_pathway_follow_up_record(
    *, actor, follow_up: PostPathwayFollowUp, done_on: date, situation: str, notes: str = ""
) -> PostPathwayFollowUp:
    """The person's situation at a post-pathway milestone."""
    if not situation:
        raise ValidationError({"situation": _("Choose the person's situation.")})
    end = follow_up.pathway.actual_end_date
    if end is not None and done_on < end:
        raise ValidationError({"done_on": _("A post-pathway follow-up cannot come before the exit.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    follow_up.done_on = done_on
    follow_up.situation = situation
    follow_up.notes = notes
    follow_up.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    follow_up.full_clean(exclude=["recorded_by"])
    follow_up.save(update_fields=["done_on", "situation", "notes", "recorded_by"])
    return follow_up
