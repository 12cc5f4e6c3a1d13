"""Pages of the employer directory, job openings, matching, referrals and the employer portal.

Employer-facing pages receive only dataclasses from `profiles.py` about candidates, never a
Participant, Referral or Placement model instance."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceiq.accounts.roles import ENTERPRISE_STAFF_ROLES, ContextKind
from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from participants.choices import ConsentPurpose
from participants.models import Internship, Participant, active_consent

from . import matching, services
from .filters import CandidateFilter, EmployerFilter, EnterpriseReferralFilter, JobOpeningFilter
from .forms import (
    CheckInAnswerForm,
    DeclineForm,
    EmployerForm,
    HireForm,
    InviteContactForm,
    JobOpeningForm,
    WithdrawForm,
)
from .models import Employer, EmployerMembership, JobOpening, OpeningStatus, Placement, Referral, RetentionCheckIn
from .permissions import (
    can_act_on_referral,
    can_create_employer,
    can_create_opening,
    can_edit_employer,
    can_edit_opening,
    can_invite_employer_contact,
    can_match_candidates,
    can_propose_referral,
    can_request_checkin,
    can_view_directory,
    can_view_openings,
    can_withdraw_referral,
)
from .profiles import (
    build_profile,
    employer_internship,
    employer_placement,
    employer_referral,
    with_profiles,
)

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _is_employer_context(request) -> bool:
    return request.portal is not None and request.portal.kind == ContextKind.EMPLOYER


def _current_enterprise(request):
    if request.portal is not None and request.portal.kind == ContextKind.ENTERPRISE:
        return request.enterprise
    return None


def _is_staff_of(user, enterprise_id) -> bool:
    return user.role_in(enterprise_id) in ENTERPRISE_STAFF_ROLES


def _sees_as_employer(request, employer_id, *, enterprise_id) -> bool:
    """The employer-facing page (consented profile only) unless the person acts here as staff of the
    enterprise: someone who is both sees the employer page while in their employer context."""
    user = request.user
    if employer_id not in user.employer_ids:
        return False
    if _is_employer_context(request):
        return True
    if enterprise_id is None:
        return not user.is_enterprise_staff
    return not _is_staff_of(user, enterprise_id)


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class _SafeCsvWriter:
    """A csv writer that neutralises cells a spreadsheet would run as a formula (=, +, -, @)."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    @staticmethod
    def _cell(value):
        text = "" if value is None else str(value)
        return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    def writerow(self, row):
        self._writer.writerow([self._cell(value) for value in row])


def _csv_response(filename: str) -> tuple[HttpResponse, _SafeCsvWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, _SafeCsvWriter(response)


# --- Employer directory -----------------------------------------------------------------------


def _directory(request):
    open_openings = Count("openings", filter=Q(openings__status=OpeningStatus.OPEN), distinct=True)
    queryset = (
        Employer.objects.visible_to(request.user)
        .select_related("sector", "region")
        .annotate(open_openings=open_openings)
        .order_by("name", "pk")
    )
    return EmployerFilter(request.GET or None, queryset=queryset)


@login_required
def employer_list(request):
    if not can_view_directory(request.user):
        raise PermissionDenied
    employer_filter = _directory(request)
    return render(
        request,
        "employers/employer_list.html",
        {
            "filter": employer_filter,
            "page": _page(request, employer_filter.qs),
            "can_create": can_create_employer(request.user),
        },
    )


@login_required
def employer_export_csv(request):
    if not can_view_directory(request.user):
        raise PermissionDenied
    employer_filter = _directory(request)
    response, writer = _csv_response("employeurs.csv")
    writer.writerow(
        [
            _("Name"),
            _("NEQ"),
            _("Kind"),
            _("Sector"),
            _("Region"),
            _("City"),
            _("Size"),
            _("Contact"),
            _("Contact email"),
            _("Contact phone"),
            _("Open openings"),
        ]
    )
    for employer in employer_filter.qs:
        writer.writerow(
            [
                employer.name,
                employer.neq,
                employer.get_kind_display(),
                employer.sector.name,
                str(employer.region),
                employer.city,
                employer.get_size_display(),
                employer.contact_name,
                employer.contact_email,
                employer.contact_phone,
                employer.open_openings,
            ]
        )
    return response


@login_required
def employer_create(request):
    if not can_create_employer(request.user):
        raise PermissionDenied
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_save(actor=request.user, employer=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Employer saved."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": None})


def _visible_employer(request, pk):
    return get_object_or_404(Employer.objects.visible_to(request.user).select_related("sector", "region"), pk=pk)


