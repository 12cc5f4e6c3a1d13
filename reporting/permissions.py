"""Who may request and download reports.

Network staff: every scope. Inside an enterprise: the director, coordinator and counsellor (the roles
that read intake profiles, since a report summarises income sources and barriers). Supervisors and
employers: no reports. Another enterprise's run is not even visible (404, see ReportRun.visible_to)."""

from __future__ import annotations

from ceiq.accounts.models import User
from ceiq.accounts.roles import INTAKE_PROFILE_ROLES
from enterprises.models import Enterprise

from .models import ReportRun, ReportScope

REPORT_ROLES = INTAKE_PROFILE_ROLES


def can_use_reports(user: User, enterprise: Enterprise | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    return enterprise is not None and user.role_in(enterprise.pk) in REPORT_ROLES


def can_request_report(user: User, scope: str, enterprise: Enterprise | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    return scope == ReportScope.ENTERPRISE and enterprise is not None and can_use_reports(user, enterprise)


def can_view_report_run(user: User, run: ReportRun) -> bool:
    if user.is_network_staff:
        return True
    return run.scope == ReportScope.ENTERPRISE and user.role_in(run.enterprise_id) in REPORT_ROLES


def can_generate_annual_reports(user: User | None) -> bool:
    """The scheduler (no person) makes the yearly runs; a person doing it by hand is network staff."""
    return user is None or (user.is_authenticated and user.is_network_staff)
