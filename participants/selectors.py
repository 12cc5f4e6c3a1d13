"""Reads behind the participants' pages. Every read starts from `visible_to(user)` (another enterprise
→ 404); a missing right inside one's enterprise is a PermissionDenied (403). What a role may see and do
is decided here and handed to the templates as flags and lists, never as logic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from enterprises.models import Enterprise, Membership

from . import permissions as perms
from .choices import (
    EDITABLE_PATHWAY_STATUSES,
    OPEN_PATHWAY_STATUSES,
    ConsentPurpose,
    FollowUpTopic,
    PathwayAction,
    pathway_actions_from,
)
from .filters import ParticipantFilter, PathwayFilter
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

# Consents --------------------------------------------------------------------------------------------


def employers_seeing_profile(participant: Participant) -> list[str]:
    """The names of the employers that read the person's profile while the employer-sharing consent
    lasts: those the person was proposed to and those of their internships (what the employer portal
    shows them). Read through the relations the employers app declares: participants never imports it."""
    employer_model = Internship._meta.get_field("employer").related_model
    return list(
        employer_model._default_manager.filter(
            Q(internships__pathway__participant=participant) | Q(openings__referrals__participant=participant)
        )
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


# Lists -----------------------------------------------------------------------------------------------

# The columns a list may be sorted by (`?sort=name`, `?sort=-name`) and the fields each one orders by.
PARTICIPANT_SORTS = {
    "name": ["last_name", "first_name"],
    "created": ["created_at"],
    "external_id": ["external_id"],
}
PATHWAY_SORTS = {
    "participant": ["participant__last_name", "participant__first_name"],
    "trade": ["trade__name_fr"],
    "start_date": ["start_date"],
    "planned_end_date": ["planned_end_date"],
    "actual_end_date": ["actual_end_date"],
    "status": ["status"],
}


@dataclass(frozen=True)
class FilteredList:
    """A list page's filter form, its rows (filtered, sorted, not yet paginated) and the sort key used."""

    filter: ParticipantFilter | PathwayFilter
    rows: QuerySet[Any]
    sort: str


def sort_by(
    queryset: QuerySet[Any], key: str | None, allowed: Mapping[str, list[str]], default: str
) -> tuple[QuerySet[Any], str]:
    """`queryset` ordered by the column `key` names (a leading `-` reverses it), or by `default` when the
    key is not one of `allowed`; the primary key breaks ties. Returns the queryset and the key used."""
    key = key or default
    name = key.lstrip("-")
    if name not in allowed:
        key, name = default, default.lstrip("-")
    fields = allowed[name]
    if key.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return queryset.order_by(*fields, "pk"), key


def _is_supervisor(user: User, enterprise_id: int) -> bool:
    return user.role_in(enterprise_id) == EnterpriseRole.SUPERVISOR


def people_visible_to(user: User) -> QuerySet[Participant]:
    """The people `user` may see, for every app's pages that name a person (`person_visible`)."""
    return Participant.objects.seen_by(user)


def _participants(*, user: User, enterprise: Enterprise, params: Mapping[str, Any]) -> FilteredList:
    queryset = people_visible_to(user).filter(enterprise=enterprise)
    filterset = ParticipantFilter(params or None, queryset=queryset, enterprise=enterprise)
    rows, sort = sort_by(filterset.qs, params.get("sort"), PARTICIPANT_SORTS, "name")
    return FilteredList(filter=filterset, rows=rows, sort=sort)


def participant_list(*, user: User, enterprise: Enterprise, params: Mapping[str, Any]) -> FilteredList:
    """The enterprise's participants (a supervisor: the people they supervise), filtered by `params`
    (the query string), each with their pathways newest first (the first one is the latest)."""
    listed = _participants(user=user, enterprise=enterprise, params=params)
    rows = listed.rows.prefetch_related(
        Prefetch("pathways", queryset=Pathway.objects.select_related("trade", "counsellor").order_by("-start_date"))
    )
    return FilteredList(filter=listed.filter, rows=rows, sort=listed.sort)


