from django.contrib import admin

from sinergi.core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the admin can browse but never add, change or delete an entry."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "ip", "source"]
    list_filter = ["action", "object_type", "source"]
    search_fields = ["actor_label", "object_id", "object_label"]
    date_hierarchy = "created_at"

