from datetime import date

from tests.factories.participants import (
    FollowUpFactory,
    GroupAttendanceFactory,
    GroupSessionFactory,
    InternshipFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
    with_consents,
)

from .matrix import FORM_OK, Route, allow

STAFF = ("director", "coordinator", "counsellor", "supervisor")
MANAGERS = ("director", "coordinator")
TEAM = ("director", "coordinator", "counsellor")
# No individual participant page exists for network staff or employers: a 404, not a 403.
HIDDEN = {"network": 404, "employer": 404}


def _participant(t):
    return [t.objects["participant"].pk]


def _pathway(t):
    return [t.objects["pathway"].pk]


def _object_route(name, args, roles, post=True, post_ok=FORM_OK):
    return Route(
        name,
        args=args,
        get=allow(*roles) | HIDDEN,
        post=(allow(*roles, ok=post_ok) | HIDDEN) if post else None,
    )


ROUTES = [
    Route("participants:list", get=allow(*STAFF)),
    Route("participants:create", get=allow(*MANAGERS), post=allow(*MANAGERS, ok=FORM_OK)),
    Route("participants:export_csv", get=allow(*TEAM)),
    Route("participants:import", get=allow(*MANAGERS), post=allow(*MANAGERS, ok=FORM_OK)),
    Route("participants:import_template", get=allow(*MANAGERS)),
    Route("participants:detail", args=_participant, get=allow(*STAFF) | HIDDEN),
    _object_route("participants:edit", _participant, MANAGERS),
    Route(
        "participants:consent_give",
        args=lambda t: [t.objects["participant"].pk, "reporting"],
        get=None,
        post=allow(*TEAM, ok=(302,)) | HIDDEN,
    ),
    Route(
        "participants:consent_withdraw",
        args=lambda t: [t.objects["participant"].pk, "processing"],
        get=allow(*TEAM) | HIDDEN,  # the confirmation page
        post=allow(*TEAM, ok=(302,)) | HIDDEN,
    ),
    _object_route("participants:pathway_create", _participant, MANAGERS),
    _object_route("participants:evaluation_create", _participant, ("director", "coordinator", "supervisor")),
    _object_route("participants:follow_up_create", _participant, ("counsellor",)),
    _object_route("participants:qualification_create", _participant, ("director", "coordinator", "supervisor")),
    Route("participants:pathway_list", get=allow(*STAFF)),
    Route("participants:pathway_export_csv", get=allow(*TEAM)),
    _object_route("participants:pathway_edit", _pathway, MANAGERS),
    _object_route("participants:pathway_phase", _pathway, MANAGERS),
    _object_route("participants:internship_create", _pathway, MANAGERS),
    _object_route("participants:pathway_transition", lambda t: [t.objects["pathway"].pk, "suspend"], MANAGERS),
    _object_route("participants:internship_edit", lambda t: [t.objects["internship"].pk], MANAGERS),
    _object_route("participants:post_follow_up_record", lambda t: [t.objects["post_follow_up"].pk], TEAM),
    Route("participants:post_follow_up_list", get=allow(*TEAM)),
    Route("participants:group_session_list", get=allow(*TEAM)),
    Route("participants:group_session_create", get=allow(*TEAM), post=allow(*TEAM, ok=FORM_OK)),
    _object_route("participants:group_session_attendance", lambda t: [t.objects["group_session"].pk], TEAM),
    Route(
        "participants:group_session_detail", args=lambda t: [t.objects["group_session"].pk], get=allow(*TEAM) | HIDDEN
    ),
]


def build(tenant):

    canary = f"CANARY-{tenant.label}"
    participant = with_consents(
        ParticipantFactory(
            enterprise=tenant.enterprise,
            first_name=f"Prénom {tenant.label}",
            last_name=canary,
            strengths_summary=canary,
        )
    )
    pathway = PathwayFactory(
        participant=participant,
        counsellor=tenant.users["counsellor"],
        supervisor=tenant.users["supervisor"],
        status="active",
    )
    earlier = PathwayFactory(
        participant=participant,
        start_date=date(2023, 6, 5),
        status="completed",
        actual_end_date=date(2023, 12, 8),
        exit_outcome="job",
        supervisor=tenant.users["supervisor"],
    )
    FollowUpFactory(
        participant=participant,
        pathway=pathway,
        counsellor=tenant.users["counsellor"],
        summary=f"Résumé {canary}",
        confidential_notes=f"Note confidentielle {canary}",
    )
    session = GroupSessionFactory(enterprise=tenant.enterprise, title=f"Atelier {canary}")
    GroupAttendanceFactory(session=session, participant=participant)
    tenant.objects.update(
        participant=participant,
        pathway=pathway,
        post_follow_up=PostPathwayFollowUpFactory(pathway=earlier, due_on=date(2024, 3, 8)),
        group_session=session,
        internship=InternshipFactory(pathway=pathway, employer=tenant.employer, evaluation=f"Stage {canary}"),
    )
