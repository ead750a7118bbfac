from django.contrib import admin

from sinergi.core.admin import ReadOnlyAdmin

from .models import PillarWorker, Task, WorkArea


class WorkAreaInline(admin.TabularInline):
    model = WorkArea
    extra = 1
    # ~85,000 areas: a select box would load them all.
    raw_id_fields = ["area"]


@admin.register(PillarWorker)
class PillarWorkerAdmin(admin.ModelAdmin):
    list_display = ["name", "pillar_type", "sk_number", "sk_end", "status", "home_area", "user"]
    list_filter = ["pillar_type", "status"]
    search_fields = ["name", "sk_number", "phone", "user__username"]
    raw_id_fields = ["home_area", "user"]
    inlines = [WorkAreaInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    """A read-only list: tasks change only through pillars.operations, which audit every change."""

    list_display = ["title", "kind", "desa", "status", "due_date", "outcome", "created_at"]
    list_filter = ["status", "kind", "outcome"]
    search_fields = ["title", "source", "desa__code", "desa__name"]
    list_select_related = ["desa"]
    raw_id_fields = ["desa", "household", "person", "created_by", "done_by"]

