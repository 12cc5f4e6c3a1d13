from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.parsing import page_number
from participants.models import Participant

from . import export
from .forms import ConfidentialityIncidentForm
from .models import ConfidentialityIncident
from .permissions import (
    can_export_participant_data,
    can_manage_incident,
    can_read_confidential_notes,
    can_record_incident,
)
from .services import incident_create as incident_create_service
from .services import incident_update

EXPORT_FORMATS = ("json", "csv", "pdf")


@login_required
def participant_export(request, pk):
    """Law 25 access and portability: everything collected from a person, in three formats."""
    participant = get_object_or_404(Participant.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    if not can_export_participant_data(request.user, participant):
        raise PermissionDenied
    with_notes = can_read_confidential_notes(request.user, participant)
    wanted = request.GET.get("format")
    if wanted not in EXPORT_FORMATS:
        if wanted is not None:
            messages.error(request, _("Choose one of the formats below."))
        return render(
            request,
            "privacy/participant_export.html",
            {"participant": participant, "formats": EXPORT_FORMATS, "with_notes": with_notes},
        )
    full = get_object_or_404(export.participant_queryset(), pk=participant.pk)
    data = export.participant_data(full, include_confidential_notes=with_notes)
    access_log_record(
        actor=request.user,
        action=AccessAction.EXPORT_PARTICIPANT_DATA,
        target=participant,
        enterprise_id=participant.enterprise_id,
        request=request,
    )
    stem = f"participant-{participant.pk}-{timezone.localdate():%Y-%m-%d}"
    if wanted == "json":
        response = HttpResponse(export.as_json(data), content_type="application/json; charset=utf-8")
    elif wanted == "csv":
        response = HttpResponse(export.as_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(export.as_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{wanted}"'
    return response


def _incidents(request):
    if not can_record_incident(request.user):
        raise PermissionDenied
    return ConfidentialityIncident.objects.managed_by(request.user).select_related("enterprise")


def _incident(request, pk):
    incident = get_object_or_404(
        ConfidentialityIncident.objects.visible_to(request.user).select_related("enterprise", "recorded_by"), pk=pk
    )
    if not can_manage_incident(request.user, incident):
        raise PermissionDenied
    return incident


@login_required
def incident_list(request):
    incidents = _incidents(request)
    page = Paginator(incidents, 25).get_page(page_number(request))
    return render(request, "privacy/incident_list.html", {"page": page})


@login_required
def incident_create(request):
    _incidents(request)
    form = ConfidentialityIncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        incident = incident_create_service(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Incident recorded in the register."))
        return redirect("privacy:incident_detail", pk=incident.pk)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": None})


@login_required
def incident_detail(request, pk):
    incident = _incident(request, pk)
    history = LogEntry.objects.get_for_object(incident).select_related("actor").order_by("-timestamp")
    return render(request, "privacy/incident_detail.html", {"incident": incident, "history": history})


@login_required
def incident_edit(request, pk):
    incident = _incident(request, pk)
    form = ConfidentialityIncidentForm(request.POST or None, instance=incident, user=request.user)
    if request.method == "POST" and form.is_valid():
        incident.refresh_from_db()  # the bound ModelForm changed the instance while validating
        incident_update(actor=request.user, incident=incident, **form.cleaned_data)
        messages.success(request, _("Incident updated."))
        return redirect("privacy:incident_detail", pk=incident.pk)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": incident})
