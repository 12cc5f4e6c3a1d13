"""Pages for coordinators, counsellors and supervisors. Reads start from `visible_to(user)` (another
enterprise → 404); rights inside one's enterprise come from `permissions` (missing → 403)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ceiq.accounts.roles import EnterpriseRole
from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.forms import add_service_errors, submit_service_form

from . import permissions as perms
from . import services
from .charts import evaluation_chart_svg
from .choices import EVALUATION_CRITERIA, ConsentPurpose, FollowUpTopic
from .filters import ParticipantFilter, PathwayFilter
from .forms import (
    AttendanceForm,
    EvaluationForm,
    ExitForm,
    FollowUpForm,
    GroupSessionForm,
    ImportForm,
    InternshipForm,
    ParticipantForm,
    PathwayForm,
    PhaseForm,
    PostFollowUpForm,
    QualificationForm,
    TransitionForm,
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
)

PAGE_SIZE = 25


# Helpers -------------------------------------------------------------------------------------------


def _enterprise(request):
    """The enterprise of the current context; list pages exist only there."""
    if request.portal is None or request.enterprise is None:
        raise PermissionDenied
    return request.enterprise


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _sorted(request, queryset, allowed: dict, default: str):
    key = request.GET.get("sort") or default
    name = key.lstrip("-")
    if name not in allowed:
        key, name = default, default.lstrip("-")
    fields = allowed[name]
    if key.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return queryset.order_by(*fields, "pk"), key


def _participant(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Participant.objects.all()
    participant = get_object_or_404(
        queryset.visible_to(request.user)
        .select_related("enterprise")
        .prefetch_related(
            Prefetch("pathways", queryset=Pathway.objects.select_related("trade").order_by("-start_date"))
        ),
        pk=pk,
    )
    return participant


def _pathway(request, pk):
    return get_object_or_404(
        Pathway.objects.visible_to(request.user).select_related("participant", "enterprise", "trade"), pk=pk
    )


def _visible_participant_of(request, pathway):
    """The pathway's participant with the prefetched pathways the permission checks read."""
    return _participant(request, pathway.participant_id)


def _form_page(request, *, title, form, cancel_url, submit=None, intro="", participant=None, extra=None):
    return render(
        request,
        "participants/form_page.html",
        {
            "title": title,
            "form": form,
            "cancel_url": cancel_url,
            "submit_label": submit or _("Save"),
            "intro": intro,
            "participant": participant,
            **(extra or {}),
        },
    )


def _file_url(participant_id):
    return reverse("participants:detail", args=[participant_id])


# Participants --------------------------------------------------------------------------------------

PARTICIPANT_SORTS = {
    "name": ["last_name", "first_name"],
    "created": ["created_at"],
    "external_id": ["external_id"],
}


def _participant_list_queryset(request, enterprise):
    queryset = Participant.objects.visible_to(request.user).filter(enterprise=enterprise)
    if request.user.role_in(enterprise.pk) == EnterpriseRole.SUPERVISOR:
        queryset = queryset.filter(Exists(Pathway.objects.filter(participant=OuterRef("pk"), supervisor=request.user)))
    filterset = ParticipantFilter(request.GET or None, queryset=queryset, enterprise=enterprise)
    return filterset


@login_required
def participant_list(request):
    enterprise = _enterprise(request)
    if not perms.can_list_participants(request.user, enterprise):
        raise PermissionDenied
    filterset = _participant_list_queryset(request, enterprise)
    queryset, sort = _sorted(request, filterset.qs, PARTICIPANT_SORTS, "name")
    queryset = queryset.prefetch_related(
        Prefetch("pathways", queryset=Pathway.objects.select_related("trade", "counsellor").order_by("-start_date"))
    )
    return render(
        request,
        "participants/participant_list.html",
        {
            "filter": filterset,
            "page": _page(request, queryset),
            "sort": sort,
            "can_create": perms.can_create_participant(request.user, enterprise),
            "can_import": perms.can_import_participants(request.user, enterprise),
            "can_export": perms.can_export_lists(request.user, enterprise),
        },
    )


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    return response


class _SafeCsvWriter:
    """csv.writer that neutralises text a spreadsheet would run as a formula (=, +, -, @)."""

    def __init__(self, response):
        self.writer = csv.writer(response)

    def writerow(self, row):
        self.writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value):
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _yes_no(value):
    if value is None:
        return ""
    return _("yes") if value else _("no")


