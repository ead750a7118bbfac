from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.core.nik import mask_nik

from . import codes


class HouseholdQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = scoping.VIEW_REGISTRY) -> HouseholdQuerySet:
        return scoping.filter_for(self, user, perm, "desa_id")


class Household(models.Model):
    """A family as on its Kartu Keluarga, at its address."""

    no_kk = models.CharField(_("No. KK"), max_length=16, blank=True, db_index=True)
    desa = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="households", verbose_name=_("desa/kelurahan")
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    # Uppercased, punctuation-free address text for the address search (see registry.search).
    address_key = models.CharField(max_length=300, blank=True, editable=False)
    lat = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=codes.HouseholdStatus.choices, default=codes.HouseholdStatus.ACTIVE
    )

    floor = models.CharField(_("lantai"), max_length=20, choices=codes.Floor.choices, blank=True)
    wall = models.CharField(_("dinding"), max_length=20, choices=codes.Wall.choices, blank=True)
    roof = models.CharField(_("atap"), max_length=20, choices=codes.Roof.choices, blank=True)
    water_source = models.CharField(_("sumber air minum"), max_length=25, choices=codes.WaterSource.choices, blank=True)
    lighting = models.CharField(_("penerangan"), max_length=20, choices=codes.Lighting.choices, blank=True)
    cooking_fuel = models.CharField(_("bahan bakar memasak"), max_length=20, choices=codes.CookingFuel.choices, blank=True)
    toilet = models.CharField(_("fasilitas BAB"), max_length=20, choices=codes.Toilet.choices, blank=True)
    land_ownership = models.CharField(
        _("status kepemilikan rumah"), max_length=20, choices=codes.LandOwnership.choices, blank=True
    )
    has_lpg_5_5kg = models.BooleanField(_("tabung gas ≥ 5,5 kg"), default=False)
    has_refrigerator = models.BooleanField(_("lemari es"), default=False)
    has_ac = models.BooleanField(_("AC"), default=False)
    has_water_heater = models.BooleanField(_("pemanas air"), default=False)
    has_phone = models.BooleanField(_("telepon/HP"), default=False)
    has_tv = models.BooleanField(_("televisi"), default=False)
    has_gold_10g = models.BooleanField(_("emas/tabungan ≥ 10 g"), default=False)
    has_computer = models.BooleanField(_("komputer"), default=False)
    has_bicycle = models.BooleanField(_("sepeda"), default=False)
    has_motorcycle = models.BooleanField(_("sepeda motor"), default=False)
    has_car = models.BooleanField(_("mobil"), default=False)
    has_boat = models.BooleanField(_("perahu/kapal motor"), default=False)
    has_land = models.BooleanField(_("lahan"), default=False)
    # The programmes' "large land" exclusion needs the size, not only whether there is land: most poor farming
    # families own a small plot.
    land_area_m2 = models.PositiveIntegerField(_("luas lahan (m²)"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        constraints = [
            models.UniqueConstraint(fields=["no_kk"], condition=~models.Q(no_kk=""), name="household_kk_unique")
        ]
        permissions = [
            ("reveal_nik", "Boleh membuka NIK/No. KK lengkap"),
            ("export_household", "Boleh mengekspor data keluarga"),
        ]

    def __str__(self) -> str:
        return f"KK {self.masked_kk}"

    @property
    def masked_kk(self) -> str:
        return mask_nik(self.no_kk)

    @property
    def rt_rw(self) -> str:
        return f"{self.rt or '-'}/{self.rw or '-'}"


class PersonQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = scoping.VIEW_REGISTRY) -> PersonQuerySet:
        return scoping.filter_for(self, user, perm, "household__desa_id")


class Person(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("nama lengkap"), max_length=150, help_text=_("Seperti tertulis di sumber."))
    # sinergi.core.names.search_key(name): titles and degrees removed, old spelling modernised, for search.
    name_key = models.CharField(max_length=150, blank=True, editable=False, db_index=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=codes.Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    relation = models.CharField(_("hubungan dengan kepala keluarga"), max_length=2, choices=codes.Relation.choices)
    marital_status = models.CharField(_("status perkawinan"), max_length=1, choices=codes.Marital.choices, blank=True)
    religion = models.CharField(_("agama"), max_length=1, choices=codes.Religion.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=1, choices=codes.Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    disability = models.CharField(_("disabilitas"), max_length=20, choices=codes.Disability.choices, blank=True)
    chronic_illness = models.CharField(
        _("penyakit kronis"), max_length=20, choices=codes.ChronicIllness.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=codes.PersonStatus.choices, default=codes.PersonStatus.ACTIVE
    )
    # Set when record linkage merged this record into another one (sinergi.linkage.operations.merge_persons):
    # the record stays, so its id keeps resolving, but lists and counts of people leave it out. Unmerge clears it.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records",
        verbose_name=_("digabung ke"), editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("jiwa")
        verbose_name_plural = _("jiwa")
        ordering = ["relation", "birth_date", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    def age_on(self, day) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Membership(models.Model):
    """One stay of a person in a household: the KK history that survives marriages and KK splits."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(max_length=2, choices=codes.Relation.choices)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(left_at__isnull=True), name="membership_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.household}"


class ChangeState(models.TextChoices):
    PROPOSED = "diusulkan", _("Diusulkan")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")


class ChangeRequestQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = scoping.VIEW_REGISTRY) -> ChangeRequestQuerySet:
        return scoping.filter_for(self, user, perm, "household__desa_id")


class ChangeRequest(models.Model):
    """A proposed correction of registry data (from a grievance, a field verification, a village meeting). It
    touches the registry only when someone else approves it, and then through the normal update operations, so
    the change lands in the household's history with this request as its source."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="change_requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="change_requests")
    # {field: new value as text}; converted by the model field when applied.
    changes = models.JSONField(_("perubahan"))
    reason = models.TextField(_("alasan"))
    source = models.CharField(_("asal usulan"), max_length=60, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=ChangeState.choices, default=ChangeState.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    applied = models.JSONField(default=dict, blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["state", "proposed_at"]), models.Index(fields=["source"])]
        permissions = [("approve_changerequest", "Boleh menyetujui usulan perubahan data")]
        verbose_name = _("usulan perubahan data")
        verbose_name_plural = _("usulan perubahan data")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"
