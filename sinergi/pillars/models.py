"""The social pillars (pekerja sosial) a Dinas Sosial works with, where each of them works, and the tasks sent to
them. A task is general (verification, referral follow-up, visit): other contexts create one through
``operations.create_task`` and read its outcome back; they never write tasks themselves."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinergi.accounts import scoping
from sinergi.areas.models import Level

# Django's default model permissions of Task and PillarWorker; roles grant them as data.
VIEW_TASKS = "pillars.view_task"
REASSIGN_TASKS = "pillars.change_task"
VIEW_WORKERS = "pillars.view_pillarworker"


class PillarType(models.TextChoices):
    PKH_FACILITATOR = "pendamping-pkh", _("Pendamping PKH")
    TKSK = "tksk", _("TKSK")
    PSM = "psm", _("PSM")
    SLRT = "slrt", _("Petugas SLRT/Puskesos")
    TAGANA = "tagana", _("Tagana")
    KARANG_TARUNA = "karang-taruna", _("Karang Taruna")
    PELOPOR_PERDAMAIAN = "pelopor-perdamaian", _("Pelopor Perdamaian")
    SIKS_OPERATOR = "operator-siks", _("Operator SIKS-NG")
    P3MD = "p3md", _("Pendamping Desa (P3MD)")
    LOCAL_FACILITATOR = "pendamping-lokal", _("Pendamping program daerah")
    OTHER = "lainnya", _("Lainnya")


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    INACTIVE = "inactive", _("Tidak aktif")


def sk_covers(on: datetime.date, prefix: str = "") -> Q:
    """Workers whose SK period (when recorded) includes ``on``; an open end on either side means no limit."""
    return (Q(**{f"{prefix}sk_start__isnull": True}) | Q(**{f"{prefix}sk_start__lte": on})) & (
        Q(**{f"{prefix}sk_end__isnull": True}) | Q(**{f"{prefix}sk_end__gte": on})
    )


class PillarWorkerQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = VIEW_WORKERS) -> PillarWorkerQuerySet:
        return scoping.filter_for(self, user, perm, "home_area_id")

    def active_on(self, on: datetime.date) -> PillarWorkerQuerySet:
        return self.filter(sk_covers(on), status=WorkerStatus.ACTIVE)


class PillarWorker(models.Model):
    """One pekerja sosial under one decree. A person holding two roles (PSM and Tagana) is two workers, which
    may share one account."""

    name = models.CharField(_("nama"), max_length=150)
    pillar_type = models.CharField(_("jenis pilar"), max_length=30, choices=PillarType.choices, db_index=True)
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_start = models.DateField(_("SK berlaku mulai"), null=True, blank=True)
    sk_end = models.DateField(_("SK berlaku sampai"), null=True, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="pillar_workers",
        verbose_name=_("akun pengguna"),
    )
    home_area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota pengelola"),
        help_text=_("Dinas yang mengelola petugas ini; menentukan siapa yang boleh melihat datanya."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PillarWorkerQuerySet.as_manager()

    class Meta:
        ordering = ["pillar_type", "name"]
        verbose_name = _("petugas pilar")
        verbose_name_plural = _("petugas pilar")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_pillar_type_display()})"

    def clean(self):
        if self.sk_start and self.sk_end and self.sk_end < self.sk_start:
            raise ValidationError({"sk_end": _("Akhir masa SK tidak boleh sebelum awal masa SK.")})

    def is_active_on(self, day: datetime.date) -> bool:
        if self.status != WorkerStatus.ACTIVE:
            return False
        return (self.sk_start is None or self.sk_start <= day) and (self.sk_end is None or day <= self.sk_end)


class WorkArea(models.Model):
    """Where a worker works: one desa, or a whole kecamatan (a TKSK), which covers every desa under it."""

    worker = models.ForeignKey(PillarWorker, on_delete=models.CASCADE, related_name="work_areas")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "area"], name="pillars_workarea_unique")]
        verbose_name = _("wilayah tugas")
        verbose_name_plural = _("wilayah tugas")

    def __str__(self) -> str:
        return f"{self.worker} · {self.area_id}"

    def clean(self):
        if self.area_id and self.area.level not in (Level.DISTRICT, Level.VILLAGE):
            raise ValidationError({"area": _("Wilayah tugas harus desa/kelurahan atau kecamatan.")})


class TaskKind(models.TextChoices):
    VERIFICATION = "verifikasi", _("Verifikasi data")
    REFERRAL_FOLLOW_UP = "tindak-lanjut-rujukan", _("Tindak lanjut rujukan")
    VISIT = "kunjungan", _("Kunjungan")
    OTHER = "lainnya", _("Lainnya")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class Outcome(models.TextChoices):
    SERVED = "terlayani", _("Sudah terlayani")
    NOT_SERVED = "belum-terlayani", _("Belum terlayani")
    DATA_CONFIRMED = "data-sesuai", _("Data sesuai")
    DATA_CHANGED = "data-berubah", _("Data berubah")
    NOT_FOUND = "tidak-ditemukan", _("Tidak ditemukan")
    MOVED = "pindah", _("Pindah")
    DECEASED = "meninggal", _("Meninggal")
    OTHER = "lainnya", _("Lainnya")


class TaskQuerySet(models.QuerySet):
    def for_user(self, user) -> TaskQuerySet:
        """Tasks assigned to the user's own worker records (whatever their status), plus those whose desa lies
        in the user's scope for ``pillars.view_task``. Neither: no rows."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        # A subquery, not a join on assignees: a join would repeat a task once per assignee.
        own = Q(pk__in=Task.assignees.through.objects.filter(pillarworker__user=user).values("task_id"))
        scope = scoping.scope_q(user, VIEW_TASKS, "desa_id")
        return self.filter(own if scope is None else own | scope)

    def open(self) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN)


