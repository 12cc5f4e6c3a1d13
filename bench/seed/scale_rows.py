"""Which rows are scale data, and the benchmark's accounts.

Scale rows are tagged: enterprise slugs start with `scale-`, user and employer e-mails end with
`scale.ceiq.ca`. `wipe_scale_data` deletes them (and everything that points at them) in SQL.
"""

from collections.abc import Iterable
from typing import cast

from django.core.management.base import CommandError
from django.db import models
from django.db.models import QuerySet
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.fields.reverse_related import ForeignObjectRel

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from employers.models import Employer
from enterprises.models import Enterprise

SCALE_DOMAIN = "scale.ceiq.ca"
SCALE_SLUG_PREFIX = "scale-"
SCALE_PASSWORD = "Scale-CEIQ-2026!"  # noqa: S105 - printed on purpose: synthetic benchmark accounts
BENCH_ROLES = ["network", *EnterpriseRole.values, "employer"]


def bench_email(role: str) -> str:
    return f"bench.{role}@{SCALE_DOMAIN}"


def scale_data_exists() -> bool:
    return (
        Enterprise.objects.filter(slug__startswith=SCALE_SLUG_PREFIX).exists()
        or User.objects.filter(email__endswith=SCALE_DOMAIN).exists()
    )


# --------------------------------------------------------------------------------------------
# Writing: per-model buffers flushed with bulk_create, parents before children.
# --------------------------------------------------------------------------------------------


def wipe_rows(queryset: QuerySet, depth: int = 0) -> None:
    """Delete the queryset's rows in SQL, first deleting what points at them (cascade, protect)
    or clearing the pointer (set null): no rows loaded, no signals. For tagged synthetic data only."""
    if depth > 8:
        raise CommandError("Relations too deep to wipe the scale data.")
    model = queryset.model
    keys = queryset.values("pk")
    relations = cast("Iterable[ForeignObjectRel]", get_candidate_relations_to_delete(model._meta))
    for relation in relations:
        dependents = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": keys})
        if relation.on_delete is models.DO_NOTHING:
            continue
        if relation.on_delete is models.SET_NULL:
            dependents.update(**{relation.field.name: None})
        else:
            wipe_rows(dependents, depth + 1)
    queryset._raw_delete(queryset.db)


def wipe_scale_data() -> None:
    wipe_rows(Enterprise._base_manager.filter(slug__startswith=SCALE_SLUG_PREFIX))
    wipe_rows(Employer._base_manager.filter(contact_email__endswith=SCALE_DOMAIN))
    wipe_rows(User._base_manager.filter(email__endswith=SCALE_DOMAIN))


def bench_users() -> dict[str, User]:
    """{role: the bench account of that role}; a CommandError names the roles seed_scale has not made."""
    users = {user.email: user for user in User.objects.filter(email__in=[bench_email(role) for role in BENCH_ROLES])}
    missing = [role for role in BENCH_ROLES if bench_email(role) not in users]
    if missing:
        raise CommandError(f"Benchmark users missing ({', '.join(missing)}): run `manage.py seed_scale` first.")
    return {role: users[bench_email(role)] for role in BENCH_ROLES}
