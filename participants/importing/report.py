"""What an import tells the person: the counts, the row errors (all or nothing) and the warnings."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, empty, over a limit)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    participants_created: int = 0
    participants_updated: int = 0
    pathways_created: int = 0
    pathways_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    # What was read but not used (extra columns): said, never a refusal.
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    def forget_counts(self) -> None:
        """Nothing was saved: the counts of a rolled-back import would mislead."""
        self.participants_created = self.participants_updated = 0
        self.pathways_created = self.pathways_updated = 0

    @property
    def summary(self) -> str:
        if not self.ok:
            return ngettext(
                "%(count)d problem found: nothing was imported.",
                "%(count)d problems found: nothing was imported.",
                len(self.errors),
            ) % {"count": len(self.errors)}
        text = _(
            "%(rows)d rows: %(p_new)d participants created, %(p_upd)d updated; "
            "%(w_new)d pathways created, %(w_upd)d updated."
        ) % {
            "rows": self.rows,
            "p_new": self.participants_created,
            "p_upd": self.participants_updated,
            "w_new": self.pathways_created,
            "w_upd": self.pathways_updated,
        }
        if self.dry_run:
            text = _("Preview, nothing saved yet. %(summary)s") % {"summary": text}
        return text
