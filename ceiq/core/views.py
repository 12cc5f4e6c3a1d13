import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .dashboards import dashboard_panels


@login_required
def dashboard(request):
    """Each role lands here; the panels depend on the current context (network, enterprise, employer)."""
    template = {
        "network": "core/dashboard_network.html",
        "enterprise": "core/dashboard_enterprise.html",
        "employer": "core/dashboard_employer.html",
    }.get(request.portal.kind if request.portal else None, "core/dashboard_none.html")
    return render(request, template, {"panels": dashboard_panels(request) if request.portal else []})


@login_required
def about(request):
    """What the portal is and how it treats personal information. Also the benchmark's baseline
    page: the base layout for a logged-in user, with no queries of its own."""
    return render(request, "core/about.html")


@never_cache
def healthz(request):
    """For the compose health checks: the database answers, and the broker when one is configured."""
    checks = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
        status = 503
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception:  # noqa: BLE001
            checks["broker"] = "error"
            status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "checks": checks}, status=status)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
