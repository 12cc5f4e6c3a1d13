"""Retention check-ins: the enterprise asks, the employer answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import CheckInAnswerForm
from ..permissions import can_request_checkin
from .common import run_action, saved_from_form


@login_required
@require_POST
def checkin_request(request, pk):
    placement = get_object_or_404(selectors.placement_queryset(request.user), pk=pk)
    if not can_request_checkin(request.user, placement):
        raise PermissionDenied
    run_action(
        request,
        lambda: services.checkin_request(actor=request.user, placement=placement),
        success=_("Check-in requested: the employer receives an email."),
    )
    return redirect("employers:placement_detail", pk=placement.pk)


@login_required
def checkin_answer(request, pk):
    check_in = get_object_or_404(selectors.checkin_queryset(request.user), pk=pk)
    if check_in.placement.employer_id not in request.user.employer_ids:
        raise PermissionDenied
    if check_in.answered_at is not None:
        messages.info(request, _("This check-in has already been answered. Thank you!"))
        return redirect("employers:placement_detail", pk=check_in.placement_id)
    form = CheckInAnswerForm(request.POST or None)
    answered = saved_from_form(
        request,
        form,
        lambda data: services.checkin_answer(
            actor=request.user, check_in=check_in, still_employed=data["still_employed"], comment=data["comment"]
        ),
        success=_("Thank you for your answer."),
    )
    if answered is not None:
        return redirect("employers:placement_detail", pk=check_in.placement_id)
    return render(
        request,
        "employers/checkin_answer.html",
        {
            "form": form,
            "job_title": check_in.placement.job_title,
            "requested_on": check_in.requested_on,
            "placement_pk": check_in.placement_id,
            "today": timezone.localdate(),
        },
    )
