"""The command line as a user meets it: exit codes, one-line errors, exports, help."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "istandaarden"
EXE = Path(sys.executable).with_name("regiekamer")
ENV = {**os.environ, "REGIEKAMER_SLEUTEL": "ab" * 32, "COLUMNS": "200"}

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/istandaarden is not beside the repository")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd,
                          timeout=120, check=False)


def test_ingest_exit_codes_and_summary(tmp_path: Path) -> None:
    data = tmp_path / "data"
    r = run("ingest", SHARED / "ijw" / "berichten", "--xsd", SHARED, "-d", data)
    assert r.returncode == 1, r.stderr  # two examples are rejected
    assert "afgewezen (quarantaine)" in r.stdout and "xsd-ongeldig" in r.stdout
    assert "Traceback" not in r.stderr
    r = run("ingest", SHARED / "iwmo" / "berichten", "--xsd", SHARED, "-d", data)
    assert r.returncode == 0, r.stdout + r.stderr  # all iWmo examples land
    r = run("ingest", SHARED / "ijw" / "berichten", "-d", data, "--accepteer-afwijzingen")
    assert r.returncode == 0


def test_bad_input_gives_one_line_error(tmp_path: Path) -> None:
    r = run("ingest", tmp_path / "bestaat-niet", "-d", tmp_path / "d")
    assert r.returncode == 2 and "bestaat niet" in r.stderr and "Traceback" not in r.stderr
    r = run("ingest", SHARED / "iwmo" / "berichten", "--xsd", tmp_path, "-d", tmp_path / "d")
    assert r.returncode == 2 and "berichtschema" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "d").exists()  # a refused run leaves no empty store behind
    r = run("export", "toewijzing", "-d", tmp_path / "d")
    assert r.returncode == 2 and "nog geen opslag" in r.stderr
    run("ingest", SHARED / "iwmo" / "berichten", "-d", tmp_path / "d")
    r = run("export", "geen_tabel", "-d", tmp_path / "d")
    assert r.returncode == 2 and "onbekende tabel" in r.stderr and "Traceback" not in r.stderr


def test_export_csv_and_parquet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run("ingest", SHARED / "iwmo" / "berichten", "-d", data)
    r = run("export", "toewijzing", "-d", data, "-o", tmp_path / "t.csv")
    assert r.returncode == 0 and (tmp_path / "t.csv").read_text().startswith("bericht_id,")
    r = run("export", "prestatie", "-f", "parquet", "-d", data, "-o", tmp_path / "p.parquet")
    assert r.returncode == 0
    table = pq.read_table(tmp_path / "p.parquet")
    assert table.num_rows == 4 and str(table.schema.field("bedrag").type) == "int64"


def test_help_on_every_command() -> None:
    for cmd in ("ingest", "export", "demo", "tabellen", "regels", "generate", "indicators", "eventlog"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout, cmd


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_generates_ingests_and_serves(tmp_path: Path) -> None:
    """The README's main command: generate, ingest, compute, then the dashboard on localhost with an account per
    role — logged in with a printed account, a page of figures is served."""
    env = {k: v for k, v in ENV.items() if k != "REGIEKAMER_SLEUTEL"}
    poort = _vrije_poort()
    proc = subprocess.Popen([str(EXE), "demo", "-d", str(tmp_path / "demo"), "--inwoners", "5000",
                             "--port", str(poort)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=Path(__file__).parents[1])
    uit: list[str] = []
    try:
        assert proc.stdout is not None
        for regel in proc.stdout:
            uit.append(regel)
            if "Open http://" in regel:
                break
        stdout = "".join(uit)
        assert proc.poll() is None, stdout + (proc.stderr.read() if proc.stderr else "")
        assert "geaccepteerd" in stdout and "0 in quarantaine" in stdout.replace("\n", " ")
        # the indicator catalogue: key figures shown, all of them in a workbook
        assert "Kerncijfers" in stdout and "Cliënten in zorg" in stdout
        assert (tmp_path / "demo" / "indicatoren.xlsx").stat().st_size > 5000
        accounts = {m[0]: m[1] for m in re.findall(r"(demo-[a-z]+)\s*│[^│]*│[^│]*│\s*(\S+)\s*│", stdout)}
        assert set(accounts) == {"demo-gemeente", "demo-regio", "demo-aanbieder", "demo-beheerder"}, stdout
        basis = f"http://127.0.0.1:{poort}"
        for _ in range(60):  # gunicorn binds right after the line is printed
            try:
                urllib.request.urlopen(f"{basis}/inloggen/", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{basis}/inloggen/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token is not None
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "username": "demo-regio",
                                       "password": accounts["demo-regio"], "next": "/"}).encode()
        req = urllib.request.Request(f"{basis}/inloggen/", data=data, headers={"Referer": f"{basis}/inloggen/"})
        pagina = opener.open(req, timeout=120).read().decode()
        assert "Kerncijfers" in pagina and "Cliënten in zorg in de periode" in pagina
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert "Nieuwe pseudonimiseringssleutel" in (proc.stderr.read() if proc.stderr else "")
    # a second run reuses the region and the store: everything is a duplicate now
    r = subprocess.run([str(EXE), "demo", "-d", str(tmp_path / "demo"), "--inwoners", "5000", "--niet-serveren"],
                       capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1], timeout=600,
                       check=False)
    assert r.returncode == 0 and "geaccepteerd (nieuw)" in r.stdout


def test_demo_on_the_official_examples(tmp_path: Path) -> None:
    r = run("demo", "-d", tmp_path / "d", "--bron", SHARED, "--niet-serveren")
    assert r.returncode == 0, r.stderr
    assert "xsd-ongeldig" in r.stdout  # JW315 and JW318
