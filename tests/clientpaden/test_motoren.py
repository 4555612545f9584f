"""DuckDB and Spark give identical reconstructions, and the Parquet export carries every table to Spark intact.

Every public function of ``regiekamer.clientpaden`` that takes an Ibis backend (first parameter ``con``) is run
on both engines over the same generated region and must return the same schema and the same rows. A function
added to the package is picked up here by itself; one that needs more arguments than ``con`` must get them in
``ARGUMENTEN``, or this test fails and says so. Known gaps would be marked ``xfail(strict=True)`` here, never
skipped: there are none (docs/motoren.md).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ibis.expr.datatypes as dt
import pytest

import regiekamer
import regiekamer.clientpaden as clientpaden
from regiekamer.clientpaden.motoren import MOTOREN, exporteer_parquet, motor, spark_connect, table_names
from regiekamer.store.schema import TABLES

from .conftest import Regio, gelijk

# Ibis 12 calls a DuckDB method that DuckDB 1.5 deprecates; harmless, and not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

VARIANTEN: dict[str, list[dict[str, Any]]] = {
    "toewijzingen": [{}, {"met_verwijderd": True}],
}
"""Extra keyword variants worth running on both engines (default: the function with ``con`` only)."""

ARGUMENTEN: dict[str, dict[str, Any]] = {}
"""Arguments for functions that need more than ``con``."""


def _reconstructies() -> list[Any]:
    cases = []
    for naam in clientpaden.__all__:
        functie = getattr(clientpaden, naam)
        if not inspect.isfunction(functie):
            continue
        parameters = list(inspect.signature(functie).parameters.values())
        if not parameters or parameters[0].name != "con":
            continue  # connect and other helpers
        for variant in VARIANTEN.get(naam, [{}]):
            args = {**ARGUMENTEN.get(naam, {}), **variant}
            label = naam + "".join(f"-{k}={v}" for k, v in variant.items())
            cases.append(pytest.param(functie, args, id=label))
    return cases


def _soort(soort: dt.DataType) -> dt.DataType:
    """A column type as both engines can hold it: TIME has no Spark type (exported as its ISO text, docs/
    motoren.md); DuckDB states a timestamp's precision (µs), Spark leaves it implied (also µs); nullability is
    the engines' bookkeeping, not the data's. A key (UUID on DuckDB) is its 32 digits of text on Spark
    (clientpaden.sleutels); ``gelijk`` compares the values."""
    if soort.is_time() or soort.is_uuid():
        return dt.string
    if soort.is_timestamp():
        return dt.Timestamp(timezone=soort.timezone)
    return soort.copy(nullable=True)


def _soorten(schema: Any) -> dict[str, dt.DataType]:
    return {naam: _soort(soort) for naam, soort in schema.items()}


@pytest.mark.parametrize(("functie", "args"), _reconstructies())
def test_same_result_on_duckdb_and_spark(
    functie: Callable[..., Any], args: dict[str, Any], duckdb_con: Any, spark_con: Any
) -> None:
    verplicht = [
        p.name
        for p in list(inspect.signature(functie).parameters.values())[1:]
        if p.default is inspect.Parameter.empty and p.name not in args
    ]
    assert not verplicht, f"{functie.__name__} needs {verplicht}: add them to ARGUMENTEN in this file"
    d = functie(duckdb_con, **args)
    s = functie(spark_con, **args)
    assert _soorten(d.schema()) == _soorten(s.schema())
    duck = d.to_pandas()
    assert len(duck) > 100  # a real comparison, not two empty tables
    assert gelijk(duck, s.to_pandas())


def test_every_reconstruction_is_compared() -> None:
    namen = {p.values[0].__name__ for p in _reconstructies()}
    assert {"toewijzingen", "leveringen"} <= namen


def test_parquet_export_round_trips_every_table(
    regio: Regio, duckdb_con: Any, spark_con: Any, tmp_path: Path
) -> None:
    aantallen = exporteer_parquet(regio.opslag, tmp_path / "export")
    assert list(aantallen) == table_names() == [*TABLES, "koppeling_bevinding"]
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == sorted(
        f"{t}.parquet" for t in aantallen
    )
    assert aantallen["toewijzing"] > 1000 and aantallen["bericht"] > 10_000
    # spark_con is spark_connect(store): the same export, read by Spark (a second one would cost a minute of CI)
    for tabel in table_names():
        bron = duckdb_con.table(tabel)
        doel = spark_con.table(tabel)
        assert _soorten(bron.schema()) == _soorten(doel.schema()), tabel
        df = doel.to_pandas()
        assert len(df) == aantallen[tabel], tabel
        assert gelijk(bron.to_pandas(), df)


def test_cli_parquet_export_is_read_and_disconnect_keeps_spark(
    regio: Regio, duckdb_con: Any, spark_con: Any, spark: Any, tmp_path: Path
) -> None:
    # what `regiekamer export toewijzing --format parquet` writes: the store's TIME as Parquet TIME, which Spark
    # refuses; spark_connect converts it on the way in
    with regiekamer.open_store(regio.opslag, read_only=True) as store:
        store.export("toewijzing", tmp_path / "cli" / "toewijzing.parquet", "parquet")
    con = spark_connect(tmp_path / "cli", spark)
    assert con.table("toewijzing").schema()["toewijzingstijd"].is_string()
    assert gelijk(duckdb_con.table("toewijzing").to_pandas(), con.table("toewijzing").to_pandas())
    # each backend has its own views: this one holds only toewijzing, the region's backend all tables
    assert con.list_tables() == ["toewijzing"]
    assert "bericht" in spark_con.list_tables()
    con.disconnect()  # drops its views; the Ibis default would stop the SparkContext every backend shares
    assert con.list_tables() == []
    assert spark_con.table("toewijzing").count().execute() == duckdb_con.table("toewijzing").count().execute()


def test_motor_chooses_the_engine(regio: Regio, tmp_path: Path) -> None:
    assert MOTOREN == ("duckdb", "spark")
    assert motor("duckdb", regio.opslag).name == "duckdb"
    with pytest.raises(ValueError, match="onbekende motor"):
        motor("sqlite", regio.opslag)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        spark_connect(tmp_path)  # neither a store nor Parquet files: fails before Spark starts


def test_float_literals_on_spark(duckdb_con: Any, spark_con: Any) -> None:
    # Ibis' Spark compiler reads ibis.options.pyspark for every float literal; spark_connect must load the
    # backend so that this option exists (an AttributeError otherwise)
    def gemiddeld(con: Any) -> float:
        t = con.table("toewijzing")
        return float((t.volume * 0.5).sum().execute())

    assert gemiddeld(spark_con) == gemiddeld(duckdb_con) > 0