def participant_export_rows(*, user: User, enterprise: Enterprise, params: Mapping[str, Any]) -> QuerySet[Participant]:
    """The rows of the participants' list as filtered on the page, with what the export reads: region,
    barriers, pathways newest first and active consents."""
    return (
        _participants(user=user, enterprise=enterprise, params=params)
        .rows.select_related("region")
        .prefetch_related(
            "barriers",
            Prefetch("pathways", queryset=Pathway.objects.select_related("trade").order_by("-start_date")),
            Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True)),
        )
    )


def pathway_list(*, user: User, enterprise: Enterprise, params: Mapping[str, Any]) -> FilteredList:
    """The enterprise's pathways (a supervisor: the ones they supervise), filtered by `params`; the page
    and its export read the same rows."""
    queryset = Pathway.objects.visible_to(user).filter(enterprise=enterprise)
    if _is_supervisor(user, enterprise.pk):
        queryset = queryset.filter(supervisor=user)
    filterset = PathwayFilter(params or None, queryset=queryset, enterprise=enterprise)
    rows, sort = sort_by(filterset.qs, params.get("sort"), PATHWAY_SORTS, "-start_date")
    return FilteredList(
        filter=filterset, rows=rows.select_related("participant", "trade", "counsellor", "supervisor"), sort=sort
    )


POST_FOLLOW_UP_STATES = {
    "overdue": lambda qs, today: qs.filter(done_on__isnull=True, due_on__lt=today).order_by("due_on", "pk"),
    "upcoming": lambda qs, today: qs.filter(done_on__isnull=True, due_on__gte=today).order_by("due_on", "pk"),
    "done": lambda qs, today: qs.filter(done_on__isnull=False).order_by("-done_on", "pk"),
}
DEFAULT_POST_FOLLOW_UP_STATE = "overdue"


def post_follow_up_list(
    *, user: User, enterprise: Enterprise, state: str | None
) -> tuple[str, QuerySet[PostPathwayFollowUp]]:
    """The enterprise's post-pathway follow-ups in `state` (overdue, upcoming or done; overdue when the
    state is unknown). Returns the state used and the rows."""
    if state not in POST_FOLLOW_UP_STATES:
        state = DEFAULT_POST_FOLLOW_UP_STATE
    queryset = (
        PostPathwayFollowUp.objects.visible_to(user)
        .filter(pathway__enterprise=enterprise)
        .select_related("pathway__participant", "pathway__trade", "recorded_by")
    )
    return state, POST_FOLLOW_UP_STATES[state](queryset, timezone.localdate())


def group_session_list(*, user: User, enterprise: Enterprise, topic: str | None) -> QuerySet[GroupSession]:
    """The enterprise's group workshops, newest first, each with `present_count`; only `topic` if given."""
    queryset = (
        GroupSession.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("facilitator")
        .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("-held_on", "-pk")
    )
    if topic:
        queryset = queryset.filter(topic=topic)
    return queryset


def evaluable_pathways(queryset: QuerySet[Pathway], *, user: User, participant: Participant) -> QuerySet[Pathway]:
    """The participant's pathways `user` may evaluate: a supervisor, only the ones they supervise."""
    if _is_supervisor(user, participant.enterprise_id):
        return queryset.filter(supervisor=user)
    return queryset


def group_session_attendances(session: GroupSession) -> QuerySet[GroupAttendance]:
    return session.attendances.select_related("participant").order_by(
        "participant__last_name", "participant__first_name"
    )


