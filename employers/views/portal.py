"""The employer portal: the candidates proposed to the employer (page and CSV), internships and hires."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.exports import csv_response

from .. import selectors
from ..exports import CANDIDATE_COLUMNS, CANDIDATES_FILENAME
from ..filters import CandidateFilter
from ..permissions import can_request_checkin
from ..profiles import employer_internship, employer_placement, employer_referral
from .common import log_candidate_profile_read, page_of, require_employer_context, sees_as_employer


def _candidates(request):
    require_employer_context(request)
    return CandidateFilter(request.GET or None, queryset=selectors.employer_candidates(request.user, request.employer))


@login_required
def candidate_list(request):
    candidate_filter = _candidates(request)
    page = page_of(request, candidate_filter.qs)
    rows = [employer_referral(referral) for referral in page]
    return render(request, "employers/candidate_list.html", {"filter": candidate_filter, "page": page, "rows": rows})


@login_required
def candidate_export_csv(request):
    rows = [employer_referral(referral) for referral in _candidates(request).qs]
    response = csv_response(CANDIDATE_COLUMNS, rows, filename=CANDIDATES_FILENAME)
    access_log_record(actor=request.user, action=AccessAction.EXPORT_LIST, target=request.employer, request=request)
    return response


@login_required
def internship_list(request):
    require_employer_context(request)
    page = page_of(request, selectors.employer_internships(request.user, request.employer))
    rows = [employer_internship(internship) for internship in page]
    return render(request, "employers/internship_list.html", {"page": page, "rows": rows})


@login_required
def placement_detail(request, pk):
    placement = get_object_or_404(selectors.placement_with_profile_queryset(request.user), pk=pk)
    user = request.user
    if sees_as_employer(request, placement.employer_id, enterprise_id=placement.enterprise_id):
        log_candidate_profile_read(request, placement, enterprise_id=placement.enterprise_id)
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
