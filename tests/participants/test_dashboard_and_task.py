"""Coordinator dashboard panels and the daily overdue email (called directly; Celery runs eager)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import PostPathwayFollowUp
from participants.tasks import notify_overdue_post_pathway_follow_ups
from tests.factories.participants import (
    FollowUpFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
)

pytestmark = pytest.mark.django_db


def _pathway(enterprise, last_name, **fields):
    return PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name=last_name), **fields)


def test_dashboard_panels_for_the_coordinator(enterprise, other_enterprise, users, client_for):
    today = timezone.localdate()
    recent = _pathway(enterprise, "Récent", start_date=today - timedelta(weeks=5))
    FollowUpFactory(participant=recent.participant, met_on=today - timedelta(days=3))
    stale = _pathway(enterprise, "Oublié", start_date=today - timedelta(weeks=5))
    FollowUpFactory(participant=stale.participant, met_on=today - timedelta(days=20))
    _pathway(enterprise, "Bientôt", start_date=today - timedelta(weeks=24))
    ended = _pathway(
        enterprise,
        "Sorti",
        status="completed",
        start_date=today - timedelta(weeks=60),
        actual_end_date=today - timedelta(weeks=30),
    )
    PostPathwayFollowUpFactory(pathway=ended, months_after=3, due_on=today - timedelta(days=10))
    PostPathwayFollowUpFactory(pathway=ended, months_after=6, due_on=today + timedelta(days=10))
    _pathway(other_enterprise, "Étranger", start_date=today - timedelta(weeks=24))

    response = client_for(users["coordinator"]).get(reverse("dashboard"))
    content = response.content.decode()
    panels = {
        name: content.split(f'data-testid="{name}"')[1].split("</section>")[0]
        for name in ("panel-active-pathways", "panel-follow-ups-due", "panel-ending-soon", "panel-post-overdue")
    }
    assert ">3<" in panels["panel-active-pathways"]
    assert "Oublié" in panels["panel-follow-ups-due"] and "Bientôt" in panels["panel-follow-ups-due"]
    assert "Récent" not in panels["panel-follow-ups-due"]
    assert "Bientôt" in panels["panel-ending-soon"] and "Récent" not in panels["panel-ending-soon"]
    assert "Sorti" in panels["panel-post-overdue"] and ">1<" in panels["panel-post-overdue"]
    assert "Étranger" not in content


def test_supervisor_dashboard_has_no_follow_up_panels(enterprise, users, client_for):
    content = client_for(users["supervisor"]).get(reverse("dashboard")).content.decode()
    assert "panel-active-pathways" in content
    assert "panel-follow-ups-due" not in content and "panel-post-overdue" not in content


def test_overdue_email_goes_once_to_each_coordinator(enterprise, other_enterprise, users, make_user):
    today = timezone.localdate()
    second_coordinator = make_user("coordinator", enterprise)
    ended = _pathway(enterprise, "Sorti", status="completed", actual_end_date=today - timedelta(days=200))
    overdue = PostPathwayFollowUpFactory(pathway=ended, months_after=3, due_on=today - timedelta(days=1))
    PostPathwayFollowUpFactory(pathway=ended, months_after=6, due_on=today + timedelta(days=5))
    PostPathwayFollowUpFactory(
        pathway=ended, months_after=1, due_on=today - timedelta(days=9), done_on=today - timedelta(days=2)
    )
    foreign = _pathway(other_enterprise, "Ailleurs", status="completed", actual_end_date=today - timedelta(days=200))
    PostPathwayFollowUpFactory(pathway=foreign, due_on=today - timedelta(days=1))
    other_coordinator = make_user("coordinator", other_enterprise)

    assert notify_overdue_post_pathway_follow_ups.delay().get() == 3
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([users["coordinator"].email, second_coordinator.email, other_coordinator.email])
    ours = next(message for message in mail.outbox if message.to == [users["coordinator"].email])
    assert "Sorti" in ours.body and "Ailleurs" not in ours.body
    assert f"/participants/post-follow-ups/{overdue.pk}/" in ours.body
    assert ours.subject.startswith("Atelier A")
    overdue.refresh_from_db()
    assert overdue.overdue_notified_at is not None

    mail.outbox.clear()
    assert notify_overdue_post_pathway_follow_ups() == 0
    assert mail.outbox == []
    assert (
        PostPathwayFollowUp.objects.filter(overdue_notified_at__isnull=True, due_on__lt=today, done_on=None).count()
        == 0
    )
