"""Programmes as data: catalogue, components, stacking rules, cycles with their recipient lists, distributions,
the proxy-means-test model with each household's score and desil, and the findings of the targeting checks.

Amounts are whole Rupiah (``BigIntegerField``): no programme pays cents, and integers sum exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import subtree_q

from . import perms


class Funding(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD_PROVINCE = "apbd-provinsi", _("APBD provinsi")
    APBD_REGENCY = "apbd-kabkota", _("APBD kabupaten/kota")
    VILLAGE_FUND = "dana-desa", _("Dana Desa")


class Unit(models.TextChoices):
    HOUSEHOLD = "keluarga", _("Keluarga")
    PERSON = "jiwa", _("Jiwa")


class Exclusion(models.TextChoices):
    """Reasons a household or person may not receive a programme, checked by the inclusion-error findings."""

    CIVIL_SERVANT = "asn-tni-polri", _("ASN/TNI/Polri")
    CAR = "mobil", _("Memiliki mobil")
    AIR_CONDITIONER = "ac", _("Memiliki AC")
    LARGE_LAND = "lahan-luas", _("Memiliki lahan luas")
    DECEASED = "meninggal", _("Meninggal dunia")
    MOVED_AWAY = "pindah", _("Pindah keluar wilayah")


class Program(models.Model):
    code = models.SlugField(_("kode"), max_length=30, unique=True,
                            help_text=_("Sama dengan kode program pada impor daftar penerima (mis. PKH)."))
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    funding = models.CharField(_("sumber dana"), max_length=20, choices=Funding.choices)
    unit = models.CharField(_("satuan penerima"), max_length=10, choices=Unit.choices)
    # Empty for national programmes; the province or kabupaten/kota that runs a local one (Pro Abes: Aceh Besar).
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("wilayah program daerah"))
    benefit_per_year = models.BigIntegerField(
        _("manfaat per tahun (Rp)"), default=0,
        help_text=_("Per keluarga atau per jiwa; untuk program berkomponen, jumlah dari komponennya."))
    max_components = models.PositiveSmallIntegerField(_("komponen maksimum per keluarga"), null=True, blank=True)
    max_desil = models.PositiveSmallIntegerField(_("desil maksimum"), null=True, blank=True)
    exclusions = models.JSONField(_("pengecualian"), default=list, blank=True,
                                  help_text=_("Kode pengecualian: asn-tni-polri, mobil, ac, lahan-luas, meninggal, "
                                              "pindah."))
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.code

    @property
    def per_person(self) -> bool:
        return self.unit == Unit.PERSON


class Component(models.Model):
    """A benefit component (PKH: ibu hamil, anak usia dini, SD, SMP, SMA, disabilitas berat, lansia).

    ``rule`` says which member qualifies, as data read by :mod:`sinergi.programs.eligibility`: ``age_min``,
    ``age_max`` (completed years), ``sex`` ("L"/"P"), ``disability`` (list of codes; "*" any)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=120)
    amount_per_year = models.BigIntegerField(_("manfaat per tahun (Rp)"))
    rule = models.JSONField(_("syarat anggota"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["program", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="component_unique_code")]
        verbose_name = _("komponen program")
        verbose_name_plural = _("komponen program")

    def __str__(self) -> str:
        return f"{self.program.code}/{self.code}"


class StackLevel(models.TextChoices):
    HOUSEHOLD = "keluarga", _("Keluarga")
    PERSON = "jiwa", _("Jiwa")


class StackingRule(models.Model):
    """Whether two programmes may be held together. Symmetric: (A, B) says the same as (B, A)."""

    program_a = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+", verbose_name=_("program A"))
    program_b = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+", verbose_name=_("program B"))
    allowed = models.BooleanField(_("boleh diterima bersamaan"), default=False)
    level = models.CharField(_("tingkat"), max_length=10, choices=StackLevel.choices, default=StackLevel.HOUSEHOLD)
    note = models.CharField(_("dasar/keterangan"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program_a", "program_b"], name="stacking_unique_pair"),
            models.CheckConstraint(condition=~Q(program_a=models.F("program_b")), name="stacking_two_programs"),
        ]
        verbose_name = _("aturan penerimaan ganda")
        verbose_name_plural = _("aturan penerimaan ganda")

    def __str__(self) -> str:
        return f"{self.program_a} + {self.program_b}: {'boleh' if self.allowed else 'tidak boleh'}"


class CycleState(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    FROZEN = "dibekukan", _("Dibekukan")
    CLOSED = "ditutup", _("Ditutup")


class CycleQuerySet(models.QuerySet):
    def current(self) -> CycleQuerySet:
        """Each programme's current cycle per kabupaten/kota: the most recent by start date, whatever its state.

        That is the list in preparation once a new tahap is opened (it starts as a copy of the previous one), so
        the checks flag a wrong recipient while there is still time to remove them before the freeze."""
        latest = (Cycle.objects.filter(program=models.OuterRef("program"), regency=models.OuterRef("regency"))
                  .order_by("-starts_on", "-id").values("id")[:1])
        return self.filter(id=models.Subquery(latest))

    def for_user(self, user, perm: str = perms.PROGRAMS_VIEW) -> CycleQuerySet:
        """Cycles of a kabupaten/kota the user's scope lies in (or, for a province, contains)."""
        codes = scoping.areas_for(user, perm)
        if not codes:
            return self.none()
        regencies = {".".join(code.split(".")[:2]) for code in codes if code.count(".") >= 1}
        provinces = [code for code in codes if "." not in code]
        q = Q(regency_id__in=regencies)
        for province in provinces:
            q |= subtree_q("regency_id", province)
        return self.filter(q)


class Cycle(models.Model):
    """One tahap of a programme in one kabupaten/kota, with its recipient list.

    Open: enrolments may be added and removed. Frozen: the list is the snapshot paid in this tahap and no
    longer changes; corrections go to the next cycle. Closed: the tahap is over (distributions recorded)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles")
    regency = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    code = models.CharField(_("kode tahap"), max_length=20, help_text=_("Mis. 2026-T1."))
    name = models.CharField(_("nama"), max_length=120, blank=True)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    state = models.CharField(_("status"), max_length=10, choices=CycleState.choices, default=CycleState.OPEN)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["program", "regency", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["program", "regency", "code"], name="cycle_unique_code")]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")

    def __str__(self) -> str:
        return f"{self.program.code} {self.code}"

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "aktif", _("Aktif")
    REMOVED = "dikeluarkan", _("Dikeluarkan")


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = perms.PROGRAMS_VIEW) -> EnrolmentQuerySet:
        return scoping.filter_for(self, user, perm, "household__desa_id")

    def active(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.ACTIVE)


class Enrolment(models.Model):
    """A household (household programmes) or a person (person programmes) on a cycle's recipient list.

    ``program`` repeats ``cycle.program`` so the overlap checks join enrolments to enrolments without going
    through cycles. ``components`` counts the qualifying members per component code ({"sd": 2, "lansia": 1})."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="enrolments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="enrolments")
    components = models.JSONField(_("komponen"), default=dict, blank=True)
    annual_amount = models.BigIntegerField(_("manfaat per tahun (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ACTIVE)
    source = models.CharField(_("asal"), max_length=60, blank=True,
                              help_text=_("impor, kelayakan, manual, atau tahap sebelumnya."))
    import_batch = models.ForeignKey("imports.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    import_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    removed_reason = models.CharField(_("alasan dikeluarkan"), max_length=300, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "household", "person"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "household"],
                                    condition=Q(person__isnull=True, status="aktif"),
                                    name="enrolment_one_household_per_cycle"),
            models.UniqueConstraint(fields=["cycle", "person"],
                                    condition=Q(person__isnull=False, status="aktif"),
                                    name="enrolment_one_person_per_cycle"),
        ]
        indexes = [
            models.Index(fields=["program", "status", "household"], name="enrolment_program_household"),
            models.Index(fields=["household", "status"], name="enrolment_household"),
        ]
        verbose_name = _("penerima")
        verbose_name_plural = _("penerima")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.household_id}/{self.person_id or '-'}"


class DistributionState(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    DISBURSED = "tersalur", _("Tersalur")
    RETURNED = "dikembalikan", _("Dikembalikan")


class Distribution(models.Model):
    """One payment of a cycle to one enrolment: planned, then disbursed, or returned with the reason."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="distributions")
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    state = models.CharField(_("status"), max_length=14, choices=DistributionState.choices,
                             default=DistributionState.PLANNED)
    channel = models.CharField(_("penyalur"), max_length=60, blank=True, help_text=_("Bank Himbara, PT Pos, tunai."))
    planned_on = models.DateField(_("tanggal rencana"), null=True, blank=True)
    disbursed_on = models.DateField(_("tanggal salur"), null=True, blank=True)
    returned_reason = models.CharField(_("alasan dikembalikan"), max_length=300, blank=True)
    reference = models.CharField(_("nomor referensi"), max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["enrolment", "planned_on", "id"]
        verbose_name = _("penyaluran")
        verbose_name_plural = _("penyaluran")

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.amount} ({self.state})"


class PmtModel(models.Model):
    """A proxy-means-test model version: score = intercept + Σ weight × variable (variables in
    :mod:`sinergi.programs.pmt`). Lower scores are poorer. One version is active; old versions stay for the
    record of how earlier desils were computed."""

    version = models.CharField(_("versi"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    intercept = models.FloatField(_("konstanta"), default=0.0)
    weights = models.JSONField(_("bobot"), default=dict)
    active = models.BooleanField(_("aktif"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                               name="pmt_one_active_model")]
        verbose_name = _("model PMT")
        verbose_name_plural = _("model PMT")

    def __str__(self) -> str:
        return self.version

    def clean(self) -> None:
        # A weight on a variable pmt.py does not know is refused here (the admin shows it under the field),
        # not half-way through a recompute.
        from .welfare import validate_model

        validate_model(self)


class WelfareScore(models.Model):
    household = models.OneToOneField("registry.Household", on_delete=models.CASCADE, related_name="welfare")
    model = models.ForeignKey(PmtModel, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("skor"))
    desil = models.PositiveSmallIntegerField(_("desil kabupaten/kota"), db_index=True)
    desil_province = models.PositiveSmallIntegerField(_("desil provinsi"))
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("peringkat kesejahteraan")
        verbose_name_plural = _("peringkat kesejahteraan")

    def __str__(self) -> str:
        return f"{self.household_id}: desil {self.desil}"


class FindingKind(models.TextChoices):
    OVERLAP = "tumpang-tindih", _("Program yang tidak boleh diterima bersamaan")
    DUPLICATE = "ganda", _("Orang yang sama dua kali dalam satu program")
    CROSS_REGENCY = "lintas-kabupaten", _("Orang yang sama di dua kabupaten/kota")
    INCLUSION_ASSET = "inklusi-aset", _("Penerima memiliki aset pengecualian")
    INCLUSION_DESIL = "inklusi-desil", _("Desil penerima di atas batas program")
    INCLUSION_DECEASED = "inklusi-meninggal", _("Penerima sudah meninggal")
    INCLUSION_MOVED = "inklusi-pindah", _("Penerima sudah pindah")
    INCLUSION_OCCUPATION = "inklusi-pekerjaan", _("Penerima ASN/TNI/Polri")
    EXCLUSION_POOR = "eksklusi-miskin", _("Keluarga desil 1–2 tanpa bantuan")
    EXCLUSION_PPKS = "eksklusi-ppks", _("PPKS tanpa bantuan")


class FindingState(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    CONFIRMED = "dikonfirmasi", _("Dikonfirmasi")
    DISMISSED = "dibatalkan", _("Dibatalkan (bukan kesalahan)")
    RESOLVED = "selesai", _("Selesai")


class FindingQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = perms.FINDINGS_VIEW) -> FindingQuerySet:
        return scoping.filter_for(self, user, perm, "desa_id")


class Finding(models.Model):
    """One result of the targeting checks, with its evidence, kept across runs by ``key``.

    A re-run updates the evidence of findings still detected, re-opens nothing that was dismissed, and marks
    open findings no longer detected as resolved by the data."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=FindingKind.choices, db_index=True)
    state = models.CharField(_("status"), max_length=12, choices=FindingState.choices, default=FindingState.OPEN)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    other_program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="findings")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="findings")
    desa = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    evidence = models.JSONField(_("bukti"), default=dict)
    amount_at_stake = models.BigIntegerField(_("nilai terdampak per tahun (Rp)"), default=0)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    task = models.ForeignKey("pillars.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["desa", "kind", "household"]
        indexes = [models.Index(fields=["desa", "state", "kind"], name="finding_desa_state")]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.household_id})"


class CheckRun(models.Model):
    """One run of the targeting checks over a kabupaten/kota: when, by whom, how many findings of each kind."""

    regency = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    counts = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, default="running")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.started_at:%Y-%m-%d %H:%M}"
