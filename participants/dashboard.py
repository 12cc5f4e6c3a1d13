"""Panels this app adds to the enterprise dashboard (see ceiq.core.dashboards)."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Window
from django.utils import timezone

from ceiq.accounts.models import User
from ceiq.core.dashboards import Panel
from enterprises.models import Enterprise

from .choices import OPEN_PATHWAY_STATUSES, PathwayStatus
from .models import FollowUp, Pathway, PostPathwayFollowUp
from .permissions import TEAM_READERS

PANEL_ROWS = 10
FOLLOW_UP_INTERVAL_DAYS = 14
ENDING_WITHIN_DAYS = 28


def follow_ups_due(pathways: QuerySet[Pathway], today: date) -> QuerySet[Pathway]:
    """Active pathways whose participant has had no follow-up meeting in the last 14 days: the
    counsellor should meet them this week."""
    recent = FollowUp.objects.filter(
        participant=OuterRef("participant"), met_on__gt=today - timedelta(days=FOLLOW_UP_INTERVAL_DAYS)
    )
    return (
        pathways.filter(status=PathwayStatus.ACTIVE)
        .exclude(Exists(recent))
        .annotate(last_follow_up=Max("participant__follow_ups__met_on"))
        .order_by("last_follow_up", "participant__last_name")
    )


def ending_soon(pathways: QuerySet[Pathway], today: date) -> QuerySet[Pathway]:
    return pathways.filter(
        status__in=OPEN_PATHWAY_STATUSES,
        planned_end_date__gte=today,
        planned_end_date__lte=today + timedelta(days=ENDING_WITHIN_DAYS),
    ).order_by("planned_end_date")


def overdue_post_follow_ups(enterprise: Enterprise, user: User, today: date) -> QuerySet[PostPathwayFollowUp]:
    return (
        PostPathwayFollowUp.objects.visible_to(user)
        .filter(pathway__enterprise=enterprise, done_on__isnull=True, due_on__lt=today)
        .select_related("pathway__participant")
        .order_by("due_on")
    )


def first_rows(queryset: QuerySet[Any], limit: int = PANEL_ROWS) -> tuple[list[Any], int]:
    """The panel's first rows and the total in one query: COUNT(*) OVER () is computed over the whole
    set before the LIMIT (a count query per panel was a tenth of the dashboard, docs/performance.md)."""
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].panel_total if rows else 0)


def panels(request) -> list[Panel]:
    enterprise = request.enterprise
    if request.portal is None or enterprise is None:
        return []
    user = request.user
    role = user.role_in(enterprise.pk)
    if role is None:
        return []
    today = timezone.localdate()
    pathways = (
        Pathway.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("participant", "trade", "counsellor")
    )
    if role not in TEAM_READERS:
        pathways = pathways.filter(supervisor=user)
    active, active_count = first_rows(
        pathways.filter(status=PathwayStatus.ACTIVE).order_by("participant__last_name", "participant__first_name")
    )
    result = [
        Panel(
            template="participants/_panel_active.html",
            context={"count": active_count, "pathways": active},
            order=20,
            width="col-lg-6",
        ),
        Panel(
            template="participants/_panel_ending.html",
            context={
                "pathways": list(ending_soon(pathways, today)[:PANEL_ROWS]),
                "today": today,
                "until": today + timedelta(days=ENDING_WITHIN_DAYS),
            },
            order=30,
            width="col-lg-6",
        ),
    ]
    if role in TEAM_READERS:
        due, due_count = first_rows(follow_ups_due(pathways, today))
        overdue, overdue_count = first_rows(overdue_post_follow_ups(enterprise, user, today))
        result += [
            Panel(
                template="participants/_panel_follow_ups_due.html",
                context={"count": due_count, "pathways": due, "days": FOLLOW_UP_INTERVAL_DAYS},
                order=25,
                width="col-lg-6",
            ),
            Panel(
                template="participants/_panel_post_overdue.html",
                context={"count": overdue_count, "follow_ups": overdue},
                order=35,
                width="col-lg-6",
            ),
        ]
    return result
