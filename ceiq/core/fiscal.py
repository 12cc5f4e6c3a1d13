"""Fiscal years run from 1 April to 31 March: FiscalYear(2025) is 2025-04-01 … 2026-03-31."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class FiscalYear:
    start_year: int

    @classmethod
    def containing(cls, day: date) -> "FiscalYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> "FiscalYear":
        return cls.containing(timezone.localdate())

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def previous(self) -> "FiscalYear":
        return FiscalYear(self.start_year - 1)

    @property
    def next(self) -> "FiscalYear":
        return FiscalYear(self.start_year + 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def label(self) -> str:
        return _("fiscal year %(years)s") % {"years": str(self)}
