"""Partners of an enterprise: training centres, community organizations, public and private partners."""

import pytest
from django.urls import reverse

from enterprises.models import Partner
from tests.factories.enterprises import PartnerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "CFP Pierre-Dupuy",
    "kind": "training_centre",
    "nature": "DEP en ébénisterie offert en entreprise.",
    "contact_name": "Line Caron",
    "contact_email": "lcaron@example.org",
    "since": "2018-09-01",
}


def test_director_adds_edits_and_removes_a_partner(users, client_for, enterprise):
    client = client_for(users["director"])
    response = client.post(reverse("enterprises:partner_create", args=[enterprise.slug]), FORM)
    assert response.status_code == 302
    partner = Partner.objects.get(enterprise=enterprise)
    assert (partner.kind, partner.contact_email) == ("training_centre", "lcaron@example.org")
    listing = client.get(reverse("enterprises:partner_list", args=[enterprise.slug])).content.decode()
    assert "CFP Pierre-Dupuy" in listing and "Centre de formation professionnelle" in listing

    edit = reverse("enterprises:partner_edit", args=[enterprise.slug, partner.pk])
    assert client.post(edit, {**FORM, "kind": "public", "name": "CSS de Montréal"}).status_code == 302
    partner.refresh_from_db()
    assert (partner.kind, partner.name) == ("public", "CSS de Montréal")

    assert client.post(reverse("enterprises:partner_delete", args=[enterprise.slug, partner.pk])).status_code == 302
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "obligatoire"),
        ({"kind": "rival"}, "kind", "valide"),
        ({"contact_email": "x"}, "contact_email", "courriel"),
    ],
)
def test_bad_partner_input_is_refused_in_french(users, client_for, enterprise, changes, field, message):
    response = client_for(users["director"]).post(
        reverse("enterprises:partner_create", args=[enterprise.slug]), {**FORM, **changes}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Partner.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "supervisor"])
def test_other_staff_read_partners_only(users, client_for, enterprise, role):
    partner = PartnerFactory(enterprise=enterprise, name="Carrefour jeunesse-emploi")
    client = client_for(users[role])
    page = client.get(reverse("enterprises:partner_list", args=[enterprise.slug]))
    assert "Carrefour jeunesse-emploi" in page.content.decode()
    assert page.context["can_manage"] is False
    assert client.post(reverse("enterprises:partner_create", args=[enterprise.slug]), FORM).status_code == 403
    assert client.post(reverse("enterprises:partner_delete", args=[enterprise.slug, partner.pk])).status_code == 403
    assert Partner.objects.count() == 1


def test_a_partner_of_another_enterprise_is_a_404(users, client_for, enterprise, other_enterprise):
    foreign = PartnerFactory(enterprise=other_enterprise)
    client = client_for(users["director"])
    # Even through the director's own enterprise's address.
    assert client.get(reverse("enterprises:partner_edit", args=[enterprise.slug, foreign.pk])).status_code == 404
    assert client.post(reverse("enterprises:partner_delete", args=[enterprise.slug, foreign.pk])).status_code == 404
    assert Partner.objects.filter(pk=foreign.pk).exists()


def test_partner_list_query_count_does_not_grow(users, client_for, enterprise, count_queries):
    client = client_for(users["director"])
    url = reverse("enterprises:partner_list", args=[enterprise.slug])
    PartnerFactory.create_batch(3, enterprise=enterprise)
    _response, few = count_queries(client, url)
    PartnerFactory.create_batch(40, enterprise=enterprise)
    response, many = count_queries(client, url)
    assert len(response.context["partners"]) == 43
    assert many == few
