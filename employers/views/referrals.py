"""Referrals: the enterprise's list, the referral page (employer or staff view) and its actions
(interview, decline, hire, withdraw)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..filters import EnterpriseReferralFilter
from ..forms import DeclineForm, HireForm, WithdrawForm
from ..models import ReferralStatus, referral_move_allowed
from ..permissions import can_act_on_referral, can_withdraw_referral
from ..profiles import build_profile, employer_referral
from .common import (
    current_enterprise,
    is_staff_of,
    log_candidate_profile_read,
    page_of,
    run_action,
    saved_from_form,
    sees_as_employer,
)


@login_required
def referral_list(request):
    """The current enterprise's referrals to employers, to follow where each candidate stands."""
    enterprise = current_enterprise(request)
    if enterprise is None or not is_staff_of(request.user, enterprise.pk):
        raise PermissionDenied
    queryset = selectors.enterprise_referrals(request.user, enterprise.pk)
    referral_filter = EnterpriseReferralFilter(request.GET or None, queryset=queryset)
    return render(
        request,
        "employers/referral_list.html",
        {"filter": referral_filter, "page": page_of(request, referral_filter.qs)},
    )


@login_required
def referral_detail(request, pk):
    referral = get_object_or_404(selectors.referral_with_profile_queryset(request.user), pk=pk)
    user = request.user
    if sees_as_employer(request, referral.opening.employer_id, enterprise_id=referral.enterprise_id):
        services.referral_mark_seen(actor=user, referrals=[referral])
        log_candidate_profile_read(request, referral, enterprise_id=referral.enterprise_id)
        return render(
            request,
            "employers/referral_detail_employer.html",
            {
                "candidate": employer_referral(referral),
                "opening": referral.opening,
                "can_act": can_act_on_referral(user, referral),
                "can_invite": referral_move_allowed(referral.status, ReferralStatus.INTERVIEW),
                "decline_form": DeclineForm(),
            },
        )
    return render(
        request,
        "employers/referral_detail.html",
        {
            "referral": referral,
            "profile": build_profile(referral.participant),
            "transitions": selectors.referral_transitions(referral),
            "placement": selectors.referral_placement(referral),
            "can_act": can_act_on_referral(user, referral),
            "can_invite": referral_move_allowed(referral.status, ReferralStatus.INTERVIEW),
            "can_withdraw": can_withdraw_referral(user, referral),
            "withdraw_form": WithdrawForm(),
        },
    )


def _referral_for_action(request, pk, check=can_act_on_referral):
    referral = get_object_or_404(selectors.referral_queryset(request.user), pk=pk)
    if not check(request.user, referral):
        raise PermissionDenied
    return referral


def _candidate_form_page(request, template, form, referral):
    return render(
        request,
        template,
        {"form": form, "referral_pk": referral.pk, "display_name": referral.participant.display_name_for_employers},
    )


@login_required
@require_POST
def referral_interview(request, pk):
    referral = _referral_for_action(request, pk)
    run_action(
        request,
        lambda: services.referral_interview(actor=request.user, referral=referral),
        success=_("Interview recorded."),
    )
    return redirect("employers:referral_detail", pk=referral.pk)


@login_required
def referral_decline(request, pk):
    referral = _referral_for_action(request, pk)
    form = DeclineForm(request.POST or None)
    declined = saved_from_form(
        request,
        form,
        lambda data: services.referral_decline(
            actor=request.user, referral=referral, reason=data["decline_reason"], comment=data["comment"]
        ),
        success=_("The candidate was declined. Thank you for your feedback."),
    )
    if declined is not None:
        return redirect("employers:opening_detail", pk=referral.opening_id)
    return _candidate_form_page(request, "employers/referral_decline.html", form, referral)


@login_required
def referral_hire(request, pk):
    referral = _referral_for_action(request, pk)
    opening = referral.opening
    initial = {"job_title": opening.title, "start_date": opening.start_date, "hourly_wage": opening.hourly_wage}
    form = HireForm(request.POST or None, initial=initial)
    placement = saved_from_form(
        request,
        form,
        lambda data: services.referral_hire(actor=request.user, referral=referral, **data),
        success=_("Hire recorded. Congratulations!"),
    )
    if placement is not None:
        return redirect("employers:placement_detail", pk=placement.pk)
    return _candidate_form_page(request, "employers/referral_hire.html", form, referral)


@login_required
@require_POST
def referral_withdraw(request, pk):
    referral = _referral_for_action(request, pk, check=can_withdraw_referral)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_action(
        request,
        lambda: services.referral_withdraw(actor=request.user, referral=referral, note=note),
        success=_("The referral was withdrawn: the employer no longer sees this candidate."),
    )
    return redirect("employers:referral_detail", pk=referral.pk)
