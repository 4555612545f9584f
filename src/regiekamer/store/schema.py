"""The store's tables, derived from the message records so that a field added there is a column here."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, NamedTuple

import pyarrow as pa

from regiekamer.berichten.records import ROW_TABLES


class Column(NamedTuple):
    name: str
    sql: str
    arrow: pa.DataType


SLEUTELS = frozenset({"bericht_id", "client", "huishouden"})
"""The key columns stored as ``UUID`` (store layout 3, store.indeling): 128 bits that DuckDB hashes, compares and
sorts as one number, where 24- and 32-character text costs a string comparison in every join and grouping of the
reconstruction (docs/benchmarks.md, issue 4). The ingest hands them over as 32 hexadecimal digits (Arrow
``string``, cast on insert); readers see that same text (:func:`leesbaar`), never DuckDB's dashed form."""

UUID = "UUID"


def _column(name: str, hint: Any) -> Column:
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next(a for a in args if a is not type(None))
    if hint is str and name in SLEUTELS:
        return Column(name, UUID, pa.string())
    if hint is int:
        return Column(name, "BIGINT", pa.int64())
    if hint is str:
        return Column(name, "VARCHAR", pa.string())
    if hint is bool:
        return Column(name, "BOOLEAN", pa.bool_())
    if hint is dt.date:
        return Column(name, "DATE", pa.date32())
    if hint is dt.time:
        return Column(name, "TIME", pa.time64("us"))
    if typing.get_origin(hint) is tuple:
        return Column(name, "VARCHAR[]", pa.list_(pa.string()))
    raise TypeError(f"no column type for {name}: {hint!r}")


def record_columns(record: type) -> list[Column]:
    hints = typing.get_type_hints(record)
    return [_column(name, hints[name]) for name in record._fields]  # type: ignore[attr-defined]


BERICHT_COLUMNS: list[Column] = [
    # unique by construction (the ingest checks each identity before it writes, and asserts uniqueness
    # before every commit); no PRIMARY KEY, because DuckDB's index makes bulk inserts ~15× slower
    Column("bericht_id", UUID, pa.string()),
    Column("wet", "VARCHAR", pa.string()),  # jw | wmo
    Column("berichttype", "VARCHAR", pa.string()),  # 301 …
    Column("berichtnaam", "VARCHAR", pa.string()),  # JW301 …
    Column("berichtcode", "INTEGER", pa.int32()),
    Column("verzender", "VARCHAR", pa.string()),
    Column("eigen_identificatie", "VARCHAR", pa.string()),
    Column("eigen_dagtekening", "DATE", pa.date32()),
    Column("afzender", "VARCHAR", pa.string()),
    Column("ontvanger", "VARCHAR", pa.string()),
    Column("identificatie", "VARCHAR", pa.string()),
    Column("dagtekening", "DATE", pa.date32()),
    Column("heen_identificatie", "VARCHAR", pa.string()),
    Column("gemeente", "VARCHAR", pa.string()),
    Column("aanbieder", "VARCHAR", pa.string()),
    Column("basisschema_xsd_versie", "VARCHAR", pa.string()),
    Column("bericht_xsd_versie", "VARCHAR", pa.string()),
    Column("retourcodes", "VARCHAR[]", pa.list_(pa.string())),
    Column("xsd_gevalideerd", "BOOLEAN", pa.bool_()),
    Column("afgekeurd", "BOOLEAN", pa.bool_()),
    Column("aantal_bevindingen", "INTEGER", pa.int32()),
    Column("sha256", "VARCHAR", pa.string()),
    Column("bron_bestand", "VARCHAR", pa.string()),
    Column("bron_lid", "VARCHAR", pa.string()),
    Column("ingest_run", "INTEGER", pa.int32()),
]
"""The append-only message log: one row per accepted message, with its identity and provenance."""

QUARANTAINE_COLUMNS: list[Column] = [
    Column("quarantaine_id", "VARCHAR", pa.string()),  # unique by construction, as bericht_id
    Column("sha256", "VARCHAR", pa.string()),
    Column("bron_bestand", "VARCHAR", pa.string()),
    Column("bron_lid", "VARCHAR", pa.string()),
    Column("reden", "VARCHAR", pa.string()),
    Column("element", "VARCHAR", pa.string()),
    Column("toelichting", "VARCHAR", pa.string()),
    Column("berichtnaam", "VARCHAR", pa.string()),
    Column("verzender", "VARCHAR", pa.string()),
    Column("eigen_identificatie", "VARCHAR", pa.string()),
    Column("ingest_run", "INTEGER", pa.int32()),
]
"""Rejected input: where it is (file, zip member, hash) and why, never its content."""

