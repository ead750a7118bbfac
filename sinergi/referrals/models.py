"""SLRT (Sistem Layanan dan Rujukan Terpadu): a resident's case at the one-door desk, the referrals it makes to
service providers, and grievances from the public. Every state change is an event row, so the time a referral
spent in each state can be reported and nothing is lost between offices."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinergi.accounts import scoping

VIEW_CASES = "referrals.view_case"
OPEN_CASES = "referrals.add_case"
HANDLE_REFERRALS = "referrals.handle_referral"
SUPERVISE_REFERRALS = "referrals.supervise_referral"
VIEW_GRIEVANCES = "referrals.view_grievance"
CHANGE_GRIEVANCES = "referrals.change_grievance"


class Need(models.TextChoices):
    HEALTH = "kesehatan", _("Kesehatan")
    EDUCATION = "pendidikan", _("Pendidikan")
    CIVIL_REGISTRATION = "adminduk", _("Administrasi kependudukan")
    REHABILITATION = "rehabilitasi", _("Rehabilitasi sosial")
    FOOD = "pangan", _("Bantuan pangan")
    HOUSING = "perumahan", _("Perumahan (RTLH)")
    WORK = "pekerjaan", _("Pekerjaan dan usaha")
    SOCIAL_ASSISTANCE = "bansos", _("Bantuan dan jaminan sosial")
    OTHER = "lainnya", _("Lainnya")


class Ppks(models.TextChoices):
    """The 26 PPKS categories of Permensos 8/2012, coded by their order in the regulation."""

    BALITA_TERLANTAR = "01", _("Anak balita terlantar")
    ANAK_TERLANTAR = "02", _("Anak terlantar")
    ANAK_BERHADAPAN_HUKUM = "03", _("Anak yang berhadapan dengan hukum")
    ANAK_JALANAN = "04", _("Anak jalanan")
    ANAK_DISABILITAS = "05", _("Anak dengan kedisabilitasan")
    ANAK_KORBAN_KEKERASAN = "06", _("Anak korban tindak kekerasan atau diperlakukan salah")
    ANAK_PERLINDUNGAN_KHUSUS = "07", _("Anak yang memerlukan perlindungan khusus")
    LANSIA_TERLANTAR = "08", _("Lanjut usia terlantar")
    DISABILITAS = "09", _("Penyandang disabilitas")
    TUNA_SUSILA = "10", _("Tuna susila")
    GELANDANGAN = "11", _("Gelandangan")
    PENGEMIS = "12", _("Pengemis")
    PEMULUNG = "13", _("Pemulung")
    MINORITAS = "14", _("Kelompok minoritas")
    BWBLP = "15", _("Bekas warga binaan lembaga pemasyarakatan")
    ODHA = "16", _("Orang dengan HIV/AIDS")
    NAPZA = "17", _("Korban penyalahgunaan NAPZA")
    TRAFFICKING = "18", _("Korban perdagangan orang")
    KORBAN_KEKERASAN = "19", _("Korban tindak kekerasan")
    PMBS = "20", _("Pekerja migran bermasalah sosial")
    BENCANA_ALAM = "21", _("Korban bencana alam")
    BENCANA_SOSIAL = "22", _("Korban bencana sosial")
    PEREMPUAN_RAWAN = "23", _("Perempuan rawan sosial ekonomi")
    FAKIR_MISKIN = "24", _("Fakir miskin")
    KELUARGA_BERMASALAH = "25", _("Keluarga bermasalah sosial psikologis")
    KAT = "26", _("Komunitas adat terpencil")


class ServiceType(models.Model):
    """What a provider can do for a resident, with its service-level agreement in days."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama layanan"), max_length=150)
    need = models.CharField(_("jenis kebutuhan"), max_length=20, choices=Need.choices)
    sla_days = models.PositiveSmallIntegerField(_("batas waktu (hari)"), default=14)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["need", "name"]
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (OPD)")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    HOSPITAL = "rsud", _("Rumah sakit")
    BPJS = "bpjs", _("BPJS")
    LKS = "lks", _("LKS/panti")
    OTHER = "lainnya", _("Lainnya")


