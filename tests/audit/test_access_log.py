import pytest
from auditlog.models import LogEntry

from ceiq.audit.models import AccessLog, AppendOnlyError
from ceiq.audit.services import access_log_record

pytestmark = pytest.mark.django_db


def test_access_log_can_only_be_appended_to(users, enterprise):
    entry = access_log_record(
        actor=users["counsellor"], action="read_participant_file", target=enterprise, enterprise_id=enterprise.pk
    )
    assert AccessLog.objects.count() == 1
    entry.object_label = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().update(object_label="changed")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().object_label == "Atelier A"


def test_director_sees_own_enterprise_entries_only(users, enterprise, other_enterprise, make_user, client_for):
    access_log_record(
        actor=users["counsellor"], action="read_participant_file", target=enterprise, enterprise_id=enterprise.pk
    )
    stranger = make_user("counsellor", other_enterprise)
    access_log_record(
        actor=stranger, action="read_participant_file", target=other_enterprise, enterprise_id=other_enterprise.pk
    )
    body = client_for(users["director"]).get("/audit/access-log/").content.decode()
    assert users["counsellor"].email in body and stranger.email not in body
    assert client_for(users["coordinator"]).get("/audit/access-log/").status_code == 403


def test_changes_to_audited_models_are_recorded(users, enterprise):
    enterprise.name = "Nouveau nom"
    enterprise.save()
    entry = LogEntry.objects.get_for_object(enterprise).first()
    assert entry is not None and "Nouveau nom" in str(entry.changes)
