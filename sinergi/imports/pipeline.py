"""The import as domain operations: receive a file, read its header, map columns, check, commit, cancel.

* ``receive_file`` keeps the file (checksum, uploader, time) and reads its header; it never fails on content:
  an unreadable file becomes a batch with status ``unreadable`` and the reader's message.
* ``run_check`` stages every row (values as written, cleaned values, problems, expected outcome) in short
  transactions, with progress; nothing in the registry is touched.
* ``run_commit`` applies the staged rows in ONE transaction: a failure or a cancel rolls everything back, so
  the registry is exactly as it was. Progress goes through :mod:`sinergi.core.jobs`, which is visible while
  that transaction is open.

``run_check`` and ``run_commit`` are what the background tasks call (and the CLI, directly); they are
idempotent: a check replaces the previous staging, and a commit of a committed batch does nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core import bulk
from sinergi.core.jobs import Cancelled, Progress, clear_cancel, request_cancel
from sinergi.core.nik import mask_nik

from . import columns
from .clean import PROBLEM_LABELS, RowCleaner
from .desa import DesaResolver, Village
from .models import ImportBatch, ImportRow, Kind, MappingTemplate, Outcome, Status
from .planner import Item, Planner
from .reader import UnreadableFile, open_table

logger = logging.getLogger(__name__)

CHUNK = 2000
# What the check writes of each row (the person and household links come with the commit).
STAGED_COLUMNS = ("batch", "number", "values", "cleaned", "problems", "notes", "outcome", "changes")
# JSON as Django's JSONField writes it, for rows inserted as plain tuples.
dumps = json.JSONEncoder().encode
# Examples kept per problem kind for the preview.
EXAMPLES_PER_PROBLEM = 5
HASH_BLOCK = 1024 * 1024

# Sent with ``batch=`` after a commit's transaction succeeded: other contexts act on the committed list (the
# programmes put a recipient list on its tahap) without the import knowing them, and without failing it.
import_committed = Signal()


def _require(actor, regency: Area) -> None:
    if actor is not None and not scoping.has_perm_for(actor, scoping.IMPORT_DATA, regency.code):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data untuk wilayah ini."))


def _checksum(fh) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fh.seek(0)
    for block in iter(lambda: fh.read(HASH_BLOCK), b""):
        digest.update(block)
        size += len(block)
    fh.seek(0)
    return digest.hexdigest(), size


def receive_file(*, actor, content: File, original_name: str, kind: str, regency: Area, program: str = "",
                 cycle: str = "") -> ImportBatch:
    """Keep an uploaded file and read its header. Raises ValidationError only for wrong parameters."""
    if regency.level != Level.REGENCY:
        raise ValidationError({"regency": _("Impor dilakukan per kabupaten/kota.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Jenis impor tidak dikenal.")})
    if kind == Kind.PROGRAM and not program.strip():
        raise ValidationError({"program": _("Sebutkan programnya (mis. PKH, BPNT, PBI-JK, BLT-DD).")})
    _require(actor, regency)
    sha256, size = _checksum(content)
    if size == 0:
        raise ValidationError({"file": _("File '%(name)s' kosong (0 byte). Unggah ulang filenya.") % {
            "name": original_name}})
    duplicate = (ImportBatch.objects.filter(sha256=sha256, regency=regency)
                 .exclude(status=Status.UNREADABLE).order_by("uploaded_at").first())
    with transaction.atomic():
        batch = ImportBatch(kind=kind, program=program.strip().upper(), cycle=cycle.strip(), regency=regency,
                            original_name=Path(original_name).name[:255], size=size, sha256=sha256,
                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
                            duplicate_of=duplicate)
        batch.file.save(sha256, content, save=False)
        batch.save()
        inspect(batch)
        record(actor=actor, action=Action.CREATE, obj=batch, area_code=regency.code,
               changes={"file": batch.original_name, "sha256": sha256, "size": size, "kind": kind,
                        "program": batch.program, "cycle": batch.cycle},
               source=batch.source)
    return batch


def inspect(batch: ImportBatch) -> ImportBatch:
    """Read the file's header and suggest a mapping (a fitting saved template first)."""
    try:
        with open_table(batch.file.path, sheet=batch.sheet or None, header_row=batch.header_row,
                        name=batch.original_name) as table:
            info = asdict(table.info)
    except UnreadableFile as exc:
        batch.status, batch.error, batch.info = Status.UNREADABLE, str(exc), {}
        batch.save(update_fields=["status", "error", "info"])
        return batch
    batch.info = info
    batch.status, batch.error = Status.UPLOADED, ""
    headers = info["headers"]
    if not batch.mapping or not set(batch.mapping.values()) <= set(headers):
        template = next((t for t in MappingTemplate.objects.filter(regency=batch.regency, kind=batch.kind)
                         if t.fits(headers)), None)
        batch.mapping = dict(template.mapping) if template else columns.suggest_mapping(headers)
    batch.save(update_fields=["info", "status", "error", "mapping"])
    return batch


