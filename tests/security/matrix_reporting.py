from django.core.files.base import ContentFile

from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_indicators
from reporting.models import ReportRun

from .matrix import FORM_OK, Route, allow

REPORT_ROLES = ("network", "director", "coordinator", "counsellor")


def _staff(ok=(200,)):
    return allow(*REPORT_ROLES, ok=ok) | {"employer": 404}


def build(tenant):

    snapshot = {
        "indicators": compute_indicators(fiscal_year=FiscalYear(2025), enterprise=tenant.enterprise),
        "enterprise_rows": None,
        "note": f"CANARY-{tenant.label}",
    }
    run = ReportRun(
        scope="enterprise",
        enterprise=tenant.enterprise,
        fiscal_year=2025,
        status="succeeded",
        progress=100,
        snapshot=snapshot,
    )
    run.pdf.save(f"matrix-{tenant.label}.pdf", ContentFile(f"%PDF-1.4 CANARY-{tenant.label}".encode()), save=False)
    run.save()
    tenant.objects["report_run"] = run


ROUTES = [
    Route(
        "reporting:report_page",
        get=_staff(),
        post=_staff(ok=FORM_OK),
        post_data=lambda t: {"fiscal_year": 2025, "language": "fr"},
    ),
    Route("reporting:run_status", args=lambda t: [t.objects["report_run"].pk], get=_staff(), htmx=True),
    Route("reporting:run_retry", args=lambda t: [t.objects["report_run"].pk], get=None, post=_staff(ok=(302,))),
    Route("reporting:download", args=lambda t: [t.objects["report_run"].pk], get=_staff()),
    Route("reporting:export", args=lambda t: [t.objects["report_run"].pk], get=_staff()),
]
