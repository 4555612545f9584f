"""The findings across messages (``koppeling_bevinding``, store/links.py): what each rule that looks for a matching
row elsewhere finds, on hand-made rows, and that none is planned as a correlated subquery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from regiekamer.store import open_store
from regiekamer.store.links import LINK_RULES
from regiohulp import label, sleutel

D = dt.date(2025, 3, 1)
C1 = sleutel("c1")


def _bericht(con: Any, bid: str, berichttype: str, *, gemeente: str = "0363", aanbieder: str = "A1",
             identificatie: str | None = None, heen: str | None = None, dag: dt.date = D) -> None:
    verzender = gemeente if berichttype == "301" else aanbieder
    con.execute(
        "INSERT INTO bericht (bericht_id, wet, berichttype, verzender, eigen_identificatie, eigen_dagtekening, "
        "heen_identificatie, gemeente, aanbieder, afgekeurd) VALUES (?, 'jw', ?, ?, ?, ?, ?, ?, ?, false)",
        [sleutel(bid), berichttype, verzender, identificatie or bid, dag, heen, gemeente, aanbieder],
    )


def _toewijzing(con: Any, bid: str, rij: int, nummer: str, reden: str | None = None) -> None:
    con.execute(
        "INSERT INTO toewijzing (bericht_id, client_index, client, rij, toewijzingnummer, productcategorie, "
        "reden_wijziging, afgekeurd) VALUES (?, 0, ?, ?, ?, '45', ?, false)",
        [sleutel(bid), C1, rij, nummer, reden],
    )


def _start(con: Any, bid: str, rij: int, nummer: str, status: str = "1") -> None:
    con.execute(
        "INSERT INTO start_product (bericht_id, client_index, client, rij, toewijzingnummer, productcategorie, "
        "productcode, begindatum, status_aanlevering, afgekeurd) VALUES (?, 0, ?, ?, ?, '45', '45A01', ?, ?, "
        "false)",
        [sleutel(bid), C1, rij, nummer, D, status],
    )


def _prestatie(con: Any, bid: str, rij: int, ref: str, nummer: str, dc: str = "D", vorig: str | None = None) -> None:
    con.execute(
        "INSERT INTO prestatie (bericht_id, client_index, client, rij, referentienummer, vorig_referentienummer, "
        "toewijzingnummer, debet_credit, afgekeurd) VALUES (?, 0, ?, ?, ?, ?, ?, ?, false)",
        [sleutel(bid), C1, rij, ref, vorig, nummer, dc],
    )


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "opslag") as s:
        yield s


def test_each_rule_finds_the_rows_without_a_match_and_only_those(store) -> None:  # type: ignore[no-untyped-def]
    con = store.con
    _bericht(con, "t1", "301")
    _toewijzing(con, "t1", 0, "100")
    _toewijzing(con, "t1", 1, "200", reden="13")  # deleted (RedenWijziging 13)
    _bericht(con, "t2", "301", gemeente="0599")
    _toewijzing(con, "t2", 0, "300")  # another gemeente's allocation

    _bericht(con, "s1", "305")
    _start(con, "s1", 0, "100")  # known: no TR019
    _start(con, "s1", 1, "999")  # unknown: TR019
    _start(con, "s1", 2, "300")  # known to another gemeente only: TR019
    _bericht(con, "s2", "305", dag=D + dt.timedelta(days=5))
    _start(con, "s2", 0, "100", status="3")  # deletes the earlier row of s1 (same key, earlier): no TR063
    _start(con, "s2", 1, "100", status="3")  # the same deletion twice in one message: no TR063 either
    _bericht(con, "s3", "305", dag=D - dt.timedelta(days=5))
    _start(con, "s3", 0, "100", status="3")  # its status-1 row is dated later: TR063

    _bericht(con, "d1", "323", identificatie="DEC1")
    _prestatie(con, "d1", 0, "RN1", "100")  # known allocation, debit
    _prestatie(con, "d1", 1, "RN2", "999")  # unknown allocation: TR338
    _prestatie(con, "d1", 2, "RN3", "200")  # deleted allocation: TR384
    _prestatie(con, "d1", 3, "RN4", "100", dc="C", vorig="RN1")  # credits a known debit: no TR323
    _prestatie(con, "d1", 4, "RN5", "100", dc="C", vorig="RN9")  # credits nothing: TR323
    _bericht(con, "r1", "325", heen="DEC1")  # answers a received 323: no TR337
    _bericht(con, "r2", "325", heen="DEC2")  # answers none: TR337
    _bericht(con, "r3", "325", heen="DEC1", aanbieder="A2")  # DEC1 came from A1, not A2: TR337

    found = {
        (r, label(b), rij)
        for r, b, rij in con.execute(
            "SELECT regel, bericht_id, rij FROM koppeling_bevinding "
            "WHERE regel IN ('TR019', 'TR063', 'TR323', 'TR337', 'TR338', 'TR384')"
        ).fetchall()
    }
    assert found == {
        ("TR019", "s1", 1),
        ("TR019", "s1", 2),
        ("TR063", "s3", 0),
        ("TR338", "d1", 1),
        ("TR384", "d1", 2),
        ("TR323", "d1", 4),
        ("TR337", "r2", None),
        ("TR337", "r3", None),
    }


def test_no_rule_is_planned_as_a_correlated_subquery(store) -> None:  # type: ignore[no-untyped-def]
    """A correlated NOT EXISTS becomes a DELIM join whose order DuckDB picks from its estimates; on a region of
    220,556 messages it joined on gemeente alone first (145 M rows, out of memory at 1 GB). Every rule is an
    explicit join on all its keys instead (docs/benchmarks.md, "Ingest")."""
    for regel in LINK_RULES:
        plan = store.con.execute(
            f"EXPLAIN SELECT count(*) FROM koppeling_bevinding WHERE regel = '{regel}'"
        ).fetchall()[0][1]
        assert "DELIM" not in plan, regel