def set_mapping(*, actor, batch: ImportBatch, mapping: dict[str, str], sheet: str = "",
                header_row: int | None = None, template_name: str = "") -> ImportBatch:
    """Change the sheet / header row / column mapping. Re-reads the header when the sheet or header row changed."""
    _require(actor, batch.regency)
    if batch.running or batch.committed:
        raise ValidationError(_("Impor ini sedang berjalan atau sudah diterapkan; pemetaan tidak dapat diubah."))
    if (sheet or "") != batch.sheet or header_row != batch.header_row:
        batch.sheet, batch.header_row = sheet or "", header_row
        batch.save(update_fields=["sheet", "header_row"])
        inspect(batch)
        if batch.status == Status.UNREADABLE:
            return batch
    headers = batch.info.get("headers", [])
    clean_mapping = {k: v for k, v in mapping.items() if v}
    unknown = [k for k in clean_mapping if k not in columns.TARGET_KEYS]
    missing_headers = [v for v in clean_mapping.values() if v not in headers]
    if unknown or missing_headers:
        raise ValidationError(_("Pemetaan tidak cocok dengan file: %s") % ", ".join(unknown + missing_headers))
    used = Counter(clean_mapping.values())
    twice = [h for h, n in used.items() if n > 1]
    if twice:
        raise ValidationError(_("Kolom '%s' dipetakan ke lebih dari satu isian.") % "', '".join(twice))
    required = columns.unmapped_required(clean_mapping, batch.kind)
    if required:
        labels = ", ".join(str(columns.target(k).label) for k in required)
        raise ValidationError(_("Kolom wajib belum dipetakan: %s.") % labels)
    batch.mapping = clean_mapping
    batch.status = Status.UPLOADED
    batch.save(update_fields=["mapping", "status"])
    if template_name.strip():
        MappingTemplate.objects.update_or_create(
            regency=batch.regency, kind=batch.kind, name=template_name.strip()[:100],
            defaults={"mapping": clean_mapping, "created_by": actor if getattr(actor, "is_authenticated", False)
                      else None})
    return batch


# ----------------------------------------------------------------------------------------------------------
# Check (staging)
# ----------------------------------------------------------------------------------------------------------


def resolver_for(regency: Area) -> DesaResolver:
    villages = (Area.objects.filter(subtree_q("code", regency.code), level=Level.VILLAGE)
                .select_related("parent").order_by("code"))
    return DesaResolver([Village(code=v.code, name=v.name, district=v.parent.name) for v in villages],
                        regency_code=regency.code, regency_name=regency.name)


def start_check(*, actor, batch: ImportBatch, enqueue: bool = True) -> ImportBatch:
    _require(actor, batch.regency)
    if batch.running or batch.committed:
        raise ValidationError(_("Impor ini sedang berjalan atau sudah diterapkan."))
    if batch.status == Status.UNREADABLE:
        raise ValidationError(batch.error)
    missing = columns.unmapped_required(batch.mapping, batch.kind)
    if missing:
        raise ValidationError(_("Kolom wajib belum dipetakan: %s.") % ", ".join(
            str(columns.target(k).label) for k in missing))
    batch.status, batch.error = Status.CHECKING, ""
    batch.save(update_fields=["status", "error"])
    Progress(batch.progress_key, phase="check")
    clear_cancel(batch.progress_key)
    if enqueue:
        from .tasks import check_import

        batch.task_id = check_import.enqueue(batch.pk).id
        batch.save(update_fields=["task_id"])
    return batch


