from django.contrib import admin

from .models import ApiToken, Assignment, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "usual_level"]
    filter_horizontal = ["permissions"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "area", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "area__code", "area__name"]
    autocomplete_fields = ["area"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["label", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["digest", "prefix", "created_at", "last_used_at"]
