"""``regiekamer indicators`` and ``regiekamer eventlog`` as a user runs them, on the generated region."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from regiekamer.clientpaden import connect, eventlog
from regiekamer.indicatoren import INDICATOREN, Bronnen, bereken, parse_periode
from regiohulp import Regio

EXE = Path(sys.executable).with_name("regiekamer")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_list_shows_every_indicator() -> None:
    r = run("indicators", "--list")
    assert r.returncode == 0, r.stderr
    for i in INDICATOREN:
        assert i.id in r.stdout


def test_csv_parquet_and_xlsx_hold_the_library_figures(regio: Regio, tmp_path: Path) -> None:
    ids = "clienten_in_zorg,aandeel_volgens_plan,kosten,termijn_besluit"
    for fmt in ("csv", "parquet", "xlsx"):
        out = tmp_path / f"cijfers.{fmt}"
        r = run(
            "indicators",
            "-d",
            regio.opslag,
            "-p",
            "2025-Q2",
            "--by",
            "gemeente",
            "-i",
            ids,
            "-f",
            fmt,
            "-o",
            out,
        )
        assert r.returncode == 0, r.stderr
        assert "geschreven naar" in r.stdout
    verwacht = bereken(
        Bronnen(connect(regio.opslag)), parse_periode("2025-Q2"), indicatoren=ids.split(","), by=["gemeente"]
    ).tabel
    csv = pd.read_csv(tmp_path / "cijfers.csv", dtype={"gemeente": str})
    pq = pd.read_parquet(tmp_path / "cijfers.parquet")
    xl = pd.read_excel(tmp_path / "cijfers.xlsx", sheet_name=None, dtype={"gemeente": str})
    assert set(xl) == {"indicatoren", "definities"}
    assert len(xl["definities"]) == len(INDICATOREN)
    for df in (csv, pq, xl["indicatoren"]):
        assert list(df["indicator"]) == list(verwacht["indicator"])
        assert list(df["gemeente"]) == list(verwacht["gemeente"])
        assert df["waarde"].round(9).tolist() == verwacht["waarde"].round(9).tolist()


def test_per_month_and_default_period(regio: Regio, tmp_path: Path) -> None:
    out = tmp_path / "trend.csv"
    r = run("indicators", "-d", regio.opslag, "--per", "maand", "-i", "trajecten_gestart", "-o", out)
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(out)
    assert list(t["periode"]) == [f"2025-{m:02d}" for m in range(1, 13)]  # the year of the last message


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--by", "bsn"], "onbekende uitsplitsing bsn"),
        (["-p", "2025-13"], "maand 13 bestaat niet"),
        (["-i", "geluk"], "onbekende indicator 'geluk'"),
        (["-f", "docx"], "onbekend formaat"),
        (["-i", "termijn_ontvangst", "--by", "leeftijdsklasse"], "geen uitsplitsing naar leeftijdsklasse"),
    ],
)
def test_bad_input_is_one_clear_line(regio: Regio, tmp_path: Path, args: list[str], melding: str) -> None:
    r = run("indicators", "-d", regio.opslag, "-o", tmp_path / "x.csv", *args)
    assert r.returncode == 2
    assert melding in r.stderr and "Traceback" not in r.stderr


def test_no_store_is_a_clear_error(tmp_path: Path) -> None:
    r = run("indicators", "-d", tmp_path / "leeg")
    assert r.returncode == 2 and "geen opslag" in r.stderr


def test_eventlog_as_xes_and_csv(regio: Regio, tmp_path: Path) -> None:
    n = eventlog(connect(regio.opslag)).count().execute()
    r = run("eventlog", "-d", regio.opslag, "-f", "xes", "-o", tmp_path / "paden.xes")
    assert r.returncode == 0, r.stderr
    boom = etree.parse(str(tmp_path / "paden.xes"))
    assert len(boom.findall(".//trace/event")) == n
    r = run("eventlog", "-d", regio.opslag, "--wet", "jw", "-o", tmp_path / "jw.csv")
    assert r.returncode == 0, r.stderr
    jw = pd.read_csv(tmp_path / "jw.csv")
    assert 0 < len(jw) < n and set(jw["wet"]) == {"jw"}
    assert not jw["case_id"].str.fullmatch(r"jw:\d{9}").any()  # a pseudonym, never a BSN
