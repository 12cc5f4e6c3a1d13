"""The participant's file (what each role reads is decided by selectors.participant_file), the intake,
the edit page and the consents given or withdrawn from the file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceiq.core.forms import submit_service_form

from .. import permissions as perms
from .. import selectors, services
from ..charts import evaluation_chart_svg
from ..choices import EVALUATION_CRITERIA, ConsentPurpose
from ..forms import ParticipantForm
from ..models import Participant
from ._common import enterprise_of, file_url, form_page, participant_or_404, permitted, record_page


@login_required
def participant_create(request):
    enterprise = permitted(request, perms.can_create_participant, enterprise_of(request))
    form = ParticipantForm(request.POST or None, enterprise=enterprise, creating=True)
    saved = submit_service_form(
        request,
        form,
        lambda form: services.participant_create(
            actor=request.user,
            enterprise=enterprise,
            barriers=form.cleaned_data["barriers"],
            consent_purposes=form.cleaned_data["consents"],
            **form.participant_fields(),
        ),
        success=_("Participant created."),
        redirect_to=lambda participant: reverse("participants:detail", args=[participant.pk]),
    )
    if saved:
        return saved
    return form_page(
        request,
        title=_("Intake of a participant"),
        form=form,
        cancel_url=reverse("participants:list"),
        intro=_("The person's consents are recorded per purpose with the privacy notice version shown."),
    )


@login_required
def participant_edit(request, pk):
    participant = permitted(
        request,
        perms.can_edit_participant,
        participant_or_404(request, pk, Participant.objects.prefetch_related("barriers")),
    )

    def save(form):
        fields = form.participant_fields()
        participant.refresh_from_db()  # the bound ModelForm changed the instance while validating
        services.participant_update(
            actor=request.user, participant=participant, barriers=form.cleaned_data["barriers"], **fields
        )

    return record_page(
        request,
        form=ParticipantForm(
            request.POST or None, instance=participant, enterprise=participant.enterprise, creating=False
        ),
        save=save,
        success=_("Participant saved."),
        participant=participant,
        anchor="",
        title=_("Edit %(name)s") % {"name": participant},
    )


@login_required
def participant_detail(request, pk):
    """The participant's file: the selector decides what this user reads and may do."""
    file = selectors.participant_file(user=request.user, pk=pk, request=request)
    return render(
        request,
        "participants/participant_detail.html",
        {
            "file": file,
            "participant": file.participant,
            "rights": file.rights,
            "criteria": EVALUATION_CRITERIA,
            "chart": evaluation_chart_svg(file.evaluations, EVALUATION_CRITERIA),
            "today": timezone.localdate(),
        },
    )


def _consent_change(request, pk, purpose, *, service, success):
    participant = permitted(request, perms.can_manage_consents, participant_or_404(request, pk))
    if purpose not in ConsentPurpose.values:
        raise Http404
    service(actor=request.user, participant=participant, purpose=purpose)
    messages.success(request, success)
    return redirect(file_url(participant.pk, "#consents"))


@require_POST
@login_required
def consent_give(request, pk, purpose):
    return _consent_change(request, pk, purpose, service=services.consent_give, success=_("Consent recorded."))


@login_required
def consent_withdraw(request, pk, purpose):
    """GET: what withdrawing will do (which employers lose access), with the button that does it.
    POST: the withdrawal, its consequence repeated in the message."""
    participant = permitted(request, perms.can_manage_consents, participant_or_404(request, pk))
    if purpose not in ConsentPurpose.values:
        raise Http404
    label = ConsentPurpose(purpose).label
    shares_with_employers = purpose == ConsentPurpose.EMPLOYER_SHARING
    employers = selectors.employers_seeing_profile(participant) if shares_with_employers else []
    if request.method != "POST":
        return render(
            request,
            "participants/consent_withdraw.html",
            {
                "participant": participant,
                "label": label,
                "employers": employers,
                "shares_with_employers": shares_with_employers,
            },
        )
    services.consent_withdraw(actor=request.user, participant=participant, purpose=purpose)
    message = _("Consent « %(purpose)s » withdrawn; it takes effect immediately.") % {"purpose": label}
    if employers:
        message += " " + _("These employers no longer see the profile: %(employers)s.") % {
            "employers": ", ".join(employers)
        }
    messages.success(request, message)
    return redirect(file_url(participant.pk, "#consents"))
