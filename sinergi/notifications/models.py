from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One in-app message to one user. Personal to its recipient: never scoped by area, only by ``user``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("pengguna"))
    # Free-form slug chosen by the sending context ("referral-received", "import-done"): lets a later filter or
    # preference group messages without this app knowing every sender.
    kind = models.SlugField(_("jenis"), max_length=40, blank=True)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    # A path inside Sinergi, not a full URL: the read view only follows local paths.
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-id"]
        # The menu badge asks "unread for this user" on every page.
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_read_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def local_url(self) -> str:
        """The link if it stays on this site, else "": a stored "//evil.example" or "https://…" is never
        followed, whoever wrote it."""
        url = self.url
        # Django's own open-redirect check on top of the leading "/": it also refuses "/\evil.example" and
        # control characters that browsers strip.
        if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            return url
        return ""
