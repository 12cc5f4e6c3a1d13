"""Dates a pathway's plan derives from the enterprise's agreement and the settings: the standard
length of a pathway and the post-pathway follow-up milestones. Reads, plus the idempotent schedule
the exit services call (participants.services re-exports these names for its callers)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise, FundingAgreement

from .models import Pathway, PostPathwayFollowUp

DEFAULT_PATHWAY_WEEKS = 27


def standard_pathway_weeks(enterprise: Enterprise, start_date: date) -> int:
    """The enterprise's agreement length for the fiscal year of the start (default 27 weeks)."""
    weeks = (
        FundingAgreement.objects.filter(enterprise=enterprise, fiscal_year=FiscalYear.containing(start_date).start_year)
        .values_list("standard_pathway_weeks", flat=True)
        .first()
    )
    return weeks or DEFAULT_PATHWAY_WEEKS


def planned_end_for(enterprise: Enterprise, start_date: date) -> date:
    return start_date + timedelta(weeks=standard_pathway_weeks(enterprise, start_date))


def post_pathway_follow_ups_schedule(*, pathway: Pathway) -> list[PostPathwayFollowUp]:
    """One follow-up per milestone of CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS, due end + N months.
    Idempotent: existing milestones are kept; their due date follows a corrected end date if not done.
    Called by the services that end a pathway (and the importer), inside their transaction."""
    if pathway.actual_end_date is None:
        return []
    scheduled = []
    for months in settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS:
        due_on = pathway.actual_end_date + relativedelta(months=months)
        follow_up, created = PostPathwayFollowUp.objects.get_or_create(
            pathway=pathway, months_after=months, defaults={"due_on": due_on}
        )
        if not created and follow_up.done_on is None and follow_up.due_on != due_on:
            follow_up.due_on = due_on
            follow_up.save(update_fields=["due_on"])
        scheduled.append(follow_up)
    return scheduled
