"""The interaction model shared by the linkage engine, CLI and Spark tests: the one Sinergi ships.

The tests check what users get (``sinergi link`` without ``--model`` uses the same file), and loading it
takes a fraction of a second where training takes minutes; ``test_linkage_engine`` trains a small model of
its own to check that training works.
"""

from __future__ import annotations

from pathlib import Path

from sinergi.linkage import engine


def shipped_model() -> engine.Model:
    return engine.default_model()


def saved_model(directory: Path) -> Path:
    path = directory / "model.json"
    if not path.exists():
        shipped_model().save(path)
    return path
