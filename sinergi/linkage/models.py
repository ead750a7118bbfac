"""Record linkage in the application: runs of the engine over a kabupaten/kota's registry, the candidate pairs
they propose for review, and the merges people decide (each one reversible).

A merged record is not deleted: ``registry.Person.merged_into`` points to the record it was merged into, so
every id ever handed out keeps resolving, and :class:`Merge` keeps what the merge changed so that an unmerge
restores it exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping

from . import perms


class RunState(models.TextChoices):
    QUEUED = "queued", _("menunggu giliran")
    RUNNING = "running", _("berjalan")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")
    CANCELLED = "cancelled", _("dibatalkan")


ACTIVE_RUN_STATES = (RunState.QUEUED, RunState.RUNNING)


class LinkRunQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = perms.VIEW_PAIRS) -> LinkRunQuerySet:
        """Runs of the kabupaten/kota the user holds ``perm`` over as a whole (a run covers all of it)."""
        return scoping.filter_for(self, user, perm, "regency_id")


class LinkRun(models.Model):
    """One run of the linkage engine over the registry of a kabupaten/kota (full, or incremental: only pairs
    touching records created or changed since the last finished run)."""

    regency = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    incremental = models.BooleanField(_("hanya data baru/berubah"), default=False)
    # For an incremental run: records created or changed after this moment are its focus.
    since = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(_("catatan"), default=0)
    focus_records = models.PositiveIntegerField(default=0)
    candidate_pairs = models.PositiveIntegerField(default=0)
    pairs_found = models.PositiveIntegerField(_("pasangan ditemukan"), default=0)
    pairs_queued = models.PositiveIntegerField(_("pasangan untuk ditinjau"), default=0)
    message = models.TextField(blank=True)
    model_version = models.CharField(max_length=200, blank=True)

    objects = LinkRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proses pencocokan")
        verbose_name_plural = _("proses pencocokan")
        indexes = [models.Index(fields=["regency", "state"], name="linkage_run_regency_state")]
        permissions = [("run_linkage", "Boleh menjalankan pencocokan data satu kabupaten/kota")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.regency_id}"

    @property
    def progress_key(self) -> str:
        return f"linkage:run:{self.pk}"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_RUN_STATES


class PairState(models.TextChoices):
    PENDING = "pending", _("menunggu tinjauan")
    ACCEPTED = "accepted", _("digabung")
    REJECTED = "rejected", _("bukan orang yang sama")
    SUPERSEDED = "superseded", _("digantikan")


def _both_visible(queryset, user, perm: str, a: str, b: str):
    """Rows whose two persons both lie where the user holds ``perm`` and may see the registry."""
    for field in (a, b):
        for needed in (perm, scoping.VIEW_REGISTRY):
            queryset = scoping.filter_for(queryset, user, needed, f"{field}__household__desa_id")
    return queryset


class CandidatePairQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = perms.VIEW_PAIRS) -> CandidatePairQuerySet:
        return _both_visible(self, user, perm, "person_a", "person_b")


class CandidatePair(models.Model):
    """Two registry records the engine thinks may be one person, with its probability and, per field, the
    level the comparison reached and what that weighs. ``person_a`` is always the smaller id."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="pairs")
    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    # person_a's desa when the run found the pair: the review queue's desa filter.
    desa = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    probability = models.FloatField(_("peluang cocok"))
    match_weight = models.FloatField(default=0.0)
    # [[comparison, level label, weight in bits], ...] as the engine explained it.
    evidence = models.JSONField(default=list, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=PairState.choices, default=PairState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    merge = models.ForeignKey("Merge", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The pair of a later run that re-scored the same two persons.
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CandidatePairQuerySet.as_manager()

    class Meta:
        ordering = ["-probability", "id"]
        verbose_name = _("pasangan kandidat")
        verbose_name_plural = _("pasangan kandidat")
        constraints = [
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="linkage_pair_ordered"),
            models.UniqueConstraint(
                fields=["person_a", "person_b"], condition=Q(state="pending"), name="linkage_pair_one_pending"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "desa"], name="linkage_pair_state_desa"),
            models.Index(fields=["state", "probability"], name="linkage_pair_state_prob"),
        ]
        permissions = [("review_pair", "Boleh menerima atau menolak pasangan dan membatalkan penggabungan")]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id} ({self.probability:.2f})"

    @property
    def uncertainty(self) -> float:
        return abs(self.probability - 0.5)


class MergeQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = perms.VIEW_PAIRS) -> MergeQuerySet:
        return _both_visible(self, user, perm, "keep", "drop")


class Merge(models.Model):
    """``drop`` merged into ``keep``: what moved, so that an unmerge puts every row and field back.

    ``moved``: ``{"repointed": {"<app_label.model>": {"<fk field>": [ids]}}, "kept": {...same shape: rows left
    on the dropped record because moving them would break a unique rule}, "filled": {field: [old, new]},
    "membership": <id of the dropped record's membership ended by the merge> or null, "superseded": [pair ids]}``.
    """

    # Indexed by the (person, undone_at) indexes below.
    keep = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("catatan yang dipertahankan"),
    )
    drop = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("catatan yang digabungkan"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pair = models.ForeignKey(
        CandidatePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moved = models.JSONField(default=dict, blank=True)
    # What the unmerge could not put back (rows changed or deleted since), as messages.
    unmerge_report = models.JSONField(default=list, blank=True)

    objects = MergeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penggabungan")
        verbose_name_plural = _("penggabungan")
        indexes = [
            models.Index(fields=["drop", "undone_at"], name="linkage_merge_drop"),
            models.Index(fields=["keep", "undone_at"], name="linkage_merge_keep"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.drop_id}→{self.keep_id}"

    @property
    def active(self) -> bool:
        return self.undone_at is None
