"""What the scale generator carries from one step to the next: the state NetworkGenerator sets
(bench/seed/generator.py), the enterprise a participant joins (Site) and the participant's pathway
as drawn (Journey)."""

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bench.seed.writer import BulkWriter
from ceiq.accounts.models import User
from employers.models import Employer, JobOpening, OpeningStatus, Referral
from enterprises.models import Enterprise, Region, Sector


@dataclass
class Site:
    """One enterprise as its participants see it: its staff, trades, city and nearby employers."""

    enterprise: Enterprise
    counsellors: list[User]
    supervisors: list[User]
    coordinator: User
    trades: list[int]
    city: str
    postal_prefix: str
    employers: list[int]


@dataclass
class Journey:
    """One participant's pathway as drawn: the dates and the ending every later row follows."""

    start: date
    planned: bool
    birth: date
    first_name: str
    last_name: str
    weeks: int
    planned_end: date
    drops: bool
    end: date
    ended: bool
    status: str
    last_day: date
    participant_id: int = field(init=False)
    pathway_id: int = field(init=False)
    trade_id: int = field(init=False)
    counsellor: User = field(init=False)
    supervisor: User = field(init=False)
    outcome: str = ""
    reason: str = ""
    hire_employer: int | None = None
    hired_referral: Referral | None = field(default=None, repr=False)


class GeneratorState:
    """The state NetworkGenerator sets and its steps read."""

    rng: random.Random
    writer: BulkWriter
    tz: ZoneInfo
    today: date
    now: datetime
    window_start: date
    years: int
    participants_per_year: int
    post_months: list[int]
    regions: dict[str, Region]
    sectors: dict[str, Sector]
    trade_sector: dict[int, int]
    trade_names: dict[int, str]
    barriers: list[int]
    enterprises: list[Enterprise]
    enterprise_trades: dict[int, list[int]]
    enterprise_weight: dict[int, float]
    staff: dict[int, dict[str, list[User]]]
    bench_employer: Employer
    employers_by_region: dict[int, list[int]]
    openings: dict[int, JobOpening]
    openings_by_region: dict[int, list[tuple[date, int]]]
    referred: set[tuple[int, int]]  # (opening id, participant id)

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.tz)
        return min(moment, self.now)

    def opening_near(self, region_id: int, day: date, *, open_only: bool = False) -> JobOpening | None:
        """An opening of the region starting within ±60 days of `day` (None if there is none)."""
        candidates = self.openings_by_region.get(region_id) or []
        low = bisect_left(candidates, (day - timedelta(days=60), 0))
        high = bisect_right(candidates, (day + timedelta(days=60), 1 << 62))
        if low >= high:
            return None
        opening = self.openings[candidates[self.rng.randrange(low, high)][1]]
        if open_only and opening.status != OpeningStatus.OPEN:
            return None
        return opening
