"""The store's layout version (``meta.schema_versie``) and the step that brings an older store up to date.

A store records the layout it was written in. Code that reads a store with an older layout brings it up to
date first, once: the new tables are written beside the old ones and one transaction switches to them, so a
store is never half converted, and nothing in it is lost.

Layouts:

- ``1`` (until 2 Dec 2026): the product-level tables (``toewijzing``, ``start_product``, ``stop_product``,
  ``aangevraagd_product``, ``verzoek``, ``verzoek_product``, ``prestatie``, ``afgewezen_prestatie``) point at
  their client block by ``(bericht_id, client_index)`` only.
- ``2``: those rows also carry the client block's pseudonym as ``client`` (right after ``client_index``), so
  the reconstruction no longer joins millions of rows with the client blocks (docs/benchmarks.md, issue 4).
  Bringing a layout-1 store up to date copies each client block's pseudonym onto its rows.
- ``3`` (from 3 Dec 2026): the keys ``bericht_id``, ``client`` and ``huishouden`` are ``UUID`` instead of text
  (store.schema.SLEUTELS): DuckDB compares and hashes 16 bytes as a number instead of 24 to 32 characters, which
  the reconstruction does in nearly every join and grouping (docs/benchmarks.md, issue 4). A pseudonym keeps
  its 32 hexadecimal digits; a message id of 24 digits gets eight zeros after it, as the ingest now writes it
  (ingest.service.bericht_id). Readers see the digits, never the UUID's dashed form (store.schema.leesbaar).

A store of layout 1 or 2 is brought to layout 3 in one pass: every table that has a key column still stored as
text, or lacks the client pseudonym on its rows, is copied once.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from regiekamer.store.schema import SLEUTELS, TABLES, UUID, columns_sql

INDELING = "3"
"""The layout this code writes and reads."""

META_SLEUTEL = "schema_versie"


class IndelingFout(Exception):
    """The store's layout is not one this code can read or bring up to date."""


def lees(con: duckdb.DuckDBPyConnection) -> str | None:
    """The layout of the store on ``con``; None for an empty database (no ``meta`` table or no entry)."""
    heeft_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'meta'"
    ).fetchone()
    if not heeft_meta or not heeft_meta[0]:
        return None
    rij = con.execute("SELECT waarde FROM meta WHERE sleutel = ?", [META_SLEUTEL]).fetchone()
    return None if rij is None else str(rij[0])


def _kolommen(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The columns of ``table`` in the store, by name, with their DuckDB type."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return {str(r[0]): str(r[1]).upper() for r in rows}


AANVULLING = "00000000"
"""Eight hexadecimal zeros after the 24 digits of a message id (ingest.service.bericht_id): what layouts 1 and 2
stored, padded to fill a ``UUID``."""


STAP = 1_000_000
"""Rows rewritten per statement while a store is brought up to date: DuckDB holds what an open transaction
wrote in memory until its commit, so a national store (18 M declaration lines) is copied in committed steps
within the store's memory limit, and only the switch to the new tables is one transaction."""


def _nieuw(table: str) -> str:
    return f"_rk_{table}_indeling_{INDELING}"


def _kolom_uit(naam: str, bestaand: dict[str, str]) -> str | None:
    """The SQL that fills column ``naam`` of the current layout from a row ``t`` of an older one; None when the
    old table has it as it is."""
    soort = bestaand.get(naam)
    if naam == "client" and soort is None:  # layout 1: the pseudonym of the row's client block
        return "CAST(c.client AS UUID)"
    if naam in SLEUTELS and soort is not None and soort != UUID:
        if naam == "bericht_id":
            return f"CAST(t.bericht_id || '{AANVULLING}' AS UUID)"
        return f't."{naam}"::UUID'
    return None


def _naar_actueel(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Copy each table whose layout is older into a new table of the current layout, in committed steps, then
    switch all of them in one transaction; returns the tables switched."""
    te_doen: list[str] = []
    for table, columns in TABLES.items():
        bestaand = _kolommen(con, table)
        if not bestaand:
            continue  # a table this store does not have yet: created empty when the store opens
        names = [c.name for c in columns]
        ontbreekt = [n for n in names if n not in bestaand and not (n == "client" and "client_index" in names)]
        if ontbreekt:
            raise IndelingFout(f"tabel {table} mist de kolommen {', '.join(ontbreekt)}: geen opslag van indeling 1 of 2")
        if any(_kolom_uit(n, bestaand) is not None for n in names):
            te_doen.append(table)
    for table in te_doen:
        columns = TABLES[table]
        bestaand = _kolommen(con, table)
        nieuw = _nieuw(table)
        select = ", ".join(_kolom_uit(c.name, bestaand) or f't."{c.name}"' for c in columns)
        # only layout 1 lacks the pseudonym on a row: then the row's client block (old layout, text keys) has it
        join = (
            " LEFT JOIN client c ON c.bericht_id = t.bericht_id AND c.client_index = t.client_index"
            if "c.client" in select
            else ""
        )
        # table and column names come from the schema module: no outside text in these statements
        con.execute(f'DROP TABLE IF EXISTS "{nieuw}"')  # the leftover of an update that was interrupted
        con.execute(f'CREATE TABLE "{nieuw}" ({columns_sql(columns)})')
        hoogste = con.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()
        for begin in range(0, 0 if not hoogste or hoogste[0] is None else int(hoogste[0]) + 1, STAP):
            # the rows keep their order: rowid ranges in turn, each sorted by rowid
            con.execute(
                f'INSERT INTO "{nieuw}" SELECT {select} FROM "{table}" t{join} '
                "WHERE t.rowid >= ? AND t.rowid < ? ORDER BY t.rowid",
                [begin, begin + STAP],
            )
    con.execute("BEGIN TRANSACTION")
    try:
        for table in te_doen:
            con.execute(f'DROP TABLE "{table}"')
            con.execute(f'ALTER TABLE "{_nieuw(table)}" RENAME TO "{table}"')
        con.execute("UPDATE meta SET waarde = ? WHERE sleutel = ?", [INDELING, META_SLEUTEL])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return te_doen


def bijwerken(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the store on ``con`` (open for writing) to the current layout; returns the tables rewritten (empty
    when it was up to date or new). The old tables stay until one last transaction switches to the new ones, so
    an update that fails or is killed leaves the store as it was (and the next open starts again). Raises
    :class:`IndelingFout` for a layout from newer code."""
    versie = lees(con)
    if versie in (None, INDELING):
        return []
    if versie not in ("1", "2"):
        raise IndelingFout(
            f"de opslag heeft indeling {versie}; deze versie van Regiekamer kent indeling {INDELING} en ouder: "
            "werk Regiekamer bij"
        )
    try:
        return _naar_actueel(con)
    finally:
        for table in TABLES:  # nothing half-made stays behind, whatever happened
            con.execute(f'DROP TABLE IF EXISTS "{_nieuw(table)}"')


def is_actueel(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store on ``con`` can be read as it is (current layout, or no store yet)."""
    return lees(con) in (None, INDELING)


def bijwerken_bestand(db: Path, memory_limit: str | None = None) -> list[str]:
    """Open the store file ``db`` for writing and bring it up to date (for readers that opened it read-only and
    found an older layout). Raises ``duckdb.IOException`` when another process holds the file."""
    con = duckdb.connect(str(db))
    try:
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        return bijwerken(con)
    finally:
        con.close()
