"""Every write of the linkage context: runs of the engine over a kabupaten/kota, decisions on its candidate
pairs, merges and unmerges. Keyword-only, validated (``ValidationError`` with an Indonesian message), one
transaction each, an audit entry each; a system actor (``None``: the CLI, the demo) is trusted.

**Runs.** :func:`start_link_run` queues a run, the background task calls :func:`execute_run`: it reads the
registry (:mod:`.records`), lets the engine score every candidate pair (:func:`sinergi.linkage.engine.
link_for_review`) and stores the pairs from :data:`REVIEW_FLOOR` up as ``pending``, in one transaction at the
end (a cancel or a failure leaves the queue as it was). A pair whose two records were rejected before is not
queued again; a still-pending pair between the same two records from an earlier run is superseded by the new
one. Nothing is merged automatically: merging registry records is a person's decision.

**Merges.** :func:`merge_persons` keeps both records: the dropped one gets ``merged_into`` and leaves its
household (its current membership is ended), the rows of other apps that point at it move to the kept record
(each model's decision is in :data:`RELATIONS`), blanks on the kept record are filled from the dropped one
through the registry's own :func:`~sinergi.registry.operations.update_person`, and :class:`~.models.Merge`
keeps all of it so that :func:`unmerge` puts back exactly that.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.log import user_or_none as _user
from sinergi.audit.models import Action
from sinergi.core.jobs import Cancelled, Progress, clear_cancel, progress_of, request_cancel
from sinergi.core.nik import parse_nik
from sinergi.registry import operations as registry
from sinergi.registry.models import Membership, Person

from . import engine, perms, records
from .models import ACTIVE_RUN_STATES, CandidatePair, LinkRun, Merge, PairState, RunState

logger = logging.getLogger(__name__)

# Pairs from this probability up are queued for review. The engine joins records from engine.DEFAULT_THRESHOLD
# (0.5); below it down to here are the uncertain pairs a person should still see (a re-registered record
# without NIK and with a misspelt name lands here). Lower pairs are almost always two people.
REVIEW_FLOOR = 0.2
# A running run whose progress has not moved for this long lost its worker (a restart): it may be closed by hand.
STALE_AFTER = datetime.timedelta(minutes=15)

# What a merge does with the rows of each model pointing at Person (``<app_label.model>.<field>``):
# REPOINT: they are about the person, so they follow the kept record (unless a unique rule forbids: then they
#          stay on the dropped record and the merge lists them);
# STAYS:   they are the dropped record's own history or provenance and stay with it;
# OWN:     this context's own bookkeeping, handled by the merge itself.
# A new foreign key to Person must be added here (tests/test_linkage_app.py fails until it is).
REPOINT, STAYS, OWN = "repoint", "stays", "own"
RELATIONS: dict[str, str] = {
    "registry.membership.person": STAYS,  # its stays in its own household; the current one is ended
    "registry.changerequest.person": REPOINT,
    "registry.person.merged_into": OWN,  # refused as a chain: a dropped record has no records merged into it
    "imports.importrow.person": STAYS,  # what a file row did to which record: provenance
    "pillars.task.person": REPOINT,
    "pillars.visit.person": REPOINT,
    "pillars.handoveritem.person": REPOINT,
    "referrals.case.person": REPOINT,
    "referrals.grievance.person": REPOINT,
    "programs.enrolment.person": REPOINT,  # one person per tahap: a second enrolment stays on the dropped record
    "programs.finding.person": REPOINT,
    "linkage.candidatepair.person_a": OWN,  # the dropped record's other pending pairs are superseded
    "linkage.candidatepair.person_b": OWN,
    "linkage.merge.keep": OWN,
    "linkage.merge.drop": OWN,
}
# Fields of the kept record that a merge fills from the dropped record when they are blank on the kept one.
FILL_FIELDS = [
    "nik",
    "birth_place",
    "birth_date",
    "marital_status",
    "religion",
    "education",
    "occupation",
    "disability",
    "chronic_illness",
]


# ------------------------------------------------------------------------------------------------ helpers


def _source(actor) -> str:
    return "web" if _user(actor) is not None else "system"


def _require(actor, perm: str, area_code: str, message: str) -> None:
    if actor is not None and not scoping.has_perm_for(actor, perm, area_code):
        raise PermissionDenied(message)


def _require_review(actor, *persons: Person) -> None:
    """Deciding a pair changes registry records: the reviewer needs the review right and the registry's change
    right over both records' desa."""
    for person in persons:
        desa = person.household.desa_id
        _require(
            actor, perms.REVIEW_PAIRS, desa, _("Anda tidak berwenang memutuskan pencocokan di wilayah ini.")
        )
        _require(
            actor, scoping.CHANGE_REGISTRY, desa, _("Anda tidak berwenang mengubah data di wilayah ini.")
        )


