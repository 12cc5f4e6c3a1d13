from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceiq.accounts.roles import ContextKind
from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.parsing import page_number, parse_id

from . import selectors
from .exports import figures_response
from .forms import ReportRequestForm
from .permissions import can_use_reports, can_view_report_run
from .services import report_request, report_retry

CHUNK = 64 * 1024


def _reporting_enterprise(request):
    """The enterprise whose reports this page is about (None for network staff in the network
    context). Employers have no reports (404); supervisors are refused (403)."""
    portal = request.portal
    if portal is None or portal.kind == ContextKind.EMPLOYER:
        raise Http404
    if portal.kind == ContextKind.NETWORK:
        return None
    if not can_use_reports(request.user, request.enterprise):
        raise PermissionDenied
    return request.enterprise


def _visible_run(request, pk):
    run = get_object_or_404(selectors.report_run_queryset(request.user), pk=pk)
    if not can_view_report_run(request.user, run):
        raise PermissionDenied
    return run


@login_required
def report_page(request):
    enterprise = _reporting_enterprise(request)
    form = ReportRequestForm(request.POST or None, user=request.user, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = report_request(
            actor=request.user,
            scope=data["scope"],
            fiscal_year=data["fiscal_year"],
            language=data["language"],
            enterprise=data.get("enterprise"),
            region=data.get("region"),
            sector=data.get("sector"),
        )
        return redirect(f"{reverse('reporting:report_page')}?run={run.pk}")
    runs = selectors.report_runs(request.user, enterprise)
    page = Paginator(runs, 20).get_page(page_number(request))
    run_id = parse_id(request.GET.get("run"))
    current = runs.filter(pk=run_id).first() if run_id is not None else None
    return render(
        request,
        "reporting/report_page.html",
        {"form": form, "page": page, "runs": page.object_list, "current": current, "enterprise": enterprise},
    )


@login_required
def run_status(request, pk):
    run = _visible_run(request, pk)
    return render(request, "reporting/_run_status.html", {"run": run})


@login_required
@require_POST
def run_retry(request, pk):
    run = report_retry(actor=request.user, run=_visible_run(request, pk))
    if request.htmx:
        return render(request, "reporting/_run_status.html", {"run": run})
    return redirect(f"{reverse('reporting:report_page')}?run={run.pk}")


def _chunks(field_file):
    with field_file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


@login_required
def download(request, pk):
    run = _visible_run(request, pk)
    if not run.is_downloadable:
        raise Http404(_("This report is not ready."))
    access_log_record(
        actor=request.user,
        action=AccessAction.DOWNLOAD_REPORT,
        target=run,
        enterprise_id=run.enterprise_id,
        request=request,
    )
    prefix = settings.CEIQ_DOWNLOAD_ACCEL_PREFIX
    if prefix:
        # Production behind nginx: the web server sends the bytes from an `internal` location (never
        # reachable from outside); this view still decides who gets them and logs the access.
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = iri_to_uri(f"{prefix.rstrip('/')}/{run.pdf.name}")
    else:
        # The file is opened only when the response is streamed, and closed when it ends.
        response = FileResponse(_chunks(run.pdf), content_type="application/pdf")
        response["Content-Length"] = str(run.pdf.size)
    response["Content-Disposition"] = content_disposition_header(True, run.download_name)
    return response


@login_required
def export(request, pk):
    run = _visible_run(request, pk)
    if not run.is_downloadable or not run.snapshot:
        raise Http404(_("This report is not ready."))
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        file_format = "csv"
    access_log_record(
        actor=request.user,
        action=AccessAction.EXPORT_LIST,
        target=run,
        enterprise_id=run.enterprise_id,
        request=request,
    )
    return figures_response(run, file_format)
