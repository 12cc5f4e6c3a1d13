from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

neq_validator = RegexValidator(
    r"^\d{10}$", _("The Québec enterprise number (NEQ) has exactly 10 digits, e.g. 1160000000.")
)
postal_code_validator = RegexValidator(
    r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$",
    _("Enter a Canadian postal code in the form A1A 1A1."),
)


def normalize_postal_code(value: str) -> str:
    compact = (value or "").replace(" ", "").upper()
    return f"{compact[:3]} {compact[3:]}" if len(compact) == 6 else (value or "").upper()
