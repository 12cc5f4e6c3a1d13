"""Panels this app adds to the role dashboards (see ceiq.core.dashboards)."""

from django.db.models import Count, Q

from ceiq.accounts.roles import ContextKind
from ceiq.core.dashboards import Panel
from participants.dashboard import first_rows

from .models import JobOpening, OpeningStatus, Referral, ReferralStatus
from .permissions import OPEN_REFERRAL_STATUSES, REFERRAL_ROLES
from .profiles import employer_referral, with_profiles

PANEL_ROWS = 5


def _employer_panels(request):
    employer = request.employer
    openings = (
        JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
        .select_related("trade")
        .annotate(
            new_candidates=Count(
                "referrals",
                filter=Q(
                    referrals__in=Referral.objects.visible_to(request.user).filter(status=ReferralStatus.PROPOSED)
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )
    new_referrals = with_profiles(
        Referral.objects.visible_to(request.user)
        .filter(opening__employer=employer, status=ReferralStatus.PROPOSED)
        .select_related("opening__employer")
    ).order_by("-proposed_at", "-pk")
    referrals, referral_total = first_rows(new_referrals, PANEL_ROWS)
    new_rows = [employer_referral(referral) for referral in referrals]
    open_openings, opening_total = first_rows(openings, PANEL_ROWS)
    return [
        Panel(
            template="employers/_panel_open_openings.html",
            context={"openings": open_openings, "total": opening_total},
            order=10,
            width="col-lg-6",
        ),
        Panel(
            template="employers/_panel_new_candidates.html",
            context={"rows": new_rows, "total": referral_total},
            order=20,
            width="col-lg-6",
        ),
    ]


def _enterprise_panels(request):
    if request.user.role_in(request.enterprise.pk) not in REFERRAL_ROLES:
        return []
    counts = Referral.objects.filter(enterprise=request.enterprise).aggregate(
        in_progress=Count("pk", filter=Q(status__in=OPEN_REFERRAL_STATUSES)),
        hired=Count("pk", filter=Q(status=ReferralStatus.HIRED)),
    )
    return [
        Panel(
            template="employers/_panel_referrals.html",
            context={
                **counts,
                "open_openings": JobOpening.objects.filter(status=OpeningStatus.OPEN).count(),
            },
            order=60,
            width="col-lg-6",
        )
    ]


def panels(request):
    if request.portal is None:
        return []
    if request.portal.kind == ContextKind.EMPLOYER:
        return _employer_panels(request)
    if request.portal.kind == ContextKind.ENTERPRISE:
        return _enterprise_panels(request)
    return []