@login_required
def participant_export_csv(request):
    """The filtered list. No follow-ups, no confidential notes: identity, intake profile, pathway."""
    enterprise = _enterprise(request)
    if not perms.can_export_lists(request.user, enterprise):
        raise PermissionDenied
    filterset = _participant_list_queryset(request, enterprise)
    queryset, _sort = _sorted(request, filterset.qs, PARTICIPANT_SORTS, "name")
    queryset = queryset.select_related("region").prefetch_related(
        "barriers",
        Prefetch("pathways", queryset=Pathway.objects.select_related("trade").order_by("-start_date")),
        Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True)),
    )
    access_log_record(
        actor=request.user,
        action=AccessAction.EXPORT_LIST,
        target=enterprise,
        enterprise_id=enterprise.pk,
        request=request,
    )
    response = _csv_response(f"participants-{timezone.localdate():%Y-%m-%d}.csv")
    writer = _SafeCsvWriter(response)
    writer.writerow(
        [
            _("External id"),
            _("Last name"),
            _("First name"),
            _("Birth date"),
            _("Gender"),
            _("Preferred language"),
            _("Email"),
            _("Phone"),
            _("City"),
            _("Postal code"),
            _("Schooling at intake"),
            _("Main income source at intake"),
            _("Referral source"),
            _("Barriers"),
            _("Immigrant"),
            _("Active consents"),
            _("Latest pathway status"),
            _("Trade"),
            _("Start date"),
        ]
    )
    for participant in queryset:
        latest = next(iter(participant.pathways.all()), None)
        writer.writerow(
            [
                participant.external_id,
                participant.last_name,
                participant.first_name,
                participant.birth_date or "",
                participant.get_gender_display(),
                participant.get_preferred_language_display(),
                participant.email,
                participant.phone,
                participant.city,
                participant.postal_code,
                participant.get_schooling_at_intake_display(),
                participant.get_income_source_at_intake_display(),
                participant.get_referral_source_display(),
                "; ".join(barrier.name for barrier in participant.barriers.all()),
                _yes_no(participant.is_immigrant),
                "; ".join(consent.get_purpose_display() for consent in participant.consents.all()),
                latest.get_status_display() if latest else "",
                latest.trade.name if latest else "",
                latest.start_date if latest else "",
            ]
        )
    return response


@login_required
def participant_create(request):
    enterprise = _enterprise(request)
    if not perms.can_create_participant(request.user, enterprise):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, enterprise=enterprise, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                actor=request.user,
                enterprise=enterprise,
                barriers=form.cleaned_data["barriers"],
                consent_purposes=form.cleaned_data["consents"],
                **form.participant_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Participant created."))
            return redirect("participants:detail", pk=participant.pk)
    return _form_page(
        request,
        title=_("Intake of a participant"),
        form=form,
        cancel_url=reverse("participants:list"),
        intro=_("The person's consents are recorded per purpose with the privacy notice version shown."),
    )