# The participant's file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRights:
    """What the user may read and do on one participant's file (participants.permissions)."""

    can_edit: bool
    can_view_intake_profile: bool
    can_view_contact_details: bool
    can_manage_consents: bool
    can_view_follow_ups: bool
    can_read_notes: bool
    can_record_follow_up: bool
    can_manage_pathways: bool
    can_record_evaluation: bool
    can_record_qualification: bool
    can_record_internship: bool
    can_record_post_follow_up: bool
    can_view_employment: bool
    can_export_data: bool
    can_view_history: bool

    @classmethod
    def of(cls, user: User, participant: Participant) -> FileRights:
        return cls(
            can_edit=perms.can_edit_participant(user, participant),
            can_view_intake_profile=perms.can_view_intake_profile(user, participant),
            can_view_contact_details=perms.can_view_contact_details(user, participant),
            can_manage_consents=perms.can_manage_consents(user, participant),
            can_view_follow_ups=perms.can_view_follow_ups(user, participant),
            can_read_notes=perms.can_read_confidential_notes(user, participant),
            can_record_follow_up=perms.can_record_follow_up(user, participant),
            can_manage_pathways=perms.can_manage_pathways(user, participant),
            can_record_evaluation=perms.can_record_evaluation(user, participant),
            can_record_qualification=perms.can_record_qualification(user, participant),
            can_record_internship=perms.can_record_internship(user, participant),
            can_record_post_follow_up=perms.can_record_post_follow_up(user, participant),
            can_view_employment=perms.can_view_employment(user, participant),
            can_export_data=perms.can_export_participant_data(user, participant),
            can_view_history=perms.can_view_change_history(user, participant),
        )


@dataclass(frozen=True)
class PathwayButton:
    """A link on a pathway's card: its label, its page and its Bootstrap button style."""

    label: str | Promise
    url: str
    style: str


# The button of each status move (the page's title is the action's label: "Start the pathway"…).
STATUS_MOVE_BUTTONS: dict[PathwayAction, tuple[str | Promise, str]] = {
    PathwayAction.START: (_("Start"), "btn-success"),
    PathwayAction.SUSPEND: (_("Suspend"), "btn-outline-warning"),
    PathwayAction.RESUME: (_("Resume"), "btn-outline-success"),
    PathwayAction.EXIT: (PathwayAction.EXIT.label, "btn-outline-danger"),
}


def _status_move_button(pathway: Pathway, action: PathwayAction) -> PathwayButton:
    label, style = STATUS_MOVE_BUTTONS[action]
    return PathwayButton(label, reverse("participants:pathway_transition", args=[pathway.pk, action.value]), style)


def pathway_buttons(pathway: Pathway, rights: FileRights) -> list[PathwayButton]:
    """What the user may do to the pathway, in the order the card shows it: the status moves the state
    machine allows from its status (start, suspend, resume), the recording pages of an open pathway
    (next phase, internship), ending it, then editing the plan while it has not ended."""
    if not rights.can_manage_pathways:
        return []
    moves = pathway_actions_from(pathway.status)
    buttons = [_status_move_button(pathway, action) for action in moves if action != PathwayAction.EXIT]
    if pathway.status in OPEN_PATHWAY_STATUSES:
        buttons.append(
            PathwayButton(
                _("Next phase"), reverse("participants:pathway_phase", args=[pathway.pk]), "btn-outline-secondary"
            )
        )
        if rights.can_record_internship:
            url = reverse("participants:internship_create", args=[pathway.pk])
            buttons.append(PathwayButton(_("Record an internship"), url, "btn-outline-secondary"))
    if PathwayAction.EXIT in moves:
        buttons.append(_status_move_button(pathway, PathwayAction.EXIT))
    if pathway.status in EDITABLE_PATHWAY_STATUSES:
        buttons.append(
            PathwayButton(_("Edit"), reverse("participants:pathway_edit", args=[pathway.pk]), "btn-outline-primary")
        )
    return buttons


@dataclass(frozen=True)
class PathwayCard:
    """One pathway on the file, with what its card offers."""

    pathway: Pathway
    is_open: bool
    is_editable: bool
    buttons: list[PathwayButton]


@dataclass(frozen=True)
class FollowUpEntry:
    follow_up: FollowUp
    topic_labels: list[str]


