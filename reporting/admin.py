from django.contrib import admin

from .models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs are created and rendered through the services, never edited by hand."""

    list_display = ["pk", "scope", "enterprise", "fiscal_year", "language", "status", "attempts", "created_at"]
    list_filter = ["status", "scope", "fiscal_year"]
    list_select_related = ["enterprise"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
