"""The welfare ranking: every active household's PMT score and desil, recomputed as one background job, and the
reads behind the welfare page and the household page's explanation.

The recompute reads in chunks (keyset on the household id; the members are counted by SQL per chunk, one row
per household), scores in Python with :mod:`sinergi.programs.pmt`, ranks each kabupaten/kota and each province
with one sort, and replaces every ``WelfareScore`` row in ONE transaction (delete, then COPY/bulk insert): readers
see the old ranking until the new one is committed, and a cancel or a failure leaves the old one untouched.
Progress goes through :mod:`sinergi.core.jobs` (phases "membaca", "menghitung", "menyimpan"), which is readable
while that transaction is open.

The job's life is in its progress row (key :data:`WELFARE_JOB`): "antri" when the web queued it, then the phases
above, then "selesai", "dibatalkan" or "gagal". There is one ranking per installation, so one job at a time.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, Q, Value
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action, AuditEntry
from sinergi.core.jobs import Cancelled, Progress, clear_cancel, progress_of, request_cancel
from sinergi.core.models import JobProgress
from sinergi.registry.codes import HouseholdStatus, PersonStatus
from sinergi.registry.models import Household, Person

from . import perms, pmt
from .models import PmtModel, WelfareScore

logger = logging.getLogger(__name__)

WELFARE_JOB = "programs:welfare"
QUEUED, READING, RANKING, SAVING = "antri", "membaca", "menghitung", "menyimpan"
DONE, CANCELLED, FAILED = "selesai", "dibatalkan", "gagal"
RUNNING_PHASES = (QUEUED, READING, RANKING, SAVING)
# A running job writes its progress at least every chunk; a row silent this long belongs to a worker that died.
STALE_AFTER = datetime.timedelta(minutes=15)
READ_CHUNK = 10_000
WRITE_CHUNK = 20_000
AUDIT_OBJECT_TYPE = "programs.welfarescore"
SCORE_TOLERANCE = 1e-9

HOUSING_FIELDS = list(pmt.HOUSING_CATEGORIES)
ASSET_FIELDS = [name for name, _label in pmt.ASSET_FLAGS]

ProgressCallback = Callable[[str, int, int], None]


# ----------------------------------------------------------------------------------------------------------
# Models and permission
# ----------------------------------------------------------------------------------------------------------


def active_model() -> PmtModel | None:
    return PmtModel.objects.filter(active=True).first()


def validate_model(model: PmtModel) -> dict[str, float]:
    """The model's weights as numbers, or a ValidationError naming what is wrong (checked before a recompute
    starts, so a bad model never stops one half-way)."""
    try:
        weights = pmt.check_weights(model.weights)
        intercept = float(model.intercept)
    except pmt.UnknownVariables as exc:
        parts = []
        if exc.unknown:
            parts.append(_("variabel tidak dikenal: %s") % ", ".join(exc.unknown))
        if exc.not_numbers:
            parts.append(_("bobot bukan angka: %s") % ", ".join(exc.not_numbers))
        raise ValidationError(
            {"weights": _("Model PMT %(version)s tidak dapat dipakai, %(problems)s.")
             % {"version": model.version, "problems": "; ".join(parts)}}) from exc
    except (TypeError, ValueError) as exc:
        raise ValidationError({"intercept": _("Konstanta model PMT %s bukan angka.") % model.version}) from exc
    if not math.isfinite(intercept):
        raise ValidationError({"intercept": _("Konstanta model PMT %s bukan angka.") % model.version})
    return weights


def _require_manager(actor) -> None:
    if actor is not None and not scoping.has_perm_anywhere(actor, perms.PROGRAMS_MANAGE):
        raise PermissionDenied(_("Anda tidak berwenang menghitung ulang peringkat kesejahteraan."))


def _model_or_active(model: PmtModel | None) -> PmtModel:
    model = model or active_model()
    if model is None:
        raise ValidationError(_("Belum ada model PMT yang aktif. Aktifkan satu model di halaman admin."))
    return model


# ----------------------------------------------------------------------------------------------------------
# The recompute
# ----------------------------------------------------------------------------------------------------------


def _occupations() -> tuple[list[str], list[str]]:
    """(occupations counting as work, those counting as formal work) among the texts in the registry: the
    free-text occupation is classified once per distinct text, and SQL then counts members by plain IN lists."""
    texts = (Person.objects.filter(status=PersonStatus.ACTIVE, merged_into__isnull=True).order_by()
             .values_list("occupation", flat=True)
             .distinct())
    kinds = {text: pmt.occupation_kind(text) for text in texts}
    return ([t for t, kind in kinds.items() if kind != pmt.NOT_WORKING],
            [t for t, kind in kinds.items() if kind == pmt.FORMAL])


def _count_in(occupations: list[str], extra: Q | None = None):
    if not occupations:  # an empty IN list is no SQL at all
        return Value(0)
    condition = Q(occupation__in=occupations)
    return Count("pk", filter=condition & extra if extra is not None else condition)


def _member_facts(low: int, high: int, *, today: datetime.date, working: list[str], formal: list[str]
                  ) -> dict[int, tuple[int, int, int, int, str, bool, bool]]:
    """{household id: (size, children, elderly, disabled, head's education, head works, formal worker)} for the
    households with ids in [low, high], from their active members, one row per household."""
    child_after, elderly_until = pmt.age_cutoffs(today)
    head = Q(relation=pmt.HEAD)
    rows = (Person.objects.filter(household_id__gte=low, household_id__lte=high, status=PersonStatus.ACTIVE,
                                  merged_into__isnull=True)
            .order_by().values("household_id")
            .annotate(size=Count("pk"), children=Count("pk", filter=Q(birth_date__gt=child_after)),
                      elderly=Count("pk", filter=Q(birth_date__lte=elderly_until)),
                      disabled=Count("pk", filter=~Q(disability="")),
                      head_education=Max("education", filter=head),
                      head_works=_count_in(working, head), formal=_count_in(formal))
            .values_list("household_id", "size", "children", "elderly", "disabled", "head_education", "head_works",
                         "formal"))
    return {row[0]: (row[1], row[2], row[3], row[4], row[5] or "", bool(row[6]), bool(row[7])) for row in rows}


NO_MEMBERS = (0, 0, 0, 0, "", False, False)


def _insert_scores(rows: list[tuple[int, int, float, int, int, datetime.datetime]]) -> None:
    """Insert (household, model, score, desil, desil_province, computed_at) rows: COPY on PostgreSQL (no model
    instances, no ids fetched: nobody needs them back), ``bulk_create`` elsewhere."""
    if connection.vendor != "postgresql":
        WelfareScore.objects.bulk_create(
            [WelfareScore(household_id=h, model_id=m, score=s, desil=d, desil_province=p, computed_at=at)
             for h, m, s, d, p, at in rows], batch_size=5000)
        return
    meta = WelfareScore._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in
                        ("household", "model", "score", "desil", "desil_province", "computed_at"))
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _finish(phase: str) -> None:
    JobProgress.objects.filter(key=WELFARE_JOB).update(phase=phase, updated_at=timezone.now())


def recompute_welfare(*, actor, model: PmtModel | None = None,
                      on_progress: ProgressCallback | None = None) -> dict[str, int]:
    """Score every active household with ``model`` (default: the active one), rank it within its kabupaten/kota
    and its province, and replace the whole ranking in one transaction. Returns {kabupaten/kota code: number
    of households ranked}.

    ``on_progress(phase, done, total)`` is called after each chunk, after the progress row was written (a cancel
    requested there is seen at the next chunk). Raises :class:`sinergi.core.jobs.Cancelled` when cancelled; the
    previous ranking is then untouched. Permission: ``PROGRAMS_MANAGE`` anywhere (the ranking is the whole
    installation's: desils compare a household with every other in its kabupaten), or ``actor=None``.
    """
    _require_manager(actor)
    model = _model_or_active(model)
    scorer = pmt.Scorer(validate_model(model), model.intercept)
    households = Household.objects.filter(status=HouseholdStatus.ACTIVE)
    total = households.count()
    progress = Progress(WELFARE_JOB, phase=READING, total=total)
    # The progress row says how the job ended, whoever called: the page must not show a finished run as running.
    try:
        counts = _recompute(actor=actor, model=model, scorer=scorer, households=households, total=total,
                            progress=progress, on_progress=on_progress)
    except Cancelled:
        _finish(CANCELLED)
        clear_cancel(WELFARE_JOB)
        raise
    except BaseException:
        _finish(FAILED)
        raise
    _finish(DONE)
    return counts


def _recompute(*, actor, model: PmtModel, scorer: pmt.Scorer, households, total: int, progress: Progress,
               on_progress: ProgressCallback | None) -> dict[str, int]:
    today, now = timezone.localdate(), timezone.now()

    def advance(phase: str, done: int) -> None:
        progress.advance(done, total=total, phase=phase)
        if on_progress:
            on_progress(phase, done, total)

    # Reading and scoring. Kept per household: (id, kabupaten, province, score), in id order.
    working, formal = _occupations()
    columns = ["pk", "desa_id", *HOUSING_FIELDS, *ASSET_FIELDS, "land_area_m2"]
    housing_end = 2 + len(HOUSING_FIELDS)
    assets_end = housing_end + len(ASSET_FIELDS)
    scored: list[tuple[int, str, str, float]] = []
    regions: dict[str, tuple[str, str]] = {}
    last = 0
    while True:
        chunk = list(households.filter(pk__gt=last).order_by("pk").values_list(*columns)[:READ_CHUNK])
        if not chunk:
            break
        members = _member_facts(chunk[0][0], chunk[-1][0], today=today, working=working, formal=formal)
        for row in chunk:
            desa = row[1]
            regency, province = regions.get(desa) or regions.setdefault(desa, (desa[:5], desa[:2]))
            value = scorer.score_parts(row[2:housing_end], row[housing_end:assets_end], row[assets_end],
                                       *members.get(row[0], NO_MEMBERS))
            scored.append((row[0], regency, province, value))
        last = chunk[-1][0]
        advance(READING, len(scored))

    # Ranking: one sort per kabupaten/kota and per province; positions are in id order, so ties go by id.
    by_regency: dict[str, list[int]] = defaultdict(list)
    by_province: dict[str, list[int]] = defaultdict(list)
    for index, (_pk, regency, province, _score) in enumerate(scored):
        by_regency[regency].append(index)
        by_province[province].append(index)
    desil = [0] * len(scored)
    desil_province = [0] * len(scored)
    done = 0
    for groups, target in ((by_regency, desil), (by_province, desil_province)):
        for indexes in groups.values():
            for index, value in zip(indexes, pmt.desils([scored[i][3] for i in indexes]), strict=True):
                target[index] = value
            done += len(indexes)
            advance(RANKING, done // 2)

    counts = {regency: len(indexes) for regency, indexes in sorted(by_regency.items())}
    with transaction.atomic():
        # Two recomputes at once would each delete the other's rows: the second waits here for the first.
        list(PmtModel.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        removed, _by_model = WelfareScore.objects.all().delete()
        advance(SAVING, 0)
        for start in range(0, len(scored), WRITE_CHUNK):
            _insert_scores([(pk, model.pk, value, desil[i], desil_province[i], now) for i, (pk, _regency, _province, value)
                            in enumerate(scored[start:start + WRITE_CHUNK], start)])
            advance(SAVING, min(start + WRITE_CHUNK, len(scored)))
        record(actor=actor, action=Action.UPDATE, object_type=AUDIT_OBJECT_TYPE, object_id=str(model.pk),
               object_label=model.version,
               changes={"model": model.version, "households": len(scored), "replaced": removed,
                        "regencies": counts, "computed_at": now.isoformat()},
               source="web" if actor is not None else "cli")
    return counts


# ----------------------------------------------------------------------------------------------------------
# The background job around it
# ----------------------------------------------------------------------------------------------------------


def job_progress() -> JobProgress | None:
    return progress_of(WELFARE_JOB)


def is_running(progress: JobProgress | None) -> bool:
    return (progress is not None and progress.phase in RUNNING_PHASES
            and progress.updated_at > timezone.now() - STALE_AFTER)


def start_recompute(*, actor, model: PmtModel | None = None, enqueue: bool = True) -> JobProgress:
    """Queue a recompute with ``model`` (default: the active one). Refused while one is running, and for a model
    whose weights cannot be used."""
    _require_manager(actor)
    model = _model_or_active(model)
    validate_model(model)
    if is_running(job_progress()):
        raise ValidationError(_("Perhitungan ulang peringkat sedang berjalan; tunggu sampai selesai."))
    Progress(WELFARE_JOB, phase=QUEUED)
    clear_cancel(WELFARE_JOB)
    if enqueue:
        from .tasks_welfare import recompute_welfare_task

        recompute_welfare_task.enqueue(actor.pk if actor is not None else None, model.pk)
    return job_progress()


def run_recompute(*, actor_id: int | None, model_id: int | None) -> str:
    """What the background task runs: the queued recompute, once. Returns the job's final phase.

    Idempotent: only a job still "antri" is claimed (atomically), so a task delivered twice, or one whose job
    was cancelled while it waited, does nothing."""
    claimed = JobProgress.objects.filter(key=WELFARE_JOB, phase=QUEUED, cancel_requested=False).update(
        phase=READING, updated_at=timezone.now())
    if not claimed:
        if JobProgress.objects.filter(key=WELFARE_JOB, phase=QUEUED).update(phase=CANCELLED):
            clear_cancel(WELFARE_JOB)
        progress = job_progress()
        return progress.phase if progress else ""
    actor = None
    if actor_id is not None:
        actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first()
        if actor is None:  # an account removed meanwhile must not turn into the system actor
            _finish(FAILED)
            return FAILED
    # Audit entries and messages are data: in the installation's language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            model = PmtModel.objects.get(pk=model_id) if model_id is not None else None
            recompute_welfare(actor=actor, model=model)
        except Cancelled:
            return CANCELLED
        except (ValidationError, PermissionDenied, PmtModel.DoesNotExist):
            logger.warning("welfare recompute refused", exc_info=True)
            _finish(FAILED)
            return FAILED
        except Exception:
            logger.exception("welfare recompute failed")
            _finish(FAILED)
            return FAILED
    return DONE


def cancel_recompute(*, actor) -> bool:
    """Stop the running recompute: a queued one at once, a computing one at its next chunk (rolled back, the
    previous ranking stays). False when nothing was running."""
    _require_manager(actor)
    progress = job_progress()
    if not is_running(progress):
        return False
    if not JobProgress.objects.filter(key=WELFARE_JOB, phase=QUEUED).update(phase=CANCELLED,
                                                                            updated_at=timezone.now()):
        request_cancel(WELFARE_JOB)
    record(actor=actor, action=Action.UPDATE, object_type=AUDIT_OBJECT_TYPE, object_id="job",
           object_label=_("Hitung ulang peringkat kesejahteraan"), changes={"cancel_requested": [False, True]})
    return True


def last_recompute() -> AuditEntry | None:
    """The audit entry of the ranking in force: when it was computed, by whom, with which model, how many."""
    return (AuditEntry.objects.filter(object_type=AUDIT_OBJECT_TYPE, action=Action.UPDATE)
            .exclude(object_id="job").select_related("actor").first())


# ----------------------------------------------------------------------------------------------------------
# Reads: one household's explanation, the desil table of an area
# ----------------------------------------------------------------------------------------------------------


def household_facts(household: Household, *, today: datetime.date | None = None) -> pmt.Facts:
    members = [pmt.Member(*row) for row in household.members.filter(
        status=PersonStatus.ACTIVE, merged_into__isnull=True).values_list(
        "birth_date", "relation", "education", "occupation", "disability")]
    return pmt.facts_from(housing={f: getattr(household, f) for f in HOUSING_FIELDS},
                          assets=[name for name in ASSET_FIELDS if getattr(household, name)],
                          land_area_m2=household.land_area_m2, members=members,
                          today=today or timezone.localdate())


def _live_desils(household: Household, live: float) -> tuple[int | None, int | None]:
    """Where ``live`` would fall among the stored scores of the household's kabupaten/kota and province (the
    others keep their stored scores): the desil the next recompute will most likely give."""
    regency, province = household.desa_id[:5], household.desa_id[:2]
    below = Q(score__lt=live) | Q(score=live, household_id__lt=household.pk)
    in_regency = subtree_q("household__desa_id", regency)
    figures = (WelfareScore.objects.exclude(household_id=household.pk)
               .filter(subtree_q("household__desa_id", province))
               .aggregate(n=Count("pk"), below=Count("pk", filter=below), n_regency=Count("pk", filter=in_regency),
                          below_regency=Count("pk", filter=in_regency & below)))
    regency_desil = (pmt.desil_of_rank(figures["below_regency"], figures["n_regency"] + 1)
                     if figures["n_regency"] else None)
    province_desil = pmt.desil_of_rank(figures["below"], figures["n"] + 1) if figures["n"] else None
    return regency_desil, province_desil


def household_explanation(household: Household) -> dict[str, Any]:
    """The household's score computed now, from its current data with the active model, variable by variable,
    next to the stored ranking (desil, computed_at, model) so a stale ranking is visible.

    Keys: ``model`` (None: no active model), ``error`` (the model's weights cannot be used), ``facts``,
    ``rows`` [(code, label, value, weight, contribution)] largest effect first, ``intercept``, ``score``,
    ``stored`` (WelfareScore or None), ``ranked`` (an active household: it gets a desil), ``stale`` (the stored
    ranking does not match the data now, or was computed with another model), ``desil`` and ``desil_province``
    (stored; when stale, where the current score would fall now)."""
    stored = WelfareScore.objects.select_related("model").filter(household_id=household.pk).first()
    # Usually the stored ranking was computed with the active model: then that one query found both.
    model = stored.model if stored is not None and stored.model.active else active_model()
    result: dict[str, Any] = {"model": model, "error": "", "rows": [], "stored": stored, "stale": False,
                              "ranked": household.status == HouseholdStatus.ACTIVE, "desil": None,
                              "desil_province": None}
    if model is None:
        return result
    try:
        weights = validate_model(model)
    except ValidationError as exc:
        result["error"] = " ".join(exc.messages)
        return result
    facts = household_facts(household)
    values = pmt.variables(facts)
    live = pmt.score(weights, model.intercept, values)
    stale = stored is None or stored.model_id != model.pk or abs(stored.score - live) > SCORE_TOLERANCE
    result.update(facts=facts, rows=pmt.explain(weights, model.intercept, values), intercept=model.intercept,
                  score=live, stored=stored, stale=result["ranked"] and stale)
    if stored is not None and not stale:
        result.update(desil=stored.desil, desil_province=stored.desil_province)
    elif result["ranked"]:
        result["desil"], result["desil_province"] = _live_desils(household, live)
    return result


@dataclass(frozen=True)
class DesilRow:
    code: str
    name: str
    counts: tuple[int, ...]  # households in desil 1..10
    drillable: bool  # a kecamatan or above: the page can show its children

    @property
    def total(self) -> int:
        return sum(self.counts)


def desil_field(area: Area) -> str:
    """Within one kabupaten/kota every part is ranked against the same households: its desil. Across
    kabupaten/kota (a province's table) only the province desil compares."""
    return "desil_province" if area.level <= Level.PROVINCE else "desil"


def desil_table(user, area_code: str, *, area: Area | None = None) -> list[DesilRow]:
    """Households per desil (1..10) for each child area of ``area_code`` (the area itself for a desa), counting
    only households in the user's ``PROGRAMS_VIEW`` scope; children wholly outside that scope are left out.
    Rows in code order. Empty when the area is unknown or outside the scope. ``area``: the Area of
    ``area_code`` when the caller already has it."""
    if area is None or area.code != area_code:
        area = Area.objects.filter(code=area_code).first()
    scope = scoping.scope_q(user, perms.PROGRAMS_VIEW, "household__desa_id")
    if area is None or scope is None or not scoping.overlaps(user, perms.PROGRAMS_VIEW, area.code):
        return []
    children = list(Area.objects.filter(parent_id=area.code).order_by("code"))
    parts = [a for a in children or [area] if scoping.overlaps(user, perms.PROGRAMS_VIEW, a.code)]
    if not parts:
        return []
    field = desil_field(area)
    # Kemendagri codes have a fixed width per level, so a prefix of the desa code names the child area.
    width = len(parts[0].code)
    counted = (WelfareScore.objects.filter(subtree_q("household__desa_id", area.code)).filter(scope)
               .annotate(part=Substr("household__desa_id", 1, width)).order_by()
               .values_list("part", field).annotate(n=Count("pk")))
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for part, desil, n in counted:
        counts[part][desil] += n
    return [DesilRow(code=a.code, name=a.name, counts=tuple(counts[a.code][d] for d in range(1, 11)),
                     drillable=a.level < Level.VILLAGE and a.code != area.code)
            for a in parts]
