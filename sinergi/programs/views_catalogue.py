"""The programme catalogue, each programme's tahap and their recipient lists and payments. Thin: GETs read through
the scoped querysets, each POST parses a form and calls one operation (or starts its background job).

Who sees what: the catalogue, to anyone who may view programmes somewhere; a tahap, to whoever's scope lies in
its kabupaten/kota (Cycle.for_user); its recipients, only those in the user's own area (Enrolment.for_user), so a
desa operator sees their desa's part of the list. Actions need the right to manage programmes over the tahap's
kabupaten/kota; without it a POST answers 404 like a page outside the scope.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.models import JobProgress
from sinergi.core.names import search_key
from sinergi.core.views import errors_text, run_operation
from sinergi.imports.models import ImportBatch, Kind, Status
from sinergi.registry.codes import Relation
from sinergi.registry.models import Household, Person

from . import operations, perms, tasks_enrolment
from .forms_catalogue import (
    AddRecipientForm,
    CycleForm,
    DisburseForm,
    EligibleForm,
    EnrolHouseholdForm,
    PlanForm,
    ReasonForm,
    RemoveForm,
)
from .models import (
    Cycle,
    CycleState,
    Distribution,
    DistributionState,
    Enrolment,
    EnrolmentStatus,
    Exclusion,
    Program,
    StackingRule,
    Unit,
)
from .sections_catalogue import household_cycles

PAGE_SIZE = 50
# Actions on more rows than this run as background jobs; fewer finish within the request.
SYNC_LIMIT = 500
# A previous list larger than this is copied into a new tahap by a background job.
COPY_SYNC_LIMIT = 20_000
STATUS_FILTERS = {"": EnrolmentStatus.ACTIVE, "dikeluarkan": EnrolmentStatus.REMOVED, "semua": None}


# ------------------------------------------------------------------------------------------- rules in words


def describe_component(rule: dict) -> str:
    """A component's rule as a reader says it: "perempuan, umur 15–49 tahun, sedang hamil"."""
    parts = []
    if rule.get("sex") == "P":
        parts.append(_("perempuan"))
    elif rule.get("sex") == "L":
        parts.append(_("laki-laki"))
    low, high = rule.get("age_min"), rule.get("age_max")
    if low is not None and high is not None:
        parts.append(_("umur %(low)s–%(high)s tahun") % {"low": low, "high": high})
    elif low is not None:
        parts.append(_("umur %(low)s tahun ke atas") % {"low": low})
    elif high is not None:
        parts.append(_("umur sampai %(high)s tahun") % {"high": high})
    if "disability" in rule:
        parts.append(_("penyandang disabilitas"))
    if rule.get("pregnant"):
        parts.append(_("sedang hamil/nifas (tidak tercatat di registri: hanya dari daftar impor atau tambahan "
                       "manual)"))
    return ", ".join(parts) or _("semua anggota")


