"""A participant's fields are declared once (participants.fields): the intake form, the services, the
importer and the Law 25 export all follow that declaration, and every field of the model a person fills
is declared in one group."""

import pytest
from django.core.exceptions import PermissionDenied

from ceiq.privacy import export
from participants import fields, services
from participants.forms import ParticipantForm
from participants.importing import COLUMNS, PARTICIPANT_COLUMNS
from participants.models import Participant
from tests.factories.participants import ParticipantFactory

pytestmark = pytest.mark.django_db

# The record's own bookkeeping, not something collected from the person.
BOOKKEEPING = {"id", "enterprise", "created_at", "updated_at", "anonymized_at"}


def test_every_field_of_the_person_is_declared_in_exactly_one_group():
    model_fields = {
        field.name for field in Participant._meta.get_fields() if field.concrete and not field.auto_created
    } - BOOKKEEPING
    declared = [name for group in fields.PARTICIPANT_FIELD_GROUPS for name in group.names]
    assert sorted(declared) == sorted(model_fields)
    assert set(fields.PARTICIPANT_FIELDS) == model_fields


def test_the_form_groups_follow_the_declaration(enterprise):
    form = ParticipantForm(enterprise=enterprise, creating=False, instance=ParticipantFactory(enterprise=enterprise))
    assert set(form.fields) == set(fields.PARTICIPANT_FIELDS)
    legends = [str(legend) for legend, _fields in form.fieldsets]
    assert legends == [
        "Identité",
        "Coordonnées",
        "Profil à l'accueil",
        "Profil pour les employeurs",
        "Avis de confidentialité et consentements",
    ]
    assert [bound.name for bound in form.fieldsets[0][1]] == list(fields.IDENTITY.names)


def test_the_importer_and_the_export_read_the_same_declaration():
    assert PARTICIPANT_COLUMNS == [*fields.IMPORTED_FIELDS, "consents"]
    assert PARTICIPANT_COLUMNS[0] == "external_id" and set(PARTICIPANT_COLUMNS) <= set(COLUMNS)
    assert not set(PARTICIPANT_COLUMNS) & fields.NOT_IMPORTED
    assert export.PARTICIPANT_FIELDS == ["id", *fields.PARTICIPANT_FIELDS, "created_at", "updated_at"]


def test_services_write_only_declared_fields(users, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    with pytest.raises(TypeError):
        services.participant_update(actor=users["coordinator"], participant=participant, anonymized_at=None)
    with pytest.raises(TypeError):
        services.participant_create(actor=users["coordinator"], enterprise=enterprise, enterprise_id=1)
    with pytest.raises(PermissionDenied):  # the right is checked before anything else
        services.participant_update(actor=users["supervisor"], participant=participant, city="Gaspé")