def run_check(batch_id: int, *, today=None, on_progress: Callable[[int], None] | None = None) -> ImportBatch:
    # Messages stored on the batch and its rows are data: always in the installation's language.
    with translation.override(settings.LANGUAGE_CODE), bulk.fewer_gc_pauses():
        return _run_check(batch_id, today=today, on_progress=on_progress)


def _run_check(batch_id: int, *, today, on_progress) -> ImportBatch:
    batch = ImportBatch.objects.select_related("regency").get(pk=batch_id)
    if batch.status != Status.CHECKING:
        return batch  # already done, cancelled or re-mapped meanwhile: a re-delivered task does nothing
    progress = Progress(batch.progress_key, phase="check", total=_estimate_rows(batch))
    try:
        ImportRow.objects.filter(batch=batch).delete()
        _stage(batch, progress, today or timezone.localdate(), on_progress)
    except Cancelled:
        ImportRow.objects.filter(batch=batch).delete()
        _finish(batch, Status.CANCELLED, _("Pemeriksaan dibatalkan; belum ada data yang diubah."))
    except UnreadableFile as exc:
        ImportRow.objects.filter(batch=batch).delete()
        _finish(batch, Status.UNREADABLE, str(exc))
    except Exception:
        logger.exception("import %s: check failed", batch.pk)
        ImportRow.objects.filter(batch=batch).delete()
        _finish(batch, Status.FAILED, _("Pemeriksaan gagal karena kesalahan sistem; registri tidak berubah. "
                                        "Hubungi admin dengan nomor impor #%s.") % batch.pk)
    batch.refresh_from_db()
    return batch


def _finish(batch: ImportBatch, status: str, error: str = "") -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, error=error)


def _estimate_rows(batch: ImportBatch) -> int:
    """Line count for CSV (a fast byte scan); 0 (unknown) for XLSX, whose rows are only known by parsing."""
    if batch.info.get("kind") != "csv":
        return 0
    with open(batch.file.path, "rb") as fh:
        lines = sum(block.count(b"\n") for block in iter(lambda: fh.read(HASH_BLOCK), b""))
    return max(0, lines - int(batch.info.get("data_start_row", 2)) + 1)


def _stage(batch: ImportBatch, progress: Progress, today, on_progress) -> None:
    planner = Planner(regency=batch.regency, kind=batch.kind, source=batch.source, write=False)
    with open_table(batch.file.path, sheet=batch.sheet or None, header_row=batch.header_row,
                    name=batch.original_name) as table:
        cleaner = RowCleaner(mapping=batch.mapping, kind=batch.kind, resolver=resolver_for(batch.regency),
                             today=today, letters=table.info.columns)
        counts: Counter[str] = Counter()
        problems: dict[str, dict] = {}
        done = notes = 0
        for chunk in _chunks(table, CHUNK):
            items, staged = [], []
            for row in chunk:
                result = cleaner.clean(row.values, row.raw)
                item = Item(number=row.number, cleaned=result.cleaned,
                            problems=[p.as_dict() for p in result.problems], notes=result.notes)
                if item.problems:
                    item.outcome = Outcome.REJECTED
                items.append(item)
                staged.append((row, item))
            planner.plan(items)
            rows = []
            for row, item in staged:
                counts[item.outcome] += 1
                for p in item.problems:
                    _count_problem(problems, p, row.number)
                notes += bool(item.notes)
                rows.append((batch.pk, row.number, dumps(row.values), dumps(item.cleaned), dumps(item.problems),
                             dumps(item.notes), item.outcome, dumps(item.changes)))
            with transaction.atomic():
                bulk.insert_rows(ImportRow, STAGED_COLUMNS, rows)
            done += len(chunk)
            progress.advance(done)
            if on_progress:
                on_progress(done)
        info = dict(batch.info)
        info["warnings"] = list(table.info.warnings)
        info["rows_with_notes"] = notes
    ImportBatch.objects.filter(pk=batch.pk, status=Status.CHECKING).update(
        status=Status.CHECKED, checked_at=timezone.now(), info=info, problems=problems, rows_total=done,
        rows_new=counts[Outcome.NEW], rows_updated=counts[Outcome.UPDATED],
        rows_unchanged=counts[Outcome.UNCHANGED], rows_rejected=counts[Outcome.REJECTED], error="",
    )
    progress.advance(done, total=done)


