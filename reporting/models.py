import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class ReportScope(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    REGION = "region", _("Region")
    SECTOR = "sector", _("Sector")
    NETWORK = "network", _("Network")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


def report_storage_name(instance, filename) -> str:
    """Where a run's PDF is stored: a random name that says nothing of the scope, the year or the
    run number (the download gives the readable name, `ReportRun.download_name`). Files are never
    served by a static route; only the download view, which checks permission, reads them."""
    return f"reports/{secrets.token_hex(16)}.pdf"


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An enterprise's reports: its staff (not employers) and network staff. Aggregate reports
        (region, sector, network): network staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff:
            return self
        return self.filter(scope=ReportScope.ENTERPRISE, enterprise_id__in=list(user.enterprise_roles))


class ReportRun(models.Model):
    """One request for an annual report: the row the page polls while a Celery worker renders it."""

    scope = models.CharField(_("scope"), max_length=20, choices=ReportScope.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="report_runs"
    )
    region = models.ForeignKey("enterprises.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("enterprises.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fr")
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_storage_name, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    snapshot = models.JSONField(_("indicator snapshot"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a worker renders; a "running" row whose heartbeat is older than the lease
    # (CEIQ_REPORT_LEASE_SECONDS) belongs to a dead worker: the sweeper queues it again (up to
    # CEIQ_REPORT_MAX_ATTEMPTS attempts) or fails it, and a redelivery of its message takes it over.
    # On a queued run: when it was last handed to the broker (the sweeper sends it again after the lease).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="report_scope_target",
                condition=(
                    Q(scope="enterprise", enterprise__isnull=False)
                    | Q(scope="region", region__isnull=False)
                    | Q(scope="sector", sector__isnull=False)
                    | Q(scope="network")
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_scope_display()} {self.fiscal_year} ({self.get_status_display()})"

    @property
    def scope_label(self) -> str:
        """The scope in words, in the active language."""
        if self.scope == ReportScope.ENTERPRISE and self.enterprise is not None:
            return self.enterprise.name
        if self.scope == ReportScope.REGION:
            return _("Region %(region)s") % {"region": self.region}
        if self.scope == ReportScope.SECTOR:
            return _("Sector: %(sector)s") % {"sector": self.sector}
        return str(_("Network of the Collectif (CEIQ)"))

    @property
    def progress_step(self) -> int:
        """Progress rounded down to 5 %, for the progress bar's width class."""
        return min(100, (self.progress // 5) * 5)

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.SUCCEEDED, ReportStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but no heartbeat for longer than the lease: its worker has stopped."""
        if self.status != ReportStatus.RUNNING:
            return False
        beat = self.heartbeat_at or self.started_at
        return beat is not None and (timezone.now() - beat).total_seconds() > settings.CEIQ_REPORT_LEASE_SECONDS

    @property
    def is_retryable(self) -> bool:
        """The page offers « Try again »: the run failed, or its worker stopped."""
        return self.status == ReportStatus.FAILED or self.is_stale

    @property
    def is_succeeded(self) -> bool:
        return self.status == ReportStatus.SUCCEEDED

    @property
    def status_message(self) -> str:
        """What the report page says of the run, polled while it is produced."""
        if self.status == ReportStatus.QUEUED:
            return str(_("Waiting for a worker to start the report…"))
        if self.is_stale:
            return str(
                _(
                    "The report has stopped progressing: it will be restarted automatically in a few "
                    "minutes, or you can try again now."
                )
            )
        if self.status == ReportStatus.RUNNING:
            return _("The report is being produced (%(progress)s %%).") % {"progress": self.progress}
        if self.status == ReportStatus.SUCCEEDED:
            return str(_("The report is ready."))
        return str(_("The report could not be produced."))

    @property
    def download_name(self) -> str:
        """The PDF's name for the person who downloads it (never its name on disk)."""
        if self.enterprise is not None:
            scope = self.enterprise.slug
        elif self.region is not None:
            scope = f"region-{self.region.code}"
        elif self.sector is not None:
            scope = f"secteur-{self.sector.code}"
        else:
            scope = "reseau"
        return f"ceiq-{slugify(scope)}-{self.fiscal_year}-{self.fiscal_year + 1}-{self.language}-{self.pk}.pdf"

    @property
    def is_downloadable(self) -> bool:
        return self.status == ReportStatus.SUCCEEDED and bool(self.pdf)
