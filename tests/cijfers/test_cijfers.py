"""The figures service without the web: scope rules, filters as breakdowns, the cache, releasing the store."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from regiekamer.cijfers import BuitenBereik, Cijfers, Rol, Scope, Selectie
from regiekamer.indicatoren import bereken


@pytest.fixture(scope="module")
def cijfers(regio: Any) -> Cijfers:
    return Cijfers(regio.opslag)


def test_scope_rules() -> None:
    g = Scope(Rol.GEMEENTE, regio="R", gemeente="0001")
    assert g.controleer(Selectie()) == Selectie()  # the region as a whole: allowed
    with pytest.raises(BuitenBereik):
        g.controleer(Selectie(gemeente="0002"))
    a = Scope(Rol.AANBIEDER, regio="R", aanbieder="11111111", zout="geheim")
    with pytest.raises(BuitenBereik):
        a.controleer(Selectie(aanbieder="22222222"))
    with pytest.raises(BuitenBereik):
        Scope(Rol.BEHEERDER).controleer(Selectie())
    with pytest.raises(ValueError):
        Scope(Rol.GEMEENTE, regio="R")  # a gemeente-analist without gemeente
    assert not a.ziet_clienten and g.ziet_clienten

    df = pd.DataFrame({"aanbieder": ["22222222", "11111111", "33333333"], "waarde": [1.0, 2.0, 3.0]})
    uit = a.beperk(df)
    assert "11111111" in set(uit["aanbieder"]) and not {"22222222", "33333333"} & set(uit["aanbieder"])
    assert list(uit["aanbieder"]) == sorted(uit["aanbieder"])  # re-sorted: order tells nothing about the codes
    # labels are stable for one server secret and change with it (no brute force from a known label list)
    assert a.label_aanbieder("22222222") == a.label_aanbieder("22222222")
    ander = Scope(Rol.AANBIEDER, regio="R", aanbieder="11111111", zout="anders")
    assert ander.label_aanbieder("22222222") != a.label_aanbieder("22222222")

    df = pd.DataFrame({"gemeente": ["0001", "0002", None], "waarde": [1.0, 2.0, 3.0]})
    assert list(g.beperk(df)["waarde"]) == [1.0, 3.0]  # the own gemeente and the aggregate row


def test_filter_is_the_breakdown_row(cijfers: Cijfers) -> None:
    """A filter gives exactly the library's value for that breakdown row — also for a median."""
    o = cijfers.opties
    regio = o.regios[0]
    scope = Scope(Rol.REGIO, regio=regio)
    p = cijfers.periode(None)
    g = o.binnen(scope).gemeenten[0].code
    ids = ["clienten_in_zorg", "wachttijd_mediaan", "duur_mediaan"]
    df = cijfers.indicatoren(scope, Selectie(gemeente=g, wet="jw"), p, ids)
    los = bereken(cijfers.bron, p, indicatoren=ids, by=["gemeente", "regio", "wet"]).tabel
    los = los[(los.gemeente == g) & (los.regio == regio) & (los.wet == "jw")]
    assert dict(zip(df.indicator, df.waarde, strict=True)) == dict(zip(los.indicator, los.waarde, strict=True))
    assert df["waarde"].notna().all()


def test_options_within_region(cijfers: Cijfers) -> None:
    o = cijfers.opties
    scope = Scope(Rol.REGIO, regio=o.regios[0])
    assert o.binnen(scope).gemeenten == o.gemeenten  # the test region is one jeugdregio
    leeg = o.binnen(Scope(Rol.REGIO, regio="Een andere regio"))
    assert leeg.gemeenten == () and leeg.aanbieders == ()
    # periods start at the first month of full traffic, not at the oldest running care's first message
    assert o.eerste_dag.day == 1 and o.jaren[0] == str(o.eerste_dag.year)


def test_cached_across_instances(cijfers: Cijfers, regio: Any) -> None:
    scope = Scope(Rol.REGIO, regio=cijfers.opties.regios[0])
    p = cijfers.periode(None)
    a = cijfers.kosten(scope, Selectie(), p, by=["aanbieder"])
    tweede = Cijfers(regio.opslag)
    b = tweede.kosten(scope, Selectie(), p, by=["aanbieder"])
    assert tweede._bron is None  # answered from the Parquet cache, the store was never opened
    pd.testing.assert_frame_equal(a, b)


def test_release_lets_a_writer_in(regio: Any, tmp_path: Path) -> None:
    """DuckDB admits no writer while a reader holds the file; a released service holds nothing. (On a copy of
    the store: other tests in this process may hold the shared one.)"""
    shutil.copy(regio.opslag / "regiekamer.duckdb", tmp_path / "regiekamer.duckdb")
    cijfers = Cijfers(tmp_path)
    cijfers.bron  # noqa: B018 - open the store
    schrijf = [sys.executable, "-c",
               f"import duckdb; duckdb.connect({str(tmp_path / 'regiekamer.duckdb')!r}).close()"]
    assert subprocess.run(schrijf, capture_output=True, timeout=120).returncode != 0
    assert cijfers.loslaten(0.0)
    assert subprocess.run(schrijf, capture_output=True, timeout=120).returncode == 0
    assert cijfers.opties.regios  # and it opens again on the next use
