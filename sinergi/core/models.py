from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobProgress(models.Model):
    key = models.CharField(max_length=100, unique=True)
    phase = models.CharField(max_length=100, blank=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kemajuan tugas")
        verbose_name_plural = _("kemajuan tugas")

    def __str__(self) -> str:
        return f"{self.key} {self.phase} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0