def person_label(person: Person) -> str:
    return f"{person.name} (#{person.pk})"


def relation_key(relation) -> str:
    return f"{relation.related_model._meta.label_lower}.{relation.field.name}"


def person_relations() -> list:
    """Every foreign key to Person, hidden ones (``related_name="+"``) included."""
    return [
        f
        for f in Person._meta.get_fields(include_hidden=True)
        if f.is_relation and f.auto_created and not f.concrete and f.related_model is not None
    ]


def valid_nik(nik: str) -> bool:
    if not nik:
        return False
    try:
        parse_nik(nik)
    except ValueError:
        return False
    return True


def default_keep(a: Person, b: Person) -> Person:
    """The record with a valid NIK, else the older record (smaller id): ids handed out first stay."""
    if valid_nik(a.nik) != valid_nik(b.nik):
        return a if valid_nik(a.nik) else b
    return a if a.pk < b.pk else b


def _locked_persons(*pks: int) -> dict[int, Person]:
    found = Person.objects.select_for_update(of=("self",)).select_related("household").filter(pk__in=pks)
    return {p.pk: p for p in found.order_by("pk")}


# ---------------------------------------------------------------------------------------------------- runs


def _regency_required(regency) -> None:
    if not isinstance(regency, Area) or regency.level != Level.REGENCY:
        raise ValidationError({"regency": _("Pencocokan dijalankan per kabupaten/kota.")})


def last_done_run(regency_code: str) -> LinkRun | None:
    return (
        LinkRun.objects.filter(regency_id=regency_code, state=RunState.DONE)
        .order_by("-started_at", "-id")
        .first()
    )


def start_link_run(*, actor, regency: Area, incremental: bool, enqueue: bool = True) -> LinkRun:
    """Queue a run over ``regency`` (the page polls its progress). Refused while one of the kabupaten/kota is
    queued or running, and an incremental run needs a finished run to start from."""
    _regency_required(regency)
    _require(
        actor,
        perms.RUN_LINKAGE,
        regency.code,
        _("Anda tidak berwenang menjalankan pencocokan di wilayah ini."),
    )
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=regency.pk).first()
        if LinkRun.objects.filter(regency=regency, state__in=ACTIVE_RUN_STATES).exists():
            raise ValidationError(_("Pencocokan untuk %(name)s sedang berjalan.") % {"name": regency.name})
        since = None
        if incremental:
            previous = last_done_run(regency.code)
            if previous is None:
                raise ValidationError(
                    _("Belum ada pencocokan yang selesai untuk %(name)s: jalankan pencocokan penuh dulu.")
                    % {"name": regency.name}
                )
            since = previous.started_at
        run = LinkRun.objects.create(
            regency=regency, started_by=_user(actor), incremental=incremental, since=since
        )
        record(
            actor=actor,
            action=Action.CREATE,
            obj=run,
            area_code=regency.code,
            source=_source(actor),
            object_label=f"{_('Pencocokan data')} {regency.code}",
            changes={"state": RunState.QUEUED.value, "incremental": incremental},
        )
    Progress(run.progress_key, phase="antre", total=0)
    clear_cancel(run.progress_key)
    if enqueue:
        from .tasks import run_link

        transaction.on_commit(lambda: run_link.enqueue(run.pk))
    return run


def linkage_model() -> engine.Model:
    """The model runs use: ``SINERGI_LINKAGE_MODEL`` (a file made by ``sinergi linkage-retrain``) or the shipped
    one."""
    path = settings.SINERGI_LINKAGE_MODEL
    return _model_file(path) if path else engine.default_model()


@functools.lru_cache(maxsize=2)
def _model_file(path: str) -> engine.Model:
    return engine.Model.load(path)


