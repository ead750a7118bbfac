"""A throwaway PostgreSQL cluster for one test run: initdb in a temp dir, a free port, removed at exit.

initdb refuses to run as root, so as root the cluster belongs to the postgres user (runuser); its directory is
under /tmp because postgres cannot enter /root.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    user: str
    directory: str


def _bindir() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    raise RuntimeError("PostgreSQL binaries not found: run `scripts/ensure-system-deps postgresql`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> Cluster:
    bindir = _bindir()
    directory = tempfile.mkdtemp(prefix="sinergi-pg-", dir="/tmp")
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(directory, "data")
    port = _free_port()
    subprocess.run(
        [*as_user, f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "-N"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=100")
    subprocess.run(
        [*as_user, f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(directory, "log"), "-w", "-t", "60",
         "-o", options, "start"],
        check=True, stdout=subprocess.DEVNULL,
    )

    def stop() -> None:
        subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(directory, ignore_errors=True)

    atexit.register(stop)
    return Cluster(host="127.0.0.1", port=port, user="postgres", directory=directory)
