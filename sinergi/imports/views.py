from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts import scoping
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.jobs import progress_of

from . import pipeline
from .forms import MappingForm, UploadForm
from .models import ImportBatch, Outcome, Status

ROWS_PER_PAGE = 50


def _batch_for(request, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.for_user(request.user).select_related("regency", "uploaded_by"),
                             pk=pk)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    if not scoping.has_perm_anywhere(request.user, scoping.IMPORT_DATA):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = pipeline.receive_file(actor=request.user, content=upload, original_name=upload.name,
                                          kind=form.cleaned_data["kind"], regency=form.chosen_regency,
                                          program=form.cleaned_data["program"], cycle=form.cleaned_data["cycle"])
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            return redirect("imports:detail", pk=batch.pk)
    batches = ImportBatch.objects.for_user(request.user).select_related("regency", "uploaded_by")[:50]
    return render(request, "imports/list.html", {"form": form, "batches": batches})


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = _batch_for(request, pk)
    context = {"batch": batch, "progress": progress_of(batch.progress_key) if batch.running else None}
    if batch.status in (Status.UPLOADED, Status.CANCELLED, Status.CHECKED, Status.FAILED):
        context["mapping_form"] = MappingForm(batch=batch)
    if batch.status in (Status.CHECKED, Status.COMMITTED):
        outcome = request.GET.get("hasil", "")
        rows = batch.rows.all().select_related("household").order_by("number")
        if outcome in Outcome.values:
            rows = rows.filter(outcome=outcome)
        number = request.GET.get("baris", "")
        if number.isdigit():
            rows = rows.filter(number__gte=int(number))
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, outcome=outcome, outcomes=Outcome.choices)
        record(actor=request.user, action=Action.VIEW, obj=batch, area_code=batch.regency_id,
               changes={"rows": [r.number for r in page.object_list]}, source=batch.source)
    return render(request, "imports/detail.html", context)


@login_required
@require_GET
def batch_progress(request, pk: int):
    """Polled by the progress bar. Reads only (see NoSessionSaveMiddleware): an import holds the SQLite lock."""
    batch = _batch_for(request, pk)
    request.sinergi_skip_session_save = True
    response = render(request, "imports/_progress.html",
                      {"batch": batch, "progress": progress_of(batch.progress_key)})
    if not batch.running:
        # The job ended: reload the whole page, which now shows the preview or the result.
        response["HX-Refresh"] = "true"
    return response


def _operate(request, batch: ImportBatch, operation) -> HttpResponse:
    """Run a pipeline operation for a POST: its ValidationError becomes a message, lack of right a 404."""
    try:
        operation()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_POST
def batch_mapping(request, pk: int):
    batch = _batch_for(request, pk)
    form = MappingForm(request.POST, batch=batch)
    if not form.is_valid():
        messages.error(request, _("Periksa isian pemetaan."))
        return redirect("imports:detail", pk=batch.pk)

    def map_and_check():
        pipeline.set_mapping(actor=request.user, batch=batch, mapping=form.mapping(),
                             sheet=form.cleaned_data.get("sheet") or "", header_row=form.cleaned_data["header_row"],
                             template_name=form.cleaned_data["template_name"])
        if batch.status != Status.UNREADABLE:
            pipeline.start_check(actor=request.user, batch=batch)

    return _operate(request, batch, map_and_check)


@login_required
@require_POST
def batch_commit(request, pk: int):
    batch = _batch_for(request, pk)
    return _operate(request, batch, lambda: pipeline.start_commit(actor=request.user, batch=batch))


@login_required
@require_POST
def batch_cancel(request, pk: int):
    batch = _batch_for(request, pk)

    def cancel():
        if pipeline.cancel(actor=request.user, batch=batch):
            messages.info(request, _("Pembatalan diminta; proses berhenti pada bagian berikutnya dan semua "
                                     "perubahannya dibatalkan."))

    return _operate(request, batch, cancel)


@login_required
@require_GET
def batch_rejected(request, pk: int):
    batch = _batch_for(request, pk)
    if batch.status not in (Status.CHECKED, Status.COMMITTED):
        raise Http404
    numbers = list(batch.rows.filter(outcome=Outcome.REJECTED).values_list("number", flat=True)[:100_000])
    record(actor=request.user, action=Action.EXPORT, obj=batch, area_code=batch.regency_id,
           changes={"format": "xlsx", "rejected_rows": numbers}, source=batch.source)
    response = HttpResponse(pipeline.rejected_xlsx(batch),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ditolak-impor-{batch.pk}-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def batch_export(request, pk: int):
    """The persons of a committed list in the registry's DTKS layout: a programme list to pass on."""
    from sinergi.registry import export
    from sinergi.registry.models import Person

    batch = _batch_for(request, pk)
    if batch.status != Status.COMMITTED:
        raise Http404
    person_ids = batch.rows.exclude(person=None).values("person_id")
    persons = list(Person.objects.for_user(request.user, scoping.EXPORT_REGISTRY).filter(pk__in=person_ids)
                   .select_related("household__desa__parent").order_by("household__desa_id", "household_id",
                                                                       "relation", "id"))
    if not persons:
        raise Http404
    reveal = all(scoping.has_perm_for(request.user, scoping.REVEAL_NIK, p.household.desa_id) for p in persons)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    record(actor=request.user, action=Action.EXPORT, object_type="registry.person",
           object_id=f"{len(persons)} rows", area_code=batch.regency_id, source=batch.source,
           changes={"format": fmt, "import": batch.pk, "nik_unmasked": reveal, "persons": [p.pk for p in persons]})
    name = f"{batch.program or batch.kind}-{batch.cycle or batch.pk}".replace(" ", "_")
    return export.response(export.rows(persons, reveal=reveal), fmt=fmt, filename=name)
