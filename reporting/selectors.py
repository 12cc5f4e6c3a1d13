"""Reads of the reporting app, scoped to the user (`ReportRun.visible_to`)."""

from __future__ import annotations

from django.db.models import QuerySet

from ceiq.accounts.models import User
from enterprises.models import Enterprise

from .models import ReportRun, ReportScope


def report_run_queryset(user: User) -> QuerySet[ReportRun]:
    return ReportRun.objects.visible_to(user).select_related("enterprise", "region", "sector", "requested_by")


def report_runs(user: User, enterprise: Enterprise | None) -> QuerySet[ReportRun]:
    """The runs on the report page: an enterprise's own (from its context), or every visible one."""
    runs = report_run_queryset(user)
    if enterprise is not None:
        runs = runs.filter(scope=ReportScope.ENTERPRISE, enterprise=enterprise)
    return runs
