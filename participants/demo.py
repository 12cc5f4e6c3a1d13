"""Demo participants: every pathway state, with evaluations, follow-ups (with confidential notes),
group workshops with attendance, qualifications, exits with outcomes and post-pathway follow-ups,
spread over the current and the two previous fiscal years. Idempotent: a participant that already
exists (by external id) is left as is. Their internships and hires are the employers app's nouns:
employers.demo seeds them for these people (`hires_and_internships_of_demo_people`).

Everything goes through the services, which act in someone's name: in the enterprises without demo
staff of the needed role, a coordinator and a counsellor are added (not printed as demo accounts)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from ceiq.accounts.demo import demo_user
from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from enterprises.models import Enterprise, Membership, Trade

from . import services
from .choices import ENDED_PATHWAY_STATUSES, EVALUATION_CRITERIA, GroupTopic, PathwayStatus
from .models import Barrier, GroupAttendance, GroupSession, Participant

# external id, first name, last name, gender, birth year, enterprise, trade, start (weeks ago), state, extra
Person = tuple[str, str, str, str, int, str, str, int, str, dict[str, Any]]
PEOPLE: list[Person] = [
    ("BOIS-001", "Maxime", "Pelletier", "man", 2004, "atelier-du-bois", "woodworking", -2, "planned", {}),
    ("BOIS-002", "Camille", "Lévesque", "woman", 2001, "atelier-du-bois", "woodworking", 10, "active", {}),
    ("BOIS-003", "Jérémie", "Morin", "man", 1999, "atelier-du-bois", "industrial-painter", 24, "active", {}),
    (
        "BOIS-004",
        "Alexandra",
        "Gauthier",
        "woman",
        2003,
        "atelier-du-bois",
        "woodworking",
        16,
        "active",
        {"last_follow_up_weeks": 4},
    ),
    ("BOIS-005", "Kevin", "Bélanger", "man", 1997, "atelier-du-bois", "woodworking", 14, "suspended", {}),
    ("BOIS-006", "Sarah", "Ouellet", "woman", 2002, "atelier-du-bois", "industrial-painter", 6, "active", {}),
    (
        "BOIS-007",
        "Olivier",
        "Fournier",
        "man",
        2000,
        "atelier-du-bois",
        "woodworking",
        44,
        "completed",
        {"outcome": "job"},
    ),
    (
        "BOIS-008",
        "Mélissa",
        "Girard",
        "woman",
        1995,
        "atelier-du-bois",
        "woodworking",
        60,
        "completed",
        {"outcome": "job"},
    ),
    (
        "BOIS-009",
        "Samuel",
        "Caron",
        "man",
        2005,
        "atelier-du-bois",
        "industrial-painter",
        35,
        "completed",
        {"outcome": "school"},
    ),
    (
        "BOIS-010",
        "Jessica",
        "Paquette",
        "woman",
        1998,
        "atelier-du-bois",
        "woodworking",
        30,
        "dropped_out",
        {"outcome": "job_search", "dropout_reason": "health", "weeks_in": 9},
    ),
    (
        "BOIS-011",
        "Gabriel",
        "Bergeron",
        "man",
        2001,
        "atelier-du-bois",
        "woodworking",
        80,
        "completed",
        {"outcome": "job"},
    ),
    (
        "BOIS-012",
        "Noémie",
        "Lapointe",
        "woman",
        2004,
        "atelier-du-bois",
        "industrial-painter",
        95,
        "completed",
        {"outcome": "job_search"},
    ),
    (
        "BOIS-013",
        "William",
        "Poirier",
        "man",
        1996,
        "atelier-du-bois",
        "woodworking",
        112,
        "completed",
        {"outcome": "job"},
    ),
    (
        "BOIS-014",
        "Émilie",
        "Leclerc",
        "woman",
        2002,
        "atelier-du-bois",
        "woodworking",
        125,
        "dropped_out",
        {"outcome": "other", "dropout_reason": "personal", "weeks_in": 12},
    ),
    (
        "BOIS-015",
        "Félix",
        "Boucher",
        "man",
        2003,
        "atelier-du-bois",
        "industrial-painter",
        135,
        "completed",
        {"outcome": "school"},
    ),
    (
        "BOIS-016",
        "Laurence",
        "Simard",
        "woman",
        2000,
        "atelier-du-bois",
        "woodworking",
        140,
        "completed",
        {"outcome": "job"},
    ),
    ("CUIS-001", "Anthony", "Dion", "man", 2002, "cuisine-solidaire", "cook-assistant", 12, "active", {}),
    (
        "CUIS-002",
        "Rosalie",
        "Cloutier",
        "woman",
        1999,
        "cuisine-solidaire",
        "caterer",
        70,
        "completed",
        {"outcome": "job"},
    ),
    (
        "CUIS-003",
        "Mathis",
        "Nadeau",
        "man",
        2005,
        "cuisine-solidaire",
        "cook-assistant",
        120,
        "dropped_out",
        {"outcome": "unknown", "dropout_reason": "lost_contact", "weeks_in": 6},
    ),
    ("FRIP-001", "Océane", "Gagné", "woman", 2001, "friperie-estrie", "thrift-store-clerk", 8, "active", {}),
    (
        "FRIP-002",
        "Julien",
        "Bisson",
        "man",
        1994,
        "friperie-estrie",
        "thrift-store-clerk",
        90,
        "completed",
        {"outcome": "job"},
    ),
    ("RECY-001", "Sandrine", "Hébert", "woman", 2000, "recyclo-tech", "computer-refurbishing", 20, "active", {}),
    (
        "RECY-002",
        "Thomas",
        "Vachon",
        "man",
        1998,
        "recyclo-tech",
        "computer-refurbishing",
        55,
        "completed",
        {"outcome": "school"},
    ),
]
NO_EMPLOYER_SHARING = {"BOIS-010", "CUIS-003"}
BARRIERS_BY_INDEX = [["no-work-history"], ["addiction", "housing"], ["justice-record"], ["mental-health"], []]
INCOME_SOURCES = ["social_assistance", "social_assistance", "no_public_support", "employment_insurance"]
FOLLOW_UP_TOPICS = [["work_habits"], ["housing", "finances"], ["career_plan"], ["health"], ["family"]]
CONFIDENTIAL_NOTES = [
    "Parle d'une rechute récente; référé·e au CLSC. Revoir dans deux semaines.",
    "Situation de logement précaire; démarches avec l'OMH en cours.",
    "Tensions familiales; ne souhaite pas que l'employeur soit informé.",
    "Suivi avec l'agent·e de probation confirmé; conditions respectées.",
]
SUMMARIES = [
    "Bonne intégration à l'équipe; ponctualité à consolider.",
    "Discussion sur le budget et le transport vers l'atelier.",
    "Projet professionnel précisé : vise un emploi en production.",
    "Motivation en hausse; prépare son stage.",
]
GROUP_TOPICS = [GroupTopic.CONFLICT, GroupTopic.STRESS, GroupTopic.EMOTIONS, GroupTopic.PERSONAL_SKILLS]


BOIS = "atelier-du-bois"
# The Atelier du bois's demo staff (enterprises.demo): coordinator, counsellor, supervisor.
BOIS_STAFF = ("coordination@demo.ceiq.ca", "intervention@demo.ceiq.ca", "supervision@demo.ceiq.ca")
MANAGER_ROLES = (EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR)


def _member(enterprise: Enterprise, roles, *, email: str, first_name: str, password: str) -> User:
    """The enterprise's first active member with one of `roles`, or a demo one with the first role."""
    membership = (
        Membership.objects.filter(enterprise=enterprise, role__in=roles, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user
    user = demo_user(email, first_name=first_name, last_name=enterprise.name, password=password)
    Membership.objects.get_or_create(user=user, enterprise=enterprise, defaults={"role": roles[0]})
    return user


def demo_staff(enterprise: Enterprise, *, password: str) -> tuple[User, User]:
    """(manager, counsellor) in whose name the demo records an enterprise's people."""
    manager = _member(
        enterprise,
        MANAGER_ROLES[::-1],
        email=f"coordination.{enterprise.slug}@demo.ceiq.ca",
        first_name="Coordination",
        password=password,
    )
    counsellor = _member(
        enterprise,
        (EnterpriseRole.COUNSELLOR,),
        email=f"intervention.{enterprise.slug}@demo.ceiq.ca",
        first_name="Intervention",
        password=password,
    )
    return manager, counsellor


def _scores(step: int, index: int) -> dict:
    """Scores that rise over the pathway (1–4)."""
    base = min(4, 1 + step // 2)
    return {
        name: max(1, min(4, base + ((position + index) % 3 == 0) - ((position + step) % 5 == 0)))
        for position, (name, _label) in enumerate(EVALUATION_CRITERIA)
    }


def seed(*, password: str):
    today = timezone.localdate()
    staff = {user.email: user for user in User.objects.filter(email__endswith="@demo.ceiq.ca")}
    counsellor = staff.get("intervention@demo.ceiq.ca")
    supervisor = staff.get("supervision@demo.ceiq.ca")
    enterprises = {e.slug: e for e in Enterprise.objects.filter(slug__in={p[5] for p in PEOPLE})}
    trades = {t.code: t for t in Trade.objects.filter(code__in={p[6] for p in PEOPLE})}
    barriers = {b.code: b for b in Barrier.objects.all()}

    for index, (external_id, first, last, gender, birth_year, slug, trade_code, weeks_ago, state, extra) in enumerate(
        PEOPLE
    ):
        enterprise = enterprises.get(slug)
        if enterprise is None or Participant.objects.filter(enterprise=enterprise, external_id=external_id).exists():
            continue
        in_bois = slug == BOIS
        if in_bois:
            actor, follow_up_counsellor, evaluator = (staff[email] for email in BOIS_STAFF)
        else:
            actor, follow_up_counsellor = demo_staff(enterprise, password=password)
            evaluator = actor
        purposes = ["processing", "reporting"] + ([] if external_id in NO_EMPLOYER_SHARING else ["employer_sharing"])
        participant = services.participant_create(
            actor=actor,
            enterprise=enterprise,
            external_id=external_id,
            first_name=first,
            last_name=last,
            gender=gender,
            birth_date=today.replace(year=birth_year, day=1 + index % 27),
            email=f"{slugify(first)}.{external_id.lower()}@exemple.ca",
            phone=f"514-555-{1000 + index:04d}",
            city=enterprise.city,
            region=enterprise.region,
            schooling_at_intake="no_secondary" if index % 3 else "secondary",
            income_source_at_intake=INCOME_SOURCES[index % len(INCOME_SOURCES)],
            referral_source=["services_quebec", "youth_employment_centre", "community", "self"][index % 4],
            is_immigrant=index % 5 == 0,
            privacy_notice_version="2026-01",
            barriers=[barriers[code] for code in BARRIERS_BY_INDEX[index % len(BARRIERS_BY_INDEX)] if code in barriers],
            consent_purposes=purposes,
        )
        start = today - timedelta(weeks=weeks_ago)
        pathway = services.pathway_create(
            actor=actor,
            participant=participant,
            trade=trades[trade_code],
            start_date=start,
            weekly_hours=25 if index % 4 == 0 else 35,
            counsellor=counsellor if in_bois else None,
            supervisor=supervisor if in_bois else None,
        )
        if state == PathwayStatus.PLANNED:
            continue
        services.pathway_start(actor=actor, pathway=pathway, reason="Entrée en poste")
        if state in ENDED_PATHWAY_STATUSES:
            end = start + timedelta(weeks=extra.get("weeks_in", 26))
        else:
            end = today
        _phases(actor, pathway, start, end)
        _evaluations(pathway, start, end, index, evaluator)
        _follow_ups(participant, pathway, start, end, index, follow_up_counsellor, extra, confidential=in_bois)
        if state == PathwayStatus.SUSPENDED:
            services.pathway_suspend(
                actor=actor, pathway=pathway, effective_date=today - timedelta(weeks=1), reason="Congé de maladie"
            )
            continue
        if state == PathwayStatus.ACTIVE:
            continue
        _finish(actor, participant, pathway, state, extra, start, end, index, today)
    _group_sessions(enterprises.get("atelier-du-bois"), counsellor, today)
    return []


def _phases(actor, pathway, start, end):
    for phase, week in (("production", 4), ("internship", 18), ("transition", 23)):
        day = start + timedelta(weeks=week)
        if day < end:
            services.pathway_phase_start(actor=actor, pathway=pathway, phase=phase, start_date=day)


def _evaluations(pathway, start, end, index, evaluator):
    step, day = 0, start + timedelta(weeks=3)
    while day <= end:
        services.evaluation_record(
            actor=evaluator,
            pathway=pathway,
            evaluated_on=day,
            comments="Progrès constants en atelier." if step % 2 else "Apprend les consignes de sécurité.",
            **_scores(step, index),
        )
        step, day = step + 1, day + timedelta(weeks=4)


def _follow_ups(participant, pathway, start, end, index, counsellor, extra, *, confidential):
    last_allowed = end - timedelta(weeks=extra.get("last_follow_up_weeks", 0))
    step, day = 0, start + timedelta(days=3)
    while day <= last_allowed:
        services.follow_up_record(
            actor=counsellor,
            participant=participant,
            pathway=pathway,
            met_on=day,
            duration_minutes=45 + 15 * (step % 2),
            topics=FOLLOW_UP_TOPICS[(index + step) % len(FOLLOW_UP_TOPICS)],
            summary=SUMMARIES[(index + step) % len(SUMMARIES)],
            confidential_notes=CONFIDENTIAL_NOTES[(index + step) % len(CONFIDENTIAL_NOTES)] if confidential else "",
        )
        step, day = step + 1, day + timedelta(weeks=2)


def _finish(actor, participant, pathway, state, extra, start, end, index, today):
    outcome = extra.get("outcome", "job")
    completed = state == PathwayStatus.COMPLETED
    if completed:
        services.qualification_record(
            actor=actor,
            participant=participant,
            pathway=pathway,
            kind="safety_card" if index % 2 else "attestation",
            title="Carte ASP Construction" if index % 2 else "Attestation de compétences en production",
            obtained_on=start + timedelta(weeks=12),
            issuer="ASP Construction" if index % 2 else participant.enterprise.name,
        )
        services.participant_update(
            actor=actor,
            participant=participant,
            strengths_summary="Fiable et minutieux·se; à l'aise avec les outils et le travail d'équipe.",
            available_from=end + timedelta(days=7),
        )
    job = outcome == "job"
    # The hire itself (employer, title, start three days after the exit) is seeded by employers.demo.
    services.pathway_exit(
        actor=actor,
        pathway=pathway,
        end_date=end,
        status=state,
        exit_outcome=outcome,
        dropout_reason=extra.get("dropout_reason", ""),
        exit_notes="Fin de parcours." if completed else "Abandon.",
    )
    situations = (
        ["employed_same", "employed_same", "employed_other", "unreachable"] if job else ["seeking", "in_school"]
    )
    for step, follow_up in enumerate(pathway.post_follow_ups.order_by("months_after")):
        # Leave the most recent overdue one undone so the dashboard shows it.
        if follow_up.due_on <= today - timedelta(weeks=3) and (step + index) % 4 != 3:
            services.post_pathway_follow_up_record(
                actor=actor,
                follow_up=follow_up,
                done_on=follow_up.due_on + timedelta(days=5),
                situation=situations[(step + index) % len(situations)],
                notes="Joint·e par téléphone.",
            )


def _group_sessions(enterprise, facilitator, today):
    if enterprise is None:
        return
    pathways = list(enterprise.pathways.exclude(status=PathwayStatus.PLANNED))
    for month in range(0, 30, 2):
        held_on = today - timedelta(weeks=month * 4 + 1)
        topic = GROUP_TOPICS[month // 2 % len(GROUP_TOPICS)]
        session, created = GroupSession.objects.get_or_create(
            enterprise=enterprise,
            held_on=held_on,
            topic=topic,
            defaults={"facilitator": facilitator, "title": "Atelier de groupe", "duration_minutes": 90},
        )
        if not created:
            continue
        attendees = [
            p
            for p in pathways
            if p.start_date <= held_on and (p.actual_end_date is None or p.actual_end_date >= held_on)
        ]
        GroupAttendance.objects.bulk_create(
            [
                GroupAttendance(session=session, participant_id=p.participant_id, present=(p.pk + month) % 5 != 0)
                for p in attendees
            ]
        )
