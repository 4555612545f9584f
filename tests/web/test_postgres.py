"""PostgreSQL works by setting a database URL: a real server (started here from Debian's PostgreSQL binaries in a
temporary directory, Unix socket only), the app's migrations, a user with a role, and that user read back."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _bin(naam: str) -> str | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / naam).exists():
            return str(d / naam)
    return shutil.which(naam)


def _als_postgres(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    # PostgreSQL refuses to run as root: run its server tools as the postgres user then
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120, **kw)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.fail("PostgreSQL server binaries not found: .ci/run installs the Debian package postgresql")
    root = tmp_path_factory.mktemp("pg")
    os.chmod(root, 0o777)
    for p in root.parents:
        if str(p).startswith(("/tmp", str(tmp_path_factory.getbasetemp()))):
            os.chmod(p, os.stat(p).st_mode | 0o011)  # let the postgres user pass through to its directory
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    os.chmod(sock, 0o777)
    _als_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    _als_postgres([pg_ctl, "-D", str(data), "-w", "-l", str(root / "log"), "-o",
                   f"-c listen_addresses='' -k {sock} -p 5499", "start"])
    try:
        _als_postgres(["psql", "-h", str(sock), "-p", "5499", "-U", "postgres", "-c", "CREATE DATABASE regiekamer"])
        yield f"postgres://postgres@/regiekamer?host={sock}&port=5499"
    finally:
        _als_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"])


def test_app_state_in_postgresql(postgres: str, web_data: Path, rk: Any) -> None:
    env = {**rk.env(), "DATABASE_URL": postgres, "REGIEKAMER_SECRET_KEY": "test-" + "x" * 40}
    cmd = rk.command("gebruiker", "pg-analist", "--rol", "regio-analist", "--regio", "Test", "-d", web_data)
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    # read back from PostgreSQL itself, not through Django
    uit = subprocess.run(
        ["psql", postgres.replace("postgres://", "postgresql://"), "-At", "-c",
         "SELECT u.username, p.rol, p.regio, left(u.password, 7) FROM auth_user u "
         "JOIN accounts_profiel p ON p.user_id = u.id"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()
    assert uit == "pg-analist|regio-analist|Test|argon2$"