@login_required
def employer_detail(request, pk):
    employer = _visible_employer(request, pk)
    openings = (
        JobOpening.objects.visible_to(request.user)
        .filter(employer=employer)
        .select_related("trade", "region")
        .order_by("-created_at")[:50]
    )
    contacts = (
        EmployerMembership.objects.filter(employer=employer, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    enterprise = _current_enterprise(request)
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "openings": openings,
            "contacts": contacts,
            "can_edit": can_edit_employer(request.user, employer),
            "can_invite": can_invite_employer_contact(request.user, employer),
            "can_record_opening": can_create_opening(request.user, enterprise=enterprise, employer=employer),
        },
    )


@login_required
def employer_edit(request, pk):
    employer = _visible_employer(request, pk)
    if not can_edit_employer(request.user, employer):
        raise PermissionDenied
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_save(actor=request.user, employer=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Employer saved."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@login_required
def employer_invite_contact(request, pk):
    employer = _visible_employer(request, pk)
    if not can_invite_employer_contact(request.user, employer):
        raise PermissionDenied
    form = InviteContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_contact_invite(actor=request.user, employer=employer, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_invite.html", {"form": form, "employer": employer})


# --- Job openings -----------------------------------------------------------------------------


def _visible_referral_count(user):
    counts = (
        Referral.objects.visible_to(user)
        .filter(opening=OuterRef("pk"))
        .order_by()
        .values("opening")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@login_required
def opening_list(request):
    if not can_view_openings(request.user):
        raise PermissionDenied
    queryset = (
        JobOpening.objects.visible_to(request.user)
        .select_related("employer", "trade", "region")
        .annotate(referral_count=_visible_referral_count(request.user))
        .order_by("-created_at", "-pk")
    )
    if _is_employer_context(request):
        queryset = queryset.filter(employer=request.employer)
    opening_filter = JobOpeningFilter(request.GET or None, queryset=queryset)
    enterprise = _current_enterprise(request)
    own_employer = request.employer if _is_employer_context(request) else None
    return render(
        request,
        "employers/opening_list.html",
        {
            "filter": opening_filter,
            "page": _page(request, opening_filter.qs),
            "can_create": can_create_opening(request.user, enterprise=enterprise, employer=own_employer),
        },
    )


@login_required
def opening_create(request):
    if _is_employer_context(request):
        employers = Employer.objects.filter(pk=request.employer.pk)
        enterprise = None
        allowed = can_create_opening(request.user, employer=request.employer)
    else:
        enterprise = _current_enterprise(request)
        employers = Employer.objects.all()
        allowed = can_create_opening(request.user, enterprise=enterprise)
    if not allowed:
        raise PermissionDenied
    initial = {}
    if request.GET.get("employer", "").isdigit():
        initial["employer"] = request.GET["employer"]
    form = JobOpeningForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.opening_save(actor=request.user, opening=form.save(commit=False), enterprise=enterprise)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Job opening saved."))
            return redirect("employers:opening_detail", pk=opening.pk)
    return render(request, "employers/opening_form.html", {"form": form, "opening": None})


def _visible_opening(request, pk):
    return get_object_or_404(
        JobOpening.objects.visible_to(request.user).select_related("employer", "trade__sector", "region"), pk=pk
    )


@login_required
def opening_detail(request, pk):
    opening = _visible_opening(request, pk)
    user = request.user
    if _sees_as_employer(request, opening.employer_id, enterprise_id=None):
        referrals = list(
            with_profiles(
                Referral.objects.visible_to(user).filter(opening=opening).select_related("opening__employer")
            ).order_by("-proposed_at", "-pk")
        )
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
    referrals = (
        Referral.objects.visible_to(user)
        .filter(opening=opening)
        .select_related("participant", "enterprise", "placement")
        .order_by("-proposed_at", "-pk")
    )
    enterprise = _current_enterprise(request)
    return render(
        request,
        "employers/opening_detail.html",
        {
            "opening": opening,
            "referrals": referrals,
            "can_edit": can_edit_opening(user, opening),
            "can_match": can_propose_referral(user, enterprise, opening),
        },
    )


@login_required
def opening_edit(request, pk):
    opening = _visible_opening(request, pk)
    if not can_edit_opening(request.user, opening):
        raise PermissionDenied
    form = JobOpeningForm(request.POST or None, instance=opening, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_save(actor=request.user, opening=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Job opening saved."))
            return redirect("employers:opening_detail", pk=opening.pk)
    return render(request, "employers/opening_form.html", {"form": form, "opening": opening})


# --- Matching and referrals (enterprise side) ------------------------------------------------


def _weeks(request) -> int:
    value = request.GET.get("weeks", "")
    if value.isdigit() and 1 <= int(value) <= 52:
        return int(value)
    return matching.horizon_weeks()


@login_required
def opening_matching(request, pk):
    opening = _visible_opening(request, pk)
    enterprise = _current_enterprise(request)
    if not can_match_candidates(request.user, enterprise):
        raise PermissionDenied
    weeks = _weeks(request)
    candidates = matching.candidates_for_opening(opening, enterprise, weeks=weeks)
    return render(
        request,
        "employers/matching.html",
        {
            "opening": opening,
            "enterprise": enterprise,
            "candidates": candidates,
            "weeks": weeks,
            "can_propose": can_propose_referral(request.user, enterprise, opening),
        },
    )


@login_required
def participant_openings(request, pk):
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("enterprise", "region"), pk=pk
    )
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
    opening = _visible_opening(request, pk)
    participant_ids = [value for value in request.POST.getlist("participant") if value.isdigit()]
    # Proposing for a participant page: act for the participant's enterprise; else the current one.
    enterprise = _current_enterprise(request)
    if len(participant_ids) == 1 and request.POST.get("from") == "participant":
        participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=participant_ids[0])
        enterprise = participant.enterprise
    if not can_propose_referral(request.user, enterprise, opening):
        raise PermissionDenied
    fallback = redirect("employers:matching", pk=opening.pk).url
    try:
        referrals = services.referral_propose(
            actor=request.user, opening=opening, enterprise=enterprise, participant_ids=participant_ids
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_safe_next(request, fallback))
    messages.success(
        request,
        _("%(count)s candidate(s) proposed to %(employer)s.") % {"count": len(referrals), "employer": opening.employer},
    )
    return redirect(_safe_next(request, redirect("employers:opening_detail", pk=opening.pk).url))


@login_required
def referral_list(request):
    """The current enterprise's referrals to employers, to follow where each candidate stands."""
    enterprise = _current_enterprise(request)
    if enterprise is None or not _is_staff_of(request.user, enterprise.pk):
        raise PermissionDenied
    queryset = (
        Referral.objects.visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("participant", "opening__employer", "proposed_by")
        .order_by("-updated_at", "-pk")
    )
    referral_filter = EnterpriseReferralFilter(request.GET or None, queryset=queryset)
    return render(
        request,
        "employers/referral_list.html",
        {"filter": referral_filter, "page": _page(request, referral_filter.qs)},
    )


def _visible_referral(request, pk):
    return get_object_or_404(
        with_profiles(
            Referral.objects.visible_to(request.user).select_related(
                "opening__employer", "opening__trade", "opening__region", "enterprise", "proposed_by"
            )
        ),
        pk=pk,
    )


@login_required
def referral_detail(request, pk):
    referral = _visible_referral(request, pk)
    user = request.user
    if _sees_as_employer(request, referral.opening.employer_id, enterprise_id=referral.enterprise_id):
        services.referral_mark_seen(actor=user, referrals=[referral])
        access_log_record(
            actor=user,
            action=AccessAction.READ_CANDIDATE_PROFILE,
            target=referral,
            enterprise_id=referral.enterprise_id,
            request=request,
        )
        return render(
            request,
            "employers/referral_detail_employer.html",
            {
                "candidate": employer_referral(referral),
                "opening": referral.opening,
                "can_act": can_act_on_referral(user, referral),
                "decline_form": DeclineForm(),
            },
        )
    placement = Placement.objects.filter(referral=referral).first()
    return render(
        request,
        "employers/referral_detail.html",
        {
            "referral": referral,
            "profile": build_profile(referral.participant),
            "transitions": referral.transitions.select_related("by").order_by("at", "pk"),
            "placement": placement,
            "can_act": can_act_on_referral(user, referral),
            "can_withdraw": can_withdraw_referral(user, referral),
            "withdraw_form": WithdrawForm(),
        },
    )


def _referral_for_action(request, pk, check=can_act_on_referral):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("opening__employer", "enterprise"), pk=pk
    )
    if not check(request.user, referral):
        raise PermissionDenied
    return referral


@login_required
@require_POST
def referral_interview(request, pk):
    referral = _referral_for_action(request, pk)
    try:
        services.referral_interview(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Interview recorded."))
    return redirect("employers:referral_detail", pk=referral.pk)


@login_required
def referral_decline(request, pk):
    referral = _referral_for_action(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decline(
                actor=request.user,
                referral=referral,
                reason=form.cleaned_data["decline_reason"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The candidate was declined. Thank you for your feedback."))
            return redirect("employers:opening_detail", pk=referral.opening_id)
    return render(
        request,
        "employers/referral_decline.html",
        {"form": form, "referral_pk": referral.pk, "display_name": referral.participant.display_name_for_employers},
    )


@login_required
def referral_hire(request, pk):
    referral = _referral_for_action(request, pk)
    opening = referral.opening
    initial = {"job_title": opening.title, "start_date": opening.start_date, "hourly_wage": opening.hourly_wage}
    form = HireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.referral_hire(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Hire recorded. Congratulations!"))
            return redirect("employers:placement_detail", pk=placement.pk)
    return render(
        request,
        "employers/referral_hire.html",
        {"form": form, "referral_pk": referral.pk, "display_name": referral.participant.display_name_for_employers},
    )


@login_required
@require_POST
def referral_withdraw(request, pk):
    referral = _referral_for_action(request, pk, check=can_withdraw_referral)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.referral_withdraw(actor=request.user, referral=referral, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral was withdrawn: the employer no longer sees this candidate."))
    return redirect("employers:referral_detail", pk=referral.pk)


# --- Employer portal --------------------------------------------------------------------------


def _require_employer_context(request):
    if not _is_employer_context(request):
        raise PermissionDenied


def _employer_referrals(request):
    queryset = with_profiles(
        Referral.objects.visible_to(request.user)
        .filter(opening__employer=request.employer)
        .select_related("opening__employer", "placement")
    ).order_by("-proposed_at", "-pk")
    return CandidateFilter(request.GET or None, queryset=queryset)


@login_required
def candidate_list(request):
    _require_employer_context(request)
    candidate_filter = _employer_referrals(request)
    page = _page(request, candidate_filter.qs)
    rows = [employer_referral(referral) for referral in page]
    return render(request, "employers/candidate_list.html", {"filter": candidate_filter, "page": page, "rows": rows})


@login_required
def candidate_export_csv(request):
    _require_employer_context(request)
    referrals = list(_employer_referrals(request).qs)
    response, writer = _csv_response("candidats.csv")
    writer.writerow(
        [
            _("Candidate"),
            _("Opening"),
            _("Status"),
            _("Trade"),
            _("Region"),
            _("Available from"),
            _("Pathway completed"),
            _("Competencies and qualifications"),
            _("Strengths"),
        ]
    )
    for row in (employer_referral(referral) for referral in referrals):
        profile = row.profile
        writer.writerow(
            [
                profile.display_name,
                row.opening_title,
                row.status_label,
                profile.trade,
                profile.region,
                profile.available_from.isoformat() if profile.available_from else "",
                _("yes") if profile.pathway_completed else _("not yet"),
                "; ".join(profile.qualifications),
                profile.strengths_summary,
            ]
        )
    access_log_record(actor=request.user, action=AccessAction.EXPORT_LIST, target=request.employer, request=request)
    return response


@login_required
def internship_list(request):
    _require_employer_context(request)
    queryset = with_profiles(
        Internship.objects.filter(employer=request.employer)
        .alias(_consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, "pathway__participant_id"))
        .filter(_consent=True)
        .select_related("employer", "pathway__participant"),
        prefix="pathway__participant__",
    ).order_by("-start_date", "-pk")
    page = _page(request, queryset)
    rows = [employer_internship(internship) for internship in page]
    return render(request, "employers/internship_list.html", {"page": page, "rows": rows})


def _visible_placement(request, pk):
    return get_object_or_404(
        with_profiles(
            Placement.objects.visible_to(request.user).select_related("employer", "enterprise", "referral__opening")
        ).prefetch_related("check_ins"),
        pk=pk,
    )


@login_required
def placement_detail(request, pk):
    placement = _visible_placement(request, pk)
    user = request.user
    if _sees_as_employer(request, placement.employer_id, enterprise_id=placement.enterprise_id):
        access_log_record(
            actor=user,
            action=AccessAction.READ_CANDIDATE_PROFILE,
            target=placement,
            enterprise_id=placement.enterprise_id,
            request=request,
        )
        return render(request, "employers/placement_detail_employer.html", {"placement": employer_placement(placement)})
    return render(
        request,
        "employers/placement_detail.html",
        {
            "placement": placement,
            "check_ins": placement.check_ins.all(),
            "can_request_checkin": can_request_checkin(user, placement),
        },
    )


@login_required
@require_POST
def checkin_request(request, pk):
    placement = get_object_or_404(Placement.objects.visible_to(request.user), pk=pk)
    if not can_request_checkin(request.user, placement):
        raise PermissionDenied
    try:
        services.checkin_request(actor=request.user, placement=placement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Check-in requested: the employer receives an email."))
    return redirect("employers:placement_detail", pk=placement.pk)


@login_required
def checkin_answer(request, pk):
    check_in = get_object_or_404(
        RetentionCheckIn.objects.visible_to(request.user).select_related("placement__employer"), pk=pk
    )
    if check_in.placement.employer_id not in request.user.employer_ids:
        raise PermissionDenied
    if check_in.answered_at is not None:
        messages.info(request, _("This check-in has already been answered. Thank you!"))
        return redirect("employers:placement_detail", pk=check_in.placement_id)
    form = CheckInAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.checkin_answer(
            actor=request.user,
            check_in=check_in,
            still_employed=form.cleaned_data["still_employed"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for your answer."))
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
