"""A store written in an older layout is brought up to date once, completely or not at all (store.indeling)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import regiekamer
from regiekamer.clientpaden import connect, toewijzingen
from regiekamer.store import StoreError
from regiekamer.store.indeling import INDELING, META_SLEUTEL
from regiekamer.store.schema import SLEUTELS, TABLES
from regiekamer.store.service import DB_FILE
from regiohulp import Regio

MET_CLIENT = [
    t for t, cols in TABLES.items() if t not in ("client", "retourcode") and "client" in [c.name for c in cols]
]


def _kopie(regio: Regio, doel: Path) -> Path:
    doel.mkdir(parents=True)
    shutil.copy2(regio.opslag / DB_FILE, doel / DB_FILE)
    return doel


MET_SLEUTEL = [t for t, cols in TABLES.items() if any(c.name in SLEUTELS for c in cols)]
"""Every table with a key column: the tables layout 3 rewrites."""


def _als_tekst(naam: str) -> str:
    """A key column as the layouts before 3 stored it: text, the message id in 24 digits."""
    tekst = f"replace(CAST(\"{naam}\" AS VARCHAR), '-', '')"
    return f'left({tekst}, 24) AS "{naam}"' if naam == "bericht_id" else f'{tekst} AS "{naam}"'


def _naar_indeling(data_dir: Path, versie: str, *, zonder: tuple[str, str] | None = None) -> None:
    """Rewrite a current store as the code of layout ``versie`` (1 or 2) wrote it: the keys as text (before 3),
    the product-level tables without ``client`` (before 2); ``zonder`` = (table, column) also drops that column
    (a store no layout ever had)."""
    con = duckdb.connect(str(data_dir / DB_FILE))
    try:
        for table in MET_SLEUTEL:
            weg = {zonder[1]} if zonder and zonder[0] == table else set()
            if versie == "1" and table in MET_CLIENT:
                weg.add("client")
            cols = ", ".join(
                _als_tekst(c.name) if c.name in SLEUTELS else f'"{c.name}"' for c in TABLES[table] if c.name not in weg
            )
            con.execute(f'CREATE TABLE "_oud" AS SELECT {cols} FROM "{table}" ORDER BY rowid')
            con.execute(f'DROP TABLE "{table}"')
            con.execute(f'ALTER TABLE "_oud" RENAME TO "{table}"')
        con.execute("UPDATE meta SET waarde = ? WHERE sleutel = ?", [versie, META_SLEUTEL])
    finally:
        con.close()


def _naar_indeling_1(data_dir: Path, *, zonder: tuple[str, str] | None = None) -> None:
    _naar_indeling(data_dir, "1", zonder=zonder)


def _inhoud(data_dir: Path) -> dict[str, tuple[list[tuple[str, str]], list[tuple[object, ...]]]]:
    """Per product-level table its columns (name, type) in order and its rows in stored order."""
    con = duckdb.connect(str(data_dir / DB_FILE), read_only=True)
    try:
        return {
            t: (
                [(str(r[0]), str(r[1])) for r in con.execute(f'DESCRIBE "{t}"').fetchall()],
                con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall(),
            )
            for t in MET_SLEUTEL
        }
    finally:
        con.close()


def _indeling(data_dir: Path) -> str:
    con = duckdb.connect(str(data_dir / DB_FILE), read_only=True)
    try:
        row = con.execute("SELECT waarde FROM meta WHERE sleutel = ?", [META_SLEUTEL]).fetchone()
        assert row is not None
        return str(row[0])
    finally:
        con.close()


def test_ingest_writes_the_client_pseudonym_on_every_row(regio: Regio) -> None:
    assert _indeling(regio.opslag) == INDELING
    con = duckdb.connect(str(regio.opslag / DB_FILE), read_only=True)
    try:
        for table in MET_CLIENT:
            n, verschil = con.execute(
                f'SELECT count(*), count(*) FILTER (WHERE t.client IS DISTINCT FROM c.client) FROM "{table}" t '
                "LEFT JOIN client c ON c.bericht_id = t.bericht_id AND c.client_index = t.client_index"
            ).fetchone() or (0, 0)
            assert verschil == 0, table
            if table in ("toewijzing", "prestatie", "start_product"):
                assert n > 0, table  # the region has rows here, so the comparison means something
    finally:
        con.close()


def test_a_layout_1_store_is_brought_up_to_date_on_open(regio: Regio, tmp_path: Path) -> None:
    oud = _kopie(regio, tmp_path / "oud")
    _naar_indeling_1(oud)
    assert _indeling(oud) == "1"
    with regiekamer.open_store(oud) as store:
        assert sorted(store.bijgewerkt) == sorted(MET_SLEUTEL)
    assert _indeling(oud) == INDELING
    # the same columns in the same order, the same rows in the same order, as the ingest writes them today
    assert _inhoud(oud) == _inhoud(regio.opslag)
    with regiekamer.open_store(oud) as store:  # once: the second open has nothing to do
        assert store.bijgewerkt == []


def test_a_layout_2_store_gets_its_keys_as_uuid(regio: Regio, tmp_path: Path) -> None:
    """Layout 2 kept the keys as text (the message id in 24 digits): one pass turns them into the UUIDs the ingest
    writes today, every other column and the rows' order untouched."""
    oud = _kopie(regio, tmp_path / "oud")
    _naar_indeling(oud, "2")
    con = duckdb.connect(str(oud / DB_FILE), read_only=True)
    soorten = {str(r[0]): str(r[1]) for r in con.execute('DESCRIBE "prestatie"').fetchall()}
    lengte = con.execute("SELECT min(length(bericht_id)), max(length(bericht_id)) FROM bericht").fetchone()
    con.close()
    assert soorten["bericht_id"] == soorten["client"] == "VARCHAR" and lengte == (24, 24)
    with regiekamer.open_store(oud) as store:
        assert sorted(store.bijgewerkt) == sorted(MET_SLEUTEL)
    assert _indeling(oud) == INDELING == "3"
    assert _inhoud(oud) == _inhoud(regio.opslag)