def _in_sentence(label: str) -> str:
    """ "Memiliki mobil" → "memiliki mobil" inside a sentence; "ASN/TNI/Polri" stays as written."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def describe_rules(program: Program) -> list[str]:
    lines = [_("Diterima per jiwa.") if program.unit == Unit.PERSON else _("Diterima per keluarga.")]
    if program.max_desil:
        lines.append(_("Keluarga desil 1–%(max)s menurut peringkat kesejahteraan kabupaten/kota.")
                     % {"max": program.max_desil})
    else:
        lines.append(_("Tanpa batas desil."))
    labels = [_in_sentence(str(Exclusion(code).label)) for code in program.exclusions or ()
              if code in Exclusion.values]
    if labels:
        lines.append(_("Tidak untuk: %(list)s.") % {"list": ", ".join(labels)})
    if program.max_components:
        lines.append(_("Paling banyak %(n)s komponen per keluarga; yang bernilai terbesar dihitung.")
                     % {"n": program.max_components})
    return lines


def _benefit(program: Program) -> str:
    from sinergi.core.formatting import rupiah

    per = _("per jiwa") if program.unit == Unit.PERSON else _("per keluarga")
    components = list(program.components.all())
    if components and not program.benefit_per_year:
        amounts = [c.amount_per_year for c in components]
        return _("%(low)s–%(high)s per komponen per tahun") % {"low": rupiah(min(amounts)),
                                                              "high": rupiah(max(amounts))}
    return _("%(amount)s %(per)s per tahun") % {"amount": rupiah(program.benefit_per_year), "per": per}


# ----------------------------------------------------------------------------------------------- helpers


def cycles_for(user, perm: str = perms.PROGRAMS_VIEW):
    return Cycle.objects.for_user(user, perm)


def _require_viewer(user) -> None:
    if not scoping.has_perm_anywhere(user, perms.PROGRAMS_VIEW):
        raise Http404


def _cycle_for(request, pk: int) -> Cycle:
    return get_object_or_404(cycles_for(request.user).select_related("program", "regency", "frozen_by"),
                             pk=pk)


def _managed_cycle(request, pk: int) -> Cycle:
    """The tahap, if the user may manage programmes over its whole kabupaten/kota; 404 otherwise."""
    cycle = get_object_or_404(cycles_for(request.user, perms.PROGRAMS_MANAGE)
                              .select_related("program", "regency"), pk=pk)
    if not scoping.has_perm_for(request.user, perms.PROGRAMS_MANAGE, cycle.regency_id):
        raise Http404
    return cycle


def _cycle_url(cycle: Cycle, params: dict | None = None) -> str:
    url = reverse("programs:cycle", args=[cycle.pk])
    kept = {k: v for k, v in (params or {}).items() if v}
    return f"{url}?{urlencode(kept)}" if kept else url


def _back_to_cycle(request, cycle: Cycle):
    """Back to the list as it was filtered when the action was sent."""
    return redirect(_cycle_url(cycle, {k: request.POST.get(k, "") for k in ("wilayah", "q", "status")}))


def _totals(user, cycles: list[Cycle]) -> dict[int, tuple[int, int]]:
    """{cycle id: (active recipients, total per year)} within the user's own area, in one query."""
    rows = (Enrolment.objects.for_user(user)
            .filter(cycle__in=[c.pk for c in cycles], status=EnrolmentStatus.ACTIVE).order_by().values("cycle_id").annotate(n=Count("id"), total=Sum("annual_amount")))
    return {r["cycle_id"]: (r["n"], r["total"] or 0) for r in rows}


def _with_totals(user, cycles: list[Cycle]) -> list[Cycle]:
    totals = _totals(user, cycles)
    for cycle in cycles:
        cycle.recipients, cycle.total = totals.get(cycle.pk, (0, 0))
    return cycles


def _managed_regencies(user, program: Program | None = None) -> list[tuple[str, str]]:
    """Kabupaten/kota where the user may manage programmes (a province's, all of them)."""
    codes = scoping.areas_for(user, perms.PROGRAMS_MANAGE)
    q = Q(code__in=[c for c in codes if c.count(".") == 1]) | Q(parent_id__in=[c for c in codes if "." not in c])
    regencies = Area.objects.filter(q, level=Level.REGENCY).order_by("code") if codes else Area.objects.none()
    if program is not None and program.area_id:
        regencies = regencies.filter(Q(code=program.area_id) | Q(parent_id=program.area_id)
                                     | Q(code=".".join(program.area_id.split(".")[:2])))
    return [(a.code, a.name) for a in regencies]


