"""Lists and the participant's file issue the same number of queries for 5 or 50 rows
(docs/conventions.md, "Queries")."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceiq.accounts.models import User
from participants.selectors import participant_file
from tests.factories.participants import (
    GroupAttendanceFactory,
    GroupSessionFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
)
from tests.factories.participants import participant_with_history as history

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "dashboard",
    "participants:list",
    "participants:pathway_list",
    "participants:export_csv",
    "participants:pathway_export_csv",
    "participants:group_session_list",
    "participants:post_follow_up_list",
]


def _count(client, url):
    cache.clear()  # dashboard panels cache their figures: always measure the uncached request
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _people(enterprise, users, count, start=0):
    for index in range(start, start + count):
        person = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label=str(index))
        GroupAttendanceFactory(session=GroupSessionFactory(enterprise=enterprise), participant=person)
        ended = PathwayFactory(
            participant=person, status="completed", start_date=date(2023, 1, 9), actual_end_date=date(2023, 7, 14)
        )
        PostPathwayFollowUpFactory(pathway=ended, due_on=date(2023, 10, 14))


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "supervisor"])
def test_lists_do_not_grow_with_rows(enterprise, users, client_for, role):
    client = client_for(users[role])
    _people(enterprise, users, 5)
    urls = [
        reverse(name)
        for name in LIST_PAGES
        if not (
            role == "supervisor" and "export" in name or role == "supervisor" and ("group" in name or "post" in name)
        )
    ]
    few = {url: _count(client, url) for url in urls}
    _people(enterprise, users, 45, start=5)
    for url in urls:
        many = _count(client, url)
        assert many == few[url], f"{url}: {few[url]} queries for 5 rows, {many} for 50"
        assert many <= (40 if url == "/" else 25), url  # the dashboard gathers every app's panels


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "supervisor"])
def test_participant_file_does_not_grow_with_rows(enterprise, users, client_for, role, django_assert_max_num_queries):
    client = client_for(users[role])
    small = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="S", rows=5)
    large = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="L", rows=50)
    for person in (small, large):
        for _index in range(3):
            GroupAttendanceFactory(session=GroupSessionFactory(enterprise=enterprise), participant=person)
    few = _count(client, reverse("participants:detail", args=[small.pk]))
    many = _count(client, reverse("participants:detail", args=[large.pk]))
    assert many == few
    with django_assert_max_num_queries(30):
        client.get(reverse("participants:detail", args=[large.pk]))


def _file_queries(user, person):
    """Queries of the file's selector alone, for a user loaded as a new request loads it."""
    user = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as context:
        participant_file(user=user, pk=person.pk)
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "supervisor"])
def test_participant_file_selector_does_not_grow_with_follow_ups(enterprise, users, role):
    few = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="F", rows=2)
    many = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="M", rows=10)
    assert many.follow_ups.count() == 10 and many.pathways.get().evaluations.count() == 10
    few_count, many_count = _file_queries(users[role], few), _file_queries(users[role], many)
    assert many_count == few_count, f"{few_count} queries for 2 follow-ups, {many_count} for 10"
    assert many_count <= 20