def test_a_reader_brings_it_up_to_date_too(regio: Regio, tmp_path: Path) -> None:
    oud = _kopie(regio, tmp_path / "oud")
    _naar_indeling_1(oud)
    with regiekamer.open_store(oud, read_only=True) as store:
        assert sorted(store.bijgewerkt) == sorted(MET_SLEUTEL)
        assert store.count("toewijzing") > 0
    assert _inhoud(oud) == _inhoud(regio.opslag)

    oud2 = _kopie(regio, tmp_path / "oud2")
    _naar_indeling_1(oud2)
    # the analysis connection (clientpaden.connect) reads the old store as the current one
    nu = connect(regio.opslag).execute(toewijzingen(connect(regio.opslag)))
    toen = connect(oud2).execute(toewijzingen(connect(oud2)))
    assert _indeling(oud2) == INDELING
    sleutel = ["wet", "gemeente", "toewijzingnummer"]
    assert toen.sort_values(sleutel).reset_index(drop=True).equals(nu.sort_values(sleutel).reset_index(drop=True))


def test_a_store_that_is_not_layout_1_is_left_as_it_was(regio: Regio, tmp_path: Path) -> None:
    oud = _kopie(regio, tmp_path / "oud")
    _naar_indeling_1(oud, zonder=("prestatie", "bedrag"))
    voor = _inhoud(oud)
    with pytest.raises(StoreError, match=r"prestatie mist de kolommen bedrag"):
        regiekamer.open_store(oud)
    assert _indeling(oud) == "1"
    assert _inhoud(oud) == voor


_STERF = """
import os, signal, sys
import duckdb
from regiekamer.store import indeling

class Sterf:
    # the store's connection, killed with SIGKILL just before its k-th statement
    def __init__(self, con, k):
        self.con, self.k, self.n = con, k, 0
    def execute(self, sql, *args):
        self.n += 1
        if self.n == self.k:
            os.kill(os.getpid(), signal.SIGKILL)
        print(self.n, sql.split()[0], flush=True)
        return self.con.execute(sql, *args)

indeling.bijwerken(Sterf(duckdb.connect(sys.argv[1]), int(sys.argv[2])))
"""


