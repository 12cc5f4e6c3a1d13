"""Writes about what happens during and after a pathway: evaluations, follow-up meetings, group
workshops and attendance, qualifications, internships, post-pathway follow-ups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ceiq.accounts.models import User
from ceiq.core.services import model_update, require, service
from enterprises.models import Enterprise

from ..choices import (
    EVALUATION_CRITERIA,
)
from ..models import (
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Internship,
    Participant,
    Pathway,
    PostPathwayFollowUp,
    Qualification,
)
from ..permissions import (
    can_read_confidential_notes,
    can_record_evaluation,
    can_record_follow_up,
    can_record_group_session,
    can_record_internship,
    can_record_post_follow_up,
    can_record_qualification,
)

INTERNSHIP_FIELDS = ("employer", "start_date", "end_date", "employer_supervisor", "evaluation", "led_to_hire")

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
    topics = list(topics)
    if not topics and not summary.strip():
        raise ValidationError({"summary": _("Give at least a topic or a summary of the meeting.")})
    follow_up = FollowUp(
        participant=participant,
        pathway=pathway,
        counsellor=actor,
        met_on=met_on,
        duration_minutes=duration_minutes,
        topics=topics,
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
