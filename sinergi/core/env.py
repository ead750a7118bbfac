"""Typed readers for environment variables: the only way settings read configuration.

Each helper fails loudly on a malformed value instead of silently falling back, because a typo in a
production variable (``DEBUG=flase``) must stop the process, not run it with a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class EnvError(ValueError):
    pass


_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise EnvError(f"{name}={environ[name]!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ or environ[name].strip() == "":
        return default
    try:
        return int(environ[name])
    except ValueError as exc:
        raise EnvError(f"{name}={environ[name]!r} is not a whole number") from exc


def env_list(name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default or [])
    return [item.strip() for item in environ[name].split(",") if item.strip()]
