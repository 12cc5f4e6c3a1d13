"""Retention check-ins: the enterprise asks, the employer answers yes/no with a comment."""

import pytest
from django.core import mail
from django.urls import reverse

from employers.models import RetentionCheckIn
from tests.factories.employers import PlacementFactory, candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(enterprise, employer):
    return PlacementFactory(participant=candidate(enterprise), employer=employer, job_title="Aide-ébéniste")


def test_the_enterprise_requests_a_check_in_and_the_employer_answers(
    client_for, users, placement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(users["coordinator"]).post(reverse("employers:checkin_request", args=[placement.pk]))
    check_in = RetentionCheckIn.objects.get()
    assert check_in.requested_by == users["coordinator"] and check_in.answered_at is None
    assert mail.outbox[0].to == [users["employer"].email]
    assert reverse("employers:checkin_answer", args=[check_in.pk]) in mail.outbox[0].body
    # A second request while one waits is refused with a message.
    client_for(users["coordinator"]).post(reverse("employers:checkin_request", args=[placement.pk]))
    assert RetentionCheckIn.objects.count() == 1
    employer_client = client_for(users["employer"])
    response = employer_client.post(reverse("employers:checkin_answer", args=[check_in.pk]), {"comment": "?"})
    assert response.status_code == 200 and "still_employed" in response.context["form"].errors
    employer_client.post(
        reverse("employers:checkin_answer", args=[check_in.pk]), {"still_employed": "yes", "comment": "Très bien."}
    )
    check_in.refresh_from_db()
    assert (check_in.still_employed, check_in.comment, check_in.answered_by) == (True, "Très bien.", users["employer"])
    page = client_for(users["coordinator"]).get(reverse("employers:placement_detail", args=[placement.pk]))
    assert "Très bien." in page.content.decode()


def test_a_counsellor_cannot_request_and_staff_cannot_answer(client_for, users, placement):
    assert (
        client_for(users["counsellor"]).post(reverse("employers:checkin_request", args=[placement.pk])).status_code
        == 403
    )
    check_in = RetentionCheckIn.objects.create(placement=placement, requested_on=placement.start_date)
    assert (
        client_for(users["coordinator"]).get(reverse("employers:checkin_answer", args=[check_in.pk])).status_code == 403
    )