class ServiceProviderQuerySet(models.QuerySet):
    def serving(self, desa_code: str) -> ServiceProviderQuerySet:
        """Active providers whose area contains the desa (a kabupaten OPD serves every desa in it)."""
        prefixes = [desa_code]
        parts = desa_code.split(".")
        prefixes += [".".join(parts[:i]) for i in range(1, len(parts))]
        return self.filter(active=True, area_id__in=prefixes)


class ServiceProvider(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=ProviderKind.choices)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah layanan"))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    contact_person = models.CharField(_("narahubung"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    services = models.ManyToManyField(ServiceType, related_name="providers", verbose_name=_("layanan"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="service_providers", blank=True,
                                   verbose_name=_("akun petugas"),
                                   help_text=_("Akun yang menerima dan memperbarui rujukan ke penyedia ini."))
    active = models.BooleanField(_("aktif"), default=True)

    objects = ServiceProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyedia layanan")
        verbose_name_plural = _("penyedia layanan")

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    REGISTERED = "terdaftar", _("Terdaftar")
    ASSESSED = "dinilai", _("Sudah diasesmen")
    REFERRED = "dirujuk", _("Dirujuk")
    CLOSED = "selesai", _("Selesai")


class Channel(models.TextChoices):
    WALK_IN = "datang", _("Datang langsung")
    PUSKESOS = "puskesos", _("Puskesos desa")
    PILLAR = "pilar", _("Dibawa pilar sosial")
    GRIEVANCE = "pengaduan", _("Dari pengaduan")
    PHONE = "telepon", _("Telepon/pesan")


class CaseQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = VIEW_CASES) -> CaseQuerySet:
        return scoping.filter_for(self, user, perm, "desa_id")


class Case(models.Model):
    """One visit to the desk: who came, with what problem, what the back office decided."""

    number = models.CharField(_("nomor layanan"), max_length=20, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="slrt_cases",
                               verbose_name=_("warga"))
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="slrt_cases")
    # The household's desa at intake: the scope of the case stays where the resident was served.
    desa = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    channel = models.CharField(_("cara datang"), max_length=20, choices=Channel.choices, default=Channel.WALK_IN)
    complaint = models.TextField(_("keluhan"))
    needs = models.JSONField(_("kebutuhan"), default=list)
    ppks = models.JSONField(_("kategori PPKS"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    assessment = models.TextField(_("hasil asesmen"), blank=True)
    decision = models.TextField(_("keputusan"), blank=True)
    plan = models.TextField(_("rencana tindak lanjut"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("catatan penutupan"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["desa", "opened_at"]), models.Index(fields=["status"])]
        permissions = [
            ("handle_referral", "Boleh menerima dan memperbarui rujukan untuk penyedia layanannya"),
            ("supervise_referral", "Menerima eskalasi rujukan yang lewat batas waktu"),
        ]
        verbose_name = _("layanan SLRT")
        verbose_name_plural = _("layanan SLRT")

    def __str__(self) -> str:
        return self.number

    def get_needs_display(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels.get(code, code)) for code in self.needs]

    def get_ppks_display(self) -> list[str]:
        labels = dict(Ppks.choices)
        return [str(labels.get(code, code)) for code in self.ppks]


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never carries the uploaded one (it may contain a resident's name); the label keeps it.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"slrt/{timezone.now():%Y/%m}/{instance.case_id}-{timezone.now():%H%M%S%f}.{suffix}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    label = models.CharField(_("keterangan"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.label


class State(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    ACCEPTED = "diterima", _("Diterima")
    IN_PROGRESS = "diproses", _("Diproses")
    COMPLETED = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")
    RETURNED = "dikembalikan", _("Dikembalikan")


OPEN_STATES = [State.SUBMITTED, State.ACCEPTED, State.IN_PROGRESS]


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user) -> ReferralQuerySet:
        """The desk sees the referrals of the cases in its scope; a provider's staff see only their provider's
        referrals, for residents of the areas where they hold the handling permission. Fail-closed."""
        desk = scoping.scope_q(user, VIEW_CASES, "case__desa_id")
        handling = scoping.scope_q(user, HANDLE_REFERRALS, "case__desa_id")
        conditions = []
        if desk is not None:
            conditions.append(desk)
        if handling is not None:
            conditions.append(handling & Q(provider__staff=user))
        if not conditions:
            return self.none()
        combined = conditions[0]
        for extra in conditions[1:]:
            combined |= extra
        # provider__staff joins a many-to-many table: one referral could repeat without distinct().
        return self.filter(pk__in=self.model.objects.filter(combined).values("pk"))

    def for_provider_user(self, user) -> ReferralQuerySet:
        handling = scoping.scope_q(user, HANDLE_REFERRALS, "case__desa_id")
        if handling is None:
            return self.none()
        return self.filter(pk__in=self.model.objects.filter(handling, provider__staff=user).values("pk"))

    def overdue(self, now: datetime.datetime | None = None) -> ReferralQuerySet:
        return self.filter(state__in=OPEN_STATES, due_at__lt=now or timezone.now())


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="referrals",
                                 verbose_name=_("penyedia layanan"))
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("layanan"))
    reason = models.TextField(_("alasan rujukan"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    tracking = models.CharField(_("nomor lacak"), max_length=20, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"))
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("hasil layanan"), blank=True)
    state_reason = models.TextField(_("alasan"), blank=True, help_text=_("Alasan ditolak atau dikembalikan."))

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "due_at"]), models.Index(fields=["provider", "state"])]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")

    def __str__(self) -> str:
        return self.tracking

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"