@login_required
def participant_edit(request, pk):
    participant = _participant(request, pk, Participant.objects.prefetch_related("barriers"))
    if not perms.can_edit_participant(request.user, participant):
        raise PermissionDenied
    form = ParticipantForm(
        request.POST or None, instance=participant, enterprise=participant.enterprise, creating=False
    )
    if request.method == "POST" and form.is_valid():
        fields = form.participant_fields()
        participant.refresh_from_db()
        try:
            services.participant_update(
                actor=request.user, participant=participant, barriers=form.cleaned_data["barriers"], **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Participant saved."))
            return redirect("participants:detail", pk=participant.pk)
    return _form_page(
        request,
        title=_("Edit %(name)s") % {"name": participant},
        form=form,
        cancel_url=_file_url(participant.pk),
        participant=participant,
    )


@login_required
def participant_detail(request, pk):
    """The participant's file. What each role reads is decided here and passed as flags."""
    user = request.user
    participant = get_object_or_404(
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
        ),
        pk=pk,
    )
    if not perms.can_view_participant(user, participant):
        raise PermissionDenied
    flags = {
        "can_edit": perms.can_edit_participant(user, participant),
        "can_view_intake_profile": perms.can_view_intake_profile(user, participant),
        "can_view_contact_details": perms.can_view_contact_details(user, participant),
        "can_manage_consents": perms.can_manage_consents(user, participant),
        "can_view_follow_ups": perms.can_view_follow_ups(user, participant),
        "can_read_notes": perms.can_read_confidential_notes(user, participant),
        "can_record_follow_up": perms.can_record_follow_up(user, participant),
        "can_manage_pathways": perms.can_manage_pathways(user, participant),
        "can_record_evaluation": perms.can_record_evaluation(user, participant),
        "can_record_qualification": perms.can_record_qualification(user, participant),
        "can_record_internship": perms.can_record_internship(user, participant),
        "can_record_post_follow_up": perms.can_record_post_follow_up(user, participant),
        "can_view_employment": perms.can_view_employment(user, participant),
        "can_export_data": perms.can_export_participant_data(user, participant),
        "can_view_history": perms.can_view_change_history(user, participant),
    }
    pathways = list(participant.pathways.all())
    if user.role_in(participant.enterprise_id) == EnterpriseRole.SUPERVISOR:
        pathways = [p for p in pathways if p.supervisor_id == user.pk]
    evaluations = sorted(
        (evaluation for pathway in pathways for evaluation in pathway.evaluations.all()),
        key=lambda e: (e.evaluated_on, e.pk),
    )
    follow_ups = []
    if flags["can_view_follow_ups"]:
        follow_ups_qs = FollowUp.objects.filter(participant=participant).select_related("counsellor", "pathway__trade")
        if not flags["can_read_notes"]:
            follow_ups_qs = follow_ups_qs.defer("confidential_notes")
        follow_ups = list(follow_ups_qs)
        topic_labels = dict(FollowUpTopic.choices)
        for follow_up in follow_ups:
            follow_up.topic_labels = [str(topic_labels.get(topic, topic)) for topic in follow_up.topics]
    placements, referrals = [], []
    if flags["can_view_employment"]:
        placements = list(participant.placements.select_related("employer"))
        referrals = list(participant.referrals.select_related("opening__employer"))
    access_log_record(
        actor=user,
        action=AccessAction.READ_PARTICIPANT_FILE,
        target=participant,
        enterprise_id=participant.enterprise_id,
        request=request,
    )
    if flags["can_read_notes"] and any(follow_up.confidential_notes for follow_up in follow_ups):
        access_log_record(
            actor=user,
            action=AccessAction.READ_CONFIDENTIAL_NOTES,
            target=participant,
            enterprise_id=participant.enterprise_id,
            request=request,
        )
    history = _change_history(participant) if flags["can_view_history"] else []
    consents_by_purpose = {}
    for consent in participant.consents.all():
        consents_by_purpose.setdefault(consent.purpose, []).append(consent)
    consent_rows = [
        {
            "purpose": purpose,
            "label": label,
            "active": next((c for c in consents_by_purpose.get(purpose, []) if c.withdrawn_at is None), None),
            "history": consents_by_purpose.get(purpose, []),
        }
        for purpose, label in ConsentPurpose.choices
    ]
    post_follow_ups = sorted(
        (f for pathway in pathways for f in pathway.post_follow_ups.all()), key=lambda f: (f.due_on, f.pk)
    )
    return render(
        request,
        "participants/participant_detail.html",
        {
            "participant": participant,
            "pathways": pathways,
            "has_open_pathway": any(p.status in ("active", "suspended") for p in pathways),
            "evaluations": evaluations,
            "criteria": EVALUATION_CRITERIA,
            "chart": evaluation_chart_svg(evaluations, EVALUATION_CRITERIA),
            "follow_ups": follow_ups,
            "consent_rows": consent_rows,
            "qualifications": list(participant.qualifications.all()),
            "attendances": list(participant.attendances.all()),
            "placements": placements,
            "referrals": referrals,
            "post_follow_ups": post_follow_ups,
            "today": timezone.localdate(),
            "history": history,
            **flags,
        },
    )


HISTORY_ACTIONS = {0: gettext_lazy("created"), 1: gettext_lazy("changed"), 2: gettext_lazy("deleted")}
HISTORY_SKIPPED_FIELDS = {"id", "created_at", "updated_at"}


