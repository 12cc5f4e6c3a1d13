"""Panels this app adds to the role dashboards (see ceiq.core.dashboards)."""

from ceiq.core.dashboards import Panel
from ceiq.core.fiscal import FiscalYear

from .models import FundingAgreement


def panels(request):
    if request.portal is None or request.enterprise is None:
        return []
    fiscal_year = FiscalYear.current()
    agreement = FundingAgreement.objects.filter(
        enterprise=request.enterprise, fiscal_year=fiscal_year.start_year
    ).first()
    return [
        Panel(
            template="enterprises/_panel_agreement.html",
            context={"agreement": agreement, "fiscal_year": fiscal_year, "enterprise": request.enterprise},
            order=50,
            width="col-lg-6",
        )
    ]
