"""Uploaded files and what became of each of their rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping


class Kind(models.TextChoices):
    DTKS = "dtks", _("DTKS/SIKS-NG")
    PROGRAM = "program", _("Daftar penerima program")


class Status(models.TextChoices):
    UPLOADED = "uploaded", _("menunggu pemetaan kolom")
    UNREADABLE = "unreadable", _("file tidak terbaca")
    CHECKING = "checking", _("sedang diperiksa")
    CHECKED = "checked", _("siap diterapkan")
    COMMITTING = "committing", _("sedang diterapkan")
    COMMITTED = "committed", _("selesai diterapkan")
    CANCELLED = "cancelled", _("dibatalkan")
    FAILED = "failed", _("gagal")


RUNNING = (Status.CHECKING, Status.COMMITTING)


class Outcome(models.TextChoices):
    NEW = "new", _("baru")
    UPDATED = "updated", _("berubah")
    UNCHANGED = "unchanged", _("tetap")
    REJECTED = "rejected", _("ditolak")


class ImportBatchQuerySet(models.QuerySet):
    def for_user(self, user) -> ImportBatchQuerySet:
        """Imports are a kabupaten/kota-level task: visible to who may import into the whole regency."""
        return scoping.filter_for(self, user, scoping.IMPORT_DATA, "regency_id")


def _upload_path(batch: ImportBatch, filename: str) -> str:
    # The checksum names the stored file: the original name (often "data.xlsx") is kept in a field.
    return f"imports/{batch.sha256[:2]}/{batch.sha256}"


class ImportBatch(models.Model):
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    program = models.CharField(_("program"), max_length=30, blank=True)
    cycle = models.CharField(_("periode"), max_length=20, blank=True)
    regency = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    file = models.FileField(upload_to=_upload_path, max_length=200)
    original_name = models.CharField(_("nama file"), max_length=255)
    size = models.BigIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("baris judul kolom"), null=True, blank=True)
    # What the reader found: encoding, delimiter, sheet, header row, headers, column letters, warnings.
    info = models.JSONField(default=dict, blank=True)
    # {target key: header as written in the file}
    mapping = models.JSONField(default=dict, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # {problem code: {"count": n, "label": "...", "examples": [{"row", "column", "value", "message"}]}}
    problems = models.JSONField(default=dict, blank=True)

    checked_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def source(self) -> str:
        """The ``source`` of audit entries this import writes: history points back to the file."""
        return f"import:{self.pk}"

    @property
    def progress_key(self) -> str:
        return f"import:{self.pk}"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def committed(self) -> bool:
        return self.status == Status.COMMITTED


class ImportRow(models.Model):
    """One data row of the file: as written, as understood, and what happened to it.

    Before the commit ``outcome`` is what the check expects; after it, what was done.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("baris"))
    # Every column of the file, header -> text as displayed: the rejected-rows file is rebuilt from this.
    values = models.JSONField(default=dict)
    # Target key -> cleaned value (dates as yyyy-mm-dd), for the columns that were mapped.
    cleaned = models.JSONField(default=dict)
    # [{"code", "target", "column", "value", "message"}]
    problems = models.JSONField(default=list, blank=True)
    # Not problems, but worth a look: "Desa 'Lamrueng' dibaca sebagai 'Lamreung'."
    notes = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # {"person": {field: [old, new]}, "household": {...}}
    changes = models.JSONField(default=dict, blank=True)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_rows"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_rows"
    )

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_number_unique")]
        indexes = [models.Index(fields=["batch", "outcome", "number"], name="import_row_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"

    @property
    def problem_text(self) -> str:
        return " ".join(p["message"] for p in self.problems)

    @property
    def change_text(self) -> str:
        """Changed values as "label: old → new"; a new record's values are not listed (the outcome says it)."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        parts = []
        for part, fields in self.changes.items():
            model = apps.get_model("registry", "Person" if part == "person" else "Household")
            for field, values in fields.items():
                if not isinstance(values, list) or values[0] is None:
                    continue
                try:
                    label = str(model._meta.get_field(field.removesuffix("_id")).verbose_name)
                except FieldDoesNotExist:
                    label = field
                parts.append(f"{label}: {values[0]} → {values[1]}")
        return "; ".join(parts)


class MappingTemplate(models.Model):
    """A saved column mapping. Offered for a new file whose headers contain every header it maps."""

    name = models.CharField(_("nama templat"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    regency = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    mapping = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["regency", "kind", "name"], name="mapping_template_unique")]

    def __str__(self) -> str:
        return self.name

    def fits(self, headers: list[str]) -> bool:
        return bool(self.mapping) and set(self.mapping.values()) <= set(headers)