def decided_vectors(model: engine.Model) -> list[tuple[list[float], bool]]:
    """Reviewers' decisions as labelled feature vectors for :func:`engine.retrain_with_decisions`: an accepted
    pair (merged) is the same person, a rejected one two people. A pair scored by a model with other
    comparisons is left out."""
    names = [c["output_column_name"] for c in model.splink["comparisons"]]
    vectors = []
    decided = CandidatePair.objects.filter(state__in=[PairState.ACCEPTED, PairState.REJECTED])
    for state, match_weight, evidence in decided.values_list("state", "match_weight", "evidence").iterator():
        weights = {
            item[0]: item[2] for item in evidence or [] if isinstance(item, list | tuple) and len(item) == 3
        }
        if sorted(weights) != sorted(names):
            continue
        vectors.append(
            ([float(weights[name]) for name in names] + [float(match_weight)], state == PairState.ACCEPTED)
        )
    return vectors


def _model_version(model: engine.Model) -> str:
    info = model.trained_on or {}
    parts = [
        str(info.get("generator", "")),
        f"{info['decisions']} keputusan peninjau" if info.get("decisions") else "",
        f"{info.get('records', '?')} catatan",
        f"seed {info.get('seed', '?')}",
        str(info.get("regency", "")),
    ]
    return ", ".join(p for p in parts if p)[:200]


def _close(run: LinkRun, state: str, message: str = "") -> None:
    LinkRun.objects.filter(pk=run.pk).update(state=state, finished_at=timezone.now(), message=message[:2000])


def execute_run(run: LinkRun, *, model: engine.Model | None = None) -> LinkRun:
    """Run a queued run to the end (the background task calls this). A run that is not queued any more (done,
    cancelled, or claimed by another delivery of the task) is returned as it is."""
    claimed = LinkRun.objects.filter(pk=run.pk, state=RunState.QUEUED).update(
        state=RunState.RUNNING, started_at=timezone.now()
    )
    run = LinkRun.objects.select_related("regency", "started_by").get(pk=run.pk)
    if not claimed:
        return run
    actor = run.started_by
    if actor is not None and not scoping.has_perm_for(actor, perms.RUN_LINKAGE, run.regency_id):
        _close(
            run,
            RunState.FAILED,
            _("Yang memulai tidak lagi berwenang menjalankan pencocokan di wilayah ini."),
        )
        run.refresh_from_db()
        return run
    progress = Progress(run.progress_key, phase="baca", total=records.persons_of(run.regency_id).count())
    try:
        # Stored texts (the run's message) are in the installation's language, whoever started the run.
        with translation.override(settings.LANGUAGE_CODE):
            _execute(run, progress, model or linkage_model())
    except Cancelled:
        _close(run, RunState.CANCELLED, _("Dibatalkan; antrean tinjauan tetap seperti sebelumnya."))
    except Exception as exc:
        logger.exception("linkage run %s for %s failed", run.pk, run.regency_id)
        _close(run, RunState.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


def _execute(run: LinkRun, progress: Progress, model: engine.Model) -> None:
    found = records.read(run.regency_id, since=run.since, on_chunk=lambda done: progress.advance(done))
    total = len(found.rows)
    progress.advance(total, phase="nilai", total=total)

    def engine_progress(_message: str) -> None:
        progress.advance(total)  # also where a cancel is noticed while the engine works

    focus = found.focus if run.incremental else None
    scored: list[engine.ScoredPair] = []
    candidates = 0
    if focus is None or focus:  # an incremental run with nothing new or changed has nothing to score
        result = engine.link_for_review(
            found.rows, model, focus=focus, at_least=REVIEW_FLOOR, progress=engine_progress
        )
        scored, candidates = result.pairs, result.candidate_pairs
    progress.advance(total, phase="simpan")
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=run.regency_id).first()
        summary = _store(run, scored, found, focus)
        run.state, run.finished_at = RunState.DONE, timezone.now()
        run.records, run.focus_records = total, len(focus) if focus is not None else total
        run.candidate_pairs, run.pairs_found, run.pairs_queued = candidates, len(scored), summary["queued"]
        run.model_version = _model_version(model)
        run.message = _(
            "%(candidates)s pasangan kandidat dinilai; %(found)s berpeluang ≥ %(floor)s, %(queued)s "
            "masuk antrean (%(rejected)s pernah ditolak, %(superseded)s menggantikan pasangan "
            "lama)."
        ) % {
            "candidates": candidates,
            "found": len(scored),
            "floor": formats.number_format(REVIEW_FLOOR, 1),
            "queued": summary["queued"],
            "rejected": summary["rejected"],
            "superseded": summary["superseded"],
        }
        run.save()
        record(
            actor=run.started_by,
            action=Action.UPDATE,
            obj=run,
            area_code=run.regency_id,
            source=_source(run.started_by),
            object_label=f"{_('Pencocokan data')} {run.regency_id}",
            changes={
                "state": [RunState.RUNNING.value, RunState.DONE.value],
                "records": total,
                "focus": run.focus_records,
                **summary,
            },
        )
    with contextlib.suppress(Cancelled):  # asked after the pairs were committed: the run is done
        progress.advance(total, phase="selesai")


