"""Each enterprise's participants and everything about them: intake, consents, the pathway and its
history, evaluations, meetings, qualifications, post-pathway follow-ups and the group workshops
(internship, referrals and hire: bench/seed/employment.py). A step of NetworkGenerator
(bench/seed/generator.py), which sets the state it reads (bench/seed/state.py).

Every draw comes from the one `random.Random(seed)` in a fixed order: the same seed gives the same
network, so a change here must keep the order of the draws (or change the documented data set)."""

import random
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from decimal import Decimal

from django.utils.text import slugify

from bench.seed.employment import EmploymentHistory
from bench.seed.state import Journey, Site
from bench.seed.vocabulary import (
    CONFIDENTIAL_NOTES,
    FIRST_NAMES,
    FOLLOW_UP_SUMMARIES,
    LAST_NAMES,
    REGION_CITIES,
    STRENGTHS,
    Picker,
    add_months,
    postal_code,
    weighted,
)
from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from enterprises.models import Enterprise
from participants.choices import (
    EVALUATION_CRITERIA,
    DropoutReason,
    ExitOutcome,
    FollowUpTopic,
    Gender,
    GroupTopic,
    IncomeSource,
    PathwayStatus,
    Phase,
    PostPathwaySituation,
    PreferredLanguage,
    QualificationKind,
    ReferralSource,
    Schooling,
)
from participants.models import (
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
    PostPathwayFollowUp,
    Qualification,
)

# Situation recorded at a post-pathway follow-up, by outcome at exit.
SITUATIONS_AFTER_EXIT: dict[str, dict[str, int]] = {
    ExitOutcome.JOB: {
        PostPathwaySituation.EMPLOYED_SAME: 62,
        PostPathwaySituation.EMPLOYED_OTHER: 16,
        PostPathwaySituation.SEEKING: 8,
        PostPathwaySituation.IN_SCHOOL: 2,
        PostPathwaySituation.UNREACHABLE: 12,
    },
    ExitOutcome.SCHOOL: {
        PostPathwaySituation.IN_SCHOOL: 75,
        PostPathwaySituation.EMPLOYED_OTHER: 10,
        PostPathwaySituation.UNREACHABLE: 15,
    },
}
SITUATIONS_AFTER_OTHER_EXITS: dict[str, int] = {
    PostPathwaySituation.SEEKING: 40,
    PostPathwaySituation.EMPLOYED_OTHER: 25,
    PostPathwaySituation.UNREACHABLE: 35,
}


class Draws:
    """The distributions of one enterprise's participants (created in this order: it is part of
    the seed's sequence)."""

    def __init__(self, rng: random.Random) -> None:
        self.gender = Picker(rng, {Gender.MAN: 55, Gender.WOMAN: 42, Gender.NON_BINARY: 2, Gender.UNDISCLOSED: 1})
        self.age_band = Picker(rng, {(16, 24): 40, (25, 35): 30, (36, 54): 24, (55, 64): 6})
        self.schooling = Picker(
            rng,
            {
                Schooling.NO_SECONDARY: 55,
                Schooling.SECONDARY: 25,
                Schooling.VOCATIONAL: 8,
                Schooling.COLLEGE: 5,
                Schooling.UNIVERSITY: 2,
                Schooling.UNKNOWN: 5,
            },
        )
        self.income = Picker(
            rng,
            {
                IncomeSource.SOCIAL_ASSISTANCE: 55,
                IncomeSource.EMPLOYMENT_INSURANCE: 10,
                IncomeSource.NO_PUBLIC_SUPPORT: 25,
                IncomeSource.OTHER: 10,
            },
        )
        self.referral_source = Picker(
            rng,
            {choice: weight for choice, weight in zip(ReferralSource.values, [35, 20, 15, 8, 4, 8, 6, 4], strict=True)},
        )
        self.completer_outcome = Picker(
            rng,
            {
                ExitOutcome.JOB: 62,
                ExitOutcome.SCHOOL: 14,
                ExitOutcome.JOB_SEARCH: 15,
                ExitOutcome.OTHER: 5,
                ExitOutcome.UNKNOWN: 4,
            },
        )
        self.dropout_reason = Picker(
            rng,
            {
                DropoutReason.HEALTH: 18,
                DropoutReason.PERSONAL: 25,
                DropoutReason.JUSTICE: 5,
                DropoutReason.MOVED: 7,
                DropoutReason.LOST_CONTACT: 15,
                DropoutReason.DISMISSED: 10,
                DropoutReason.EARLY_JOB: 15,
                DropoutReason.OTHER: 5,
            },
        )
        self.pathway_weeks = Picker(rng, {26: 30, 27: 35, 28: 8, 29: 6, 30: 8, 32: 5, 35: 8})


