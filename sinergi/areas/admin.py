from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]

    def has_change_permission(self, request, obj=None):
        return False  # the tree comes from the vendored Kemendagri data: load-areas, not hand edits

    def has_delete_permission(self, request, obj=None):
        return False