def _bijwerken_tot(data_dir: Path, k: int) -> list[str]:
    """Bring ``data_dir`` up to date in a child process that is killed just before its k-th statement (k = 0:
    never); returns the statements it got through (their first word)."""
    uit = subprocess.run(
        [sys.executable, "-c", _STERF, str(data_dir / DB_FILE), str(k)], capture_output=True, text=True
    )
    assert uit.returncode == (-signal.SIGKILL if k > 0 else 0), uit.stderr
    return [regel.split()[1] for regel in uit.stdout.splitlines()]


def test_an_update_killed_half_way_leaves_the_old_store_or_the_new_one(regio: Regio, tmp_path: Path) -> None:
    """The process that brings a store up to date is killed (SIGKILL) just before one of its statements: in the
    copy, in the transaction that switches to the new tables, before and after its commit, at the very end.
    Each time the store is either still layout 1, exactly, or the current layout, exactly, and the next open completes
    it."""
    na_afloop = _inhoud(regio.opslag)
    proef = _kopie(regio, tmp_path / "proef")
    _naar_indeling_1(proef)
    alle = _bijwerken_tot(proef, 0)  # not killed: every statement, in order
    commit = alle.index("COMMIT") + 1  # 1-based, as k
    eerste_insert = alle.index("INSERT") + 1
    momenten = {2, eerste_insert, eerste_insert + 1, commit // 2, commit - 3, commit, commit + 1, len(alle)}
    for k in sorted(momenten):
        oud = _kopie(regio, tmp_path / f"oud{k}")
        _naar_indeling_1(oud)
        voor = _inhoud(oud)
        assert len(_bijwerken_tot(oud, k)) == k - 1
        if k <= commit:  # killed before the switch was committed: the old store, as it was
            assert _indeling(oud) == "1"
            assert _inhoud(oud) == voor
            if eerste_insert < k < commit - 3:
                assert _halfgemaakt(oud)  # killed in the copy: its half-made tables are still there
        else:
            assert _indeling(oud) == INDELING
            assert _inhoud(oud) == na_afloop
        regiekamer.open_store(oud).close()
        assert _indeling(oud) == INDELING
        assert _inhoud(oud) == na_afloop
        assert not _halfgemaakt(oud)  # the next open cleaned up


def _halfgemaakt(data_dir: Path) -> set[str]:
    con = duckdb.connect(str(data_dir / DB_FILE), read_only=True)
    try:
        return {
            str(r[0])
            for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            if str(r[0]).startswith("_rk_")
        }
    finally:
        con.close()


def test_a_newer_layout_is_refused(regio: Regio, tmp_path: Path) -> None:
    nieuw = _kopie(regio, tmp_path / "nieuw")
    con = duckdb.connect(str(nieuw / DB_FILE))
    con.execute("UPDATE meta SET waarde = '99' WHERE sleutel = ?", [META_SLEUTEL])
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"indeling 99.*werk Regiekamer bij"):
            regiekamer.open_store(nieuw, read_only=read_only)


def test_the_command_line_says_it_once(regio: Regio, tmp_path: Path) -> None:
    oud = _kopie(regio, tmp_path / "oud")
    _naar_indeling_1(oud)
    exe = Path(sys.executable).with_name("regiekamer")
    eerst = subprocess.run([str(exe), "tabellen", "-d", str(oud)], capture_output=True, text=True, check=False)
    assert eerst.returncode == 0, eerst.stderr
    assert f"De opslag is bijgewerkt naar indeling {INDELING}" in eerst.stderr
    assert "prestatie" in eerst.stderr
    daarna = subprocess.run([str(exe), "tabellen", "-d", str(oud)], capture_output=True, text=True, check=False)
    assert daarna.returncode == 0 and "bijgewerkt" not in daarna.stderr
    assert daarna.stdout == eerst.stdout  # the same tables with the same counts