def _ordered(left: str, right: str) -> tuple[int, int]:
    a, b = int(left), int(right)
    return (a, b) if a < b else (b, a)


def _store(
    run: LinkRun, scored: list[engine.ScoredPair], found: records.Records, focus: set[str] | None
) -> dict[str, int]:
    """Write the run's pairs and settle the earlier pending ones of the kabupaten/kota."""
    wanted = {_ordered(p.left, p.right): p for p in scored}
    decided = set()
    for chunk in _chunks(list(wanted)):
        q = Q()
        for a, b in chunk:
            q |= Q(person_a_id=a, person_b_id=b)
        decided.update(
            CandidatePair.objects.filter(q, state__in=(PairState.REJECTED, PairState.ACCEPTED)).values_list(
                "person_a_id", "person_b_id"
            )
        )
    earlier = CandidatePair.objects.filter(state=PairState.PENDING, run__regency_id=run.regency_id).exclude(
        run=run
    )
    if focus is not None:
        ids = [int(i) for i in focus]
        touched = CandidatePair.objects.none()
        for chunk in _chunks(ids):
            touched |= earlier.filter(Q(person_a_id__in=chunk) | Q(person_b_id__in=chunk))
        earlier = touched
    old = {(a, b): pk for pk, a, b in earlier.values_list("pk", "person_a_id", "person_b_id")}
    new = [
        CandidatePair(
            run=run,
            person_a_id=a,
            person_b_id=b,
            desa_id=found.desa[a],
            probability=round(p.probability, 6),
            match_weight=round(p.match_weight, 4),
            evidence=[[e.comparison, e.level, e.weight] for e in p.evidence],
        )
        for (a, b), p in wanted.items()
        if (a, b) not in decided
    ]
    # The old pending pairs go first: the new ones take their place under the one-pending-pair rule.
    for chunk in _chunks(list(old.values())):
        CandidatePair.objects.filter(pk__in=chunk).update(state=PairState.SUPERSEDED)
    created = CandidatePair.objects.bulk_create(new, batch_size=1000)
    successor = {(c.person_a_id, c.person_b_id): c.pk for c in created if c.pk is not None}
    if len(successor) < len(created):  # a backend that does not return ids from bulk inserts
        successor = dict(
            ((a, b), pk)
            for pk, a, b in CandidatePair.objects.filter(run=run).values_list(
                "pk", "person_a_id", "person_b_id"
            )
        )
    for key, pk in old.items():
        if key in successor:
            CandidatePair.objects.filter(pk=pk).update(superseded_by_id=successor[key])
    return {
        "found": len(wanted),
        "queued": len(new),
        "rejected": len(wanted) - len(new),
        "superseded": sum(1 for key in old if key in successor),
        "retired": len(old),
    }


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def cancel_link_run(*, actor, run: LinkRun) -> bool:
    """Stop a queued or running run; the review queue stays as it was. A run whose worker is gone (no progress
    for :data:`STALE_AFTER`) is closed at once. False when the run had already ended."""
    _require(actor, perms.RUN_LINKAGE, run.regency_id, _("Anda tidak berwenang di wilayah ini."))
    closed = LinkRun.objects.filter(pk=run.pk, state=RunState.QUEUED).update(
        state=RunState.CANCELLED, finished_at=timezone.now(), message=_("Dibatalkan sebelum mulai.")
    )
    stale = False
    if not closed:
        run.refresh_from_db()
        if run.state != RunState.RUNNING:
            return False
        request_cancel(run.progress_key)
        progress = progress_of(run.progress_key)
        stale = progress is None or progress.updated_at < timezone.now() - STALE_AFTER
        if stale:
            _close(run, RunState.CANCELLED, _("Ditutup: pekerja latar tidak bergerak lagi."))
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=run,
        area_code=run.regency_id,
        source=_source(actor),
        object_label=f"{_('Pencocokan data')} {run.regency_id}",
        changes={"cancel_requested": [False, True], "closed_as_stale": stale, "was_queued": bool(closed)},
    )
    return True


