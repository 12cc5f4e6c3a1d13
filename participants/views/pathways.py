"""A participant's pathway: planned, edited, moved through its statuses (the state machine of
participants.choices: start, suspend, resume, exit; each move logs who, when and why) and its phases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.core.forms import add_service_errors

from .. import permissions as perms
from .. import services
from ..choices import PathwayAction
from ..forms import ExitForm, PathwayForm, PhaseForm, TransitionForm
from ._common import file_url, form_page, participant_of, participant_or_404, pathway_or_404, permitted, record_page

# What ending a pathway does, said before (on the exit page) and after (in the message).
EXIT_CONSEQUENCE = gettext_lazy(
    "Ending is final: the pathway can no longer change status, and its post-pathway follow-ups are scheduled."
)


def _managed_pathway(request, pk):
    """The pathway and its participant, once the user may manage the participant's pathways."""
    pathway = pathway_or_404(request, pk)
    return pathway, permitted(request, perms.can_manage_pathways, participant_of(request, pathway))


def _plan(form):
    """The pathway's plan as the form gives it (trade, dates, weekly hours, counsellor, supervisor)."""
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
def pathway_create(request, pk):
    participant = permitted(request, perms.can_manage_pathways, participant_or_404(request, pk))
    return record_page(
        request,
        form=PathwayForm(request.POST or None, enterprise=participant.enterprise),
        save=lambda form: services.pathway_create(actor=request.user, participant=participant, **_plan(form)),
        success=_("Pathway planned."),
        participant=participant,
        anchor="#pathways",
        title=_("New pathway for %(name)s") % {"name": participant},
    )


@login_required
def pathway_edit(request, pk):
    pathway, participant = _managed_pathway(request, pk)

    def save(form):
        plan = _plan(form)
        if not plan["planned_end_date"]:
            plan["planned_end_date"] = services.planned_end_for(pathway.enterprise, plan["start_date"])
        pathway.refresh_from_db()  # the bound ModelForm changed the instance while validating
        services.pathway_update(actor=request.user, pathway=pathway, **plan)

    return record_page(
        request,
        form=PathwayForm(request.POST or None, instance=pathway, enterprise=pathway.enterprise),
        save=save,
        success=_("Pathway saved."),
        participant=participant,
        anchor="#pathways",
        title=_("Edit the pathway of %(name)s") % {"name": participant},
    )


def _transition_form(request, action, pathway):
    if action == PathwayAction.EXIT:
        return ExitForm(request.POST or None, user=request.user, initial={"end_date": timezone.localdate()})
    effective_date = pathway.start_date if action == PathwayAction.START else timezone.localdate()
    return TransitionForm(request.POST or None, initial={"effective_date": effective_date})


def _move(action, *, actor, pathway, data):
    """Call the service of `action` with what its form asked; returns the pathway as it now stands."""
    if action == PathwayAction.EXIT:
        return services.pathway_exit(actor=actor, pathway=pathway, **data)
    if action == PathwayAction.START:
        return services.pathway_start(
            actor=actor, pathway=pathway, start_date=data["effective_date"], reason=data["reason"]
        )
    service = services.pathway_suspend if action == PathwayAction.SUSPEND else services.pathway_resume
    return service(actor=actor, pathway=pathway, effective_date=data["effective_date"], reason=data["reason"])


@login_required
def pathway_transition(request, pk, action):
    """One move of the pathway's state machine (PathwayAction); an unknown action is a 404. Whether the
    move is allowed from the pathway's status is the service's answer, shown on the form."""
    if action not in PathwayAction.values:
        raise Http404
    action = PathwayAction(action)
    pathway, participant = _managed_pathway(request, pk)
    form = _transition_form(request, action, pathway)
    if request.method == "POST" and form.is_valid():
        try:
            moved = _move(action, actor=request.user, pathway=pathway, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Pathway status: %(status)s.") % {"status": moved.get_status_display()}
            if action == PathwayAction.EXIT:
                message += " " + str(EXIT_CONSEQUENCE)
            messages.success(request, message)
            return redirect(file_url(participant.pk, "#pathways"))
    intro = str(pathway)
    if action == PathwayAction.EXIT:
        intro += " — " + str(EXIT_CONSEQUENCE)
    return form_page(
        request,
        title=action.label,
        form=form,
        cancel_url=file_url(participant.pk),
        participant=participant,
        intro=intro,
        submit=action.label,
    )


@login_required
def pathway_phase(request, pk):
    pathway, participant = _managed_pathway(request, pk)
    return record_page(
        request,
        form=PhaseForm(request.POST or None, initial={"start_date": timezone.localdate()}),
        save=lambda form: services.pathway_phase_start(actor=request.user, pathway=pathway, **form.cleaned_data),
        success=_("Phase recorded."),
        participant=participant,
        anchor="#pathways",
        title=_("Next phase"),
        intro=str(pathway),
    )
