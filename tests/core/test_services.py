"""The service contract's helpers (ceiq.core.services) and the extension registries of ceiq.core."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from ceiq.core.dashboards import panel_providers
from ceiq.core.demo import registered_seeders
from ceiq.core.services import acting_as, model_create, model_update, require
from enterprises.forms import PartnerForm
from enterprises.models import PARTNER_FIELDS, Partner
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import PartnerFactory

pytestmark = pytest.mark.django_db


def test_require_raises_permission_denied_unless_allowed():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_model_update_saves_what_a_model_form_already_put_on_the_instance(enterprise):
    """A ModelForm bound to the instance changes it while validating: the update compares with the
    stored row, so the change is still saved (and only the changed fields are reported)."""
    partner = PartnerFactory(enterprise=enterprise, name="Ancien nom", kind="community", nature="", since=None)
    form = PartnerForm(
        {
            "name": "Nouveau nom",
            "kind": "community",
            "contact_name": partner.contact_name,
            "contact_email": partner.contact_email,
        },
        instance=partner,
    )
    assert form.is_valid(), form.errors
    assert partner.name == "Nouveau nom"  # the form has already changed the instance

    _partner, changed = model_update(instance=partner, fields=PARTNER_FIELDS, data=form.cleaned_data)

    assert changed == ["name"]
    assert Partner.objects.get(pk=partner.pk).name == "Nouveau nom"


def test_model_update_writes_nothing_when_nothing_changed(enterprise, django_assert_num_queries):
    partner = PartnerFactory(enterprise=enterprise, name="Même nom")
    with django_assert_num_queries(1):  # the stored values, read once; no UPDATE
        _partner, changed = model_update(instance=partner, fields=PARTNER_FIELDS, data={"name": "Même nom"})
    assert changed == []


def test_model_update_and_create_refuse_fields_not_allowed(enterprise):
    partner = PartnerFactory(enterprise=enterprise)
    with pytest.raises(TypeError):
        model_update(instance=partner, fields=["name"], data={"enterprise": enterprise})
    with pytest.raises(TypeError):
        model_create(Partner, fields=["name"], data={"name": "X", "kind": "public"}, enterprise=enterprise)


def test_model_create_validates_and_saves(enterprise):
    partner = model_create(
        Partner, fields=PARTNER_FIELDS, data={"name": "Nouveau", "kind": "public"}, enterprise=enterprise
    )
    assert Partner.objects.get(pk=partner.pk).enterprise == enterprise


def test_demo_seeders_run_in_the_order_the_apps_registered():
    names = [f"{seeder.__module__}.{seeder.__name__}" for seeder in registered_seeders()]
    assert names == [
        "ceiq.accounts.demo.seed",
        "enterprises.demo.seed",
        "employers.demo.seed",
        "participants.demo.seed",
        "employers.demo.seed_after_participants",
        "reporting.demo.seed",
    ]


def test_dashboard_panels_are_registered_by_each_app_in_installed_order():
    modules = [provider.__module__ for provider in panel_providers()]
    assert modules == ["enterprises.dashboard", "participants.dashboard", "employers.dashboard", "reporting.dashboard"]


def _rename_and_author(partner, name):
    partner.name = name
    partner.save(update_fields=["name"])
    return LogEntry.objects.get_for_object(partner).order_by("-pk").first().actor


def test_acting_as_attributes_the_history_and_leaves_no_actor_behind():
    partner = PartnerFactory()
    coordinator = UserFactory()
    with acting_as(coordinator):
        assert _rename_and_author(partner, "Carrefour jeunesse-emploi") == coordinator
    assert _rename_and_author(partner, "CJE de Laval") is None, "no stale actor after the block"


def test_acting_as_inside_a_request_context_gives_it_back_afterwards():
    partner = PartnerFactory()
    visitor, importer = UserFactory(), UserFactory()
    with set_actor(visitor):  # what auditlog's middleware opens around a request
        with acting_as(importer):
            assert _rename_and_author(partner, "Service d'aide à l'emploi") == importer
        assert _rename_and_author(partner, "SAE de l'Est") == visitor