@dataclass(frozen=True)
class ConsentRow:
    """One purpose: the consent in force (if any) and every consent given for it, newest first."""

    purpose: str
    label: str | Promise
    active: Consent | None
    history: list[Consent]


@dataclass(frozen=True)
class ParticipantFile:
    """Everything the file shows to one user; sections the user may not read are empty."""

    participant: Participant
    rights: FileRights
    pathways: list[PathwayCard]
    evaluations: list[Evaluation]
    follow_ups: list[FollowUpEntry]
    consent_rows: list[ConsentRow]
    qualifications: list[Qualification]
    attendances: list[GroupAttendance]
    post_follow_ups: list[PostPathwayFollowUp]
    placements: list[Any] = field(default_factory=list)
    referrals: list[Any] = field(default_factory=list)
    history: list[LogEntry] = field(default_factory=list)

    @property
    def has_open_pathway(self) -> bool:
        return any(card.is_open for card in self.pathways)


def _file_queryset(user: User) -> QuerySet[Participant]:
    return (
        Participant.objects.visible_to(user)
        .select_related("enterprise", "region")
        .prefetch_related(
            "barriers",
            Prefetch(
                "consents", queryset=Consent.objects.select_related("recorded_by").order_by("purpose", "-given_at")
            ),
            Prefetch(
                "pathways",
                queryset=Pathway.objects.select_related("trade", "counsellor", "supervisor")
                .prefetch_related(
                    Prefetch("transitions", queryset=PathwayTransition.objects.select_related("by")),
                    Prefetch("phases", queryset=PathwayPhase.objects.order_by("start_date")),
                    Prefetch(
                        "evaluations", queryset=Evaluation.objects.select_related("evaluator").order_by("evaluated_on")
                    ),
                    "internships__employer",
                    "post_follow_ups",
                )
                .order_by("-start_date"),
            ),
            Prefetch("qualifications"),
            Prefetch(
                "attendances", queryset=GroupAttendance.objects.select_related("session").order_by("-session__held_on")
            ),
        )
    )


def _follow_ups(participant: Participant, rights: FileRights) -> list[FollowUpEntry]:
    """The meetings, newest first; the confidential notes are not even loaded for who may not read them."""
    if not rights.can_view_follow_ups:
        return []
    queryset = FollowUp.objects.filter(participant=participant).select_related("counsellor", "pathway__trade")
    if not rights.can_read_notes:
        queryset = queryset.defer("confidential_notes")
    topic_labels = dict(FollowUpTopic.choices)
    return [
        FollowUpEntry(follow_up, [str(topic_labels.get(topic, topic)) for topic in follow_up.topics])
        for follow_up in queryset
    ]


def _consent_rows(participant: Participant) -> list[ConsentRow]:
    by_purpose: dict[str, list[Consent]] = {}
    for consent in participant.consents.all():
        by_purpose.setdefault(consent.purpose, []).append(consent)
    return [
        ConsentRow(
            purpose=purpose,
            label=label,
            active=next((c for c in by_purpose.get(purpose, []) if c.withdrawn_at is None), None),
            history=by_purpose.get(purpose, []),
        )
        for purpose, label in ConsentPurpose.choices
    ]


def _log_file_reads(
    user: User, participant: Participant, follow_ups: list[FollowUpEntry], rights: FileRights, request
) -> None:
    """Access is granted: the reading of the file, and of confidential notes when some are shown."""
    actions = [AccessAction.READ_PARTICIPANT_FILE]
    if rights.can_read_notes and any(entry.follow_up.confidential_notes for entry in follow_ups):
        actions.append(AccessAction.READ_CONFIDENTIAL_NOTES)
    for action in actions:
        access_log_record(
            actor=user, action=action, target=participant, enterprise_id=participant.enterprise_id, request=request
        )