def _chunks(rows, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _count_problem(problems: dict[str, dict], problem: dict[str, str], number: int) -> None:
    kind = problems.setdefault(problem["code"], {"count": 0, "label": PROBLEM_LABELS.get(problem["code"], ""),
                                                 "examples": []})
    kind["count"] += 1
    if len(kind["examples"]) < EXAMPLES_PER_PROBLEM:
        value = problem["value"]
        if problem["target"] in ("nik", "no_kk") and value.isdigit():
            value = mask_nik(value)
        kind["examples"].append({"row": number, "column": problem["column"], "value": value,
                                 "message": problem["message"]})


# ----------------------------------------------------------------------------------------------------------
# Commit
# ----------------------------------------------------------------------------------------------------------


def start_commit(*, actor, batch: ImportBatch, enqueue: bool = True) -> ImportBatch:
    _require(actor, batch.regency)
    if batch.status != Status.CHECKED:
        raise ValidationError(_("Hanya impor yang sudah diperiksa dapat diterapkan."))
    updated = ImportBatch.objects.filter(pk=batch.pk, status=Status.CHECKED).update(
        status=Status.COMMITTING, error="", committed_by=actor if getattr(actor, "is_authenticated", False) else None)
    if not updated:
        raise ValidationError(_("Impor ini sudah sedang diterapkan."))
    batch.refresh_from_db()
    Progress(batch.progress_key, phase="commit", total=batch.rows_total - batch.rows_rejected)
    clear_cancel(batch.progress_key)
    if enqueue:
        from .tasks import commit_import

        batch.task_id = commit_import.enqueue(batch.pk).id
        batch.save(update_fields=["task_id"])
    return batch


def run_commit(batch_id: int, *, on_progress: Callable[[int], None] | None = None) -> ImportBatch:
    with translation.override(settings.LANGUAGE_CODE), bulk.fewer_gc_pauses():
        return _run_commit(batch_id, on_progress=on_progress)


def _run_commit(batch_id: int, *, on_progress) -> ImportBatch:
    batch = ImportBatch.objects.select_related("regency", "committed_by").get(pk=batch_id)
    if batch.status != Status.COMMITTING:
        return batch
    todo = batch.rows.exclude(outcome=Outcome.REJECTED).count()
    progress = Progress(batch.progress_key, phase="commit", total=todo)
    committed = False
    try:
        with transaction.atomic():
            # One import per kabupaten at a time: two files adding the same NIK must not both create it.
            Area.objects.select_for_update().filter(pk=batch.regency_id).first()
            counts = _apply(batch, progress, on_progress)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=Status.COMMITTED, committed_at=timezone.now(), error="",
                rows_new=counts[Outcome.NEW], rows_updated=counts[Outcome.UPDATED],
                rows_unchanged=counts[Outcome.UNCHANGED], rows_rejected=counts[Outcome.REJECTED])
            record(actor=batch.committed_by, action=Action.UPDATE, obj=batch, area_code=batch.regency_id,
                   changes={"status": [Status.CHECKED, Status.COMMITTED], **{k: counts[k] for k in Outcome.values}},
                   source=batch.source)
        committed = True
    except Cancelled:
        _finish(batch, Status.CHECKED, _("Penerapan dibatalkan; registri tidak berubah. Hasil pemeriksaan "
                                         "tetap tersedia."))
    except Exception:
        logger.exception("import %s: commit failed", batch.pk)
        _finish(batch, Status.CHECKED, _("Penerapan gagal karena kesalahan sistem; registri tidak berubah. "
                                         "Hubungi admin dengan nomor impor #%s.") % batch.pk)
    batch.refresh_from_db()
    if committed:
        for receiver, result in import_committed.send_robust(sender=ImportBatch, batch=batch):
            if isinstance(result, Exception):
                logger.error("import %s: %r failed after the commit", batch.pk, receiver, exc_info=result)
    return batch


