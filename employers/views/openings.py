"""Job openings: list, creation (by the employer, or recorded by an enterprise), detail and edit."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ceiq.core.parsing import parse_id

from .. import selectors, services
from ..filters import JobOpeningFilter
from ..forms import JobOpeningForm
from ..permissions import can_create_opening, can_edit_opening, can_propose_referral, can_view_openings
from ..profiles import employer_referral
from .common import current_enterprise, is_employer_context, page_of, saved_from_form, sees_as_employer


def visible_opening(request, pk):
    return get_object_or_404(selectors.opening_queryset(request.user), pk=pk)


@login_required
def opening_list(request):
    if not can_view_openings(request.user):
        raise PermissionDenied
    own_employer = request.employer if is_employer_context(request) else None
    queryset = selectors.opening_list(request.user, employer=own_employer)
    opening_filter = JobOpeningFilter(request.GET or None, queryset=queryset)
    enterprise = current_enterprise(request)
    return render(
        request,
        "employers/opening_list.html",
        {
            "filter": opening_filter,
            "page": page_of(request, opening_filter.qs),
            "can_create": can_create_opening(request.user, enterprise=enterprise, employer=own_employer),
        },
    )


@login_required
def opening_create(request):
    own_employer = request.employer if is_employer_context(request) else None
    enterprise = None if own_employer is not None else current_enterprise(request)
    if not can_create_opening(request.user, enterprise=enterprise, employer=own_employer):
        raise PermissionDenied
    initial = {}
    employer_id = parse_id(request.GET.get("employer"))
    if employer_id is not None:
        initial["employer"] = employer_id
    employers = selectors.opening_creation_employers(own_employer)
    form = JobOpeningForm(request.POST or None, employers=employers, initial=initial)
    opening = saved_from_form(
        request,
        form,
        lambda data: services.opening_create(actor=request.user, data=data, enterprise=enterprise),
        success=_("Job opening saved."),
    )
    if opening is not None:
        return redirect("employers:opening_detail", pk=opening.pk)
    return render(request, "employers/opening_form.html", {"form": form, "opening": None})


@login_required
def opening_detail(request, pk):
    opening = visible_opening(request, pk)
    user = request.user
    if sees_as_employer(request, opening.employer_id, enterprise_id=None):
        referrals = selectors.opening_referrals_for_employer(user, opening)
        services.referral_mark_seen(actor=user, referrals=referrals)
        return render(
            request,
            "employers/opening_detail_employer.html",
            {
                "opening": opening,
                "candidates": [employer_referral(referral) for referral in referrals],
                "can_edit": can_edit_opening(user, opening),
            },
        )
    return render(
        request,
        "employers/opening_detail.html",
        {
            "opening": opening,
            "referrals": selectors.opening_referrals_for_staff(user, opening),
            "can_edit": can_edit_opening(user, opening),
            "can_match": can_propose_referral(user, current_enterprise(request), opening),
        },
    )


@login_required
def opening_edit(request, pk):
    opening = visible_opening(request, pk)
    if not can_edit_opening(request.user, opening):
        raise PermissionDenied
    form = JobOpeningForm(request.POST or None, instance=opening, creating=False)
    saved = saved_from_form(
        request,
        form,
        lambda data: services.opening_update(actor=request.user, opening=opening, data=data),
        success=_("Job opening saved."),
    )
    if saved is not None:
        return redirect("employers:opening_detail", pk=opening.pk)
    return render(request, "employers/opening_form.html", {"form": form, "opening": opening})
