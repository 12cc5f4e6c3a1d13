"""Permission matrix of the employers app (see matrix.py for the format)."""

from datetime import date

from employers.models import EmployerMembership
from tests.factories.employers import (
    InternshipFactory,
    JobOpeningFactory,
    PlacementFactory,
    ReferralFactory,
    RetentionCheckInFactory,
    candidate,
)

from .matrix import FORM_OK, ROLES, Route, allow

STAFF = ("director", "coordinator", "counsellor", "supervisor")
EVERYONE = ROLES[1:]
MANAGERS = ("network", "director", "coordinator")
REFERRERS = ("director", "coordinator")
# Network staff never read an individual participant: referral and hire pages are 404 for them.
NOT_FOR_NETWORK = {"network": 404}
# A supervisor sees only the people they supervise; another person's referral is a 404.
NOT_SUPERVISED = {"supervisor": 404}
# Network staff act on any employer contact; everyone else is refused before any lookup.
NETWORK_ONLY_ACTION = {role: 403 for role in (*STAFF, "employer")} | {"network": 302}


def build(tenant):

    canary = f"CANARY-{tenant.label}"
    tenant.objects["contact"] = EmployerMembership.objects.get(user=tenant.users["employer"])
    tenant.objects["opening"] = JobOpeningFactory(employer=tenant.employer, title=f"Ébéniste {tenant.label} {canary}")
    participant = candidate(
        tenant.enterprise, first_name=f"Candidat{tenant.label}", last_name=canary, strengths_summary=canary
    )
    tenant.objects["participant"] = participant
    tenant.objects["referral"] = ReferralFactory(
        opening=tenant.objects["opening"], participant=participant, employer_feedback=canary
    )
    # The tenant's supervisor supervises the hired person, not the referred one: the supervisor sees
    # the hire's pages and gets a 404 on the referral's (participants.models.person_visible).
    hired = candidate(
        tenant.enterprise,
        first_name=f"Embauche{tenant.label}",
        last_name=canary,
        pathway={"supervisor": tenant.users["supervisor"]},
    )
    tenant.objects["placement"] = PlacementFactory(
        participant=hired, employer=tenant.employer, job_title=f"Ébéniste {canary}"
    )
    tenant.objects["check_in"] = RetentionCheckInFactory(placement=tenant.objects["placement"], comment="")
    InternshipFactory(pathway=hired.pathways.first(), employer=tenant.employer, employer_supervisor=canary)
    tenant.objects["answered_check_in"] = RetentionCheckInFactory(
        placement=tenant.objects["placement"], requested_on=date(2026, 1, 5), still_employed=True, comment=canary
    )


def _pk(name):
    return lambda t: [t.objects[name].pk]


