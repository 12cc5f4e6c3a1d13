"""Permission matrix of the enterprises app (format in matrix.py).

The network-wide pages (directory, creation, CSV export, reference data) are for network staff only:
403 for everyone else, whatever the tenant. An enterprise's own pages (profile, recognition,
agreements, partners, team) are read by its staff; network staff write everything, the director
writes the team and the partners; another enterprise's pages and employers get 404."""

from datetime import date

from tests.factories.enterprises import (
    FundingAgreementFactory,
    MembershipFactory,
    PartnerFactory,
    RecognitionAssessmentFactory,
    region,
)

from .matrix import FORM_OK, Route, allow

STAFF = ("network", "director", "coordinator", "counsellor", "supervisor")
NETWORK_ONLY = allow("network", denied=403)
NETWORK_ONLY_FORM = allow("network", ok=FORM_OK, denied=403)
# Inside the enterprise: the other staff get 403, employers (not staff anywhere) 404.
NETWORK_WRITES = allow("network", denied=403) | {"employer": 404}
NETWORK_WRITES_FORM = allow("network", ok=FORM_OK, denied=403) | {"employer": 404}
DIRECTOR_WRITES = allow("network", "director", denied=403) | {"employer": 404}
DIRECTOR_WRITES_FORM = allow("network", "director", ok=FORM_OK, denied=403) | {"employer": 404}
DIRECTOR_POSTS = allow("network", "director", ok=(302,), denied=403) | {"employer": 404}


def _slug(tenant):
    return [tenant.enterprise.slug]


def _fresh_partner(tenant):
    """A new partner for each request: deleting one must not change what the next role sees."""
    if tenant.label == "probe":
        return 1

    return PartnerFactory(enterprise=tenant.enterprise, name=f"CANARY-{tenant.label} partenaire à retirer").pk


ROUTES = [
    # Network-wide pages.
    Route("enterprises:list", get=NETWORK_ONLY),
    Route("enterprises:create", get=NETWORK_ONLY, post=NETWORK_ONLY_FORM),
    Route("enterprises:export_csv", get=NETWORK_ONLY),
    Route(
        "enterprises:reference_list",
        args=lambda t: ["trades"],
        get=NETWORK_ONLY,
        foreign=NETWORK_ONLY,
    ),
    Route(
        "enterprises:reference_create",
        args=lambda t: ["sectors"],
        get=NETWORK_ONLY,
        post=NETWORK_ONLY_FORM,
        foreign=NETWORK_ONLY_FORM,
    ),
    Route(
        "enterprises:reference_edit",
        args=lambda t: ["regions", t.objects["region"].pk],
        get=NETWORK_ONLY,
        post=NETWORK_ONLY_FORM,
        foreign=NETWORK_ONLY_FORM,
    ),
    # One enterprise.
    Route("enterprises:detail", args=_slug, get=allow(*STAFF, denied=404)),
    Route("enterprises:edit", args=_slug, get=NETWORK_WRITES, post=NETWORK_WRITES_FORM),
    Route("enterprises:recognition", args=_slug, get=allow(*STAFF, denied=404), post=NETWORK_WRITES_FORM),
    Route("enterprises:agreement_list", args=_slug, get=allow(*STAFF, denied=404)),
    Route("enterprises:agreement_create", args=_slug, get=NETWORK_WRITES, post=NETWORK_WRITES_FORM),
    Route(
        "enterprises:agreement_edit",
        args=lambda t: [t.enterprise.slug, t.objects["agreement"].pk],
        get=NETWORK_WRITES,
        post=NETWORK_WRITES_FORM,
    ),
    Route("enterprises:staff", args=_slug, get=allow(*STAFF, denied=404), post=DIRECTOR_WRITES_FORM),
    Route(
        "enterprises:membership_edit",
        args=lambda t: [t.enterprise.slug, t.objects["membership"].pk],
        get=DIRECTOR_WRITES,
        post=DIRECTOR_WRITES_FORM,
        post_data=lambda t: {"role": "counsellor"},
    ),
    Route(
        "enterprises:membership_deactivate",
        args=lambda t: [t.enterprise.slug, t.objects["membership"].pk],
        get=None,
        post=DIRECTOR_POSTS,
    ),
    Route(
        "enterprises:membership_reactivate",
        args=lambda t: [t.enterprise.slug, t.objects["membership"].pk],
        get=None,
        post=DIRECTOR_POSTS,
    ),
    Route("enterprises:partner_list", args=_slug, get=allow(*STAFF, denied=404)),
    Route("enterprises:partner_create", args=_slug, get=DIRECTOR_WRITES, post=DIRECTOR_WRITES_FORM),
    Route(
        "enterprises:partner_edit",
        args=lambda t: [t.enterprise.slug, t.objects["partner"].pk],
        get=DIRECTOR_WRITES,
        post=DIRECTOR_WRITES_FORM,
    ),
    Route(
        "enterprises:partner_delete",
        args=lambda t: [t.enterprise.slug, _fresh_partner(t)],
        get=None,
        post=DIRECTOR_POSTS,
        deletes=True,
    ),
]


def build(tenant):

    canary = f"CANARY-{tenant.label}"
    tenant.objects["region"] = region("06")
    tenant.objects["agreement"] = FundingAgreementFactory(
        enterprise=tenant.enterprise, fiscal_year=2025, notes=f"{canary} entente {tenant.label}"
    )
    tenant.objects["partner"] = PartnerFactory(enterprise=tenant.enterprise, name=f"{canary} partenaire {tenant.label}")
    tenant.objects["assessment"] = RecognitionAssessmentFactory(
        enterprise=tenant.enterprise, assessed_on=date(2026, 1, 15), evidence=f"{canary} preuve {tenant.label}"
    )
    # A team member the director may change or deactivate (not one of the users the matrix logs in as).
    tenant.objects["membership"] = MembershipFactory(
        enterprise=tenant.enterprise, role="supervisor", user__last_name=f"{canary} {tenant.label}"
    )
