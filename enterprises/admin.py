"""Django admin for superusers; day-to-day work happens in the portal's own pages."""

from django.contrib import admin

from .models import Enterprise, FundingAgreement, Membership, Partner, RecognitionAssessment, Region, Sector, Trade


@admin.register(Region, Sector)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "neq", "region", "status", "member_since"]
    list_filter = ["status", "region", "sectors"]
    search_fields = ["name", "legal_name", "neq", "city"]
    filter_horizontal = ["sectors", "trades"]


@admin.register(FundingAgreement)
class FundingAgreementAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "fiscal_year", "participant_places", "target_integration_rate", "signed_on"]
    list_filter = ["fiscal_year"]
    list_select_related = ["enterprise"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "enterprise", "role", "is_active", "deactivated_at"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "enterprise"]
    search_fields = ["user__email", "enterprise__name"]


@admin.register(RecognitionAssessment)
class RecognitionAssessmentAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "criterion", "assessed_on", "result"]
    list_filter = ["criterion", "result"]
    list_select_related = ["enterprise"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "enterprise", "kind", "since"]
    list_filter = ["kind"]
    list_select_related = ["enterprise"]