ROUTES = [
    # Directory: shared by the network; an employer contact sees only their own employer.
    Route("employers:list", get=allow(*EVERYONE)),
    Route("employers:export_csv", get=allow(*EVERYONE)),
    Route("employers:create", get=allow(*MANAGERS), post=allow(*MANAGERS, ok=FORM_OK)),
    Route(
        "employers:detail",
        args=lambda t: [t.employer.pk],
        get=allow(*EVERYONE),
        foreign={role: 200 for role in ("network", *STAFF)} | {"employer": 404},
    ),
    Route(
        "employers:edit",
        args=lambda t: [t.employer.pk],
        get=allow(*MANAGERS),
        post=allow(*MANAGERS, ok=FORM_OK),
        foreign={"director": (200,), "coordinator": 200, "counsellor": 403, "supervisor": 403, "employer": 404},
    ),
    # Enterprise staff invite contacts only for an employer their enterprise works with (issue 16):
    # tenant A referred to employer A, never to employer B.
    Route(
        "employers:invite_contact",
        args=lambda t: [t.employer.pk],
        get=allow(*MANAGERS),
        post=allow(*MANAGERS, ok=FORM_OK),
        foreign={"director": 403, "coordinator": 403, "counsellor": 403, "supervisor": 403, "employer": 404},
    ),
    # Every employer contact of the network, for network staff only: confirm or revoke.
    Route("employers:contact_list", get=allow("network"), shared_with=("network",)),
    Route(
        "employers:contact_confirm",
        args=_pk("contact"),
        get=None,
        post=allow("network", ok=(302,)),
        foreign=NETWORK_ONLY_ACTION,
    ),
    Route(
        "employers:contact_revoke",
        args=_pk("contact"),
        get=None,
        post=allow("network", ok=(302,)),
        foreign=NETWORK_ONLY_ACTION,
    ),
    # Job openings.
    # Job openings are the network's shared labour needs: every enterprise reads every opening.
    Route("employers:opening_list", get=allow(*EVERYONE), shared_with=STAFF),
    Route(
        "employers:opening_create",
        get=allow("director", "coordinator", "employer"),
        post=allow("director", "coordinator", "employer", ok=FORM_OK),
    ),
    Route(
        "employers:opening_detail",
        args=_pk("opening"),
        get=allow(*EVERYONE),
        foreign={role: 200 for role in ("network", *STAFF)} | {"employer": 404},
    ),
    Route(
        "employers:opening_edit",
        args=_pk("opening"),
        get=allow("employer"),
        post=allow("employer", ok=FORM_OK),
        foreign={role: 403 for role in STAFF} | {"network": 403, "employer": 404},
    ),
    Route(
        "employers:matching",
        args=_pk("opening"),
        get=allow(*REFERRERS),
        foreign={"network": 403, "director": 200, "coordinator": 200, "counsellor": 403, "supervisor": 403},
    ),
    Route(
        "employers:referral_create",
        args=_pk("opening"),
        get=None,
        post=allow(*REFERRERS, ok=(302,)),
        foreign={"network": 403, "director": 302, "coordinator": 302, "counsellor": 403, "supervisor": 403},
    ),
    Route(
        "employers:participant_openings",
        args=_pk("participant"),
        get=allow(*REFERRERS, denied=403) | NOT_FOR_NETWORK | {"employer": 404},
        shared_with=REFERRERS,  # the openings that fit come from every employer of the network
    ),
    # Referrals: the enterprise's staff and the employer they were proposed to.
    Route("employers:referral_list", get=allow(*STAFF)),
    Route(
        "employers:referral_detail",
        args=_pk("referral"),
        get=allow(*STAFF, "employer") | NOT_FOR_NETWORK | NOT_SUPERVISED,
    ),
    Route(
        "employers:referral_interview",
        args=_pk("referral"),
        get=None,
        post=allow(*REFERRERS, "employer", ok=(302,)) | NOT_FOR_NETWORK | NOT_SUPERVISED,
    ),
    Route(
        "employers:referral_decline",
        args=_pk("referral"),
        get=allow(*REFERRERS, "employer") | NOT_FOR_NETWORK | NOT_SUPERVISED,
        post=allow(*REFERRERS, "employer", ok=FORM_OK) | NOT_FOR_NETWORK | NOT_SUPERVISED,
    ),
    Route(
        "employers:referral_hire",
        args=_pk("referral"),
        get=allow(*REFERRERS, "employer") | NOT_FOR_NETWORK | NOT_SUPERVISED,
        post=allow(*REFERRERS, "employer", ok=FORM_OK) | NOT_FOR_NETWORK | NOT_SUPERVISED,
    ),
    Route(
        "employers:referral_withdraw",
        args=_pk("referral"),
        get=None,
        # Once withdrawn (by the first allowed role) the referral is closed (403) and hidden from the employer.
        post=allow(*REFERRERS, ok=(302, 403)) | NOT_FOR_NETWORK | NOT_SUPERVISED | {"employer": (403, 404)},
    ),
    # Employer portal.
    Route("employers:candidate_list", get=allow("employer")),
    Route("employers:candidate_export_csv", get=allow("employer")),
    Route("employers:internship_list", get=allow("employer")),
    Route(
        "employers:placement_detail",
        args=_pk("placement"),
        get=allow(*STAFF, "employer") | NOT_FOR_NETWORK,
    ),
    Route(
        "employers:checkin_request",
        args=_pk("placement"),
        get=None,
        post=allow(*REFERRERS, ok=(302,)) | NOT_FOR_NETWORK,
    ),
    Route(
        "employers:checkin_answer",
        args=_pk("check_in"),
        get=allow("employer") | NOT_FOR_NETWORK,
        post=allow("employer", ok=FORM_OK) | NOT_FOR_NETWORK,
    ),
]
