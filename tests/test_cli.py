import os
import subprocess
import sys
from pathlib import Path

import pytest

from sinergi.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_console_script_accepts_dashed_command_names():
    sinergi = Path(sys.executable).parent / "sinergi"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([str(sinergi), "help", "load-areas"], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env=env)
    assert result.returncode == 0 and "--only" in result.stdout


@pytest.mark.django_db
def test_main_maps_dashes_to_underscores(capsys):
    main(["sinergi", "load-areas", "--only", "11.06.07"])
    assert "baru" in capsys.readouterr().out
