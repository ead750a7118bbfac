from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import coverage
from .models import Outcome, PillarWorker, Task, TaskKind

STATUS_FILTERS = [("open", _("Terbuka")), ("done", _("Selesai")), ("all", _("Semua"))]


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua jenis")), *TaskKind.choices], required=False)

    def filters(self) -> tuple[str, str]:
        """(status, kind); anything unreadable in the address falls back to the default view."""
        if not self.is_valid():
            return "open", ""
        return self.cleaned_data["status"] or "open", self.cleaned_data["kind"]


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil"), choices=[("", "–"), *Outcome.choices])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class WorkerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PillarWorker) -> str:
        return f"{obj.name} · {obj.get_pillar_type_display()}"


class ReassignForm(forms.Form):
    """Checkboxes of the workers covering the task's desa plus its current ones; a posted id outside that list
    is refused by the field, so a forged form cannot pull in a worker from elsewhere."""

    workers = WorkerChoiceField(label=_("Petugas"), queryset=PillarWorker.objects.none(),
                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        covering = coverage.workers_covering(task.desa_id).values("pk")
        self.fields["workers"].queryset = PillarWorker.objects.filter(
            Q(pk__in=covering) | Q(pk__in=task.assignees.values("pk"))
        ).order_by("pillar_type", "name", "pk")
        if not self.is_bound:
            self.initial["workers"] = [w.pk for w in task.assignees.all()]
