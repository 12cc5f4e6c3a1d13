"""A participant's own fields, declared once and grouped as the person's file shows them.

The intake form (its fieldsets), the services (the fields they may write), the importer (its
columns) and the Law 25 export (the identity section) all read this declaration: a new field is
added here, in its group, and every one of them follows."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldGroup(NamedTuple):
    key: str
    legend: str | Promise
    names: tuple[str, ...]


IDENTITY = FieldGroup(
    "identity",
    _("Identity"),
    ("first_name", "last_name", "birth_date", "gender", "preferred_language", "external_id"),
)
# A context: elsewhere “Contact” is a contact person (“Personne-ressource”); here, the person's details.
CONTACT = FieldGroup(
    "contact",
    pgettext_lazy("participant fields", "Contact"),
    ("email", "phone", "street_address", "city", "postal_code", "region"),
)
INTAKE_PROFILE = FieldGroup(
    "intake_profile",
    _("Intake profile"),
    ("schooling_at_intake", "income_source_at_intake", "referral_source", "barriers", "is_immigrant"),
)
PRIVACY_NOTICE = FieldGroup("privacy_notice", _("Privacy notice and consents"), ("privacy_notice_version",))
EMPLOYER_PROFILE = FieldGroup("employer_profile", _("Profile for employers"), ("strengths_summary", "available_from"))

# In the order of the person's data export.
PARTICIPANT_FIELD_GROUPS = (IDENTITY, CONTACT, INTAKE_PROFILE, PRIVACY_NOTICE, EMPLOYER_PROFILE)

# The key an enterprise knows the person by (imports match on it; exports list it first).
KEY_FIELD = "external_id"
# Set by the enterprise's own file, not by an import (the region follows the person's file).
NOT_IMPORTED = frozenset({"region", *EMPLOYER_PROFILE.names})


def field_names(*groups: FieldGroup) -> tuple[str, ...]:
    """The fields of `groups` (all groups by default), the key field first."""
    names = [name for group in (groups or PARTICIPANT_FIELD_GROUPS) for name in group.names]
    if KEY_FIELD in names:
        names.remove(KEY_FIELD)
        names.insert(0, KEY_FIELD)
    return tuple(names)


# Every field a participant service may write (many-to-many `barriers` included).
PARTICIPANT_FIELDS = field_names()
# The importer's participant columns (besides `consents`).
IMPORTED_FIELDS = tuple(name for name in PARTICIPANT_FIELDS if name not in NOT_IMPORTED)
