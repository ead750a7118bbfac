from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.areas.models import Level


class Role(models.Model):
    """A role is data: a name and the permissions it grants. What a user may do, and where, is the union of
    their assignments; no view branches on a role's code."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    description = models.TextField(_("keterangan"), blank=True)
    usual_level = models.PositiveSmallIntegerField(
        _("tingkat wilayah lazim"), choices=Level.choices, help_text=_("Untuk formulir; tidak membatasi.")
    )
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("hak akses"))

    class Meta:
        ordering = ["usual_level", "name"]
        verbose_name = _("peran")
        verbose_name_plural = _("peran")

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """User U holds role R over area A (and everything under A)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("peran"))
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("wilayah")
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "area"], name="assignment_unique")]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.area}"


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, raw: str) -> ApiToken | None:
        digest = ApiToken.hash_token(raw)
        token = self.select_related("user").filter(digest=digest, revoked_at__isnull=True).first()
        if token is None or not token.user.is_active:
            return None
        return token


class ApiToken(models.Model):
    """Bearer token for an OPD system. Only a hash is stored; the token is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("label"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("Awal token, untuk mengenali tanpa menyimpan token."))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        permissions = [("use_api", "Boleh memakai API antar-OPD")]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, label: str, raw: str | None = None) -> tuple[ApiToken, str]:
        raw = raw or "sng_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, label=label, digest=cls.hash_token(raw), prefix=raw[:8])
        return token, raw

    def touch(self) -> None:
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())
