"""One small interaction model per test process, shared by the linkage engine and CLI tests.

Trained exactly as ``sinergi link`` trains its default model, on fewer synthetic records (the generator's
default seed for training, never the seeds the tests link), so both test files stay fast.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sinergi.linkage import engine

TRAIN_RECORDS = 10_000


@lru_cache(maxsize=1)
def small_model() -> engine.Model:
    return engine.train_model(records=TRAIN_RECORDS)


def saved_model(directory: Path) -> Path:
    path = directory / "model.json"
    if not path.exists():
        small_model().save(path)
    return path