def participant_file(*, user: User, pk: int, request: HttpRequest | None = None) -> ParticipantFile:
    """The participant's file as `user` may read it. Another enterprise's participant (or none) is a
    404, a participant of one's enterprise one may not read a PermissionDenied. Each reading is written
    to the access log (with the request's address when given), and so is each reading of confidential
    notes. A supervisor sees only the pathways they supervise."""
    participant = get_object_or_404(_file_queryset(user), pk=pk)
    if not perms.can_view_participant(user, participant):
        raise PermissionDenied
    rights = FileRights.of(user, participant)
    pathways = list(participant.pathways.all())
    if _is_supervisor(user, participant.enterprise_id):
        pathways = [p for p in pathways if p.supervisor_id == user.pk]
    follow_ups = _follow_ups(participant, rights)
    placements: list[Any] = []
    referrals: list[Any] = []
    if rights.can_view_employment:
        placements = list(participant.placements.select_related("employer"))
        referrals = list(participant.referrals.select_related("opening__employer"))
    _log_file_reads(user, participant, follow_ups, rights, request)
    return ParticipantFile(
        participant=participant,
        rights=rights,
        pathways=[
            PathwayCard(
                pathway=pathway,
                is_open=pathway.status in OPEN_PATHWAY_STATUSES,
                is_editable=pathway.status in EDITABLE_PATHWAY_STATUSES,
                buttons=pathway_buttons(pathway, rights),
            )
            for pathway in pathways
        ],
        evaluations=sorted(
            (evaluation for pathway in pathways for evaluation in pathway.evaluations.all()),
            key=lambda e: (e.evaluated_on, e.pk),
        ),
        follow_ups=follow_ups,
        consent_rows=_consent_rows(participant),
        qualifications=list(participant.qualifications.all()),
        attendances=list(participant.attendances.all()),
        post_follow_ups=sorted(
            (f for pathway in pathways for f in pathway.post_follow_ups.all()), key=lambda f: (f.due_on, f.pk)
        ),
        placements=placements,
        referrals=referrals,
        history=participant_history(participant) if rights.can_view_history else [],
    )


HISTORY_ACTIONS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
}
HISTORY_SKIPPED_FIELDS = {"id", "created_at", "updated_at"}


def history_authors(enterprise: Enterprise, actors: list[User]) -> dict[int, str]:
    """{user id: « First Last (role, organisation) »} for the authors of a history (one query): the
    role they hold in `enterprise`, or network staff."""
    roles = dict(
        Membership.objects.filter(enterprise=enterprise, user__in=actors, is_active=True).values_list("user_id", "role")
    )
    labels = {}
    for actor in actors:
        if actor.pk in roles:
            where = f"{EnterpriseRole(roles[actor.pk]).label}, {enterprise.name}"
        elif actor.is_network_staff:
            where = str(_("network staff"))
        else:
            where = ""
        labels[actor.pk] = f"{actor} ({where})" if where else str(actor)
    return labels


def participant_history(participant: Participant, *, limit: int = 20) -> list[LogEntry]:
    """Who changed the file and which fields (names only, never values), newest first (django-auditlog):
    each entry with `action_label` and `field_labels` (one query)."""
    entries = list(LogEntry.objects.get_for_object(participant).select_related("actor")[:limit])
    labels = {
        model_field.name: str(model_field.verbose_name)
        for model_field in Participant._meta.concrete_fields
        if model_field.name not in HISTORY_SKIPPED_FIELDS
    } | {"barriers": str(Participant._meta.get_field("barriers").verbose_name)}
    authors = history_authors(participant.enterprise, [entry.actor for entry in entries if entry.actor])
    for entry in entries:
        entry.author_label = authors.get(entry.actor_id, _("System")) if entry.actor_id else _("System")
        entry.action_label = HISTORY_ACTIONS.get(entry.action, "")
        changed = entry.changes_dict if entry.action == LogEntry.Action.UPDATE else {}
        entry.field_labels = [label for name, label in labels.items() if name in changed]  # in the model's order
    return entries
