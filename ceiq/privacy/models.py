"""Law 25 register of confidentiality incidents (art. 3.8 of the Act respecting the protection of
personal information in the private sector and its regulation): kept at least five years."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.roles import EnterpriseRole

INCIDENT_RETENTION_YEARS = 5


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High (risk of serious injury)")


class InformationKind(models.TextChoices):
    IDENTITY = "identity", _("Identity (name, birth date)")
    CONTACT = "contact", _("Contact details and address")
    INCOME = "income", _("Income source and social assistance")
    BARRIERS = "barriers", _("Barriers to employment")
    HEALTH = "health", _("Health or psycho-social information")
    EVALUATIONS = "evaluations", _("Evaluations and follow-ups")
    EMPLOYMENT = "employment", _("Employment and placement")
    ACCOUNT = "account", _("Portal account credentials")
    OTHER = "other", _("Other")


def retention_end(discovered_on: date) -> date:
    """The first day an incident may be deleted: five years after its discovery."""
    try:
        return discovered_on.replace(year=discovered_on.year + INCIDENT_RETENTION_YEARS)
    except ValueError:  # 29 February
        return discovered_on.replace(year=discovered_on.year + INCIDENT_RETENTION_YEARS, day=28)


class IncidentRetentionError(ValidationError):
    """Raised when someone tries to delete an incident before the end of its retention period."""


class ConfidentialityIncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network staff: every incident. Enterprise staff: their enterprises' incidents (only
        directors may open them: see permissions). Employers and anonymous users: nothing."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff:
            return self
        return self.filter(enterprise_id__in=list(user.enterprise_roles))

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff:
            return self
        directed = [eid for eid, role in user.enterprise_roles.items() if role == EnterpriseRole.DIRECTOR]
        return self.filter(enterprise_id__in=directed)

    def delete(self):
        today = timezone.localdate()
        if any(retention_end(discovered) > today for discovered in self.values_list("discovered_on", flat=True)):
            raise IncidentRetentionError(_("Incidents are kept at least five years after their discovery."))
        return super().delete()


# What the register's form edits and the services may write.
INCIDENT_EDITABLE_FIELDS = (
    "enterprise",
    "description",
    "circumstances",
    "occurred_on",
    "occurred_on_is_estimate",
    "discovered_on",
    "people_concerned",
    "information_kinds",
    "risk_level",
    "risk_assessment",
    "cai_notified_at",
    "people_notified_on",
    "measures_taken",
)


class ConfidentialityIncident(models.Model):
    """One confidentiality incident, for an enterprise or (enterprise empty) for the network."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confidentiality_incidents",
        help_text=_("Leave empty for an incident of the network (the Collectif)."),
    )
    description = models.TextField(_("description of the incident"))
    circumstances = models.TextField(_("circumstances"), blank=True)
    occurred_on = models.DateField(_("date of the incident"), null=True, blank=True)
    occurred_on_is_estimate = models.BooleanField(_("the date is an estimate"), default=False)
    discovered_on = models.DateField(_("date of discovery"))
    people_concerned = models.PositiveIntegerField(_("number of people concerned"))
    information_kinds = models.JSONField(_("kinds of information concerned"), default=list, blank=True)
    risk_level = models.CharField(_("risk of serious injury"), max_length=10, choices=RiskLevel.choices)
    risk_assessment = models.TextField(
        _("assessment of the risk of serious injury"),
        help_text=_("Sensitivity of the information, anticipated consequences and their likelihood."),
    )
    cai_notified_at = models.DateTimeField(_("Commission d'accès à l'information notified at"), null=True, blank=True)
    people_notified_on = models.DateField(_("people concerned notified on"), null=True, blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConfidentialityIncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")
        ordering = ["-discovered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="incident_discovered_after_it_occurred",
                condition=Q(occurred_on__isnull=True) | Q(discovered_on__gte=models.F("occurred_on")),
                violation_error_message=_("An incident cannot be discovered before it occurred."),
            )
        ]
        indexes = [models.Index(fields=["enterprise", "-discovered_on"])]

    def __str__(self):
        return f"{self.discovered_on:%Y-%m-%d} — {self.description[:60]}"

    @property
    def kept_until(self) -> date:
        return retention_end(self.discovered_on)

    def get_information_kinds_display(self) -> list[str]:
        labels = dict(InformationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.information_kinds]

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.discovered_on and self.discovered_on > today:
            errors["discovered_on"] = _("The date of discovery cannot be in the future.")
        if self.occurred_on and self.occurred_on > today:
            errors["occurred_on"] = _("The date of the incident cannot be in the future.")
        if self.occurred_on and self.discovered_on and self.discovered_on < self.occurred_on:
            errors["discovered_on"] = _("An incident cannot be discovered before it occurred.")
        unknown = set(self.information_kinds or []) - set(InformationKind.values)
        if unknown:
            errors["information_kinds"] = _("Unknown kind of information.")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        if self.kept_until > timezone.localdate():
            raise IncidentRetentionError(_("Incidents are kept at least five years after their discovery."))
        return super().delete(*args, **kwargs)


def tombstone_key(*, enterprise_id: int, external_id: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of an enterprise and an external id: it recognises
    a person seen again in a file without keeping who they were."""
    return salted_hmac(
        "ceiq.privacy.tombstone", f"{enterprise_id}:{external_id.strip()}", algorithm="sha256"
    ).hexdigest()


class Tombstone(models.Model):
    """The trace a person anonymized at the end of the retention period leaves: their external id
    and enterprise, hashed (`tombstone_key`), and the date. An import that meets the same person
    again refuses their rows instead of re-creating them. Rotating SECRET_KEY makes the old keys
    unrecognisable: keep the previous key's tombstones in mind when rotating it."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    anonymized_on = models.DateField(_("anonymized on"))

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")

    def __str__(self):
        return f"{self.anonymized_on:%Y-%m-%d} {self.key[:12]}…"