def _area_choices(user, cycle: Cycle) -> list[tuple[str, str]]:
    """Kecamatan and desa of the tahap's kabupaten/kota that overlap the user's scope, for the list filter."""
    q = Q()
    for code in scoping.areas_for(user, perms.PROGRAMS_VIEW):
        parts = code.split(".")
        q |= subtree_q("code", code) | Q(code__in=[".".join(parts[:i]) for i in range(1, len(parts))])
    areas = (Area.objects.filter(q, subtree_q("code", cycle.regency_id),
                                 level__in=[Level.DISTRICT, Level.VILLAGE]).order_by("code"))
    return [(a.code, f"{'— ' if a.level == Level.VILLAGE else ''}{a.name}") for a in areas.only("code", "name",
                                                                                                "level")]


# ------------------------------------------------------------------------------------------ catalogue pages


@login_required
@require_GET
def program_list(request):
    _require_viewer(request.user)
    programs = list(Program.objects.select_related("area").prefetch_related("components"))
    current = _with_totals(request.user, list(cycles_for(request.user).current()
                                              .select_related("regency").order_by("regency_id")))
    by_program: dict[int, list[Cycle]] = defaultdict(list)
    for cycle in current:
        by_program[cycle.program_id].append(cycle)
    for program in programs:
        program.rule_lines = describe_rules(program)
        program.benefit_text = _benefit(program)
        program.current_cycles = by_program[program.pk]
    return render(request, "programs/catalogue/list.html", {"programs": programs})


@login_required
@require_GET
def program_detail(request, code: str):
    _require_viewer(request.user)
    program = get_object_or_404(Program.objects.select_related("area").prefetch_related("components"), code=code)
    components = list(program.components.all())
    for component in components:
        component.rule_text = describe_component(component.rule or {})
    stacking = []
    for rule in (StackingRule.objects.filter(Q(program_a=program) | Q(program_b=program))
                 .select_related("program_a", "program_b")):
        other = rule.program_b if rule.program_a_id == program.pk else rule.program_a
        stacking.append({"other": other, "allowed": rule.allowed, "level": rule.get_level_display(),
                         "note": rule.note})
    stacking.sort(key=lambda s: (s["other"].order, s["other"].code))
    cycles = _with_totals(request.user, list(cycles_for(request.user).filter(program=program)
                                             .select_related("regency").order_by("regency_id", "-starts_on")))
    regencies = _managed_regencies(request.user, program) if program.active else []
    return render(request, "programs/catalogue/detail.html", {
        "program": program, "components": components, "rule_lines": describe_rules(program),
        "benefit_text": _benefit(program), "stacking": stacking, "cycles": cycles,
        "cycle_form": CycleForm(regencies=regencies) if regencies else None,
    })


@login_required
@require_POST
def cycle_create(request, code: str):
    program = get_object_or_404(Program, code=code)
    regencies = _managed_regencies(request.user, program)
    if not regencies:
        raise Http404
    form = CycleForm(request.POST, regencies=regencies)
    copy_from = None
    if form.is_valid() and form.cleaned_data["copy_from"]:
        copy_from = (cycles_for(request.user, perms.PROGRAMS_MANAGE)
                     .filter(pk=form.cleaned_data["copy_from"], program=program,
                             regency_id=form.cleaned_data["regency"]).first())
        if copy_from is None:
            form.add_error(None, _("Tahap yang akan disalin tidak ditemukan."))
    back = _cycle_url(copy_from) if copy_from else reverse("programs:detail", args=[program.code])
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    regency = Area.objects.get(code=data["regency"])
    large = copy_from is not None and copy_from.enrolments.filter(
        status=EnrolmentStatus.ACTIVE).count() > COPY_SYNC_LIMIT

    def create():
        cycle = operations.create_cycle(actor=request.user, program=program, regency=regency, code=data["code"],
                                        starts_on=data["starts_on"], ends_on=data["ends_on"], name=data["name"],
                                        copy_from=None if large else copy_from)
        if large:
            tasks_enrolment.start_copy_enrolments(actor=request.user, cycle=cycle, copy_from=copy_from)
        return cycle

    created = {}

    def done(cycle):
        created["cycle"] = cycle
        if large:
            return _("Tahap %(code)s dibuat; daftar penerima tahap %(source)s sedang disalin.") % {
                "code": cycle.code, "source": copy_from.code}
        return _("Tahap %(code)s dibuat.") % {"code": cycle.code}

    if run_operation(request, create, done):
        return redirect("programs:cycle", pk=created["cycle"].pk)
    return redirect(back)