def _apply(batch: ImportBatch, progress: Progress, on_progress) -> Counter[str]:
    planner = Planner(regency=batch.regency, kind=batch.kind, source=batch.source, actor=batch.committed_by,
                      write=True)
    counts: Counter[str] = Counter(
        {Outcome.REJECTED: batch.rows.filter(outcome=Outcome.REJECTED).count()})
    done, last = 0, 0
    while True:
        # Keyset pagination on the row number: the rows' outcomes change as we go, so no OFFSET.
        rows = list(batch.rows.exclude(outcome=Outcome.REJECTED).filter(number__gt=last).order_by("number")
                    .values_list("id", "number", "cleaned", "outcome", "changes")[:CHUNK])
        if not rows:
            break
        last = rows[-1][1]
        items = [Item(number=number, cleaned=cleaned, pk=pk) for pk, number, cleaned, _o, _c in rows]
        planner.plan(items)
        for it in items:
            counts[it.outcome] += 1
        # What the preview said is usually what happened: only rows whose outcome or changes differ get their
        # JSON rewritten; every row gets its person and household link.
        changed = [it for it, (_pk, _n, _cl, outcome, changes) in zip(items, rows, strict=True)
                   if it.outcome != outcome or it.changes != changes or it.problems]
        _save_outcomes(items, changed)
        done += len(rows)
        progress.advance(done)
        if on_progress:
            on_progress(done)
    return counts


def _save_outcomes(items: list[Item], changed: list[Item]) -> None:
    """Write the rows' links (all rows) and outcomes (the rows that differ from the preview).

    Links go in one statement per chunk over integer arrays (Django's bulk_update builds a CASE per field and
    row, which cost more than the whole rest of the commit).
    """
    table = ImportRow._meta.db_table
    links = [(it.person_id, it.household_id, it.pk) for it in items]
    details = [(it.outcome, json.dumps(it.changes), json.dumps(it.problems), it.pk) for it in changed]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS t SET person_id = v.person_id, household_id = v.household_id "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v(person_id, household_id, id) "
                "WHERE t.id = v.id",
                [list(column) for column in zip(*links, strict=True)],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET person_id = %s, household_id = %s WHERE id = %s", links  # noqa: S608
            )
        if details:
            cursor.executemany(
                f"UPDATE {table} SET outcome = %s, changes = %s, problems = %s WHERE id = %s",  # noqa: S608
                details,
            )


def cancel(*, actor, batch: ImportBatch) -> bool:
    """Ask a running check or commit to stop; it stops at its next chunk and rolls back."""
    _require(actor, batch.regency)
    if not batch.running:
        return False
    request_cancel(batch.progress_key)
    record(actor=actor, action=Action.UPDATE, obj=batch, area_code=batch.regency_id,
           changes={"cancel_requested": [False, True]}, source=batch.source)
    return True


# ----------------------------------------------------------------------------------------------------------
# Rejected rows
# ----------------------------------------------------------------------------------------------------------

PROBLEM_COLUMN = "MASALAH (hapus kolom ini tidak perlu)"
ROW_COLUMN = "BARIS ASAL"


def rejected_xlsx(batch: ImportBatch) -> bytes:
    """The rejected rows with every original column as text, plus the problem and the original row number.

    Fixed in Excel and uploaded again, the file maps the same way (the two extra columns map to nothing).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    from sinergi.registry.export import neutralise

    headers = list(batch.info.get("headers", []))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DITOLAK")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for title in [*headers, PROBLEM_COLUMN, ROW_COLUMN]:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in batch.rows.filter(outcome=Outcome.REJECTED).order_by("number").iterator(chunk_size=CHUNK):
        cells = []
        for value in [*(row.values.get(h, "") for h in headers), row.problem_text]:
            cell = WriteOnlyCell(ws, value=neutralise(str(value)))
            cell.number_format = "@"  # text: a NIK stays 16 digits
            cell.data_type = "s"
            cells.append(cell)
        cells[-1].alignment = wrap
        cells.append(WriteOnlyCell(ws, value=row.number))
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
