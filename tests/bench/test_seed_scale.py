"""seed_scale: a consistent synthetic network, written with a bounded number of queries."""

import io
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from bench.seed.scale_rows import BENCH_ROLES, SCALE_PASSWORD, bench_email, wipe_scale_data
from ceiq.accounts.models import User
from ceiq.audit.models import AccessAction, AccessLog
from employers.models import EmployerMembership, Placement, Referral, ReferralStatus
from enterprises.models import Enterprise, Membership
from participants.choices import ENDED_PATHWAY_STATUSES, OPEN_PATHWAY_STATUSES
from participants.models import (
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    Participant,
    Pathway,
    PostPathwayFollowUp,
)
from reporting.models import ReportRun
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.participants import ParticipantFactory

TINY = ["--enterprises", "2", "--years", "2", "--employers", "20"]


def seed(participants_per_year=40, *extra):
    out = io.StringIO()
    call_command("seed_scale", *TINY, "--participants-per-year", str(participants_per_year), *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_scale_produces_a_consistent_network():
    output = seed(40)

    assert "Scale data ready" in output
    assert Enterprise.objects.filter(slug__startswith="scale-").count() == 2
    assert 70 <= Participant.objects.count() <= 90
    assert Pathway.objects.count() == Participant.objects.count()
    # Every pathway belongs to its participant's enterprise; so do referrals and attendances.
    assert not Pathway.objects.exclude(enterprise=F("participant__enterprise")).exists()
    assert not Referral.objects.exclude(enterprise=F("participant__enterprise")).exists()
    assert not GroupAttendance.objects.exclude(participant__enterprise=F("session__enterprise")).exists()
    # Exits have an end date on or after the start; open pathways have none.
    ended = Pathway.objects.filter(status__in=ENDED_PATHWAY_STATUSES)
    assert ended.count() > 40
    assert not ended.filter(actual_end_date__isnull=True).exists()
    assert not ended.filter(actual_end_date__lt=F("start_date")).exists()
    assert not Pathway.objects.exclude(status__in=ENDED_PATHWAY_STATUSES).filter(actual_end_date__isnull=False).exists()
    assert Pathway.objects.filter(status="active").exists()
    # At most one open pathway per participant.
    assert not (
        Pathway.objects.filter(status__in=OPEN_PATHWAY_STATUSES)
        .values("participant")
        .annotate(open_count=Count("pk"))
        .filter(open_count__gt=1)
        .exists()
    )
    # Post-pathway follow-ups come after the exit, only for ended pathways; done ones record a situation.
    post = PostPathwayFollowUp.objects.all()
    assert post.exists()
    assert not post.exclude(pathway__status__in=ENDED_PATHWAY_STATUSES).exists()
    assert not post.filter(due_on__lte=F("pathway__actual_end_date")).exists()
    assert not post.filter(done_on__isnull=False, done_on__lt=F("pathway__actual_end_date")).exists()
    assert not post.filter(done_on__isnull=False, situation="").exists()
    # Meetings and evaluations fall within the pathway.
    assert not FollowUp.objects.filter(met_on__lt=F("pathway__start_date")).exists()
    assert not FollowUp.objects.filter(met_on__gt=F("pathway__actual_end_date")).exists()
    assert not Evaluation.objects.filter(evaluated_on__gt=F("pathway__actual_end_date")).exists()
    assert FollowUp.objects.count() > 5 * Pathway.objects.count()
    # Drop-outs have a reason; outcomes of completers are mostly job or school.
    assert not Pathway.objects.filter(status="dropped_out", dropout_reason="").exists()
    completers = Pathway.objects.filter(status="completed")
    integrated = completers.filter(exit_outcome__in=["job", "school"]).count()
    assert 0.5 <= integrated / completers.count() <= 0.95
    # Hires follow a job outcome; every consent purpose has at most one active consent.
    assert Placement.objects.exists()
    assert not Placement.objects.exclude(pathway__exit_outcome="job").exists()
    assert not (
        Consent.objects.filter(withdrawn_at__isnull=True)
        .values("participant", "purpose")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


@pytest.mark.django_db
def test_seed_scale_creates_the_staff_and_one_benchmark_user_per_role():
    seed(20)

    first = Enterprise.objects.filter(slug__startswith="scale-").order_by("pk").first()
    for role in ("director", "coordinator", "counsellor", "supervisor"):
        assert Membership.objects.filter(user__email=bench_email(role), enterprise=first, role=role).exists()
        assert User.objects.filter(email=f"{role}.{first.slug}@scale.ceiq.ca").exists()
    assert User.objects.get(email=bench_email("network")).is_network_staff
    assert EmployerMembership.objects.filter(user__email=bench_email("employer")).exists()
    assert len(BENCH_ROLES) == 6
    # The password is hashed once and shared.
    passwords = set(User.objects.filter(email__endswith="scale.ceiq.ca").values_list("password", flat=True))
    assert len(passwords) == 1
    assert check_password(SCALE_PASSWORD, passwords.pop())


@pytest.mark.django_db
def test_seed_scale_refuses_a_second_run_without_force_and_replaces_with_force():
    seed(20, "--seed", "7")
    fingerprint = _fingerprint()

    with pytest.raises(CommandError, match="--force"):
        seed(20, "--seed", "7")
    assert _fingerprint() == fingerprint

    seed(20, "--seed", "7", "--force")
    assert _fingerprint() == fingerprint  # same seed, same network: deterministic
    assert Enterprise.objects.filter(slug__startswith="scale-").count() == 2


def _fingerprint():
    return (
        list(Participant.objects.order_by("pk").values_list("first_name", "last_name", "birth_date", "gender")),
        list(Pathway.objects.order_by("pk").values_list("start_date", "status", "exit_outcome", "actual_end_date")),
        FollowUp.objects.count(),
        Referral.objects.count(),
    )


@pytest.mark.django_db
def test_seed_scale_query_count_does_not_grow_with_the_data():
    with CaptureQueriesContext(connection) as small:
        rows_small = _rows_written(seed(20))
    wipe_scale_data()
    with CaptureQueriesContext(connection) as large:
        rows_large = _rows_written(seed(60))

    assert rows_large > 2 * rows_small

    def split(queries):
        inserts = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
        return len(inserts), len(queries.captured_queries) - len(inserts)

    small_inserts, small_others = split(small)
    large_inserts, large_others = split(large)
    assert large_others == small_others  # reads, sequence resets: independent of size
    if connection.vendor == "postgresql":
        assert large_inserts == small_inserts  # one INSERT per table and batch of 2,000 rows
    else:
        # SQLite caps bound parameters (999): batches are smaller, still nowhere near one per row.
        assert large_inserts < 2 * small_inserts
        assert large_inserts < rows_large / 40


def _rows_written(output):
    return int(re.search(r"Scale data ready: ([\d,]+) rows", output).group(1).replace(",", ""))


@pytest.mark.django_db
def test_force_deletes_what_points_at_scale_rows_and_keeps_the_rest():
    seed(20)
    scale_enterprise = Enterprise.objects.filter(slug__startswith="scale-").first()
    bench_director = User.objects.get(email=bench_email("director"))
    run = ReportRun.objects.create(scope="enterprise", enterprise=scale_enterprise, fiscal_year=2025)
    entry = AccessLog.objects.create(
        user=bench_director,
        user_email=bench_director.email,
        action=AccessAction.READ_PARTICIPANT_FILE,
        object_type="participant",
        object_id="1",
        enterprise=scale_enterprise,
    )
    other = EnterpriseFactory(name="Atelier hors charge", slug="atelier-hors-charge")
    kept = ParticipantFactory(enterprise=other)

    seed(20, "--force")

    assert not ReportRun.objects.filter(pk=run.pk).exists()  # cascaded with its enterprise
    entry = AccessLog.objects.get(pk=entry.pk)  # the access log keeps its row, without the pointers
    assert entry.user_id is None and entry.enterprise_id is None and entry.user_email == bench_director.email
    assert Participant.objects.filter(pk=kept.pk).exists() and Enterprise.objects.filter(pk=other.pk).exists()
    assert Enterprise.objects.filter(slug__startswith="scale-").count() == 2