class ParticipantHistory(EmploymentHistory):
    """The participants part of NetworkGenerator."""

    def make_enterprise_participants(self, enterprise: Enterprise) -> None:
        staff = self.staff[enterprise.pk]
        city, postal_prefix = REGION_CITIES[next(c for c, r in self.regions.items() if r.pk == enterprise.region_id)]
        site = Site(
            enterprise=enterprise,
            counsellors=staff[EnterpriseRole.COUNSELLOR],
            supervisors=staff[EnterpriseRole.SUPERVISOR],
            coordinator=staff[EnterpriseRole.COORDINATOR][0],
            trades=self.enterprise_trades[enterprise.pk],
            city=city,
            postal_prefix=postal_prefix,
            employers=self.employers_by_region.get(enterprise.region_id) or [self.bench_employer.pk],
        )
        share = self.enterprise_weight[enterprise.pk] / sum(self.enterprise_weight.values())
        count = max(2, round(self.participants_per_year * self.years * share))
        draws = Draws(self.rng)
        sessions_index = []  # (start, last day, participant id) to draw group attendances
        for number in range(count):
            journey = self.draw_journey(draws, planned=number < max(1, count // 150))  # a few about to start
            self.make_participant(site, journey, draws)
            self.make_pathway(site, journey, draws)
            if journey.planned:
                continue
            sessions_index.append((journey.start, journey.last_day, journey.participant_id))
            self.make_pathway_history(site, journey)
        self.make_group_sessions(enterprise, site.counsellors, sessions_index)

    def draw_journey(self, draws: Draws, *, planned: bool) -> Journey:
        rng = self.rng
        window_days = (self.today - self.window_start).days
        start = self.window_start + timedelta(days=rng.randint(0, window_days))
        if start.weekday() >= 5:
            start -= timedelta(days=start.weekday() - 4)
        if planned:
            start = self.today + timedelta(days=rng.randint(3, 25))
        low, high = draws.age_band()
        birth = start - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        weeks = draws.pathway_weeks()
        planned_end = start + timedelta(weeks=weeks)
        drops = rng.random() < 0.26
        end = (
            start + timedelta(days=rng.randint(7, weeks * 7 - 7))
            if drops
            else planned_end + timedelta(days=rng.randint(-3, 3))
        )
        ended = not planned and end < self.today
        if planned:
            status = PathwayStatus.PLANNED
        elif ended:
            status = PathwayStatus.DROPPED_OUT if drops else PathwayStatus.COMPLETED
        else:
            status = PathwayStatus.SUSPENDED if rng.random() < 0.04 else PathwayStatus.ACTIVE
        return Journey(
            start=start,
            planned=planned,
            birth=birth,
            first_name=first_name,
            last_name=last_name,
            weeks=weeks,
            planned_end=planned_end,
            drops=drops,
            end=end,
            ended=ended,
            status=status,
            last_day=end if ended else self.today,
        )

    def make_participant(self, site: Site, journey: Journey, draws: Draws) -> None:
        """The person, their barriers and consents."""
        rng = self.rng
        start, status, ended = journey.start, journey.status, journey.ended
        first_name, last_name = journey.first_name, journey.last_name
        participant = self.writer.add(
            Participant(
                enterprise_id=site.enterprise.pk,
                first_name=first_name,
                last_name=last_name,
                birth_date=journey.birth,
                gender=draws.gender(),
                preferred_language=PreferredLanguage.FRENCH
                if rng.random() < 0.88
                else rng.choice([PreferredLanguage.ENGLISH, PreferredLanguage.OTHER]),
                email=f"{slugify(first_name)}.{slugify(last_name)}{rng.randint(1, 999)}@courriel.example",
                phone=f"{rng.choice(['514', '438', '418', '819', '450'])}-555-{rng.randint(1000, 9999)}",
                street_address=f"{rng.randint(1, 9999)}, rue {rng.choice(LAST_NAMES)}",
                city=site.city,
                postal_code=postal_code(rng, site.postal_prefix),
                region_id=site.enterprise.region_id,
                schooling_at_intake=draws.schooling(),
                income_source_at_intake=draws.income(),
                referral_source=draws.referral_source(),
                is_immigrant=rng.random() < 0.18 if rng.random() < 0.93 else None,
                privacy_notice_version=f"{max(start.year - start.year % 2, 2016)}-01",
                strengths_summary=rng.choice(STRENGTHS)
                if status == PathwayStatus.COMPLETED or (not ended and rng.random() < 0.5)
                else "",
                available_from=journey.end if not journey.drops else None,
                created_at=self.at(start - timedelta(days=7)),
                updated_at=self.at(min(journey.last_day, self.today)),
            )
        )
        pid = journey.participant_id = participant.pk
        for barrier_id in rng.sample(self.barriers, k=min(len(self.barriers), rng.choice([0, 1, 1, 2, 2, 3]))):
            self.writer.add(Participant.barriers.through(participant_id=pid, barrier_id=barrier_id))
        consent_day = self.at(start - timedelta(days=7), 11)
        notice = participant.privacy_notice_version
        for purpose in ("processing", "reporting"):
            self.writer.add(
                Consent(
                    participant_id=pid,
                    purpose=purpose,
                    notice_version=notice,
                    given_at=consent_day,
                    recorded_by_id=site.coordinator.pk,
                )
            )
        if rng.random() < 0.82:
            withdrawn = self.at(start + timedelta(days=rng.randint(10, 120)), 15) if rng.random() < 0.05 else None
            self.writer.add(
                Consent(
                    participant_id=pid,
                    purpose="employer_sharing",
                    notice_version=notice,
                    given_at=consent_day,
                    withdrawn_at=withdrawn,
                    recorded_by_id=site.coordinator.pk,
                )
            )

    def make_pathway(self, site: Site, journey: Journey, draws: Draws) -> None:
        """The pathway with its ending; a planned one gets its only transition."""
        rng = self.rng
        journey.counsellor = rng.choice(site.counsellors)
        journey.supervisor = rng.choice(site.supervisors)
        journey.trade_id = rng.choice(site.trades)
        if journey.status == PathwayStatus.COMPLETED:
            journey.outcome = draws.completer_outcome()
        elif journey.status == PathwayStatus.DROPPED_OUT:
            journey.reason = draws.dropout_reason()
            journey.outcome = (
                ExitOutcome.JOB
                if journey.reason == DropoutReason.EARLY_JOB
                else rng.choice([ExitOutcome.JOB_SEARCH, ExitOutcome.OTHER, ExitOutcome.UNKNOWN, ExitOutcome.UNKNOWN])
            )
        pathway = self.writer.add(
            Pathway(
                participant_id=journey.participant_id,
                enterprise_id=site.enterprise.pk,
                trade_id=journey.trade_id,
                start_date=journey.start,
                planned_end_date=journey.planned_end,
                actual_end_date=journey.end if journey.ended else None,
                weekly_hours=Decimal(rng.choice([20, 25, 30, 35, 35, 35, 35])),
                counsellor_id=journey.counsellor.pk,
                supervisor_id=journey.supervisor.pk,
                status=journey.status,
                dropout_reason=journey.reason,
                exit_outcome=journey.outcome,
                exit_notes="",
                created_at=self.at(journey.start - timedelta(days=7)),
                updated_at=self.at(journey.last_day),
            )
        )
        journey.pathway_id = pathway.pk
        if journey.planned:
            self.writer.add(
                PathwayTransition(
                    pathway_id=pathway.pk,
                    from_status="",
                    to_status=PathwayStatus.PLANNED,
                    at=self.now,
                    effective_date=self.today,
                    by_id=site.coordinator.pk,
                )
            )

    def make_pathway_history(self, site: Site, journey: Journey) -> None:
        """Everything recorded about a started pathway, in the order of the seed's draws."""
        self.make_transitions(site, journey)
        internship_start = journey.start + timedelta(weeks=18)
        has_internship = internship_start + timedelta(days=14) <= journey.last_day and self.rng.random() < 0.5
        self.make_phases(journey, internship_start if has_internship else None)
        self.make_evaluations(journey)
        self.make_follow_ups(journey)
        if journey.status == PathwayStatus.COMPLETED:
            self.make_qualifications(site, journey)
        if has_internship:
            self.make_internship(site, journey, internship_start)
        self.make_referrals_of(site, journey)
        if journey.ended and journey.outcome == ExitOutcome.JOB:
            self.make_hire(site, journey)
        if journey.ended:
            self.make_post_follow_ups(journey.pathway_id, journey.end, journey.outcome, site.coordinator.pk)

    def make_transitions(self, site: Site, journey: Journey) -> None:
        """Planned → active on the start, a suspension for some open pathways, the exit if ended."""

        def transition(from_status: str, to_status: str, day: date, hour: int, reason: str = "") -> None:
            self.writer.add(
                PathwayTransition(
                    pathway_id=journey.pathway_id,
                    from_status=from_status,
                    to_status=to_status,
                    at=self.at(day, hour),
                    effective_date=day,
                    by_id=site.coordinator.pk,
                    reason=reason,
                )
            )

        transition(PathwayStatus.PLANNED, PathwayStatus.ACTIVE, journey.start, 8)
        if journey.status == PathwayStatus.SUSPENDED:
            suspended_on = max(self.today - timedelta(days=self.rng.randint(1, 20)), journey.start)
            transition(PathwayStatus.ACTIVE, PathwayStatus.SUSPENDED, suspended_on, 14, "Absence pour raison de santé.")
        if journey.ended:
            transition(PathwayStatus.ACTIVE, journey.status, journey.end, 16, journey.reason)

    def make_phases(self, journey: Journey, internship_start: date | None) -> None:
        phase_plan = [(Phase.INTAKE, journey.start), (Phase.PRODUCTION, journey.start + timedelta(weeks=4))]
        if internship_start is not None:
            phase_plan.append((Phase.INTERNSHIP, internship_start))
        phase_plan.append((Phase.TRANSITION, journey.planned_end - timedelta(weeks=3)))
        phase_plan = [(phase, day) for phase, day in phase_plan if day <= journey.last_day]
        for position, (phase, day) in enumerate(phase_plan):
            next_day = (
                phase_plan[position + 1][1] - timedelta(days=1)
                if position + 1 < len(phase_plan)
                else (journey.end if journey.ended else None)
            )
            self.writer.add(PathwayPhase(pathway_id=journey.pathway_id, phase=phase, start_date=day, end_date=next_day))

    def make_evaluations(self, journey: Journey) -> None:
        rng = self.rng
        for eval_number, week in enumerate((3, 9, 15, 21, 26)):
            day = journey.start + timedelta(weeks=week, days=rng.randint(0, 4))
            if day > journey.last_day:
                break
            base = 1.6 + eval_number * 0.4
            scores = {
                name: max(1, min(4, round(base + rng.uniform(-0.8, 0.8)))) for name, _label in EVALUATION_CRITERIA
            }
            self.writer.add(
                Evaluation(
                    pathway_id=journey.pathway_id,
                    evaluated_on=day,
                    evaluator_id=journey.supervisor.pk,
                    comments="Progrès constants." if eval_number else "Première évaluation.",
                    created_at=self.at(day, 15),
                    **scores,
                )
            )

    def make_follow_ups(self, journey: Journey) -> None:
        rng = self.rng
        day = journey.start + timedelta(days=rng.randint(1, 6))
        while day <= journey.last_day:
            notes = rng.choice(CONFIDENTIAL_NOTES) if rng.random() < 0.3 else ""
            self.writer.add(
                FollowUp(
                    participant_id=journey.participant_id,
                    pathway_id=journey.pathway_id,
                    counsellor_id=journey.counsellor.pk,
                    met_on=day,
                    duration_minutes=rng.choice([30, 45, 45, 60, 60, 90]),
                    topics=rng.sample(FollowUpTopic.values, k=rng.choice([1, 1, 2, 3])),
                    summary=rng.choice(FOLLOW_UP_SUMMARIES),
                    confidential_notes=notes,
                    created_at=self.at(day, 16),
                )
            )
            day += timedelta(days=rng.randint(12, 20))

    def make_qualifications(self, site: Site, journey: Journey) -> None:
        self.writer.add(
            Qualification(
                participant_id=journey.participant_id,
                pathway_id=journey.pathway_id,
                kind=QualificationKind.ATTESTATION,
                title="Attestation de compétences (entreprise d'insertion)",
                obtained_on=journey.end,
                issuer=site.enterprise.name,
            )
        )
        if self.rng.random() < 0.45:
            is_food = self.trade_sector[journey.trade_id] == self.sectors["food"].pk
            self.writer.add(
                Qualification(
                    participant_id=journey.participant_id,
                    pathway_id=journey.pathway_id,
                    kind=QualificationKind.HYGIENE_CARD if is_food else QualificationKind.SAFETY_CARD,
                    title="Carte d'hygiène et salubrité (MAPAQ)" if is_food else "Carte ASP Construction",
                    obtained_on=journey.start + timedelta(weeks=self.rng.randint(4, journey.weeks - 1)),
                    issuer="MAPAQ" if is_food else "ASP Construction",
                )
            )

    def make_post_follow_ups(self, pathway_id: int, end: date, outcome: str, coordinator_id: int) -> None:
        rng = self.rng
        for months in self.post_months:
            due = add_months(end, months)
            done_on = situation = None
            # Older contacts were all made (some people unreachable); the last weeks' are partly overdue.
            if due <= self.today and ((self.today - due).days > 45 or rng.random() < 0.6):
                done_on = min(due + timedelta(days=rng.randint(0, 20)), self.today)
                situation = weighted(rng, SITUATIONS_AFTER_EXIT.get(outcome, SITUATIONS_AFTER_OTHER_EXITS))
            self.writer.add(
                PostPathwayFollowUp(
                    pathway_id=pathway_id,
                    months_after=months,
                    due_on=due,
                    done_on=done_on,
                    situation=situation or "",
                    notes="Joint·e par téléphone." if done_on else "",
                    recorded_by_id=coordinator_id if done_on else None,
                )
            )

    def make_group_sessions(
        self, enterprise: Enterprise, counsellors: list[User], people: list[tuple[date, date, int]]
    ) -> None:
        """About every two weeks, a workshop attended by some of the people on a pathway that day."""
        rng = self.rng
        if not people:
            return
        people.sort()
        topics = [
            GroupTopic.CONFLICT,
            GroupTopic.STRESS,
            GroupTopic.EMOTIONS,
            GroupTopic.PERSONAL_SKILLS,
            GroupTopic.JOB_SEARCH,
        ]
        starts = [start for start, _last, _pid in people]
        day = people[0][0] + timedelta(days=14)
        topic_index = 0
        while day <= self.today:
            # People whose pathway covers `day`: started within the last ~35 weeks and not ended before.
            low = bisect_left(starts, day - timedelta(weeks=36))
            high = bisect_right(starts, day)
            present = [pid for start, last, pid in people[low:high] if last >= day]
            if present:
                topic = topics[topic_index % len(topics)]
                topic_index += 1
                session = self.writer.add(
                    GroupSession(
                        enterprise_id=enterprise.pk,
                        topic=topic,
                        title=str(GroupTopic(topic).label),
                        held_on=day,
                        duration_minutes=rng.choice([60, 90, 90, 120]),
                        facilitator_id=rng.choice(counsellors).pk,
                    )
                )
                for pid in rng.sample(present, k=min(len(present), rng.randint(5, 12))):
                    self.writer.add(
                        GroupAttendance(session_id=session.pk, participant_id=pid, present=rng.random() < 0.87)
                    )
            day += timedelta(days=rng.randint(10, 18))
