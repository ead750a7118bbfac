from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class Action(models.TextChoices):
    CREATE = "create", _("buat")
    UPDATE = "update", _("ubah")
    DELETE = "delete", _("hapus")
    MOVE = "move", _("pindah KK")
    VIEW = "view", _("lihat")
    REVEAL = "reveal", _("buka NIK")
    EXPORT = "export", _("ekspor")
    SEARCH = "search", _("cari")
    API = "api", _("akses API")
    LOGIN = "login", _("masuk")
    LOGOUT = "logout", _("keluar")
    LOGIN_FAILED = "login_failed", _("gagal masuk")


WRITE_ACTIONS = [Action.CREATE, Action.UPDATE, Action.DELETE, Action.MOVE]


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Jejak audit tidak dapat diubah.")

    def delete(self):
        raise AppendOnlyError("Jejak audit tidak dapat dihapus.")

    def for_user(self, user):
        from sinergi.accounts import scoping

        return scoping.filter_for(self, user, scoping.VIEW_AUDIT, "area_code")

    def history_of_household(self, household_id: int):
        return self.filter(household_id=household_id, action__in=WRITE_ACTIONS).order_by("-created_at", "-id")


class AuditEntry(models.Model):
    """Append-only. Writes carry before/after of the changed fields; reads of personal data carry what was seen.

    The same rows serve as the registry's change history (``household_id`` set): one record of a change,
    not a security log and a history table that could disagree.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the entry still says who it was if the account is renamed.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_label = models.CharField(max_length=200, blank=True)
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The area the entry concerns (a household's desa, an export's area), so audit readers are scoped like
    # every other reader. Empty for account events (login, logout).
    area_code = models.CharField(max_length=13, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=100, blank=True, help_text=_("web, api, import:<id>, cli, generate"))
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Jejak audit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Jejak audit tidak dapat dihapus.")
