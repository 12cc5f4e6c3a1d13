"""The main pages, requested in-process with Django's test client (no network, no web server):
what is measured is the server time of a request — middleware, view, queries and template — which
is what the indexes and query shapes change. Every page is compared to the baseline page `about`
measured in the same run, so the ratios hold across machines."""

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.db.models import Count
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seed.scale_rows import BENCH_ROLES
from bench.timing import QueryTimer, summarize, timed
from ceiq.accounts.models import User
from employers.models import JobOpening, OpeningStatus
from enterprises.models import Membership
from participants.models import FollowUp

PLAIN_STATIC_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@dataclass
class Page:
    label: str
    url_name: str
    role: str
    kwargs: dict[str, int] = field(default_factory=dict)
    query: str = ""
    is_baseline: bool = False
    url: str = field(init=False)
    status_code: int | None = None
    queries: int | None = None
    database_samples: list[float] = field(default_factory=list)  # ms executing queries, per timed request
    samples: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.url = reverse(self.url_name, kwargs=self.kwargs) + (f"?{self.query}" if self.query else "")


class MissingScaleData(LookupError):
    """The seed_scale data lacks a row a page needs."""


def _required(value: int | None, what: str) -> int:
    if value is None:
        raise MissingScaleData(f"No {what} in the scale data: run `manage.py seed_scale --force`.")
    return value


def bench_pages(users: dict[str, User]) -> list[Page]:
    """The pages measured, the baseline first; detail pages show the bench enterprise's busiest
    participant file and an open opening of its region and trades."""
    enterprise = Membership.objects.select_related("enterprise").get(user=users["director"]).enterprise
    trade_ids = list(enterprise.trades.order_by("pk").values_list("pk", flat=True))
    busiest_participant = (
        FollowUp.objects.filter(participant__enterprise=enterprise)
        .values("participant")
        .annotate(rows=Count("pk"))
        .order_by("-rows", "participant")
        .values_list("participant", flat=True)
        .first()
    )
    opening = (
        JobOpening.objects.filter(status=OpeningStatus.OPEN, region_id=enterprise.region_id, trade_id__in=trade_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    trade_query = f"status=active&trade={trade_ids[0]}" if trade_ids else "status=active"
    participant_pk = _required(busiest_participant, "participant with follow-ups in the bench enterprise")
    opening_pk = _required(opening, "open job opening in the bench enterprise's region and trades")
    return [
        Page("baseline: about", "about", "director", is_baseline=True),
        *[Page("dashboard", "dashboard", role) for role in BENCH_ROLES],
        Page("participants list", "participants:list", "coordinator"),
        Page("pathways (active, one trade)", "participants:pathway_list", "coordinator", query=trade_query),
        Page("participant file", "participants:detail", "counsellor", {"pk": participant_pk}),
        Page("job openings", "employers:opening_list", "coordinator"),
        Page("matching for an opening", "employers:matching", "coordinator", {"pk": opening_pk}),
        Page("employer candidates", "employers:candidate_list", "employer"),
        Page("report page", "reporting:report_page", "network"),
    ]


def close_response(response: HttpResponseBase) -> None:
    """The test client has closed a plain response already; a streaming one is closed here the way
    the client does it: without request_finished closing the database connection. The whole run
    keeps one connection, as a server with persistent connections (CONN_MAX_AGE) would, so that
    opening a connection is not part of any page's cost."""
    if response.streaming:
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)


def measure_pages(pages: list[Page], users: dict[str, User], repeat: int, warmup: int) -> None:
    """Warm-ups (the last counts the queries), then `repeat` rounds requesting every page once each,
    round-robin, so background noise spreads over every page alike."""
    clients = {}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    for _round in range(warmup):
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                response = clients[page.role].get(page.url)
            close_response(response)
            page.queries = len(queries.captured_queries)
            page.status_code = response.status_code
    for _round in range(repeat):
        for page in pages:
            timer = QueryTimer()  # a perf_counter pair per query: negligible next to a request
            with connection.execute_wrapper(timer):
                seconds, response = timed(clients[page.role].get, page.url)
            close_response(response)
            page.samples.append(seconds)
            page.database_samples.append(timer.total_ms)


def page_result(page: Page, baseline_ms: float) -> dict[str, Any]:
    stats = summarize(page.samples)
    return {
        "label": page.label,
        "url_name": page.url_name,
        "role": page.role,
        "url": page.url,
        "status_code": page.status_code,
        "queries": page.queries,
        "database_ms": round(statistics.median(page.database_samples), 1),
        "ratio": round(stats["median_ms"] / baseline_ms, 2) if baseline_ms else None,
        "samples_ms": [round(s * 1000, 2) for s in page.samples],
        **stats,
    }


def manifest_available() -> bool:
    """Whether collectstatic wrote the manifest the configured storage needs."""
    try:
        staticfiles_storage.url("css/portal.css")
    except ValueError:
        return False
    return True
