"""Demo data of the employers app. Idempotent: get_or_create on natural keys.

`seed` runs before the participants demo (employers and openings); `seed_after_participants` runs
after it (referrals in every state, hires, internships, a retention check-in) and creates a few
demo participants of its own (external ids DEMO-EMP-*) so it works whatever the participants demo holds.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ceiq.accounts.demo import demo_user
from ceiq.accounts.models import User
from enterprises.models import Enterprise, Region, Sector, Trade
from participants import demo as participants_demo
from participants import services as participants_services
from participants.choices import ExitOutcome, PathwayStatus
from participants.models import Consent, Internship, Participant, Pathway, Qualification

from . import services
from .models import (
    Employer,
    EmployerKind,
    EmployerMembership,
    JobOpening,
    OpeningStatus,
    Placement,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RetentionCheckIn,
)

EMPLOYERS = [
    # name, kind, sector, region, city, size, contact
    ("Meubles Laurentiens", EmployerKind.PRIVATE, "manufacturing", "06", "Montréal", "50-199", "Patrick Lavoie"),
    ("Ébénisterie Boréale", EmployerKind.PRIVATE, "manufacturing", "06", "Montréal", "10-49", "Chantal Ouellet"),
    ("Boulangerie Saint-Roch", EmployerKind.PRIVATE, "food", "03", "Québec", "10-49", "Martin Pelletier"),
    ("Ville de Laval — Travaux publics", EmployerKind.PUBLIC, "services", "13", "Laval", "200+", "Karine Dubé"),
    ("Coopérative La Remise", EmployerKind.SOCIAL_ECONOMY, "retail", "06", "Montréal", "1-9", "Amélie Girard"),
]

OPEN, FILLED, CLOSED = OpeningStatus.OPEN, OpeningStatus.FILLED, OpeningStatus.CLOSED

OPENINGS = [
    # employer, title, trade, region, positions, status, days until start, hourly wage
    ("Meubles Laurentiens", "Aide-ébéniste", "woodworking", "06", 2, OPEN, 30, "19.50"),
    ("Meubles Laurentiens", "Peintre de finition", "industrial-painter", "06", 1, FILLED, -20, "21.00"),
    (
        "Meubles Laurentiens",
        "Opérateur·trice de machines",
        "machine-operator",
        "06",
        1,
        OpeningStatus.CLOSED,
        -90,
        "20.25",
    ),
    ("Ébénisterie Boréale", "Ébéniste junior", "cabinet-making", "06", 1, OPEN, 45, "20.00"),
    ("Boulangerie Saint-Roch", "Aide-boulanger·ère", "baker-assistant", "03", 2, OPEN, 21, "17.75"),
    (
        "Ville de Laval — Travaux publics",
        "Préposé·e à l'entretien",
        "janitor",
        "13",
        3,
        OpeningStatus.OPEN,
        60,
        "24.10",
    ),
    ("Coopérative La Remise", "Commis de friperie", "thrift-store-clerk", "06", 1, FILLED, -40, "16.10"),
]


def seed(*, password: str):
    sectors = {s.code: s for s in Sector.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    trades = {t.code: t for t in Trade.objects.all()}
    today = timezone.localdate()
    employers = {}
    for name, kind, sector, region, city, size, contact in EMPLOYERS:
        slug = name.split(" ")[0].lower()
        employers[name], _created = Employer.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "sector": sectors[sector],
                "region": regions[region],
                "city": city,
                "size": size,
                "contact_name": contact,
                "contact_email": "employeur@demo.ceiq.ca" if name == "Meubles Laurentiens" else f"rh@{slug}.example.ca",
            },
        )
    user = demo_user("employeur@demo.ceiq.ca", first_name="Patrick", last_name="Lavoie", password=password)
    EmployerMembership.objects.get_or_create(
        user=user, employer=employers["Meubles Laurentiens"], defaults={"job_title": "Directeur de production"}
    )
    for employer, title, trade, region, positions, status, days, wage in OPENINGS:
        JobOpening.objects.get_or_create(
            employer=employers[employer],
            title=title,
            defaults={
                "trade": trades[trade],
                "region": regions[region],
                "positions": positions,
                "status": status,
                "start_date": today + timedelta(days=days),
                "hourly_wage": Decimal(wage),
                "schedule": "Lundi au vendredi, 7 h 30 à 16 h",
                "requirements": "Ponctualité, respect des consignes de sécurité.",
                "created_by": user,
            },
        )
    return [("Employer contact / Employeur", "employeur@demo.ceiq.ca")]


# external id, first name, last name, consent to share, pathway (status, weeks since start, weeks left or
# weeks since end), strengths, qualifications
DEMO_PARTICIPANTS = [
    ("DEMO-EMP-1", "Kevin", "Bergeron", True, ("active", 24, 3), "Minutieux, aime le travail bien fait.", ["ASP"]),
    ("DEMO-EMP-2", "Sarah", "Lévesque", True, ("active", 22, 5), "Autonome, apprend vite les machines.", ["DEP"]),
    ("DEMO-EMP-3", "Jonathan", "Morin", True, ("active", 25, 2), "Ponctuel, bon esprit d'équipe.", ["ASP", "DEP"]),
    ("DEMO-EMP-4", "Émilie", "Caron", True, ("completed", 35, 8), "Sens de l'organisation.", []),
    ("DEMO-EMP-5", "Alexandre", "Poirier", True, ("completed", 33, 5), "Habile en finition de meubles.", ["ASP"]),
    ("DEMO-EMP-6", "Mélissa", "Fournier", True, ("active", 20, 7), "Souriante, fiable.", []),
    ("DEMO-EMP-7", "Olivier", "Gauthier", False, ("active", 23, 4), "Curieux.", []),
]

HIRED_AT_EXIT = {"DEMO-EMP-5"}

QUALIFICATIONS = {
    "ASP": ("safety_card", "Carte ASP Construction — santé et sécurité"),
    "DEP": ("dep_module", "Module DEP Ébénisterie : usinage de pièces"),
}

# external id → (opening title, referral status, decline reason)
DEMO_REFERRALS = {
    "DEMO-EMP-1": ("Aide-ébéniste", ReferralStatus.PROPOSED, ""),
    "DEMO-EMP-2": ("Aide-ébéniste", ReferralStatus.SEEN, ""),
    "DEMO-EMP-3": ("Aide-ébéniste", ReferralStatus.INTERVIEW, ""),
    "DEMO-EMP-4": ("Aide-ébéniste", ReferralStatus.DECLINED, "availability"),
    "DEMO-EMP-5": ("Peintre de finition", ReferralStatus.HIRED, ""),
    "DEMO-EMP-6": ("Peintre de finition", ReferralStatus.WITHDRAWN, ""),
}

PATH_TO = {
    ReferralStatus.PROPOSED: [],
    ReferralStatus.SEEN: [ReferralStatus.SEEN],
    ReferralStatus.INTERVIEW: [ReferralStatus.SEEN, ReferralStatus.INTERVIEW],
    ReferralStatus.DECLINED: [ReferralStatus.SEEN, ReferralStatus.DECLINED],
    ReferralStatus.HIRED: [ReferralStatus.SEEN, ReferralStatus.INTERVIEW, ReferralStatus.HIRED],
    ReferralStatus.WITHDRAWN: [ReferralStatus.WITHDRAWN],
}


def _demo_participant(enterprise, row, *, coordinator, today):
    external_id, first, last, shares, (status, weeks_since_start, weeks), strengths, qualifications = row
    number = int(external_id.rsplit("-", 1)[1])
    participant, _created = Participant.objects.get_or_create(
        enterprise=enterprise,
        external_id=external_id,
        defaults={
            "first_name": first,
            "last_name": last,
            "birth_date": today.replace(year=today.year - 22 - number, day=1),
            "gender": "woman" if first in ("Sarah", "Émilie", "Mélissa") else "man",
            "phone": f"514-555-01{number:02d}",
            "city": "Montréal",
            "region": enterprise.region,
            "schooling_at_intake": "no_secondary",
            "income_source_at_intake": "social_assistance",
            "referral_source": "services_quebec",
            "privacy_notice_version": "2026-01",
            "strengths_summary": strengths,
            "available_from": today - timedelta(weeks=weeks)
            if status == "completed"
            else today + timedelta(weeks=weeks),
        },
    )
    purposes = ["processing", "reporting"] + (["employer_sharing"] if shares else [])
    for purpose in purposes:
        if not Consent.objects.filter(participant=participant, purpose=purpose).exists():  # keep withdrawals
            Consent.objects.create(
                participant=participant,
                purpose=purpose,
                notice_version="2026-01",
                given_at=timezone.now() - timedelta(weeks=weeks_since_start),
                recorded_by=coordinator,
            )
    start = today - timedelta(weeks=weeks_since_start)
    ended = status == "completed"
    pathway = Pathway.objects.filter(participant=participant).order_by("-start_date", "-pk").first()
    if pathway is None:
        pathway = Pathway.objects.create(
            participant=participant,
            enterprise=enterprise,
            trade=Trade.objects.get(code="woodworking"),
            start_date=start,
            planned_end_date=start + timedelta(weeks=27) if ended else today + timedelta(weeks=weeks),
            actual_end_date=today - timedelta(weeks=weeks) if ended else None,
            status=status,
            exit_outcome=("job" if external_id in HIRED_AT_EXIT else "job_search") if ended else "",
            counsellor=None,
        )
    for code in qualifications:
        kind, title = QUALIFICATIONS[code]
        Qualification.objects.get_or_create(
            participant=participant,
            title=title,
            defaults={"kind": kind, "pathway": pathway, "obtained_on": start + timedelta(weeks=10)},
        )
    return participant, pathway


def hires_and_internships_of_demo_people(*, employer: Employer, password: str) -> None:
    """The participants demo's people (participants.demo.PEOPLE) who finished their pathway: an
    internship with the employer for those of the Atelier du bois, and the hire of those who left
    for a job (three days after the exit). Idempotent."""
    for external_id, *_person, slug, _trade, _weeks_ago, state, extra in participants_demo.PEOPLE:
        if state != PathwayStatus.COMPLETED:
            continue
        pathway = (
            Pathway.objects.filter(participant__enterprise__slug=slug, participant__external_id=external_id)
            .select_related("participant__enterprise")
            .order_by("-start_date")
            .first()
        )
        if pathway is None or pathway.actual_end_date is None:
            continue
        if slug == participants_demo.BOIS:
            actor = User.objects.get(email=participants_demo.BOIS_STAFF[0])
        else:
            actor, _counsellor = participants_demo.demo_staff(pathway.participant.enterprise, password=password)
        job = extra.get("outcome", ExitOutcome.JOB) == ExitOutcome.JOB
        if slug == participants_demo.BOIS and not Internship.objects.filter(pathway=pathway).exists():
            participants_services.internship_record(
                actor=actor,
                pathway=pathway,
                employer=employer,
                start_date=pathway.start_date + timedelta(weeks=18),
                end_date=pathway.start_date + timedelta(weeks=21),
                employer_supervisor="Patrick Lavoie",
                evaluation="Autonome sur la ligne de finition; bonne attitude.",
                led_to_hire=job,
            )
        if job and not Placement.objects.filter(pathway=pathway).exists():
            services.placement_record(
                actor=actor,
                pathway=pathway,
                employer=employer,
                job_title="Opérateur·trice de production",
                start_date=pathway.actual_end_date + timedelta(days=3),
            )


def seed_after_participants(*, password: str):
    enterprise = Enterprise.objects.filter(slug="atelier-du-bois").first()
    employer = Employer.objects.filter(name="Meubles Laurentiens").first()
    if enterprise is None or employer is None:
        return []
    hires_and_internships_of_demo_people(employer=employer, password=password)
    coordinator = User.objects.filter(email="coordination@demo.ceiq.ca").first()
    employer_user = User.objects.filter(email="employeur@demo.ceiq.ca").first()
    today = timezone.localdate()
    people = {
        row[0]: _demo_participant(enterprise, row, coordinator=coordinator, today=today) for row in DEMO_PARTICIPANTS
    }
    openings = {o.title: o for o in JobOpening.objects.filter(employer=employer)}
    for external_id, (title, status, reason) in DEMO_REFERRALS.items():
        participant, pathway = people[external_id]
        referral, created = Referral.objects.get_or_create(
            opening=openings[title],
            participant=participant,
            defaults={
                "enterprise": enterprise,
                "status": status,
                "decline_reason": reason,
                "employer_feedback": "Disponible trop tard pour notre besoin." if reason else "",
                "proposed_by": coordinator,
                "employer_notified_at": timezone.now(),
            },
        )
        if not created:
            continue
        ReferralTransition.objects.create(referral=referral, from_status="", to_status="proposed", by=coordinator)
        previous = ReferralStatus.PROPOSED
        for step in PATH_TO[status]:
            by = coordinator if step == ReferralStatus.WITHDRAWN else employer_user
            ReferralTransition.objects.create(referral=referral, from_status=previous, to_status=step, by=by)
            previous = step
        if status == ReferralStatus.HIRED:
            start = pathway.actual_end_date or today
            placement = Placement.objects.create(
                participant=participant,
                pathway=pathway,
                enterprise=enterprise,
                employer=employer,
                referral=referral,
                job_title="Peintre de finition",
                employment_type="full_time",
                hourly_wage=Decimal("21.00"),
                weekly_hours=Decimal("40.0"),
                start_date=start,
                created_by=employer_user,
            )
            RetentionCheckIn.objects.create(
                placement=placement,
                requested_on=today - timedelta(weeks=1),
                requested_by=coordinator,
                answered_at=timezone.now() - timedelta(days=5),
                answered_by=employer_user,
                still_employed=True,
                comment="Très bonne intégration dans l'équipe.",
            )
            RetentionCheckIn.objects.create(placement=placement, requested_on=today, requested_by=coordinator)
    for external_id, weeks_ago, weeks_long, led in [("DEMO-EMP-5", 14, 4, True), ("DEMO-EMP-2", 2, 6, False)]:
        participant, pathway = people[external_id]
        Internship.objects.get_or_create(
            pathway=pathway,
            employer=employer,
            defaults={
                "start_date": today - timedelta(weeks=weeks_ago),
                "end_date": today - timedelta(weeks=weeks_ago - weeks_long),
                "employer_supervisor": "Patrick Lavoie",
                "led_to_hire": led,
            },
        )
    return []