INGEST_RUN_COLUMNS: list[Column] = [
    Column("ingest_run", "INTEGER PRIMARY KEY", pa.int32()),
    Column("gestart", "TIMESTAMP", pa.timestamp("us")),
    Column("beeindigd", "TIMESTAMP", pa.timestamp("us")),
    Column("bronnen", "VARCHAR", pa.string()),
    Column("xsd_map", "VARCHAR", pa.string()),
    Column("geaccepteerd", "BIGINT", pa.int64()),
    Column("dubbel", "BIGINT", pa.int64()),
    Column("afgewezen", "BIGINT", pa.int64()),
]

RETOURCODE_COLUMNS: list[Column] = [
    Column("bericht_id", UUID, pa.string()),
    Column("tabel", "VARCHAR", pa.string()),  # the element judged: client, toewijzing, start_product, …
    Column("client_index", "BIGINT", pa.int64()),
    Column("client", UUID, pa.string()),
    Column("rij", "BIGINT", pa.int64()),
    Column("sleutel", "VARCHAR", pa.string()),  # ToewijzingNummer, ReferentieAanbieder, ReferentieNummer …
    Column("retourcode", "VARCHAR", pa.string()),  # WJ001
]
"""Retour codes of the retour messages (302…320) per judged element; header codes are in ``bericht``."""

ROW_PREFIX = [Column("bericht_id", UUID, pa.string())]
ROW_SUFFIX = [Column("afgekeurd", "BOOLEAN", pa.bool_())]


def table_columns() -> dict[str, list[Column]]:
    """Every store table with its columns, in creation order."""
    tables: dict[str, list[Column]] = {
        "ingest_run": INGEST_RUN_COLUMNS,
        "bericht": BERICHT_COLUMNS,
        "quarantaine": QUARANTAINE_COLUMNS,
    }
    for name, record in ROW_TABLES.items():
        suffix = [] if name == "bevinding" else ROW_SUFFIX
        tables[name] = ROW_PREFIX + record_columns(record) + suffix
    # the 325 answers a declaration: same shape, own tables (see regiekamer.ingest.service.STORE_TABLE)
    tables["declaratie_antwoord"] = tables["declaratie"]
    tables["afgewezen_prestatie"] = tables["prestatie"]
    tables["retourcode"] = RETOURCODE_COLUMNS
    return tables


TABLES = table_columns()


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.arrow) for c in TABLES[table]])


def sleutel_tekst(expr: str) -> str:
    """SQL for a ``UUID`` key as the 32 hexadecimal digits the ingest wrote (DuckDB's text form has dashes)."""
    return f"replace(CAST({expr} AS VARCHAR), '-', '')"


def leesbaar(kolommen: list[tuple[str, str]]) -> str:
    """The select list that shows ``kolommen`` (name, DuckDB type) as a reader expects them: every ``UUID``
    column as its 32 hexadecimal digits, under its own name, the rest as it is."""
    delen = []
    for naam, soort in kolommen:
        kolom = f'"{naam}"'
        delen.append(f"{sleutel_tekst(kolom)} AS {kolom}" if str(soort).upper() == UUID else kolom)
    return ", ".join(delen)


def columns_sql(cols: list[Column]) -> str:
    """The column definitions of a CREATE TABLE for ``cols``, as the store declares them."""
    return ", ".join(f"{c.name} {c.sql}" for c in cols)


def ddl() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {name} ({columns_sql(cols)})" for name, cols in TABLES.items()
    ] + ["CREATE TABLE IF NOT EXISTS meta (sleutel VARCHAR PRIMARY KEY, waarde VARCHAR)"]


STAGING = "inlezen"
"""The schema that holds an ingest run's rows until the run's last transaction moves them into the store's
tables (``main``). Nothing reads it but the ingest: a run killed half-way leaves the store's tables as they
were, and the next run drops what it left here."""

STAGED_TABLES = [name for name in TABLES if name != "ingest_run"]
"""The tables an ingest run writes through :data:`STAGING` (its ``ingest_run`` row is written last)."""


DROP_STAGING = f"DROP SCHEMA IF EXISTS {STAGING} CASCADE"


def staging_ddl() -> list[str]:
    """Statements that give an ingest run an empty staging schema, dropping the leftovers of a killed run."""
    return [DROP_STAGING, f"CREATE SCHEMA {STAGING}"] + [
        f"CREATE TABLE {STAGING}.{name} ({columns_sql(TABLES[name])})" for name in STAGED_TABLES
    ]