# -------------------------------------------------------------------------------------------------- cycle page


def _recipients(request, cycle: Cycle, params) -> tuple:
    """The user's part of the list, filtered by the query parameters; unknown values are ignored."""
    rows = Enrolment.objects.for_user(request.user).filter(cycle=cycle)
    notes = []
    status = params.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    if STATUS_FILTERS[status]:
        rows = rows.filter(status=STATUS_FILTERS[status])
    area = params.get("wilayah", "").strip()
    choices = _area_choices(request.user, cycle)
    if area and area in {code for code, _label in choices}:
        rows = rows.filter(subtree_q("household__desa_id", area))
    elif area:
        notes.append(_("Wilayah %(code)s tidak ada dalam daftar ini; saringan wilayah diabaikan.")
                     % {"code": area})
        area = ""
    query = params.get("q", "").strip()[:100]
    if query:
        digits = query.replace(" ", "")
        if digits.isdigit() and len(digits) == 16:
            person_q = Q(person__nik=digits)
            members = Person.objects.filter(household=OuterRef("household"), nik=digits)
        else:
            key = search_key(query)
            person_q = Q(person__name_key__contains=key)
            members = Person.objects.filter(household=OuterRef("household"), name_key__contains=key)
        # Household programmes: any member's name or NIK finds the family.
        rows = rows.filter(person_q | Q(person__isnull=True) & Exists(members))
    return rows, {"status": status, "wilayah": area, "q": query}, choices, notes


@login_required
@require_GET
def cycle_detail(request, pk: int):
    cycle = _cycle_for(request, pk)
    can_manage = scoping.has_perm_for(request.user, perms.PROGRAMS_MANAGE, cycle.regency_id)
    rows, filters, area_choices, notes = _recipients(request, cycle, request.GET)
    heads = Prefetch("household__members",
                     Person.objects.filter(relation=Relation.HEAD, merged_into__isnull=True).order_by("id"),
                     to_attr="heads")
    payments = Prefetch("distributions", Distribution.objects.order_by("planned_on", "id"))
    page = Paginator(rows.select_related("household__desa__parent", "person").prefetch_related(heads, payments)
                     .order_by("household__desa_id", "household_id", "person_id", "id"), PAGE_SIZE
                     ).get_page(request.GET.get("page"))
    for enrolment in page.object_list:
        heads_found = enrolment.household.heads
        enrolment.shown = enrolment.person or (heads_found[0] if heads_found else None)
    scoped = Enrolment.objects.for_user(request.user).filter(cycle=cycle)
    counts = scoped.aggregate(
        active=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        removed=Count("id", filter=Q(status=EnrolmentStatus.REMOVED)),
        annual=Sum("annual_amount", filter=Q(status=EnrolmentStatus.ACTIVE)))
    money = {state: {"n": 0, "total": 0} for state in DistributionState.values}
    for row in (Distribution.objects.filter(enrolment__in=scoped.values("pk")).order_by().values("state")
                .annotate(n=Count("id"), total=Sum("amount"))):
        money[row["state"]] = {"n": row["n"], "total": row["total"] or 0}
    jobs = _jobs(cycle)
    record(actor=request.user, action=Action.VIEW, obj=cycle, area_code=cycle.regency_id,
           changes={"enrolments": [e.pk for e in page.object_list]})
    context = {
        "cycle": cycle, "program": cycle.program, "page": page, "filters": filters, "area_choices": area_choices,
        "notes": notes, "counts": counts, "money": money, "jobs": jobs, "can_manage": can_manage,
        "statuses": [("", _("Aktif")), ("dikeluarkan", _("Dikeluarkan")), ("semua", _("Semua"))],
        "query_string": urlencode({k: v for k, v in filters.items() if v}),
    }
    if can_manage:
        context.update(_action_forms(request, cycle))
    return render(request, "programs/catalogue/cycle.html", context)