def run_is_stale(run: LinkRun, progress) -> bool:
    return run.state == RunState.RUNNING and (
        progress is None or progress.updated_at < timezone.now() - STALE_AFTER
    )


# ------------------------------------------------------------------------------------------- decisions


def _locked_pair(pair: CandidatePair) -> CandidatePair:
    return (
        CandidatePair.objects.select_for_update(of=("self",))
        .select_related("person_a__household", "person_b__household")
        .get(pk=pair.pk)
    )


def _pending(pair: CandidatePair) -> None:
    if pair.state != PairState.PENDING:
        raise ValidationError(
            _("Pasangan ini sudah diputuskan (%(state)s).") % {"state": pair.get_state_display()}
        )


def _record_on_households(
    *, actor, obj, persons: Iterable[Person], changes: dict[str, Any], source: str, object_label: str = ""
) -> None:
    """One entry per household involved, so each household's history shows the decision."""
    seen = set()
    for person in persons:
        household = person.household
        if household.pk in seen:
            continue
        seen.add(household.pk)
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=obj,
            household_id=household.pk,
            area_code=household.desa_id,
            changes=changes,
            source=source,
            object_label=object_label,
        )


@transaction.atomic
def reject_pair(*, actor, pair: CandidatePair, note: str = "") -> CandidatePair:
    """Not one person (twins, father and son): later runs never queue these two records again."""
    pair = _locked_pair(pair)
    _require_review(actor, pair.person_a, pair.person_b)
    _pending(pair)
    pair.state, pair.decided_by, pair.decided_at = PairState.REJECTED, _user(actor), timezone.now()
    pair.note = " ".join((note or "").split())[:2000]
    pair.save(update_fields=["state", "decided_by", "decided_at", "note"])
    _record_on_households(
        actor=actor,
        obj=pair,
        persons=(pair.person_a, pair.person_b),
        source=_source(actor),
        object_label=_("Pasangan pencocokan #%(pk)s") % {"pk": pair.pk},
        changes={
            "state": [PairState.PENDING.value, PairState.REJECTED.value],
            "persons": [str(pair.person_a_id), str(pair.person_b_id)],
            "note": pair.note,
        },
    )
    return pair


@transaction.atomic
def accept_pair(*, actor, pair: CandidatePair, keep: Person | None = None) -> Merge:
    """One person: merge the pair's records, keeping ``keep`` (by default :func:`default_keep`)."""
    pair = _locked_pair(pair)
    _require_review(actor, pair.person_a, pair.person_b)
    _pending(pair)
    if keep is None:
        keep = default_keep(pair.person_a, pair.person_b)
    if keep.pk not in (pair.person_a_id, pair.person_b_id):
        raise ValidationError({"keep": _("Catatan yang dipertahankan harus salah satu dari pasangan ini.")})
    drop = pair.person_b if keep.pk == pair.person_a_id else pair.person_a
    keep = pair.person_a if keep.pk == pair.person_a_id else pair.person_b
    return merge_persons(actor=actor, keep=keep, drop=drop, pair=pair)


# ---------------------------------------------------------------------------------------------- merging


