"""The employers' CSV exports, declared as columns (written by ceiq.core.exports)."""

from django.utils.translation import gettext_lazy as _

from ceiq.core.exports import Column

from .profiles import EmployerReferral

EMPLOYER_DIRECTORY_FILENAME = "employeurs.csv"
CANDIDATES_FILENAME = "candidats.csv"


def _pathway_completed(row: EmployerReferral) -> str:
    return str(_("yes") if row.profile.pathway_completed else _("not yet"))


EMPLOYER_DIRECTORY_COLUMNS = (
    Column(_("Name"), lambda employer: employer.name),
    Column(_("NEQ"), lambda employer: employer.neq),
    Column(_("Kind"), lambda employer: employer.get_kind_display()),
    Column(_("Sector"), lambda employer: employer.sector.name),
    Column(_("Region"), lambda employer: str(employer.region)),
    Column(_("City"), lambda employer: employer.city),
    Column(_("Size"), lambda employer: employer.get_size_display()),
    Column(_("Contact"), lambda employer: employer.contact_name),
    Column(_("Contact email"), lambda employer: employer.contact_email),
    Column(_("Contact phone"), lambda employer: employer.contact_phone),
    Column(_("Open openings"), lambda employer: employer.open_openings, kind="number"),
)

# Rows are `EmployerReferral`s: the consented profile only.
CANDIDATE_COLUMNS = (
    Column(_("Candidate"), lambda row: row.profile.display_name),
    Column(_("Opening"), lambda row: row.opening_title),
    Column(_("Status"), lambda row: row.status_label),
    Column(_("Trade"), lambda row: row.profile.trade),
    Column(_("Region"), lambda row: row.profile.region),
    Column(_("Available from"), lambda row: row.profile.available_from, kind="date"),
    Column(_("Pathway completed"), _pathway_completed),
    Column(_("Competencies and qualifications"), lambda row: "; ".join(row.profile.qualifications)),
    Column(_("Strengths"), lambda row: row.profile.strengths_summary),
)