def _action_forms(request, cycle: Cycle) -> dict:
    """The managers' forms; each with its own id prefix, as several share one page."""
    forms = {"next_cycle": operations.next_open_cycle(cycle)}
    regencies = [(cycle.regency_id, cycle.regency.name)]
    forms["new_cycle_form"] = CycleForm(regencies=regencies, auto_id="cycle_%s",
                                        initial={"copy_from": cycle.pk, "regency": cycle.regency_id})
    if cycle.state == CycleState.OPEN:
        forms.update(add_form=AddRecipientForm(auto_id="add_%s"), remove_form=RemoveForm(auto_id="remove_%s"))
        forms["batches"] = list(ImportBatch.objects.for_user(request.user).filter(
            kind=Kind.PROGRAM, status=Status.COMMITTED, regency_id=cycle.regency_id,
            program__iexact=cycle.program.code).order_by("-committed_at")[:20])
    elif cycle.state == CycleState.FROZEN:
        forms.update(plan_form=PlanForm(auto_id="plan_%s"), disburse_form=DisburseForm(auto_id="disburse_%s"))
    return forms


JOB_LABELS = {
    tasks_enrolment.ENROL: gettext_lazy("Memasukkan keluarga yang memenuhi syarat"),
    tasks_enrolment.REMOVE: gettext_lazy("Mengeluarkan penerima"),
    tasks_enrolment.PLAN: gettext_lazy("Merencanakan penyaluran"),
    tasks_enrolment.COPY: gettext_lazy("Menyalin daftar tahap sebelumnya"),
}


def _job_label(job: str) -> str:
    if job.startswith("impor-"):
        return _("Memasukkan daftar impor #%(n)s") % {"n": job.removeprefix("impor-")}
    return str(JOB_LABELS.get(job, job))


def _job(cycle: Cycle, job: str, row: JobProgress | None) -> dict:
    state, message = tasks_enrolment.job_state(row)
    return {"job": job, "label": _job_label(job), "row": row, "state": state, "message": message,
            "running": tasks_enrolment.is_running(row), "cycle": cycle}


def _jobs(cycle: Cycle) -> list[dict]:
    prefix = tasks_enrolment.progress_key(cycle.pk, "")
    rows = JobProgress.objects.filter(key__startswith=prefix).order_by("-updated_at")
    return [_job(cycle, row.key.removeprefix(prefix), row) for row in rows]


def _valid_job(job: str) -> bool:
    return job in tasks_enrolment.JOBS or (job.startswith("impor-") and job.removeprefix("impor-").isdigit())


@login_required
@require_GET
def cycle_progress(request, pk: int, job: str):
    """Polled by a job's progress bar. Reads only: on SQLite the job holds the write lock."""
    cycle = _cycle_for(request, pk)
    if not _valid_job(job):
        raise Http404
    request.sinergi_skip_session_save = True
    row = JobProgress.objects.filter(key=tasks_enrolment.progress_key(cycle.pk, job)).first()
    info = _job(cycle, job, row)
    response = render(request, "programs/catalogue/_progress.html", {
        "info": info, "can_manage": scoping.has_perm_for(request.user, perms.PROGRAMS_MANAGE, cycle.regency_id)})
    if not info["running"]:
        # The job ended: reload the page, which shows the list as it is now.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def cycle_cancel(request, pk: int, job: str):
    cycle = _managed_cycle(request, pk)
    if not _valid_job(job):
        raise Http404
    from sinergi.core.jobs import request_cancel

    if request_cancel(tasks_enrolment.progress_key(cycle.pk, job)):
        record(actor=request.user, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id,
               changes={"cancel_requested": job})
        messages.info(request, _("Pembatalan diminta; proses berhenti pada bagian berikutnya dan semua "
                                 "perubahannya dibatalkan."))
    return _back_to_cycle(request, cycle)