class Task(models.Model):
    kind = models.CharField(_("jenis tugas"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    details = models.TextField(_("rincian"), blank=True)
    # Both foreign keys are served by the explicit indexes in Meta (desa leads the (desa, status) one), so
    # their automatic single-column indexes would only duplicate them.
    desa = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan"), db_index=False
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="pillar_tasks",
        verbose_name=_("keluarga"), db_index=False,
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="pillar_tasks",
        verbose_name=_("jiwa"),
    )
    # "<context>:<id>" of what asked for the task (e.g. "referral:12"), so that context can find its tasks.
    source = models.CharField(_("asal tugas"), max_length=60, blank=True, db_index=True)
    source_url = models.CharField(_("tautan asal"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    assignees = models.ManyToManyField(PillarWorker, blank=True, related_name="tasks", verbose_name=_("petugas"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("catatan hasil"), blank=True)
    # When and by whom the task was closed, whether completed or cancelled.
    done_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("tugas pilar")
        verbose_name_plural = _("tugas pilar")
        indexes = [
            models.Index(fields=["desa", "status"], name="pillars_task_desa_status"),
            models.Index(fields=["household"], name="pillars_task_household"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def unassigned(self) -> bool:
        # all(), not exists(): uses the prefetched assignees on list pages.
        return not self.assignees.all()


# ------------------------------------------------------------------------------------------ field work (issue 7)

ADD_VISITS = "pillars.add_visit"
RECORD_MEETINGS = "pillars.add_meeting"
APPROVE_MEETINGS = "pillars.approve_meeting"
MANAGE_WORKERS = "pillars.change_pillarworker"
CREATE_TASKS = "pillars.add_task"
RECORD_HANDOVERS = "pillars.add_handover"


class VisitPurpose(models.TextChoices):
    VERIFICATION = "verifikasi", _("Verifikasi data")
    ASSISTANCE = "pendampingan", _("Pendampingan")
    FOLLOW_UP = "tindak-lanjut", _("Tindak lanjut rujukan/pengaduan")
    DISTRIBUTION = "penyaluran", _("Penyaluran bantuan")
    OTHER = "lainnya", _("Lainnya")


class Visit(models.Model):
    """A pillar's (or several pillars' together) visit to a household: what was found and what follows."""

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="visits",
                                  verbose_name=_("keluarga"))
    person = models.ForeignKey("registry.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("jiwa yang ditemui"))
    # The household's desa when visited: the visit stays in the scope where it happened.
    desa = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("tanggal kunjungan"))
    purpose = models.CharField(_("tujuan"), max_length=20, choices=VisitPurpose.choices)
    findings = models.TextField(_("temuan"))
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    workers = models.ManyToManyField(PillarWorker, related_name="visits", verbose_name=_("petugas yang berkunjung"))
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    lat = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_accuracy_m = models.PositiveIntegerField(_("akurasi GPS (m)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["household", "visited_on"]), models.Index(fields=["desa", "visited_on"])]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} {self.get_purpose_display()}"


class VerificationOutcome(models.TextChoices):
    CONFIRMED = "sesuai", _("Data sesuai")
    CHANGED = "berubah", _("Data berubah")
    NOT_FOUND = "tidak-ditemukan", _("Tidak ditemukan")
    MOVED = "pindah", _("Pindah")
    DIED = "meninggal", _("Meninggal")


class Verification(models.Model):
    """The field form of a verification task (verivali). Its proposed registry changes wait in a
    registry.ChangeRequest for a supervisor; the visit it implies is recorded with it."""

    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="verification")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="verifications")
    outcome = models.CharField(_("hasil verifikasi"), max_length=20, choices=VerificationOutcome.choices)
    notes = models.TextField(_("catatan"), blank=True)
    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="verification")
    change_requests = models.ManyToManyField("registry.ChangeRequest", blank=True, related_name="+")
    # A random key the phone makes once per draft: a form sent twice over a flaky connection is saved once.
    client_token = models.CharField(max_length=64, unique=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verifikasi lapangan")
        verbose_name_plural = _("verifikasi lapangan")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.get_outcome_display()}"


def _photo_path(instance: Photo, filename: str) -> str:
    return f"pillars/photos/{timezone.now():%Y/%m}/{instance.visit_id}-{timezone.now():%H%M%S%f}.jpg"


class Photo(models.Model):
    """Evidence photo of a visit, re-encoded on the server as a JPEG of at most 1600 px (no EXIF: the phone's
    location and serial number stay out of it)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"foto {self.pk}"


class MeetingKind(models.TextChoices):
    MUSDES = "musdes", _("Musyawarah desa/kelurahan")
    RAKOR = "rakor", _("Rapat koordinasi")
    BIMTEK = "bimtek", _("Bimbingan teknis/pelatihan")


class MeetingState(models.TextChoices):
    DRAFT = "draf", _("Draf")
    SUBMITTED = "diajukan", _("Diajukan ke kabupaten")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "dikembalikan", _("Dikembalikan")


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = scoping.VIEW_REGISTRY) -> MeetingQuerySet:
        return scoping.filter_for(self, user, perm, "area_id")


class Meeting(models.Model):
    """A musyawarah desa (its decisions go to the kabupaten for approval, then into a DTKS proposal), a
    coordination meeting or a training."""

    kind = models.CharField(_("jenis"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    # The desa of a musdes; the kecamatan, kabupaten or province that held a rakor or bimtek.
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notulen"), blank=True)
    state = models.CharField(_("status"), max_length=12, choices=MeetingState.choices, default=MeetingState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan kabupaten"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["area", "held_on"]), models.Index(fields=["kind", "state"])]
        permissions = [("approve_meeting", "Boleh menyetujui keputusan musyawarah desa")]
        # A musdes of desa A is seen by whoever sees desa A's households; a kabupaten rakor by the kabupaten.
        verbose_name = _("pertemuan")
        verbose_name_plural = _("pertemuan")

    def __str__(self) -> str:
        return self.title


class ParticipantRole(models.TextChoices):
    """Who attended, beyond the pillar types: village officials and residents count in attendance reports."""

    PILLAR = "pilar", _("Petugas pilar")
    VILLAGE_HEAD = "kepala-desa", _("Kepala desa/lurah")
    VILLAGE_STAFF = "perangkat-desa", _("Perangkat desa/kelurahan")
    DINSOS = "dinsos", _("Dinas Sosial")
    COMMUNITY = "masyarakat", _("Tokoh/warga masyarakat")
    OTHER = "lainnya", _("Lainnya")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    worker = models.ForeignKey(PillarWorker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("nama"), max_length=150)
    role = models.CharField(_("unsur"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PILLAR)
    # Copied from the worker when there is one, so reports by type and area stay right after a worker changes.
    pillar_type = models.CharField(_("jenis pilar"), max_length=30, choices=PillarType.choices, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("asal wilayah"))
    attended = models.BooleanField(_("hadir"), default=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "worker"], condition=Q(worker__isnull=False),
                                               name="participant_worker_once")]

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    """What a musdes decides about a household, in the SIKS-NG proposal's terms."""

    KEEP = "tetap", pgettext_lazy("musdes decision", "Tetap")
    ADD = "tambah", _("Usulan baru")
    REMOVE = "hapus", _("Usulan hapus")
    CORRECT = "perbaiki", _("Usulan perbaikan")


class MeetingHousehold(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="households")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("keputusan"), max_length=10, choices=ProposalKind.choices)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "household"], name="meeting_household_once")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.decision}"


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("tindak lanjut"), max_length=300)
    owner = models.ForeignKey(PillarWorker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("penanggung jawab"))
    owner_name = models.CharField(_("penanggung jawab (bukan pilar)"), max_length=150, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


class HandOverQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = scoping.VIEW_REGISTRY) -> HandOverQuerySet:
        return scoping.filter_for(self, user, perm, "area_id")


class HandOver(models.Model):
    """Aid handed over at an event (e.g. 10 elderly, 10 persons with disabilities, 2 tricycles)."""

    title = models.CharField(_("acara"), max_length=200)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    source = models.CharField(_("sumber bantuan"), max_length=200, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HandOverQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("penyerahan bantuan")
        verbose_name_plural = _("penyerahan bantuan")

    def __str__(self) -> str:
        return self.title


class RecipientGroup(models.TextChoices):
    ELDERLY = "lansia", _("Lanjut usia")
    DISABILITY = "disabilitas", _("Penyandang disabilitas")
    ODGJ = "odgj", _("ODGJ")
    CHILD = "anak", _("Anak")
    POOR = "miskin", _("Keluarga miskin")
    DISASTER = "bencana", _("Korban bencana")
    OTHER = "lainnya", _("Lainnya")


class HandOverItem(models.Model):
    handover = models.ForeignKey(HandOver, on_delete=models.CASCADE, related_name="items")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="handovers")
    person = models.ForeignKey("registry.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    group = models.CharField(_("kelompok penerima"), max_length=20, choices=RecipientGroup.choices)
    item = models.CharField(_("bantuan"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"
