"""Writes about participants and their pathways (docs/conventions.md, "Writes"). Each service takes the
`actor`, checks the actor's right itself (participants.permissions + `require`; views keep their own
checks for the 403 page), runs in one transaction with the change history attributed to the actor
(`@service`), validates, saves and logs the transitions it makes. Status moves follow the state
machine declared in participants.choices (PATHWAY_TRANSITIONS).

One module per noun family: `people` (intake, file, consents), `pathways` (plan and status moves),
`records` (evaluations, follow-ups, workshops, qualifications, internships, post-pathway follow-ups).
Callers import from `participants.services`."""

from ..schedule import DEFAULT_PATHWAY_WEEKS, planned_end_for, post_pathway_follow_ups_schedule, standard_pathway_weeks
from .pathways import (
    pathway_create,
    pathway_exit,
    pathway_phase_start,
    pathway_record_ended,
    pathway_resume,
    pathway_start,
    pathway_suspend,
    pathway_update,
)
from .people import consent_give, consent_withdraw, participant_create, participant_update
from .records import (
    evaluation_record,
    follow_up_record,
    group_attendance_set,
    group_session_record,
    internship_record,
    internship_update,
    post_pathway_follow_up_record,
    qualification_record,
)

__all__ = [
    "DEFAULT_PATHWAY_WEEKS",
    "consent_give",
    "consent_withdraw",
    "evaluation_record",
    "follow_up_record",
    "group_attendance_set",
    "group_session_record",
    "internship_record",
    "internship_update",
    "participant_create",
    "participant_update",
    "pathway_create",
    "pathway_exit",
    "pathway_phase_start",
    "pathway_record_ended",
    "pathway_resume",
    "pathway_start",
    "pathway_suspend",
    "pathway_update",
    "planned_end_for",
    "post_pathway_follow_up_record",
    "qualification_record",
    "post_pathway_follow_ups_schedule",
    "standard_pathway_weeks",
]
