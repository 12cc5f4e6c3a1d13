from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class PreferredLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


class Schooling(models.TextChoices):
    NO_SECONDARY = "no_secondary", _("No secondary diploma")
    SECONDARY = "secondary", _("Secondary diploma (DES)")
    VOCATIONAL = "vocational", _("Vocational diploma (DEP)")
    COLLEGE = "college", _("College (DEC/AEC)")
    UNIVERSITY = "university", _("University")
    UNKNOWN = "unknown", _("Unknown")


class IncomeSource(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    EMPLOYMENT_INSURANCE = "employment_insurance", _("Employment insurance")
    NO_PUBLIC_SUPPORT = "no_public_support", _("No public income support")
    OTHER = "other", _("Other")


class ReferralSource(models.TextChoices):
    SERVICES_QUEBEC = "services_quebec", _("Services Québec")
    YOUTH_EMPLOYMENT_CENTRE = "youth_employment_centre", _("Youth employment centre (CJE)")
    COMMUNITY = "community", _("Community organization")
    HEALTH_NETWORK = "health_network", _("Health and social services")
    JUSTICE = "justice", _("Justice system")
    SELF = "self", _("On their own")
    FAMILY_FRIENDS = "family_friends", _("Family or friends")
    OTHER = "other", _("Other")


class ConsentPurpose(models.TextChoices):
    PROCESSING = "processing", _("Processing of personal information for the pathway")
    EMPLOYER_SHARING = "employer_sharing", _("Sharing a profile with employers")
    REPORTING = "reporting", _("Reporting to Emploi-Québec")


class PathwayStatus(models.TextChoices):
    # A context: enterprises have statuses with the same English words (feminine in French).
    PLANNED = "planned", pgettext_lazy("pathway status", "Planned")
    ACTIVE = "active", pgettext_lazy("pathway status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("pathway status", "Suspended")
    COMPLETED = "completed", pgettext_lazy("pathway status", "Completed")
    DROPPED_OUT = "dropped_out", pgettext_lazy("pathway status", "Dropped out")


OPEN_PATHWAY_STATUSES = (PathwayStatus.ACTIVE, PathwayStatus.SUSPENDED)
ENDED_PATHWAY_STATUSES = (PathwayStatus.COMPLETED, PathwayStatus.DROPPED_OUT)
# Still editable (dates, supervisor, trade): not ended.
EDITABLE_PATHWAY_STATUSES = (PathwayStatus.PLANNED, *OPEN_PATHWAY_STATUSES)


class PathwayAction(models.TextChoices):
    """What a person may do to a pathway's status; the URL's `action` and the button's label."""

    START = "start", _("Start the pathway")
    SUSPEND = "suspend", _("Suspend the pathway")
    RESUME = "resume", _("Resume the pathway")
    EXIT = "exit", _("End the pathway")


# The pathway's state machine, declared once: action → (statuses it starts from, statuses it may
# lead to). Services enforce it, views and templates offer only what it allows, the importer
# refuses a row that would break it. An ended pathway (completed, dropped out) is final.
PATHWAY_TRANSITIONS: dict[PathwayAction, tuple[frozenset[PathwayStatus], frozenset[PathwayStatus]]] = {
    PathwayAction.START: (frozenset({PathwayStatus.PLANNED}), frozenset({PathwayStatus.ACTIVE})),
    PathwayAction.SUSPEND: (frozenset({PathwayStatus.ACTIVE}), frozenset({PathwayStatus.SUSPENDED})),
    PathwayAction.RESUME: (frozenset({PathwayStatus.SUSPENDED}), frozenset({PathwayStatus.ACTIVE})),
    PathwayAction.EXIT: (frozenset(OPEN_PATHWAY_STATUSES), frozenset(ENDED_PATHWAY_STATUSES)),
}


def pathway_actions_from(status: str) -> list[PathwayAction]:
    """The status moves allowed from `status`, in the order of PathwayAction."""
    return [action for action, (sources, _targets) in PATHWAY_TRANSITIONS.items() if status in sources]


def pathway_move_allowed(action: PathwayAction, from_status: str, to_status: str) -> bool:
    sources, targets = PATHWAY_TRANSITIONS[action]
    return from_status in sources and to_status in targets


def pathway_status_reachable(from_status: str, to_status: str) -> bool:
    """`to_status` follows `from_status` through one or more allowed moves (or is the same status):
    what a re-imported row may do to a pathway already in the portal."""
    reached: set[str] = {from_status}
    frontier: set[str] = {from_status}
    while frontier:
        moves = [targets for sources, targets in PATHWAY_TRANSITIONS.values() if frontier & sources]
        frontier = {target.value for targets in moves for target in targets} - reached
        reached |= frontier
    return to_status in reached


class ExitOutcome(models.TextChoices):
    JOB = "job", _("Job")
    SCHOOL = "school", _("Return to school")
    JOB_SEARCH = "job_search", _("Job search")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class DropoutReason(models.TextChoices):
    HEALTH = "health", _("Health")
    PERSONAL = "personal", _("Personal or family reasons")
    JUSTICE = "justice", _("Justice")
    MOVED = "moved", _("Moved away")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DISMISSED = "dismissed", _("Dismissed")
    EARLY_JOB = "early_job", _("Left early for a job")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake and integration")
    PRODUCTION = "production", _("Production training")
    INTERNSHIP = "internship", _("Internship")
    TRANSITION = "transition", _("Transition to employment")


class FollowUpTopic(models.TextChoices):
    WORK_HABITS = "work_habits", _("Work habits")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Physical or mental health")
    ADDICTION = "addiction", _("Addiction")
    FINANCES = "finances", _("Finances")
    FAMILY = "family", _("Family")
    JUSTICE = "justice", _("Justice")
    CAREER_PLAN = "career_plan", _("Career plan")
    OTHER = "other", _("Other")


class GroupTopic(models.TextChoices):
    CONFLICT = "conflict", _("Conflict management")
    STRESS = "stress", _("Stress management")
    EMOTIONS = "emotions", _("Emotion management")
    PERSONAL_SKILLS = "personal_skills", _("Personal skills assessment")
    JOB_SEARCH = "job_search", _("Job search workshop")
    OTHER = "other", _("Other")


class QualificationKind(models.TextChoices):
    DEP_MODULE = "dep_module", _("DEP module")
    SAFETY_CARD = "safety_card", _("Safety card (ASP Construction)")
    HYGIENE_CARD = "hygiene_card", _("Food hygiene card (MAPAQ)")
    ATTESTATION = "attestation", _("Attestation")
    OTHER = "other", _("Other")


class PostPathwaySituation(models.TextChoices):
    EMPLOYED_SAME = "employed_same", _("Employed, same employer")
    EMPLOYED_OTHER = "employed_other", _("Employed, another employer")
    IN_SCHOOL = "in_school", _("In school")
    SEEKING = "seeking", _("Seeking work")
    UNREACHABLE = "unreachable", _("Unreachable")


EMPLOYED_SITUATIONS = (PostPathwaySituation.EMPLOYED_SAME, PostPathwaySituation.EMPLOYED_OTHER)

EVALUATION_CRITERIA = [
    ("punctuality", _("Punctuality")),
    ("quality", _("Quality")),
    ("productivity", _("Productivity")),
    ("teamwork", _("Teamwork")),
    ("safety", _("Safety and instructions")),
    ("self_confidence", _("Self-confidence")),
    ("motivation", _("Motivation")),
    ("autonomy", _("Autonomy")),
]
