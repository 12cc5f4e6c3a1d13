from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def visible_to(self, user):
        """Directors see reads in their enterprise; network staff see everything."""
        if user.is_network_staff:
            return self
        return self.filter(enterprise_id__in=user.directed_enterprise_ids)


class AccessAction(models.TextChoices):
    READ_CONFIDENTIAL_NOTES = "read_confidential_notes", _("Read confidential notes")
    READ_PARTICIPANT_FILE = "read_participant_file", _("Read a participant's file")
    EXPORT_PARTICIPANT_DATA = "export_participant_data", _("Exported a person's data")
    DOWNLOAD_REPORT = "download_report", _("Downloaded a report")
    EXPORT_LIST = "export_list", _("Exported a list")
    READ_CANDIDATE_PROFILE = "read_candidate_profile", _("Read a candidate profile")


class AccessLog(models.Model):
    """Who read which sensitive record, when. The application only ever appends to it."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.EmailField(_("email"), blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AccessAction.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=64)
    object_label = models.CharField(_("record label"), max_length=200, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "-at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")
