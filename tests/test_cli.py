"""The command line as a user meets it: exit codes, one-line errors, exports, help."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_demo_generates_a_region_and_ingests_it(tmp_path: Path) -> None:
    env = {k: v for k, v in ENV.items() if k != "REGIEKAMER_SLEUTEL"}
    r = subprocess.run([str(EXE), "demo", "-d", str(tmp_path / "demo"), "--inwoners", "5000"], capture_output=True,
                       text=True, env=env, cwd=Path(__file__).parents[1], timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "demo" / "regio" / "manifest.json").exists()
    assert "geaccepteerd" in r.stdout and "0 in quarantaine" in r.stdout.replace("\n", " ")
    assert "Nieuwe pseudonimiseringssleutel" in r.stderr
    # the main job ends with the indicator catalogue: key figures shown, all of them in a workbook
    assert "Kerncijfers" in r.stdout and "Cliënten in zorg" in r.stdout
    assert (tmp_path / "demo" / "indicatoren.xlsx").stat().st_size > 5000
    # a second run reuses the region and the store: everything is a duplicate now
    r = subprocess.run([str(EXE), "demo", "-d", str(tmp_path / "demo"), "--inwoners", "5000"], capture_output=True,
                       text=True, env=env, cwd=Path(__file__).parents[1], timeout=600, check=False)
    assert r.returncode == 0 and "geaccepteerd (nieuw)" in r.stdout


def test_demo_on_the_official_examples(tmp_path: Path) -> None:
    r = run("demo", "-d", tmp_path / "d", "--bron", SHARED)
    assert r.returncode == 0, r.stderr
    assert "xsd-ongeldig" in r.stdout  # JW315 and JW318
