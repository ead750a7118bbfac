"""The catalogue (service types, providers and their officers' accounts) is maintained here. Cases, referrals and
grievances are read-only: every change to them goes through the audited operations and their pages."""

from django.contrib import admin

from sinergi.core.admin import ReadOnlyAdmin

from .models import Case, Grievance, Referral, ServiceProvider, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "need", "sla_days", "active"]
    list_filter = ["need", "active"]
    search_fields = ["name", "code"]


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "contact_person", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "contact_person"]
    raw_id_fields = ["area"]  # about 85,000 areas: a select would not load
    filter_horizontal = ["services", "staff"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "desa", "status", "opened_at"]
    list_filter = ["status"]
    search_fields = ["number"]
    raw_id_fields = ["person", "household", "desa"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["tracking", "provider", "service", "state", "due_at", "escalated_at"]
    list_filter = ["state", "provider"]
    search_fields = ["tracking"]
    raw_id_fields = ["case"]


@admin.register(Grievance)
class GrievanceAdmin(ReadOnlyAdmin):
    list_display = ["tracking", "category", "state", "area", "created_at"]
    list_filter = ["state", "category", "channel"]
    search_fields = ["tracking"]
    raw_id_fields = ["area", "person"]
