"""Writing parsed rows through the participants' services, as the pages do: the person with
`participant_create` / `participant_update`, each pathway with `pathway_create` then the moves of the
state machine (`pathway_start`, `pathway_suspend`, `pathway_resume`, `pathway_exit`), each logged
with its actor. A row that contradicts the portal (a pathway closed here that the file reopens or
ends differently, a second open pathway) is a row error with the reason; the caller rolls the whole
file back."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ceiq.accounts.models import User
from enterprises.models import Enterprise

from .. import services
from ..choices import ENDED_PATHWAY_STATUSES, PathwayStatus, pathway_status_reachable
from ..models import Participant, Pathway
from .parsing import COLUMNS, ParsedRow
from .report import ImportReport

DEFAULT_WEEKLY_HOURS = 35
# A service's field that the file names differently.
SERVICE_FIELD_COLUMNS = {"end_date": "actual_end_date", "effective_date": "status"}
# What a closed pathway's row must repeat as the portal holds it.
EXIT_COLUMNS = ("status", "actual_end_date", "exit_outcome", "dropout_reason")


def _import_reason() -> str:
    return pgettext("pathway transition reason", "Import")


def _model_errors(report: ImportReport, number: int, error: ValidationError, default_column: str) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            column = SERVICE_FIELD_COLUMNS.get(name, name)
            for message in messages:
                report.error(number, column if column in COLUMNS else default_column, message)
    else:
        for message in error.messages:
            report.error(number, default_column, message)


def save_people(parsed: dict[str, list[ParsedRow]], enterprise: Enterprise, actor: User, report: ImportReport) -> None:
    """Each person, then their pathways: ended ones first, so an open one never collides with one
    the same file closes."""
    for group in parsed.values():
        participant = _save_participant(group, enterprise, actor, report)
        if participant is None:
            continue
        in_portal = {(pathway.trade_id, pathway.start_date): pathway for pathway in participant.pathways.all()}
        ordered = sorted(
            (row for row in group if row.pathway is not None),
            key=lambda row: (row.is_open, row.pathway["start_date"] if row.pathway else None),
        )
        for row in ordered:
            _save_pathway(participant, row, in_portal, actor, report)


def _save_participant(rows: list[ParsedRow], enterprise: Enterprise, actor: User, report: ImportReport):
    first = rows[0]
    fields = dict(first.participant)
    existing = Participant.objects.filter(enterprise=enterprise, external_id=fields["external_id"]).first()
    try:
        if existing is not None:
            participant = services.participant_update(
                actor=actor, participant=existing, barriers=first.barriers, **fields
            )
            report.participants_updated += 1
            return participant
        # Consents come from the file only when the import creates the person: afterwards they are
        # managed on the person's file, and an old file never undoes a withdrawal.
        participant = services.participant_create(
            actor=actor,
            enterprise=enterprise,
            barriers=first.barriers,
            consent_purposes=sorted({purpose for row in rows for purpose in row.consents}),
            **fields,
        )
    except ValidationError as error:
        _model_errors(report, first.number, error, "external_id")
        return None
    report.participants_created += 1
    return participant


def _save_pathway(participant: Participant, row: ParsedRow, in_portal: dict, actor: User, report: ImportReport) -> None:
    data = row.pathway
    assert data is not None  # only rows with a pathway come here
    existing = in_portal.get((data["trade"].pk, data["start_date"]))
    column = "start_date"
    try:
        if existing is None and data["status"] in ENDED_PATHWAY_STATUSES:
            # A past pathway: recorded ended, never open, so the person's current pathway is no obstacle.
            services.pathway_record_ended(
                actor=actor,
                participant=participant,
                end_date=data["actual_end_date"],
                status=data["status"],
                exit_outcome=data["exit_outcome"],
                dropout_reason=data["dropout_reason"],
                **_plan(data),
            )
            report.pathways_created += 1
            return
        if existing is None:
            pathway = services.pathway_create(actor=actor, participant=participant, **_plan(data))
        else:
            pathway = existing
            _check_closed_pathway_agrees(pathway, data)
            plan = {
                name: data[name]
                for name in ("planned_end_date", "weekly_hours")
                if data[name] is not None and data[name] != getattr(pathway, name)
            }
            if plan:
                column = next(iter(plan))
                pathway = services.pathway_update(actor=actor, pathway=pathway, **plan)
        column = "status"
        _move(actor, pathway, data)
    except ValidationError as error:
        _model_errors(report, row.number, error, column)
        return
    if existing is None:
        report.pathways_created += 1
    else:
        report.pathways_updated += 1


def _plan(data: dict) -> dict:
    """A new pathway's plan from its row (35 hours a week and the agreement's length when empty)."""
    return {
        "trade": data["trade"],
        "start_date": data["start_date"],
        "planned_end_date": data["planned_end_date"],
        "weekly_hours": data["weekly_hours"] or DEFAULT_WEEKLY_HOURS,
        "reason": _import_reason(),
    }


def _check_closed_pathway_agrees(pathway: Pathway, data: dict) -> None:
    """A pathway ended in the portal is final: the file may repeat its exit, not change it."""
    if pathway.status not in ENDED_PATHWAY_STATUSES:
        return
    for name in EXIT_COLUMNS:
        if data[name] != getattr(pathway, name):
            raise ValidationError(
                {
                    name: _(
                        "This pathway was closed in the portal on %(date)s (“%(status)s”): "
                        "the file cannot reopen it or change its exit."
                    )
                    % {
                        "date": date_format(pathway.actual_end_date or pathway.start_date),
                        "status": pathway.get_status_display(),
                    }
                }
            )


def _move(actor: User, pathway: Pathway, data: dict) -> None:
    """Bring the pathway to the file's status through the state machine's moves."""
    target = data["status"]
    if pathway.status == target:
        return
    if not pathway_status_reachable(pathway.status, target):
        raise ValidationError(
            {
                "status": _("This pathway is “%(current)s” in the portal: it cannot become “%(status)s”.")
                % {"current": pathway.get_status_display(), "status": PathwayStatus(target).label}
            }
        )
    if pathway.status == PathwayStatus.PLANNED:
        pathway = services.pathway_start(actor=actor, pathway=pathway, reason=_import_reason())
    if target in ENDED_PATHWAY_STATUSES:
        services.pathway_exit(
            actor=actor,
            pathway=pathway,
            end_date=data["actual_end_date"],
            status=target,
            exit_outcome=data["exit_outcome"],
            dropout_reason=data["dropout_reason"],
        )
    elif pathway.status != target:
        # The file gives no date for a suspension or a resumption: it takes effect on the import.
        moved_on = max(pathway.start_date, timezone.localdate())
        move = services.pathway_suspend if target == PathwayStatus.SUSPENDED else services.pathway_resume
        move(actor=actor, pathway=pathway, effective_date=moved_on, reason=_import_reason())
