"""``sinergi linkage-retrain --out FILE``: the review queue's decisions fed back into the linkage model.

Every accepted pair (merged: the same person) and rejected pair (two people) of this installation becomes a
labelled example; the model in use (``SINERGI_LINKAGE_MODEL``, or the shipped one) gets its interaction trees
trained again on the generated pairs plus these decisions, each worth ``--weight`` generated pairs. Its
Fellegi-Sunter part stays, so the stored decisions keep their meaning. Point ``SINERGI_LINKAGE_MODEL`` at the
file to use it; the runs page then names the model with the number of decisions it learnt from.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from sinergi.linkage import engine, operations


class Command(BaseCommand):
    help = "Latih ulang model pencocokan dengan keputusan peninjau (diterima/ditolak) dan simpan ke file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="file model (JSON) yang ditulis")
        parser.add_argument(
            "--records", type=int, default=engine.TRAINING_RECORDS,
            help=f"catatan sintetis yang ikut dilatih (bawaan {engine.TRAINING_RECORDS:,})",
        )  # fmt: skip
        parser.add_argument(
            "--weight", type=float, default=engine.DECISION_WEIGHT,
            help=f"bobot satu keputusan terhadap satu pasangan sintetis (bawaan {engine.DECISION_WEIGHT:g})",
        )  # fmt: skip

    def handle(self, *args, **opts):
        if opts["records"] < 1000 or opts["weight"] <= 0:
            raise CommandError("--records minimal 1000 dan --weight harus positif.")
        started = time.perf_counter()
        model = operations.linkage_model()
        decisions = operations.decided_vectors(model)
        if not decisions:
            raise CommandError("Belum ada pasangan yang diterima atau ditolak; tidak ada yang dipelajari.")

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}")

        retrained = engine.retrain_with_decisions(
            model, decisions, records=opts["records"], weight=opts["weight"], progress=progress
        )
        retrained.save(opts["out"])
        same = sum(label for _vector, label in decisions)
        self.stdout.write(
            f"{opts['out']}: {len(decisions)} keputusan ({same} orang yang sama, {len(decisions) - same} berbeda); "
            f"pakai dengan SINERGI_LINKAGE_MODEL={opts['out']}"
        )
