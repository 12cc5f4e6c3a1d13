"""Emails about participants. Sent in the recipient's language; no personal detail beyond the name."""

from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from enterprises.models import Membership

from .models import PostPathwayFollowUp


def overdue_post_pathway_follow_ups_notify() -> int:
    """Email each active coordinator of each enterprise the follow-ups newly overdue, then mark them.
    Returns the number of emails sent. Idempotent: marked follow-ups are never announced again."""
    today = timezone.localdate()
    sent = 0
    with transaction.atomic():
        overdue = list(
            PostPathwayFollowUp.objects.select_for_update(of=("self",))
            .filter(done_on__isnull=True, due_on__lt=today, overdue_notified_at__isnull=True)
            .select_related("pathway__participant", "pathway__enterprise")
            .order_by("pathway__enterprise_id", "due_on", "pk")
        )
        if not overdue:
            return 0
        enterprise_ids = {follow_up.pathway.enterprise_id for follow_up in overdue}
        coordinators: dict[int, list[User]] = {}
        for membership in Membership.objects.filter(
            enterprise_id__in=enterprise_ids, role=EnterpriseRole.COORDINATOR, is_active=True, user__is_active=True
        ).select_related("user"):
            coordinators.setdefault(membership.enterprise_id, []).append(membership.user)
        for enterprise_id, group in groupby(overdue, key=lambda follow_up: follow_up.pathway.enterprise_id):
            rows = list(group)
            for user in coordinators.get(enterprise_id, []):
                _send(user, rows[0].pathway.enterprise, rows)
                sent += 1
        PostPathwayFollowUp.objects.filter(pk__in=[f.pk for f in overdue]).update(overdue_notified_at=timezone.now())
    return sent


def _send(user, enterprise, follow_ups):
    base_url = settings.CEIQ_BASE_URL.rstrip("/")
    with translation.override("fr"):
        context = {
            "user": user,
            "enterprise": enterprise,
            "follow_ups": [
                (f, base_url + reverse("participants:post_follow_up_record", args=[f.pk])) for f in follow_ups
            ],
            "dashboard_url": base_url + reverse("dashboard"),
        }
        subject = render_to_string("participants/email/overdue_subject.txt", context).strip()
        body = render_to_string("participants/email/overdue_body.txt", context)
    send_mail(subject, body, None, [user.email])
