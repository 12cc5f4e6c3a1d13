"""The access log is append-only: the model refuses changes on any database, and on PostgreSQL a
trigger refuses UPDATE and DELETE even from raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from ceiq.audit.models import AccessAction, AccessLog, AppendOnlyError
from ceiq.audit.services import access_log_record
from tests.factories.participants import EvaluationFactory, FollowUpFactory, ParticipantFactory, PathwayFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def entry(users, enterprise):
    return access_log_record(
        actor=users["counsellor"],
        action=AccessAction.READ_CONFIDENTIAL_NOTES,
        target=enterprise,
        enterprise_id=enterprise.pk,
    )


def test_the_orm_refuses_to_change_the_log(entry):
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(action=AccessAction.EXPORT_LIST)
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).delete()


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accesslog SET object_label = 'forged' WHERE id = %s",
        "UPDATE audit_accesslog SET at = at - interval '1 day' WHERE id = %s",
        "UPDATE audit_accesslog SET user_email = 'someone@else.org', user_id = NULL WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_entries(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    entry_now = AccessLog.objects.get(pk=entry.pk)
    assert (entry_now.object_label, entry_now.user_email, entry_now.at) == (
        entry.object_label,
        entry.user_email,
        entry.at,
    )


@postgresql_only
def test_deleting_a_user_keeps_their_entries_with_their_email(entry, users):
    email = users["counsellor"].email
    users["counsellor"].delete()
    entry_now = AccessLog.objects.get(pk=entry.pk)
    assert entry_now.user_id is None and entry_now.user_email == email


def test_entries_about_a_person_never_hold_their_name(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise, first_name="Joséphine", last_name="Bouchard")
    follow_up = FollowUpFactory(participant=participant)
    pathway = PathwayFactory(participant=participant)
    evaluation = EvaluationFactory(pathway=pathway)
    for target in (participant, follow_up, pathway, evaluation):
        access_log_record(
            actor=users["counsellor"],
            action=AccessAction.READ_PARTICIPANT_FILE,
            target=target,
            enterprise_id=enterprise.pk,
        )
    labels = list(AccessLog.objects.values_list("object_label", flat=True))
    assert all("Joséphine" not in label and "Bouchard" not in label for label in labels)
    assert all(f"#{participant.pk}" in label for label in labels)
    for role in ("network", "director"):
        page = client_for(users[role]).get("/audit/access-log/").content.decode()
        assert "Bouchard" not in page and f"#{participant.pk}" in page
