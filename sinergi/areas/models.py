from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


def subtree_q(field: str, code: str) -> Q:
    """Rows whose dotted area code ``field`` is ``code`` itself or lies anywhere under it.

    A range on the code, not LIKE: '.' sorts just before '/', so every descendant of 11.06 lies in
    ['11.06.', '11.06/'). Both SQLite and PostgreSQL answer a range from a plain b-tree index, whatever the
    collation, which LIKE 'x%' does not guarantee.
    """
    return Q(**{field: code}) | Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})


def level_of(code: str) -> Level:
    return Level(code.count(".") + 1)


class AreaQuerySet(models.QuerySet):
    def subtree(self, code: str) -> AreaQuerySet:
        return self.filter(subtree_q("code", code))

    def villages_under(self, code: str) -> AreaQuerySet:
        return self.subtree(code).filter(level=Level.VILLAGE)


class Area(models.Model):
    """One node of the Kemendagri tree. The dotted code is the primary key, so any table that points at an
    area can be filtered by subtree on its own foreign-key column, without a join."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    # Centroid for maps; filled where the vendored boundary set has one.
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]

    def covers(self, code: str) -> bool:
        return code == self.code or code.startswith(self.code + ".")