class GrievanceCategory(models.TextChoices):
    NOT_RECEIVED = "tidak-menerima", _("Tidak menerima bantuan")
    WRONG_RECIPIENT = "salah-sasaran", _("Penerima tidak layak (laporan)")
    WRONG_DATA = "data-salah", _("Data salah")
    SERVICE = "layanan", _("Keluhan layanan")
    OTHER = "lainnya", _("Lainnya")


class GrievanceState(models.TextChoices):
    RECEIVED = "diterima", pgettext_lazy("grievance state", "Diterima")
    IN_PROGRESS = "ditangani", _("Sedang ditangani")
    RESOLVED = "selesai", _("Selesai")
    CLOSED = "ditutup", _("Tidak dapat ditindaklanjuti")


class GrievanceQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = VIEW_GRIEVANCES) -> GrievanceQuerySet:
        return scoping.filter_for(self, user, perm, "area_id")


class Grievance(models.Model):
    tracking = models.CharField(_("nomor lacak"), max_length=20, unique=True)
    category = models.CharField(_("kategori"), max_length=20, choices=GrievanceCategory.choices)
    description = models.TextField(_("uraian"))
    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    subject_nik = models.CharField(_("NIK yang diadukan"), max_length=16, blank=True)
    # The desa when the reporter named one, else the kabupaten: the scope of the staff who handle it.
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    channel = models.CharField(_("saluran"), max_length=10,
                               choices=[("publik", _("Formulir publik")), ("petugas", _("Dicatat petugas"))])
    state = models.CharField(_("status"), max_length=20, choices=GrievanceState.choices,
                             default=GrievanceState.RECEIVED)
    person = models.ForeignKey("registry.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="grievances", verbose_name=_("warga terkait"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "state"])]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.tracking

    @property
    def source(self) -> str:
        """How a change request made from this grievance names it (registry.ChangeRequest.source)."""
        return f"grievance:{self.pk}"


class GrievanceEvent(models.Model):
    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=GrievanceState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=GrievanceState.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"
