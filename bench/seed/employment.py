"""A participant's way to a job: the workplace internship, referrals to employers' openings, the
hire and its retention check-in, and the bench employer's candidates. A step of NetworkGenerator
(through ParticipantHistory); the draws keep the seed's order."""

from datetime import date, timedelta
from decimal import Decimal

from bench.seed.state import GeneratorState, Journey, Site
from bench.seed.vocabulary import FIRST_NAMES, LAST_NAMES
from ceiq.accounts.roles import EnterpriseRole
from employers.models import (
    DeclineReason,
    EmploymentType,
    JobOpening,
    Placement,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RetentionCheckIn,
)
from participants.choices import ExitOutcome, PathwayStatus
from participants.models import Internship, Pathway


class EmploymentHistory(GeneratorState):
    """Internships, referrals and hires."""

    def make_internship(self, site: Site, journey: Journey, internship_start: date) -> None:
        """A workplace internship; one that led to the hire decides the employer."""
        rng = self.rng
        internship_employer = rng.choice(site.employers)
        led_to_hire = journey.outcome == ExitOutcome.JOB and rng.random() < 0.35
        internship_end = internship_start + timedelta(days=rng.randint(14, 28))
        self.writer.add(
            Internship(
                pathway_id=journey.pathway_id,
                employer_id=internship_employer,
                start_date=internship_start,
                end_date=internship_end if internship_end <= self.today else None,
                employer_supervisor=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                evaluation="Stage concluant." if rng.random() < 0.8 else "Stage à reprendre.",
                led_to_hire=led_to_hire,
            )
        )
        if led_to_hire:
            journey.hire_employer = internship_employer

    def make_referrals_of(self, site: Site, journey: Journey) -> None:
        """Referrals near the end of a completed or ending pathway; one may lead to the hire."""
        rng = self.rng
        ended = journey.ended
        near_end = not ended and (journey.planned_end - self.today).days < 42
        if not ((ended and journey.status == PathwayStatus.COMPLETED) or near_end):
            return
        referral_day = (journey.end if ended else self.today) - timedelta(days=rng.randint(5, 30))
        for _attempt in range(rng.choice([0, 1, 1, 2])):
            opening = self.opening_near(site.enterprise.region_id, referral_day, open_only=near_end)
            if opening is None or (opening.pk, journey.participant_id) in self.referred:
                continue
            wants_hire = (
                ended
                and journey.outcome == ExitOutcome.JOB
                and journey.hire_employer is None
                and journey.hired_referral is None
                and rng.random() < 0.5
            )
            if not ended:
                final = rng.choice([ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW])
            elif wants_hire:
                final = ReferralStatus.HIRED
            else:
                final = rng.choice([ReferralStatus.DECLINED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN])
            referral = self.make_referral(
                opening, journey.participant_id, site.enterprise.pk, site.coordinator.pk, referral_day, final
            )
            if final == ReferralStatus.HIRED:
                journey.hired_referral = referral
                journey.hire_employer = opening.employer_id

    def make_hire(self, site: Site, journey: Journey) -> None:
        rng = self.rng
        employer_id = journey.hire_employer or rng.choice(site.employers)
        hire_day = min(journey.end + timedelta(days=rng.randint(0, 21)), self.today)
        hired_referral = journey.hired_referral
        placement = self.writer.add(
            Placement(
                participant_id=journey.participant_id,
                pathway_id=journey.pathway_id,
                enterprise_id=site.enterprise.pk,
                employer_id=employer_id,
                referral_id=hired_referral.pk
                if hired_referral and hired_referral.opening.employer_id == employer_id
                else None,
                job_title=self.trade_names[journey.trade_id],
                employment_type=rng.choice(
                    [EmploymentType.FULL_TIME] * 6
                    + [EmploymentType.PART_TIME, EmploymentType.SEASONAL, EmploymentType.TEMPORARY]
                ),
                hourly_wage=Decimal(f"{rng.randint(1600, 2300) / 100:.2f}"),
                weekly_hours=Decimal(rng.choice([25, 30, 35, 37.5, 40])),
                start_date=hire_day,
                created_by_id=site.coordinator.pk,
                created_at=self.at(hire_day, 11),
            )
        )
        check_day = hire_day + timedelta(days=90)
        if check_day <= self.today and rng.random() < 0.5:
            self.writer.add(
                RetentionCheckIn(
                    placement_id=placement.pk,
                    requested_on=check_day,
                    answered_at=self.at(check_day + timedelta(days=3), 10)
                    if check_day + timedelta(days=3) <= self.today
                    else None,
                    still_employed=rng.random() < 0.8,
                )
            )

    def make_referral(
        self,
        opening: JobOpening,
        participant_id: int,
        enterprise_id: int,
        proposed_by_id: int,
        day: date,
        final: ReferralStatus,
    ) -> Referral:
        rng = self.rng
        self.referred.add((opening.pk, participant_id))
        path = {
            ReferralStatus.PROPOSED: [ReferralStatus.PROPOSED],
            ReferralStatus.SEEN: [ReferralStatus.PROPOSED, ReferralStatus.SEEN],
            ReferralStatus.INTERVIEW: [ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW],
            ReferralStatus.HIRED: [
                ReferralStatus.PROPOSED,
                ReferralStatus.SEEN,
                ReferralStatus.INTERVIEW,
                ReferralStatus.HIRED,
            ],
            ReferralStatus.DECLINED: [ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.DECLINED],
            ReferralStatus.WITHDRAWN: [ReferralStatus.PROPOSED, ReferralStatus.WITHDRAWN],
        }[final]
        referral = self.writer.add(
            Referral(
                opening_id=opening.pk,
                participant_id=participant_id,
                enterprise_id=enterprise_id,
                status=final,
                decline_reason=rng.choice(DeclineReason.values) if final == ReferralStatus.DECLINED else "",
                employer_feedback="Candidature intéressante."
                if final in (ReferralStatus.INTERVIEW, ReferralStatus.HIRED)
                else "",
                proposed_by_id=proposed_by_id,
                proposed_at=self.at(day, 10),
                updated_at=self.at(min(day + timedelta(days=len(path) * 3), self.today), 10),
            )
        )
        referral.opening = opening
        previous = ""
        for step, status in enumerate(path):
            self.writer.add(
                ReferralTransition(
                    referral_id=referral.pk,
                    from_status=previous,
                    to_status=status,
                    at=self.at(min(day + timedelta(days=step * 3), self.today), 10),
                )
            )
            previous = status
        return referral

    def make_bench_referrals(self) -> None:
        """The bench employer's open openings get candidates from the first enterprise in every
        early state, so the employer pages have something to show."""
        first = self.enterprises[0]
        openings = [o for o in self.openings.values() if o.employer_id == self.bench_employer.pk]
        self.writer.flush()  # the pathways below are read back from the database (one query)
        recent = list(
            Pathway.objects.filter(enterprise_id=first.pk, status__in=[PathwayStatus.ACTIVE, PathwayStatus.COMPLETED])
            .order_by("-start_date")
            .values_list("participant_id", flat=True)[:12]
        )
        states = [
            ReferralStatus.PROPOSED,
            ReferralStatus.SEEN,
            ReferralStatus.INTERVIEW,
            ReferralStatus.DECLINED,
            ReferralStatus.WITHDRAWN,
        ]
        coordinator = self.staff[first.pk][EnterpriseRole.COORDINATOR][0]
        for position, participant_id in enumerate(recent):
            opening = openings[position % len(openings)]
            if (opening.pk, participant_id) in self.referred:
                continue
            self.make_referral(
                opening,
                participant_id,
                first.pk,
                coordinator.pk,
                self.today - timedelta(days=3),
                states[position % len(states)],
            )
