"""The catalogue is data maintained here: programmes with their components, stacking rules, the PMT model versions.
Cycles and findings are read-only: they change only through the audited operations and their pages."""

from django import forms
from django.contrib import admin
from django.db import transaction

from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.admin import ReadOnlyAdmin

from .models import Component, Cycle, Finding, PmtModel, Program, StackingRule


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ["code", "name", "amount_per_year", "rule", "order"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "funding", "unit", "benefit_per_year", "max_desil", "max_components", "active",
                    "order"]
    list_filter = ["funding", "unit", "active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area"]  # about 85,000 areas: a select would not load
    inlines = [ComponentInline]


@admin.register(StackingRule)
class StackingRuleAdmin(admin.ModelAdmin):
    list_display = ["program_a", "program_b", "allowed", "level", "note"]
    list_filter = ["allowed", "level"]
    list_select_related = ["program_a", "program_b"]


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    """Read-only: tahap are opened, frozen and closed on their pages, which audit every change."""

    list_display = ["program", "regency", "code", "starts_on", "ends_on", "state", "frozen_at"]
    list_filter = ["state", "program"]
    search_fields = ["code", "regency__code", "regency__name"]
    list_select_related = ["program", "regency"]


class PmtModelForm(forms.ModelForm):
    class Meta:
        model = PmtModel
        fields = ["version", "name", "description", "intercept", "weights", "active"]

    def _get_validation_exclusions(self):
        # The one-active-model constraint holds after save_model, which deactivates the other version first.
        return {*super()._get_validation_exclusions(), "active"}

    def clean(self):
        data = super().clean()
        if not self.errors:
            from .welfare import validate_model

            # The recompute would refuse a model with unknown variables or non-numeric weights: say so here.
            validate_model(PmtModel(version=data.get("version", ""), intercept=data.get("intercept") or 0.0,
                                    weights=data.get("weights") or {}))
        return data


@admin.register(PmtModel)
class PmtModelAdmin(admin.ModelAdmin):
    """Weights stay editable (JSON: {variable: weight}); one version is active, so activating one deactivates
    the others. Desils already computed keep the version that computed them until the next recompute."""

    form = PmtModelForm
    list_display = ["version", "name", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["version", "name"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            deactivated = []
            if obj.active:
                others = PmtModel.objects.select_for_update().filter(active=True).exclude(pk=obj.pk)
                deactivated = list(others.values_list("version", flat=True))
                # Before the save: the database allows one active model at a time.
                others.update(active=False)
            super().save_model(request, obj, form, change)
            if obj.active and (deactivated or "active" in form.changed_data):
                record(actor=request.user, action=Action.UPDATE, obj=obj, source="admin",
                       changes={"active": [False, True], "deactivated": deactivated})


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    """Read-only: findings are decided on their pages, with a reason, through the audited operations."""

    list_display = ["kind", "state", "program", "other_program", "desa", "household", "amount_at_stake",
                    "last_seen_at"]
    list_filter = ["kind", "state", "program"]
    search_fields = ["key", "desa__code", "desa__name"]
    list_select_related = ["program", "other_program", "desa"]
    raw_id_fields = ["household", "person", "desa", "task", "decided_by"]