# ---------------------------------------------------------------------------------------------- cycle actions


@login_required
@require_POST
def cycle_freeze(request, pk: int):
    cycle = _managed_cycle(request, pk)
    run_operation(request, lambda: operations.freeze_cycle(actor=request.user, cycle=cycle),
                  _("Daftar penerima tahap %(code)s dibekukan.") % {"code": cycle.code})
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_close(request, pk: int):
    cycle = _managed_cycle(request, pk)
    run_operation(request, lambda: operations.close_cycle(actor=request.user, cycle=cycle),
                  _("Tahap %(code)s ditutup.") % {"code": cycle.code})
    return _back_to_cycle(request, cycle)


def _start(request, start, done: str) -> None:
    try:
        start()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, done)


@login_required
@require_POST
def cycle_enrol_eligible(request, pk: int):
    cycle = _managed_cycle(request, pk)
    form = EligibleForm(request.POST)
    area = form.cleaned_data["wilayah"].strip() if form.is_valid() else ""
    _start(request, lambda: tasks_enrolment.start_enrol_eligible(actor=request.user, cycle=cycle,
                                                                 desa_codes=[area] if area else None),
           _("Pemeriksaan kelayakan berjalan di latar belakang; halaman ini boleh ditutup."))
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_add(request, pk: int):
    """One household (or person) by NIK or household number."""
    cycle = _managed_cycle(request, pk)
    form = AddRecipientForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back_to_cycle(request, cycle)
    kind, number = form.cleaned_data["identifier"]
    person = household = None
    if kind == "nik":
        person = (Person.objects.for_user(request.user, perms.PROGRAMS_MANAGE).select_related("household")
                  .filter(nik=number, merged_into__isnull=True).first())
        household = person.household if person else None
    else:
        household = Household.objects.for_user(request.user, perms.PROGRAMS_MANAGE).filter(pk=int(number)).first()
    if household is None:
        messages.error(request, _("Tidak ditemukan di wilayah Anda: periksa NIK atau nomor keluarga."))
        return _back_to_cycle(request, cycle)
    if cycle.program.per_person and person is None:
        messages.error(request, _("Program %(program)s diterima per jiwa: tuliskan NIK penerimanya.")
                       % {"program": cycle.program.code})
        return _back_to_cycle(request, cycle)
    run_operation(request, lambda: operations.enrol(
        actor=request.user, cycle=cycle, household=household,
        person=person if cycle.program.per_person else None),
        _("Penerima ditambahkan ke tahap %(code)s.") % {"code": cycle.code})
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_import(request, pk: int):
    """Put a committed programme list of this kabupaten/kota on the open tahap."""
    cycle = _managed_cycle(request, pk)
    number = request.POST.get("batch", "")
    batch = (ImportBatch.objects.for_user(request.user).filter(
        pk=int(number), kind=Kind.PROGRAM, status=Status.COMMITTED, regency_id=cycle.regency_id).first()
        if number.isdigit() and len(number) <= 18 else None)
    if batch is None:
        messages.error(request, _("Pilih impor daftar penerima yang sudah diterapkan."))
        return _back_to_cycle(request, cycle)
    if batch.rows_total > SYNC_LIMIT:
        _start(request, lambda: tasks_enrolment.start_enrol_from_import(actor=request.user, batch=batch,
                                                                        cycle=cycle),
               _("Daftar impor #%(n)s sedang dimasukkan di latar belakang.") % {"n": batch.pk})
    else:
        run_operation(request, lambda: operations.enrol_from_import(actor=request.user, batch=batch, cycle=cycle),
                      lambda result: operations.import_result_note(cycle, result))
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_remove(request, pk: int):
    cycle = _managed_cycle(request, pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back_to_cycle(request, cycle)
    data = form.cleaned_data
    ids = data["ids"]
    if data["all_matching"]:
        rows, _filters, _choices, _notes = _recipients(request, cycle, {
            "wilayah": data["wilayah"], "q": data["q"], "status": ""})
        ids = list(rows.values_list("pk", flat=True))
    if len(ids) > SYNC_LIMIT:
        _start(request, lambda: tasks_enrolment.start_remove_enrolments(actor=request.user, cycle=cycle,
                                                                        enrolment_ids=ids, reason=data["reason"]),
               _("%(n)s penerima sedang dikeluarkan di latar belakang.") % {"n": len(ids)})
    else:
        run_operation(request, lambda: operations.remove_enrolments(actor=request.user, cycle=cycle,
                                                                    enrolment_ids=ids, reason=data["reason"]),
                      lambda n: _("%(n)s penerima dikeluarkan.") % {"n": n})
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_plan(request, pk: int):
    cycle = _managed_cycle(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back_to_cycle(request, cycle)
    data = form.cleaned_data
    _start(request, lambda: tasks_enrolment.start_plan_distributions(
        actor=request.user, cycle=cycle, planned_on=data["planned_on"], channel=data["channel"],
        amount_per_enrolment=data["amount"]),
        _("Penyaluran sedang direncanakan di latar belakang."))
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def cycle_disburse(request, pk: int):
    cycle = _managed_cycle(request, pk)
    form = DisburseForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back_to_cycle(request, cycle)
    data = form.cleaned_data
    chosen = Distribution.objects.filter(enrolment__cycle=cycle, state=DistributionState.PLANNED)
    if not data["all_planned"]:
        chosen = chosen.filter(pk__in=data["ids"])
    run_operation(request, lambda: operations.record_disbursed(actor=request.user, distributions=chosen,
                                                               disbursed_on=data["disbursed_on"],
                                                               reference=data["reference"]),
                  lambda n: _("%(n)s penyaluran dicatat tersalur.") % {"n": n})
    return _back_to_cycle(request, cycle)


@login_required
@require_POST
def distribution_return(request, pk: int):
    managed = Enrolment.objects.for_user(request.user, perms.PROGRAMS_MANAGE)
    distribution = get_object_or_404(Distribution.objects.filter(enrolment__in=managed.values("pk"))
                                     .select_related("enrolment__cycle"), pk=pk)
    cycle = _managed_cycle(request, distribution.enrolment.cycle_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        run_operation(request, lambda: operations.record_returned(actor=request.user, distribution=distribution,
                                                                  reason=form.cleaned_data["reason"]),
                      _("Penyaluran dicatat dikembalikan."))
    return _back_to_cycle(request, cycle)


# ------------------------------------------------------------------------------------------- household page


@login_required
@require_POST
def household_enrol(request, pk: int):
    """From the household page's programme section: add this household (or a member) to an open tahap."""
    household = get_object_or_404(Household.objects.for_user(request.user, perms.PROGRAMS_MANAGE), pk=pk)
    cycles = {c.pk: c for c in household_cycles(request.user, household)}
    members = list(household.members.filter(merged_into__isnull=True))
    form = EnrolHouseholdForm(request.POST, cycles=[(c.pk, str(c)) for c in cycles.values()],
                              members=[(p.pk, p.name) for p in members])
    back = reverse("registry:household", args=[household.pk]) + "#programs"
    if not cycles:
        messages.error(request, _("Tidak ada tahap terbuka di kabupaten/kota keluarga ini."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(back)
    cycle = cycles[form.cleaned_data["cycle"]]
    person = next((p for p in members if p.pk == form.cleaned_data.get("person")), None)
    run_operation(request, lambda: operations.enrol(actor=request.user, cycle=cycle, household=household,
                                                    person=person),
                  _("Ditambahkan ke %(cycle)s.") % {"cycle": cycle})
    return redirect(back)
