"""Opening the store, reading tables as Arrow/pandas, exporting them.

The store lives in a data directory (``--data-dir``, else ``$REGIEKAMER_DATA``, else ``./regiekamer-data``)
as ``regiekamer.duckdb``. It holds pseudonyms only: the BSN never reaches it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb

from regiekamer.store import indeling, links
from regiekamer.store.schema import TABLES, ddl, leesbaar

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from regiekamer.privacy import Pseudonymiser

DATA_ENV = "REGIEKAMER_DATA"
DB_FILE = "regiekamer.duckdb"
MEMORY_ENV = "REGIEKAMER_DUCKDB_GEHEUGEN"
DEFAULT_MEMORY = "1GB"
INGEST_MEMORY = "300MB"
"""DuckDB's memory limit while ``regiekamer ingest`` runs, unless ``$REGIEKAMER_DUCKDB_GEHEUGEN`` is set: an
ingest writes and hardly reads, so what DuckDB would cache up to its limit only made the process grow with the
store (two million messages: 1.49 GB at 1 GB, 0.74 GB at 300 MB, in 0.96×, 1.28× and 1.08× the time in three
runs; docs/benchmarks.md)."""


class StoreError(Exception):
    """The store cannot be opened or used as asked (wrong key, unknown table, locked file)."""


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_ENV) or "regiekamer-data")


def _bijwerken_mislukt(path: Path, exc: Exception) -> str:
    return (
        f"het bijwerken van de opslag {path} naar indeling {indeling.INDELING} is mislukt ({exc}); de opslag is "
        f"ongewijzigd. Geef DuckDB zo nodig meer geheugen met {MEMORY_ENV} en probeer het opnieuw"
    )


class Store:
    """A Regiekamer store. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, data_dir: Path, *, read_only: bool = False) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_FILE
        if read_only and not self.path.exists():
            raise StoreError(
                f"er is nog geen opslag in {data_dir}: lees eerst berichten in met 'regiekamer ingest'"
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        # DuckDB caches pages up to its memory limit (by default 80 % of RAM); a fixed limit keeps an ingest
        # of any size within a known bound, spilling to disk beyond it.
        self.memory_limit = os.environ.get(MEMORY_ENV, DEFAULT_MEMORY)
        self.con = self._connect(read_only)
        # the tables rewritten to bring this store to the current layout when it was opened (store.indeling)
        self.bijgewerkt: list[str] = []
        if read_only:
            if not indeling.is_actueel(self.con):
                # a store of an older layout is brought up to date once, by whoever opens it first
                self.con.close()
                self.bijgewerkt = self._bijwerken()
                self.con = self._connect(read_only)
        else:
            try:
                self.bijgewerkt = indeling.bijwerken(self.con)
            except indeling.IndelingFout as exc:
                self.con.close()
                raise StoreError(f"kan de opslag {self.path} niet gebruiken: {exc}") from None
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(_bijwerken_mislukt(self.path, exc)) from None
            for stmt in ddl():
                self.con.execute(stmt)
            links.create_views(self.con)
            self.con.execute(
                "INSERT INTO meta SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM meta WHERE sleutel = ?)",
                [indeling.META_SLEUTEL, indeling.INDELING, indeling.META_SLEUTEL],
            )

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            bezet = "lock" in str(exc).lower()
            hint = (
                " Een ander proces gebruikt de opslag: 'regiekamer serve' laat de opslag los na een minuut "
                "zonder nieuwe berekeningen (REGIEKAMER_LOSLATEN), of stop de server even."
                if bezet and not read_only
                else ""
            )
            raise StoreError(f"kan de opslag {self.path} niet openen: {exc}.{hint}") from None
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        return con

    def _bijwerken(self) -> list[str]:
        """Bring an older store up to date from a read-only open: the file is opened for writing once."""
        try:
            return indeling.bijwerken_bestand(self.path, self.memory_limit)
        except duckdb.IOException as exc:
            raise StoreError(
                f"de opslag {self.path} heeft een oudere indeling en moet eenmaal worden bijgewerkt, maar een ander "
                f"proces gebruikt hem ({exc}); stop dat proces en probeer het opnieuw"
            ) from None
        except indeling.IndelingFout as exc:
            raise StoreError(f"kan de opslag {self.path} niet gebruiken: {exc}") from None
        except duckdb.Error as exc:
            raise StoreError(_bijwerken_mislukt(self.path, exc)) from None

    # --- metadata ---------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        rows = self.con.execute("SELECT waarde FROM meta WHERE sleutel = ?", [key]).fetchall()
        return str(rows[0][0]) if rows else None

    def bind_key(self, pseudo: Pseudonymiser) -> None:
        """Record the key's fingerprint on first use; refuse a different key afterwards."""
        fp = pseudo.fingerprint()
        known = self.meta("sleutel_vingerafdruk")
        if known is None:
            self.con.execute("INSERT INTO meta VALUES ('sleutel_vingerafdruk', ?)", [fp])
        elif known != fp:
            raise StoreError(
                "deze opslag is gemaakt met een andere pseudonimiseringssleutel; gebruik dezelfde sleutel "
                "(REGIEKAMER_SLEUTEL of REGIEKAMER_SLEUTELBESTAND), anders zijn cliënten niet te koppelen"
            )

    # --- reading ----------------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """Every table and view an analyst can read or export."""
        return [*TABLES, *links.VIEWS]

    def _check(self, table: str) -> None:
        if table not in self.tables():
            raise StoreError(f"onbekende tabel '{table}'; kies uit: {', '.join(self.tables())}")

    def _select(self, table: str) -> str:
        """A query for every column of ``table`` as a reader sees it: keys (``UUID``, store.schema.SLEUTELS) as
        the 32 hexadecimal digits the ingest wrote."""
        self._check(table)
        kolommen = [(str(r[0]), str(r[1])) for r in self.con.execute(f'DESCRIBE "{table}"').fetchall()]
        return f'SELECT {leesbaar(kolommen)} FROM "{table}"'

    def arrow(self, table: str) -> pa.Table:
        result: pa.Table = self.con.sql(self._select(table)).to_arrow_table()
        return result

    def df(self, table: str) -> pd.DataFrame:
        return self.con.execute(self._select(table)).fetch_df()

    def sql(self, query: str, params: list[Any] | None = None) -> duckdb.DuckDBPyRelation | Any:
        """Run a query; returns DuckDB's result (call ``.df()`` or ``.fetchall()`` on it)."""
        return self.con.execute(query, params or [])

    def count(self, table: str) -> int:
        self._check(table)
        rows = self.con.execute(f"SELECT count(*) FROM {table}").fetchall()
        return int(rows[0][0])

    def export(self, table: str, out: Path, fmt: str = "csv") -> int:
        """Write a table or view to CSV or Parquet; returns the number of rows."""
        query = self._select(table)
        if fmt not in ("csv", "parquet"):
            raise StoreError(f"onbekend formaat '{fmt}': kies csv of parquet")
        out.parent.mkdir(parents=True, exist_ok=True)
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        target = str(out).replace("'", "''")
        self.con.execute(f"COPY ({query}) TO '{target}' ({options})")
        return self.count(table)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_store(data_dir: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open (and if needed create) the store in ``data_dir`` (default: ``$REGIEKAMER_DATA`` or
    ``./regiekamer-data``). From a notebook::

        import regiekamer
        store = regiekamer.open_store("regiekamer-data", read_only=True)
        store.df("toewijzing")
    """
    return Store(Path(data_dir) if data_dir is not None else default_data_dir(), read_only=read_only)
