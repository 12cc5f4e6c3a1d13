"""The directory's CSV export, declared as data and written by ceiq.core.exports (safe cells)."""

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.core.exports import Column
from ceiq.core.fiscal import FiscalYear

DIRECTORY_FILENAME_STEM = "entreprises"


def _joined_names(items) -> str:
    return "; ".join(item.name for item in items.all())


def _current_places_header() -> str:
    return _("Places %(year)s") % {"year": FiscalYear.current()}


# Rows are Enterprise objects from selectors.directory_queryset() (recognition and current places
# annotated) with sectors and trades prefetched.
DIRECTORY_COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("Name"), lambda enterprise: enterprise.name),
    Column(gettext_lazy("Legal name"), lambda enterprise: enterprise.legal_name),
    Column(gettext_lazy("NEQ"), lambda enterprise: enterprise.neq),
    Column(gettext_lazy("Region code"), lambda enterprise: enterprise.region.code),
    Column(gettext_lazy("Region"), lambda enterprise: enterprise.region.name),
    Column(gettext_lazy("Address"), lambda enterprise: enterprise.street_address),
    Column(gettext_lazy("City"), lambda enterprise: enterprise.city),
    Column(gettext_lazy("Postal code"), lambda enterprise: enterprise.postal_code),
    Column(gettext_lazy("Phone"), lambda enterprise: enterprise.phone),
    Column(gettext_lazy("Email"), lambda enterprise: enterprise.email),
    Column(gettext_lazy("Website"), lambda enterprise: enterprise.website),
    Column(gettext_lazy("Sectors"), lambda enterprise: _joined_names(enterprise.sectors)),
    Column(gettext_lazy("Trades offered"), lambda enterprise: _joined_names(enterprise.trades)),
    Column(gettext_lazy("Member since"), lambda enterprise: enterprise.member_since, kind="date"),
    Column(gettext_lazy("Status"), lambda enterprise: enterprise.get_status_display()),
    Column(gettext_lazy("Fully recognised"), lambda enterprise: enterprise.is_fully_recognised, kind="bool"),
    Column(gettext_lazy("Oldest current assessment"), lambda enterprise: enterprise.recognition_oldest, kind="date"),
    Column(lazy(_current_places_header, str)(), lambda enterprise: enterprise.current_places, kind="number"),
)
