"""Panels this app adds to the role dashboards (see ceiq.core.dashboards). Every figure is computed
in SQL (GROUP BY / aggregates), so the number of queries does not grow with the network."""

from django.db.models import Avg, Count, Q, Sum

from ceiq.accounts.roles import ContextKind
from ceiq.core.dashboards import Panel
from ceiq.core.fiscal import FiscalYear

from .filters import RecognitionFilterChoice
from .models import Enterprise, EnterpriseStatus, FundingAgreement, RecognitionCriterion, Region, Sector, stale_before
from .selectors import current_agreement

ACTIVE = Q(enterprises__status=EnterpriseStatus.ACTIVE)


def panels(request):
    if request.portal is None:
        return []
    if request.portal.kind == ContextKind.NETWORK:
        return network_panels(request)
    if request.enterprise is None:
        return []
    fiscal_year = FiscalYear.current()
    agreement = current_agreement(request.enterprise, fiscal_year)
    return [
        Panel(
            template="enterprises/_panel_agreement.html",
            context={"agreement": agreement, "fiscal_year": fiscal_year, "enterprise": request.enterprise},
            order=50,
            width="col-lg-6",
        )
    ]


def enterprises_by_region():
    return list(
        Region.objects.annotate(enterprise_count=Count("enterprises", filter=ACTIVE))
        .filter(enterprise_count__gt=0)
        .order_by("code")
    )


def enterprises_by_sector():
    return list(
        Sector.objects.annotate(enterprise_count=Count("enterprises", filter=ACTIVE)).order_by(
            "-enterprise_count", "code"
        )
    )


def current_agreements(fiscal_year: FiscalYear):
    agreements = FundingAgreement.objects.filter(fiscal_year=fiscal_year.start_year)
    totals = agreements.aggregate(
        count=Count("pk"),
        places=Sum("participant_places"),
        average_target=Avg("target_integration_rate"),
        wages=Sum("wages_amount"),
        supervision=Sum("supervision_amount"),
        insertion_costs=Sum("insertion_costs_amount"),
    )
    totals["amount"] = sum(totals[key] or 0 for key in ("wages", "supervision", "insertion_costs"))
    rows = list(
        agreements.select_related("enterprise")
        .only("participant_places", "target_integration_rate", "enterprise__name", "enterprise__slug")
        .order_by("enterprise__name")
    )
    without = Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE).exclude(
        agreements__fiscal_year=fiscal_year.start_year
    )
    return rows, totals, without.count()


def recognition_status():
    criteria = len(RecognitionCriterion.values)
    status = (
        Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE)
        .with_recognition()
        .aggregate(
            total=Count("pk"),
            fully=Count("pk", filter=Q(recognition_met=criteria)),
            stale=Count("pk", filter=Q(recognition_oldest__lt=stale_before())),
            never=Count("pk", filter=Q(recognition_assessed=0)),
        )
    )
    status["incomplete"] = status["total"] - status["fully"]
    return status


def network_panels(request):
    fiscal_year = FiscalYear.current()
    rows, totals, without = current_agreements(fiscal_year)
    return [
        Panel(
            template="enterprises/_panel_network_regions.html",
            context={"regions": enterprises_by_region(), "region_total": Region.objects.count()},
            order=10,
            width="col-lg-4",
        ),
        Panel(
            template="enterprises/_panel_network_sectors.html",
            context={"sectors": enterprises_by_sector()},
            order=11,
            width="col-lg-4",
        ),
        Panel(
            template="enterprises/_panel_network_recognition.html",
            context={"status": recognition_status(), "filters": RecognitionFilterChoice},
            order=12,
            width="col-lg-4",
        ),
        Panel(
            template="enterprises/_panel_network_agreements.html",
            context={"fiscal_year": fiscal_year, "agreements": rows, "totals": totals, "without": without},
            order=20,
            width="col-12",
        ),
    ]