def _change_history(participant, limit=20):
    """Who changed the file and which fields (names only, never values), newest first (django-auditlog)."""
    from auditlog.models import LogEntry

    entries = list(LogEntry.objects.get_for_object(participant).select_related("actor")[:limit])
    labels = {
        field.name: str(field.verbose_name)
        for field in Participant._meta.concrete_fields
        if field.name not in HISTORY_SKIPPED_FIELDS
    } | {"barriers": str(Participant._meta.get_field("barriers").verbose_name)}
    for entry in entries:
        entry.action_label = HISTORY_ACTIONS.get(entry.action, "")
        changed = entry.changes_dict if entry.action == 1 else {}
        entry.field_labels = [labels[name] for name in changed if name in labels]
    return entries


@require_POST
@login_required
def consent_give(request, pk, purpose):
    participant = _participant(request, pk)
    if not perms.can_manage_consents(request.user, participant):
        raise PermissionDenied
    if purpose not in ConsentPurpose.values:
        raise Http404
    services.consent_give(actor=request.user, participant=participant, purpose=purpose)
    messages.success(request, _("Consent recorded."))
    return redirect(_file_url(participant.pk) + "#consents")


@require_POST
@login_required
def consent_withdraw(request, pk, purpose):
    participant = _participant(request, pk)
    if not perms.can_manage_consents(request.user, participant):
        raise PermissionDenied
    if purpose not in ConsentPurpose.values:
        raise Http404
    services.consent_withdraw(actor=request.user, participant=participant, purpose=purpose)
    messages.success(request, _("Consent withdrawn; it takes effect immediately."))
    return redirect(_file_url(participant.pk) + "#consents")


# Pathways ------------------------------------------------------------------------------------------

PATHWAY_SORTS = {
    "participant": ["participant__last_name", "participant__first_name"],
    "trade": ["trade__name_fr"],
    "start_date": ["start_date"],
    "planned_end_date": ["planned_end_date"],
    "actual_end_date": ["actual_end_date"],
    "status": ["status"],
}


def _pathway_list_filter(request, enterprise):
    queryset = Pathway.objects.visible_to(request.user).filter(enterprise=enterprise)
    if request.user.role_in(enterprise.pk) == EnterpriseRole.SUPERVISOR:
        queryset = queryset.filter(supervisor=request.user)
    return PathwayFilter(request.GET or None, queryset=queryset, enterprise=enterprise)


@login_required
def pathway_list(request):
    enterprise = _enterprise(request)
    if not perms.can_list_participants(request.user, enterprise):
        raise PermissionDenied
    filterset = _pathway_list_filter(request, enterprise)
    queryset, sort = _sorted(request, filterset.qs, PATHWAY_SORTS, "-start_date")
    queryset = queryset.select_related("participant", "trade", "counsellor", "supervisor")
    return render(
        request,
        "participants/pathway_list.html",
        {
            "filter": filterset,
            "page": _page(request, queryset),
            "sort": sort,
            "can_export": perms.can_export_lists(request.user, enterprise),
        },
    )


@login_required
def pathway_export_csv(request):
    enterprise = _enterprise(request)
    if not perms.can_export_lists(request.user, enterprise):
        raise PermissionDenied
    filterset = _pathway_list_filter(request, enterprise)
    queryset, _sort = _sorted(request, filterset.qs, PATHWAY_SORTS, "-start_date")
    queryset = queryset.select_related("participant", "trade", "counsellor", "supervisor")
    access_log_record(
        actor=request.user,
        action=AccessAction.EXPORT_LIST,
        target=enterprise,
        enterprise_id=enterprise.pk,
        request=request,
    )
    response = _csv_response(f"parcours-{timezone.localdate():%Y-%m-%d}.csv")
    writer = _SafeCsvWriter(response)
    writer.writerow(
        [
            _("External id"),
            _("Last name"),
            _("First name"),
            _("Trade"),
            _("Status"),
            _("Start date"),
            _("Planned end date"),
            _("Actual end date"),
            _("Weekly hours"),
            _("Counsellor"),
            _("Supervisor"),
            _("Outcome at exit"),
            _("Drop-out reason"),
        ]
    )
    for pathway in queryset:
        writer.writerow(
            [
                pathway.participant.external_id,
                pathway.participant.last_name,
                pathway.participant.first_name,
                pathway.trade.name,
                pathway.get_status_display(),
                pathway.start_date,
                pathway.planned_end_date,
                pathway.actual_end_date or "",
                pathway.weekly_hours,
                pathway.counsellor or "",
                pathway.supervisor or "",
                pathway.get_exit_outcome_display(),
                pathway.get_dropout_reason_display(),
            ]
        )
    return response