def _unique_sets(model, field_name: str) -> list[tuple[list[str], Q | None]]:
    """The unique rules of ``model`` that involve ``field_name``: (fields, condition)."""
    rules: list[tuple[list[str], Q | None]] = []
    field = model._meta.get_field(field_name)
    if field.unique:
        rules.append(([field_name], None))
    for fields in model._meta.unique_together:
        if field_name in fields:
            rules.append((list(fields), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in (constraint.fields or ()):
            rules.append((list(constraint.fields), constraint.condition))
    return rules


def _would_conflict(model, field_name: str, row, target_pk: int) -> bool:
    """Would pointing ``row``'s ``field_name`` at ``target_pk`` break one of the model's unique rules?"""
    manager = model._base_manager
    for fields, condition in _unique_sets(model, field_name):
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue  # the rule does not apply to this row (e.g. an enrolment that is no longer active)
        lookup = {}
        for name in fields:
            if name == field_name:
                continue
            value = getattr(row, model._meta.get_field(name).attname)
            if value is None:
                break  # NULLs never collide under a unique rule
            lookup[model._meta.get_field(name).attname] = value
        else:
            others = manager.filter(**lookup, **{f"{field_name}_id": target_pk}).exclude(pk=row.pk)
            if condition is not None:
                others = others.filter(condition)
            if others.exists():
                return True
    return False


def _repoint(drop: Person, keep: Person) -> tuple[dict, dict]:
    """Move the rows of every REPOINT relation from ``drop`` to ``keep``; returns (moved, kept) as
    ``{"<app_label.model>": {"<field>": [ids]}}``."""
    moved: dict[str, dict[str, list[int]]] = {}
    kept: dict[str, dict[str, list[int]]] = {}
    for relation in person_relations():
        key = relation_key(relation)
        policy = RELATIONS.get(key)
        if policy is None:
            raise RuntimeError(f"No merge decision for {key}: add it to linkage.operations.RELATIONS.")
        if policy != REPOINT:
            continue
        model, field_name = relation.related_model, relation.field.name
        label = model._meta.label_lower
        going, staying = [], []
        for row in model._base_manager.filter(**{f"{field_name}_id": drop.pk}).order_by("pk"):
            (staying if _would_conflict(model, field_name, row, keep.pk) else going).append(row.pk)
        if going:
            model._base_manager.filter(pk__in=going).update(**{f"{field_name}_id": keep.pk})
            moved.setdefault(label, {})[field_name] = going
        if staying:
            kept.setdefault(label, {})[field_name] = staying
    return moved, kept


def _blank(value) -> bool:
    return value is None or value == ""


def _validate_merge(keep: Person, drop: Person) -> None:
    if keep.pk == drop.pk:
        raise ValidationError(_("Sebuah catatan tidak dapat digabung dengan dirinya sendiri."))
    if drop.merged_into_id is not None:
        raise ValidationError(
            _("%(drop)s sudah digabung ke catatan #%(other)s.")
            % {"drop": person_label(drop), "other": drop.merged_into_id}
        )
    if keep.merged_into_id is not None:
        raise ValidationError(
            _("%(keep)s sudah digabung ke catatan #%(other)s; gabungkan ke catatan itu.")
            % {"keep": person_label(keep), "other": keep.merged_into_id}
        )
    if Person.objects.filter(merged_into=drop).exists():
        raise ValidationError(
            _(
                "Catatan lain sudah digabung ke %(drop)s: batalkan penggabungan itu dulu, atau "
                "pertahankan %(drop)s."
            )
            % {"drop": person_label(drop)}
        )


@transaction.atomic
def merge_persons(*, actor, keep: Person, drop: Person, pair: CandidatePair | None = None) -> Merge:
    """Merge ``drop`` into ``keep`` (see the module docstring); returns the :class:`Merge` that undoes it."""
    locked = _locked_persons(keep.pk, drop.pk)
    if keep.pk not in locked or drop.pk not in locked:
        raise ValidationError(_("Catatan tidak ditemukan."))
    keep, drop = locked[keep.pk], locked[drop.pk]
    _require_review(actor, keep, drop)
    _validate_merge(keep, drop)
    if pair is not None:
        pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
        _pending(pair)
        if {pair.person_a_id, pair.person_b_id} != {keep.pk, drop.pk}:
            raise ValidationError(_("Pasangan ini bukan pasangan kedua catatan tersebut."))
    now = timezone.now()
    merge = Merge.objects.create(keep=keep, drop=drop, actor=_user(actor), pair=pair)
    source = f"linkage:merge:{merge.pk}"
    moved, kept = _repoint(drop, keep)

    membership = Membership.objects.filter(person=drop, left_at__isnull=True).first()
    if membership is not None:
        reason = _("Digabung ke %(keep)s") % {"keep": person_label(keep)}
        Membership.objects.filter(pk=membership.pk).update(left_at=now, left_reason=reason[:200])

    others = CandidatePair.objects.filter(Q(person_a=drop) | Q(person_b=drop), state=PairState.PENDING)
    if pair is not None:
        others = others.exclude(pk=pair.pk)
    superseded = list(others.values_list("pk", flat=True))
    CandidatePair.objects.filter(pk__in=superseded).update(state=PairState.SUPERSEDED)

    Person.objects.filter(pk=drop.pk).update(merged_into=keep)
    drop.merged_into = keep
    fill = {}
    for name in FILL_FIELDS:
        value = getattr(drop, name)
        if _blank(getattr(keep, name)) and not _blank(value) and (name != "nik" or valid_nik(value)):
            fill[name] = value
    filled = registry.update_person(actor=actor, person=keep, changes=fill, source=source) if fill else {}

    if pair is not None:
        pair.state, pair.decided_by, pair.decided_at, pair.merge = (
            PairState.ACCEPTED,
            _user(actor),
            now,
            merge,
        )
        pair.save(update_fields=["state", "decided_by", "decided_at", "merge"])
    merge.moved = {
        "repointed": moved,
        "kept": kept,
        "filled": filled,
        "membership": membership.pk if membership is not None else None,
        "superseded": superseded,
    }
    merge.save(update_fields=["moved"])
    _record_on_households(
        actor=actor,
        obj=drop,
        persons=(drop, keep),
        source=source,
        object_label=drop.masked_nik or drop.name_key,
        changes={"merged_into": [None, person_label(keep)]},
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=merge,
        area_code=keep.household.desa_id,
        source=source,
        changes={
            "keep": str(keep.pk),
            "drop": str(drop.pk),
            "pair": pair.pk if pair is not None else None,
            **merge.moved,
        },
    )
    return merge


def _restore_rows(merge: Merge, drop: Person, keep: Person, report: list[str]) -> dict:
    from django.apps import apps

    restored: dict[str, dict[str, list[int]]] = {}
    for label, fields in (merge.moved.get("repointed") or {}).items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            report.append(
                _("Jenis data %(label)s tidak ada lagi; %(n)s baris tidak dikembalikan.")
                % {"label": label, "n": sum(len(ids) for ids in fields.values())}
            )
            continue
        for field_name, ids in fields.items():
            attname = f"{field_name}_id"
            current = dict(model._base_manager.filter(pk__in=ids).values_list("pk", attname))
            back = []
            for pk in ids:
                if pk not in current:
                    report.append(
                        _("%(model)s #%(pk)s sudah dihapus.") % {"model": model._meta.verbose_name, "pk": pk}
                    )
                elif current[pk] != keep.pk:
                    report.append(
                        _("%(model)s #%(pk)s sudah dipindah ke catatan lain; dibiarkan.")
                        % {"model": model._meta.verbose_name, "pk": pk}
                    )
                elif _would_conflict(model, field_name, model._base_manager.get(pk=pk), drop.pk):
                    report.append(
                        _(
                            "%(model)s #%(pk)s tidak dapat dikembalikan tanpa melanggar aturan data "
                            "unik; dibiarkan pada %(keep)s."
                        )
                        % {"model": model._meta.verbose_name, "pk": pk, "keep": person_label(keep)}
                    )
                else:
                    back.append(pk)
            if back:
                model._base_manager.filter(pk__in=back).update(**{attname: drop.pk})
                restored.setdefault(label, {})[field_name] = back
    return restored


def _plain(value) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _unfill(merge: Merge, keep: Person, actor, source: str, report: list[str]) -> dict:
    changes = {}
    for name, values in (merge.moved.get("filled") or {}).items():
        if not isinstance(values, list) or len(values) != 2:
            continue
        old, new = values
        field = Person._meta.get_field(name)
        if _plain(getattr(keep, name)) != new:
            report.append(
                _("%(field)s pada %(keep)s sudah diubah sejak penggabungan; dibiarkan.")
                % {"field": field.verbose_name, "keep": person_label(keep)}
            )
            continue
        changes[name] = field.to_python(old) if old not in (None, "") else ("" if not field.null else None)
    return registry.update_person(actor=actor, person=keep, changes=changes, source=source) if changes else {}


@transaction.atomic
def unmerge(*, actor, merge: Merge) -> None:
    """Undo ``merge``: both records back as they were, with their rows and the dropped record's membership.
    What changed since the merge (a moved row deleted or moved again, a filled field edited) is left as it is
    and listed in ``merge.unmerge_report``."""
    merge = Merge.objects.select_for_update(of=("self",)).get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("Penggabungan ini sudah dibatalkan."))
    locked = _locked_persons(merge.keep_id, merge.drop_id)
    keep, drop = locked[merge.keep_id], locked[merge.drop_id]
    _require_review(actor, keep, drop)
    if drop.merged_into_id != keep.pk:
        raise ValidationError(_("Data penggabungan ini tidak sesuai lagi dengan registri."))
    if keep.merged_into_id is not None:
        raise ValidationError(
            _("%(keep)s sudah digabung lagi ke catatan #%(other)s: batalkan penggabungan itu dulu.")
            % {"keep": person_label(keep), "other": keep.merged_into_id}
        )
    source = f"linkage:unmerge:{merge.pk}"
    report: list[str] = []
    restored = _restore_rows(merge, drop, keep, report)

    membership_id = merge.moved.get("membership")
    if membership_id:
        membership = Membership.objects.filter(pk=membership_id, person=drop).first()
        if membership is None:
            report.append(_("Keanggotaan KK catatan yang digabung sudah tidak ada."))
        elif Membership.objects.filter(person=drop, left_at__isnull=True).exists():
            report.append(
                _(
                    "Catatan yang digabung sudah punya keanggotaan KK lain; keanggotaan lama dibiarkan "
                    "berakhir."
                )
            )
        else:
            Membership.objects.filter(pk=membership.pk).update(left_at=None, left_reason="")

    Person.objects.filter(pk=drop.pk).update(merged_into=None)
    drop.merged_into = None
    unfilled = _unfill(merge, keep, actor, source, report)

    for pk in merge.moved.get("superseded") or []:
        _reopen_pair(pk)
    if merge.pair_id is not None:
        pair = CandidatePair.objects.select_for_update().filter(pk=merge.pair_id, merge=merge).first()
        if pair is not None:
            pair.state, pair.decided_by, pair.decided_at, pair.merge = PairState.PENDING, None, None, None
            if CandidatePair.objects.filter(
                person_a_id=pair.person_a_id, person_b_id=pair.person_b_id, state=PairState.PENDING
            ).exists():
                pair.state = PairState.SUPERSEDED
            pair.save(update_fields=["state", "decided_by", "decided_at", "merge"])

    merge.undone_at, merge.undone_by, merge.unmerge_report = timezone.now(), _user(actor), report
    merge.save(update_fields=["undone_at", "undone_by", "unmerge_report"])
    _record_on_households(
        actor=actor,
        obj=drop,
        persons=(drop, keep),
        source=source,
        object_label=drop.masked_nik or drop.name_key,
        changes={"merged_into": [person_label(keep), None]},
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=merge,
        area_code=keep.household.desa_id,
        source=source,
        changes={
            "undone": [False, True],
            "restored": restored,
            "unfilled": sorted(unfilled),
            "not_restored": report,
        },
    )


def _reopen_pair(pk: int) -> None:
    """A pair the merge superseded goes back to the queue, unless a later run re-scored it already."""
    pair = CandidatePair.objects.filter(pk=pk, state=PairState.SUPERSEDED, superseded_by__isnull=True).first()
    if pair is None:
        return
    if CandidatePair.objects.filter(
        person_a_id=pair.person_a_id, person_b_id=pair.person_b_id, state=PairState.PENDING
    ).exists():
        return
    if Person.objects.filter(pk__in=(pair.person_a_id, pair.person_b_id), merged_into__isnull=False).exists():
        return
    CandidatePair.objects.filter(pk=pk).update(state=PairState.PENDING)


# ---------------------------------------------------------------------------------------------- reading


def record_pairs_view(*, actor, pairs: list[CandidatePair], area_code: str) -> None:
    """Seeing pairs is seeing two persons' data each: one entry per page with the persons shown."""
    _record_list_view(
        actor=actor,
        object_type="linkage.candidatepair",
        key="pairs",
        rows=pairs,
        persons={p.person_a_id for p in pairs} | {p.person_b_id for p in pairs},
        area_code=area_code,
    )


def _record_list_view(
    *, actor, object_type: str, key: str, rows: list, persons: set[int], area_code: str
) -> None:
    if not rows:
        return
    record(
        actor=actor,
        action=Action.VIEW,
        object_type=object_type,
        object_id=f"{len(rows)} rows",
        area_code=area_code,
        changes={key: [row.pk for row in rows], "persons": [str(i) for i in sorted(persons)]},
    )


def record_merge_view(*, actor, merge: Merge) -> None:
    record(
        actor=actor,
        action=Action.VIEW,
        obj=merge,
        household_id=merge.keep.household_id,
        area_code=merge.keep.household.desa_id,
        changes={"persons": [str(merge.keep_id), str(merge.drop_id)]},
    )


def record_merges_view(*, actor, merges: list[Merge], area_code: str) -> None:
    _record_list_view(
        actor=actor,
        object_type="linkage.merge",
        key="merges",
        rows=merges,
        persons={m.keep_id for m in merges} | {m.drop_id for m in merges},
        area_code=area_code,
    )
