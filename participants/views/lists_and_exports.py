"""The enterprise's lists of participants and pathways, and their CSV exports (the rows the list shows,
as filtered; no follow-up, no confidential note). Every export is written to the access log."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.exports import Column, csv_response, dated_filename

from .. import permissions as perms
from .. import selectors
from ._common import enterprise_of, page_of, permitted


def _latest_pathway(participant):
    """The participant's newest pathway (pathways are prefetched newest first), or None."""
    return next(iter(participant.pathways.all()), None)


def _of_latest_pathway(read):
    def value(participant):
        latest = _latest_pathway(participant)
        return read(latest) if latest else ""

    return value


PARTICIPANT_COLUMNS = [
    Column(_("External id"), lambda p: p.external_id),
    Column(_("Last name"), lambda p: p.last_name),
    Column(_("First name"), lambda p: p.first_name),
    Column(_("Birth date"), lambda p: p.birth_date, kind="date"),
    Column(_("Gender"), lambda p: p.get_gender_display()),
    Column(_("Preferred language"), lambda p: p.get_preferred_language_display()),
    Column(_("Email"), lambda p: p.email),
    Column(_("Phone"), lambda p: p.phone),
    Column(_("City"), lambda p: p.city),
    Column(_("Postal code"), lambda p: p.postal_code),
    Column(_("Schooling at intake"), lambda p: p.get_schooling_at_intake_display()),
    Column(_("Main income source at intake"), lambda p: p.get_income_source_at_intake_display()),
    Column(_("Referral source"), lambda p: p.get_referral_source_display()),
    Column(_("Barriers"), lambda p: "; ".join(barrier.name for barrier in p.barriers.all())),
    Column(_("Immigrant"), lambda p: p.is_immigrant, kind="bool"),
    Column(_("Active consents"), lambda p: "; ".join(c.get_purpose_display() for c in p.consents.all())),
    Column(_("Latest pathway status"), _of_latest_pathway(lambda pathway: pathway.get_status_display())),
    Column(_("Trade"), _of_latest_pathway(lambda pathway: pathway.trade.name)),
    Column(_("Start date"), _of_latest_pathway(lambda pathway: pathway.start_date), kind="date"),
]

PATHWAY_COLUMNS = [
    Column(_("External id"), lambda p: p.participant.external_id),
    Column(_("Last name"), lambda p: p.participant.last_name),
    Column(_("First name"), lambda p: p.participant.first_name),
    Column(_("Trade"), lambda p: p.trade.name),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Start date"), lambda p: p.start_date, kind="date"),
    Column(_("Planned end date"), lambda p: p.planned_end_date, kind="date"),
    Column(_("Actual end date"), lambda p: p.actual_end_date, kind="date"),
    Column(_("Weekly hours"), lambda p: p.weekly_hours, kind="number"),
    Column(_("Counsellor"), lambda p: p.counsellor),
    Column(_("Supervisor"), lambda p: p.supervisor),
    Column(_("Outcome at exit"), lambda p: p.get_exit_outcome_display()),
    Column(_("Drop-out reason"), lambda p: p.get_dropout_reason_display()),
]


def _export(request, enterprise, columns, rows, stem):
    access_log_record(
        actor=request.user,
        action=AccessAction.EXPORT_LIST,
        target=enterprise,
        enterprise_id=enterprise.pk,
        request=request,
    )
    return csv_response(columns, rows, filename=dated_filename(stem, "csv"))


def _list_page(request, template, listed, **flags):
    return render(
        request,
        template,
        {"filter": listed.filter, "page": page_of(request, listed.rows), "sort": listed.sort, **flags},
    )


@login_required
def participant_list(request):
    enterprise = permitted(request, perms.can_list_participants, enterprise_of(request))
    return _list_page(
        request,
        "participants/participant_list.html",
        selectors.participant_list(user=request.user, enterprise=enterprise, params=request.GET),
        can_create=perms.can_create_participant(request.user, enterprise),
        can_import=perms.can_import_participants(request.user, enterprise),
        can_export=perms.can_export_lists(request.user, enterprise),
    )


@login_required
def participant_export_csv(request):
    """The filtered list. No follow-ups, no confidential notes: identity, intake profile, pathway."""
    enterprise = permitted(request, perms.can_export_lists, enterprise_of(request))
    rows = selectors.participant_export_rows(user=request.user, enterprise=enterprise, params=request.GET)
    return _export(request, enterprise, PARTICIPANT_COLUMNS, rows, "participants")


@login_required
def pathway_list(request):
    enterprise = permitted(request, perms.can_list_participants, enterprise_of(request))
    return _list_page(
        request,
        "participants/pathway_list.html",
        selectors.pathway_list(user=request.user, enterprise=enterprise, params=request.GET),
        can_export=perms.can_export_lists(request.user, enterprise),
    )


@login_required
def pathway_export_csv(request):
    enterprise = permitted(request, perms.can_export_lists, enterprise_of(request))
    listed = selectors.pathway_list(user=request.user, enterprise=enterprise, params=request.GET)
    return _export(request, enterprise, PATHWAY_COLUMNS, listed.rows, "parcours")
