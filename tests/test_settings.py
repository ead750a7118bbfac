import os
import subprocess
import sys
from pathlib import Path

import pytest

from sinergi.core.env import EnvError, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_helpers_parse_and_refuse_garbage():
    assert env_bool("X", environ={"X": "ya"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(EnvError):
        env_bool("X", environ={"X": "flase"})
    assert env_int("N", 3, environ={"N": "42"}) == 42
    with pytest.raises(EnvError):
        env_int("N", 3, environ={"N": "4x"})
    assert env_list("L", environ={"L": "a.go.id, b.go.id,"}) == ["a.go.id", "b.go.id"]


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, **env}, timeout=120)


def test_production_mode_passes_check_deploy(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     SINERGI_MODE="production", SECRET_KEY="k" * 20 + "Q7x!" * 10, ALLOWED_HOSTS="sinergi.example.go.id",
                     SINERGI_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_a_missing_secret_key(tmp_path):
    result = _manage("check", SINERGI_MODE="production", ALLOWED_HOSTS="x", SINERGI_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_selects_postgresql():
    import dj_database_url

    parsed = dj_database_url.parse("postgres://sinergi:rahasia@db.dinsos.local:5432/sinergi")
    assert parsed["ENGINE"] == "django.db.backends.postgresql" and parsed["NAME"] == "sinergi"
