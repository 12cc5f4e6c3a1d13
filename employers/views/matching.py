"""Matching (enterprise side): candidates ranked for an opening, openings ranked for a participant,
and proposing candidates to the employer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceiq.core.parsing import parse_ids, parse_int

from .. import matching, selectors, services
from ..permissions import can_match_candidates, can_propose_referral
from .common import current_enterprise, safe_next
from .openings import visible_opening


def _weeks(request) -> int:
    weeks = parse_int(request.GET.get("weeks"), minimum=1, maximum=52)
    return settings.CEIQ_MATCHING_HORIZON_WEEKS if weeks is None else weeks


@login_required
def opening_matching(request, pk):
    opening = visible_opening(request, pk)
    enterprise = current_enterprise(request)
    if not can_match_candidates(request.user, enterprise):
        raise PermissionDenied
    weeks = _weeks(request)
    return render(
        request,
        "employers/matching.html",
        {
            "opening": opening,
            "enterprise": enterprise,
            "candidates": matching.candidates_for_opening(opening, enterprise, weeks=weeks),
            "weeks": weeks,
            "can_propose": can_propose_referral(request.user, enterprise, opening),
        },
    )


@login_required
def participant_openings(request, pk):
    participant = get_object_or_404(selectors.participant_queryset(request.user), pk=pk)
    if not can_match_candidates(request.user, participant.enterprise):
        raise PermissionDenied
    fit, matches = matching.openings_for_participant(participant, user=request.user)
    return render(
        request,
        "employers/participant_openings.html",
        {
            "participant": participant,
            "fit": fit,
            "matches": matches,
            "can_propose": fit.eligible and can_match_candidates(request.user, participant.enterprise),
        },
    )


@login_required
@require_POST
def referral_create(request, pk):
    opening = visible_opening(request, pk)
    participant_ids = parse_ids(request.POST.getlist("participant"))
    # Proposing for a participant page: act for the participant's enterprise; else the current one.
    enterprise = current_enterprise(request)
    if len(participant_ids) == 1 and request.POST.get("from") == "participant":
        participant = get_object_or_404(selectors.participant_queryset(request.user), pk=participant_ids[0])
        enterprise = participant.enterprise
    if not can_propose_referral(request.user, enterprise, opening):
        raise PermissionDenied
    try:
        referrals = services.referral_propose(
            actor=request.user, opening=opening, enterprise=enterprise, participant_ids=participant_ids
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(safe_next(request, reverse("employers:matching", args=[opening.pk])))
    messages.success(
        request,
        _("%(count)s candidate(s) proposed to %(employer)s.") % {"count": len(referrals), "employer": opening.employer},
    )
    return redirect(safe_next(request, reverse("employers:opening_detail", args=[opening.pk])))
