from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through audited domain operations (or never): the admin lists them and
    shows them, and that is all."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