@login_required
def pathway_create(request, pk):
    participant = _participant(request, pk)
    if not perms.can_manage_pathways(request.user, participant):
        raise PermissionDenied
    form = PathwayForm(request.POST or None, enterprise=participant.enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pathway_create(
                actor=request.user,
                participant=participant,
                trade=data["trade"],
                start_date=data["start_date"],
                planned_end_date=data["planned_end_date"],
                weekly_hours=data["weekly_hours"],
                counsellor=data["counsellor"],
                supervisor=data["supervisor"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pathway planned."))
            return redirect(_file_url(participant.pk) + "#pathways")
    return _form_page(
        request,
        title=_("New pathway for %(name)s") % {"name": participant},
        form=form,
        cancel_url=_file_url(participant.pk),
        participant=participant,
    )


@login_required
def pathway_edit(request, pk):
    pathway = _pathway(request, pk)
    participant = _visible_participant_of(request, pathway)
    if not perms.can_manage_pathways(request.user, participant):
        raise PermissionDenied
    form = PathwayForm(request.POST or None, instance=pathway, enterprise=pathway.enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields}
        if not fields["planned_end_date"]:
            fields["planned_end_date"] = services.planned_end_for(pathway.enterprise, fields["start_date"])
        pathway.refresh_from_db()
        try:
            services.pathway_update(actor=request.user, pathway=pathway, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pathway saved."))
            return redirect(_file_url(participant.pk) + "#pathways")
    return _form_page(
        request,
        title=_("Edit the pathway of %(name)s") % {"name": participant},
        form=form,
        cancel_url=_file_url(participant.pk),
        participant=participant,
    )


TRANSITIONS = {
    "start": (_("Start the pathway"), services.pathway_start),
    "suspend": (_("Suspend the pathway"), services.pathway_suspend),
    "resume": (_("Resume the pathway"), services.pathway_resume),
    "exit": (_("End the pathway"), services.pathway_exit),
}


@login_required
def pathway_transition(request, pk, action):
    """start | suspend | resume | exit: each logs who, when and why."""
    if action not in TRANSITIONS:
        raise Http404
    pathway = _pathway(request, pk)
    participant = _visible_participant_of(request, pathway)
    if not perms.can_manage_pathways(request.user, participant):
        raise PermissionDenied
    title, service = TRANSITIONS[action]
    if action == "exit":
        form = ExitForm(request.POST or None, user=request.user, initial={"end_date": timezone.localdate()})
    else:
        initial = {"effective_date": pathway.start_date if action == "start" else timezone.localdate()}
        form = TransitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "exit":
                service(actor=request.user, pathway=pathway, **data)
            elif action == "start":
                service(actor=request.user, pathway=pathway, start_date=data["effective_date"], reason=data["reason"])
            else:
                service(
                    actor=request.user, pathway=pathway, effective_date=data["effective_date"], reason=data["reason"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pathway status: %(status)s.") % {"status": pathway.get_status_display()})
            return redirect(_file_url(participant.pk) + "#pathways")
    return _form_page(
        request,
        title=title,
        form=form,
        cancel_url=_file_url(participant.pk),
        participant=participant,
        intro=str(pathway),
        submit=title,
    )


def _record_page(request, *, form, save, success, participant, anchor, title, intro=""):
    """Every page that records something on a participant's file: on a valid POST, `save(data)`
    calls the service; its ValidationError goes back on the form; success returns to the section."""
    saved = submit_service_form(
        request,
        form,
        lambda form: save(form.cleaned_data),
        success=success,
        redirect_to=_file_url(participant.pk) + anchor,
    )
    return saved or _form_page(
        request, title=title, form=form, cancel_url=_file_url(participant.pk), participant=participant, intro=intro
    )


@login_required
def pathway_phase(request, pk):
    pathway = _pathway(request, pk)
    participant = _visible_participant_of(request, pathway)
    if not perms.can_manage_pathways(request.user, participant):
        raise PermissionDenied
    return _record_page(
        request,
        form=PhaseForm(request.POST or None, initial={"start_date": timezone.localdate()}),
        save=lambda data: services.pathway_phase_start(actor=request.user, pathway=pathway, **data),
        success=_("Phase recorded."),
        participant=participant,
        anchor="#pathways",
        title=_("Next phase"),
        intro=str(pathway),
    )


# Evaluations, follow-ups, qualifications, internships ------------------------------------------------


@login_required
def evaluation_create(request, pk):
    participant = _participant(request, pk)
    if not perms.can_record_evaluation(request.user, participant):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, participant=participant)
    if request.user.role_in(participant.enterprise_id) == EnterpriseRole.SUPERVISOR:
        form.fields["pathway"].queryset = form.fields["pathway"].queryset.filter(supervisor=request.user)
    return _record_page(
        request,
        form=form,
        save=lambda data: services.evaluation_record(
            actor=request.user,
            pathway=data["pathway"],
            evaluated_on=data["evaluated_on"],
            comments=data["comments"],
            **form.scores(),
        ),
        success=_("Evaluation recorded."),
        participant=participant,
        anchor="#evaluations",
        title=_("Evaluation of %(name)s") % {"name": participant},
        intro=_("Each criterion is scored from 1 (to develop) to 4 (mastered)."),
    )


@login_required
def follow_up_create(request, pk):
    participant = _participant(request, pk)
    if not perms.can_record_follow_up(request.user, participant):
        raise PermissionDenied
    return _record_page(
        request,
        form=FollowUpForm(request.POST or None, participant=participant),
        save=lambda data: services.follow_up_record(actor=request.user, participant=participant, **data),
        success=_("Follow-up meeting recorded."),
        participant=participant,
        anchor="#follow-ups",
        title=_("Follow-up meeting with %(name)s") % {"name": participant},
    )


@login_required
def qualification_create(request, pk):
    participant = _participant(request, pk)
    if not perms.can_record_qualification(request.user, participant):
        raise PermissionDenied
    return _record_page(
        request,
        form=QualificationForm(request.POST or None, participant=participant),
        save=lambda data: services.qualification_record(actor=request.user, participant=participant, **data),
        success=_("Qualification recorded."),
        participant=participant,
        anchor="#qualifications",
        title=_("Qualification obtained by %(name)s") % {"name": participant},
    )


@login_required
def internship_create(request, pk):
    pathway = _pathway(request, pk)
    participant = _visible_participant_of(request, pathway)
    if not perms.can_record_internship(request.user, participant):
        raise PermissionDenied
    return _record_page(
        request,
        form=InternshipForm(request.POST or None, user=request.user),
        save=lambda data: services.internship_record(actor=request.user, pathway=pathway, **data),
        success=_("Internship recorded."),
        participant=participant,
        anchor="#internships",
        title=_("Internship of %(name)s") % {"name": participant},
        intro=str(pathway),
    )


@login_required
def internship_edit(request, pk):
    internship = get_object_or_404(
        Internship.objects.visible_to(request.user).select_related("pathway__participant", "pathway__trade"), pk=pk
    )
    participant = _visible_participant_of(request, internship.pathway)
    if not perms.can_record_internship(request.user, participant):
        raise PermissionDenied

    def save(data):
        internship.refresh_from_db()  # the bound ModelForm changed the instance while validating
        services.internship_update(actor=request.user, internship=internship, **data)

    return _record_page(
        request,
        form=InternshipForm(request.POST or None, instance=internship, user=request.user),
        save=save,
        success=_("Internship recorded."),
        participant=participant,
        anchor="#internships",
        title=_("Internship of %(name)s") % {"name": participant},
        intro=str(internship.pathway),
    )


@login_required
def post_follow_up_record(request, pk):
    follow_up = get_object_or_404(
        PostPathwayFollowUp.objects.visible_to(request.user).select_related("pathway__participant", "pathway__trade"),
        pk=pk,
    )
    participant = _visible_participant_of(request, follow_up.pathway)
    if not perms.can_record_post_follow_up(request.user, participant):
        raise PermissionDenied
    initial = {"done_on": follow_up.done_on or timezone.localdate(), "situation": follow_up.situation}
    return _record_page(
        request,
        form=PostFollowUpForm(request.POST or None, initial=initial | {"notes": follow_up.notes}),
        save=lambda data: services.post_pathway_follow_up_record(actor=request.user, follow_up=follow_up, **data),
        success=_("Post-pathway follow-up recorded."),
        participant=participant,
        anchor="#post-follow-ups",
        title=_("Post-pathway follow-up at %(months)s months") % {"months": follow_up.months_after},
        intro=_("Due on %(date)s") % {"date": follow_up.due_on.isoformat()},
    )


POST_FOLLOW_UP_STATES = {
    "overdue": lambda qs, today: qs.filter(done_on__isnull=True, due_on__lt=today).order_by("due_on", "pk"),
    "upcoming": lambda qs, today: qs.filter(done_on__isnull=True, due_on__gte=today).order_by("due_on", "pk"),
    "done": lambda qs, today: qs.filter(done_on__isnull=False).order_by("-done_on", "pk"),
}


@login_required
def post_follow_up_list(request):
    """Post-pathway follow-ups of the enterprise: overdue (default), upcoming or done."""
    enterprise = _enterprise(request)
    if not perms.can_view_group_sessions(request.user, enterprise):
        raise PermissionDenied
    state = request.GET.get("state") if request.GET.get("state") in POST_FOLLOW_UP_STATES else "overdue"
    queryset = POST_FOLLOW_UP_STATES[state](
        PostPathwayFollowUp.objects.visible_to(request.user)
        .filter(pathway__enterprise=enterprise)
        .select_related("pathway__participant", "pathway__trade", "recorded_by"),
        timezone.localdate(),
    )
    return render(
        request,
        "participants/post_follow_up_list.html",
        {"page": _page(request, queryset), "state": state, "today": timezone.localdate()},
    )


# Group sessions ------------------------------------------------------------------------------------


@login_required
def group_session_list(request):
    enterprise = _enterprise(request)
    if not perms.can_view_group_sessions(request.user, enterprise):
        raise PermissionDenied
    queryset = (
        GroupSession.objects.visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("facilitator")
        .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("-held_on", "-pk")
    )
    topic = request.GET.get("topic")
    if topic:
        queryset = queryset.filter(topic=topic)
    return render(
        request,
        "participants/group_session_list.html",
        {
            "page": _page(request, queryset),
            "topics": GroupSession._meta.get_field("topic").choices,
            "topic": topic,
            "can_create": perms.can_record_group_session(request.user, enterprise),
        },
    )


@login_required
def group_session_create(request):
    enterprise = _enterprise(request)
    if not perms.can_record_group_session(request.user, enterprise):
        raise PermissionDenied
    form = GroupSessionForm(request.POST or None, enterprise=enterprise, initial={"facilitator": request.user})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.group_session_record(
                actor=request.user,
                enterprise=enterprise,
                topic=data["topic"],
                title=data["title"],
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                facilitator=data["facilitator"],
                present=data["present"],
                absent=data["absent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group workshop recorded."))
            return redirect("participants:group_session_detail", pk=session.pk)
    return _form_page(
        request, title=_("New group workshop"), form=form, cancel_url=reverse("participants:group_session_list")
    )


@login_required
def group_session_detail(request, pk):
    session = get_object_or_404(
        GroupSession.objects.visible_to(request.user).select_related("facilitator", "enterprise"), pk=pk
    )
    if not perms.can_view_group_sessions(request.user, session.enterprise):
        raise PermissionDenied
    attendances = session.attendances.select_related("participant").order_by(
        "participant__last_name", "participant__first_name"
    )
    return render(request, "participants/group_session_detail.html", {"session": session, "attendances": attendances})


@login_required
def group_session_attendance(request, pk):
    session = get_object_or_404(GroupSession.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    if not perms.can_record_group_session(request.user, session.enterprise):
        raise PermissionDenied
    form = AttendanceForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_attendance_set(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("participants:group_session_detail", pk=session.pk)
    return _form_page(
        request,
        title=_("Attendance"),
        form=form,
        cancel_url=reverse("participants:group_session_detail", args=[session.pk]),
        intro=f"{session.get_topic_display()} — {session.held_on.isoformat()}",
    )


# Import --------------------------------------------------------------------------------------------


@login_required
def participant_import(request):
    from .importing import import_participants

    enterprise = _enterprise(request)
    if not perms.can_import_participants(request.user, enterprise):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_participants(
            upload,
            filename=upload.name,
            enterprise=enterprise,
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.ok and not report.dry_run:
            messages.success(request, report.summary)
    return render(request, "participants/import.html", {"form": form, "report": report})
