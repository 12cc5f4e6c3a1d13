from datetime import date

from ceiq.privacy.models import ConfidentialityIncident
from tests.factories.participants import (
    EvaluationFactory,
    FollowUpFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
    with_consents,
)

from .matrix import FORM_OK, Route, allow

EXPORTERS = ("director", "coordinator", "counsellor")
INCIDENT_MANAGERS = ("network", "director")


def _incident_data(tenant):
    return {
        "enterprise": tenant.enterprise.pk,
        "description": f"Courriel envoyé au mauvais destinataire CANARY-{tenant.label}",
        "discovered_on": "2026-01-15",
        "people_concerned": "3",
        "risk_level": "low",
        "risk_assessment": "Faible",
    }


ROUTES = [
    Route(
        "privacy:participant_export",
        args=lambda t: [t.objects["privacy_participant"].pk],
        get=allow(*EXPORTERS) | {"network": 404, "employer": 404},
        queries=("?format=json", "?format=csv", "?format=pdf"),
    ),
    Route("privacy:incident_list", get=allow(*INCIDENT_MANAGERS)),
    Route(
        "privacy:incident_create",
        get=allow(*INCIDENT_MANAGERS),
        post=allow(*INCIDENT_MANAGERS, ok=FORM_OK),
        post_data=_incident_data,
    ),
    Route(
        "privacy:incident_detail",
        args=lambda t: [t.objects["incident"].pk],
        get=allow(*INCIDENT_MANAGERS) | {"employer": 404},
    ),
    Route(
        "privacy:incident_edit",
        args=lambda t: [t.objects["incident"].pk],
        get=allow(*INCIDENT_MANAGERS) | {"employer": 404},
        post=allow(*INCIDENT_MANAGERS, ok=FORM_OK) | {"employer": 404},
        post_data=_incident_data,
    ),
]


def build(tenant):

    canary = f"CANARY-{tenant.label}"
    participant = with_consents(
        ParticipantFactory(
            enterprise=tenant.enterprise,
            first_name=f"Prénom {canary}",
            last_name=f"Nom {tenant.label}",
            birth_date=date(1987, 2, 13),
            email=f"canary-{tenant.label.lower()}@example.org",
            phone="514 555-0137",
            street_address=f"12 rue {canary}",
            strengths_summary=f"Forces {canary}",
        )
    )
    pathway = PathwayFactory(
        participant=participant,
        status="completed",
        actual_end_date=date(2025, 12, 5),
        exit_outcome="job",
        exit_notes=f"Sortie {canary}",
    )
    EvaluationFactory(pathway=pathway, comments=f"Commentaire {canary}")
    FollowUpFactory(
        participant=participant, pathway=pathway, summary=f"Résumé {canary}", confidential_notes=f"Note {canary}"
    )
    PostPathwayFollowUpFactory(pathway=pathway, notes=f"Suivi {canary}")
    tenant.objects["privacy_participant"] = participant
    # Values an employer must never see, even of a participant of their own tenant (docs/product.md, "Employers").
    tenant.objects.setdefault("never_for_employers", []).extend(
        [
            f"canary-{tenant.label.lower()}@example.org",
            "514 555-0137",
            f"12 rue {canary}",
            "1987-02-13",
            "13 février 1987",
            f"Note {canary}",
            f"Résumé {canary}",
            f"Commentaire {canary}",
            f"Sortie {canary}",
        ]
    )
    tenant.objects["incident"] = ConfidentialityIncident.objects.create(
        enterprise=tenant.enterprise,
        description=f"Incident {canary}",
        circumstances=f"Circonstances {canary}",
        discovered_on=date(2026, 1, 10),
        people_concerned=2,
        information_kinds=["contact"],
        risk_level="low",
        risk_assessment=f"Évaluation {canary}",
        measures_taken=f"Mesures {canary}",
    )
