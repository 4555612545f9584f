"""The engines the reconstruction runs on: DuckDB (the store itself, the default) and Apache Spark.

The reconstruction is written once as Ibis expressions (:mod:`regiekamer.clientpaden.reconstructie`); an engine
only has to offer the store's tables under their own names. DuckDB reads the store file directly. Spark reads the
tables from Parquet, written by :func:`exporteer_parquet` in types Spark knows, as temporary views of a session
of its own. From a notebook::

    from regiekamer.clientpaden import leveringen
    from regiekamer.clientpaden.motoren import exporteer_parquet, spark_connect

    exporteer_parquet("regiekamer-data", "export")      # once, and again whenever the store changed
    con = spark_connect("export")                        # spark_connect("regiekamer-data") exports by itself
    leveringen(con).to_pandas()

See docs/motoren.md.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from regiekamer.clientpaden.reconstructie import DB_FILE, connect
from regiekamer.store import indeling
from regiekamer.store.links import VIEWS
from regiekamer.store.schema import TABLES, leesbaar
from regiekamer.store.service import open_store

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Motor = Literal["duckdb", "spark"]
MOTOREN: tuple[Motor, ...] = ("duckdb", "spark")

PARQUET = ".parquet"
SPARK_MEMORY_ENV = "REGIEKAMER_SPARK_GEHEUGEN"
"""Driver memory of the local Spark session (default 1g: the JVM runs beside DuckDB and the tests)."""

SQL_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",  # dates and timestamps must not shift with the machine's zone
    "spark.sql.shuffle.partitions": "4",  # the default 200 makes every small query slow
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",  # fast transfer to pandas
    "spark.sql.parquet.inferTimestampNTZ.enabled": "true",  # the store's TIMESTAMP has no time zone
}
"""Session settings; :func:`spark_connect` copies them into each child session."""

SMALL_DATA_CONF: dict[str, str] = {
    # On a few thousand rows Spark spends its time compiling, not computing: generated code (Janino) per query
    # and the JIT's second tier. Interpreted execution gives the same results and halves a test run's time; on
    # real volumes keep the defaults.
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.adaptive.enabled": "false",  # re-planning per stage costs more than it saves on tiny tables
}
SMALL_DATA_JAVA = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def table_names() -> list[str]:
    """Every table of the store (store/schema.py) and its link views (store/links.py), as an engine sees them."""
    return [*TABLES, *VIEWS]


def _time_as_text(column: str) -> str:
    # Spark (< 4.1) has no TIME type and refuses Parquet TIME columns. The ISO 8601 text (HH:MM:SS, fractional
    # seconds only when present) is the message's own xs:time form and sorts as the time does (the first eight
    # characters have a fixed width); reconstructie.py casts DuckDB's TIME to the same text.
    return f'CAST("{column}" AS VARCHAR) AS "{column}"'


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def exporteer_parquet(data_dir: Path | str, out_dir: Path | str) -> dict[str, int]:
    """Write every store table, and the link views materialised, to ``out_dir/<table>.parquet`` in types Spark and
    DuckDB read alike; returns the number of rows per table.

    Types (store/schema.py): VARCHAR, BIGINT, INTEGER, BOOLEAN, DATE and VARCHAR[] map one to one; TIMESTAMP
    (``ingest_run``) is written without time zone (Spark: TIMESTAMP_NTZ); TIME (``toewijzing.toewijzingstijd``)
    becomes text ``HH:MM:SS`` — Spark has no TIME type; the ``UUID`` keys (store layout 3) become their 32
    hexadecimal digits, as every reader sees them (Spark has no UUID type). This is the one way to feed Spark: ``regiekamer export
    TABLE --format parquet`` writes TIME as is (:func:`spark_connect` converts such files on the way in).
    """
    db = Path(data_dir) / DB_FILE
    if not db.exists():
        raise FileNotFoundError(f"geen opslag ({DB_FILE}) in {data_dir}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(str(db), read_only=True)
    if not indeling.is_actueel(con):  # a store of an older layout is brought up to date once (store.indeling)
        con.close()
        open_store(data_dir, read_only=True).close()
        con = duckdb.connect(str(db), read_only=True)
    try:
        for table in table_names():
            columns = [
                _time_as_text(name) if str(kind).upper() == "TIME" else leesbaar([(name, kind)])
                for name, kind, *_ in con.execute(f'DESCRIBE "{table}"').fetchall()
            ]
            # table names come from the schema module and the path is ours: no outside text in the statement
            target = out / f"{table}{PARQUET}"
            con.execute(
                f"COPY (SELECT {', '.join(columns)} FROM \"{table}\") TO '{_sql_path(target)}' (FORMAT parquet)"
            )
            rows[table] = pq.ParquetFile(target).metadata.num_rows
    finally:
        con.close()
    return rows


_TEMP_DIRS: list[Path] = []


def _remove_temp_dirs() -> None:
    for path in _TEMP_DIRS:
        shutil.rmtree(path, ignore_errors=True)


def _temp_dir(kind: str) -> Path:
    """A temporary folder removed when Python exits (the Parquet files must outlive the calls that made them:
    Spark reads them lazily, at every query)."""
    path = Path(tempfile.mkdtemp(prefix=f"regiekamer-{kind}-"))
    if not _TEMP_DIRS:
        atexit.register(_remove_temp_dirs)
    _TEMP_DIRS.append(path)
    return path


def _spark_readable(file: Path) -> Path:
    """The file itself, or — when it has TIME columns, as ``regiekamer export TABLE --format parquet`` writes
    them — a copy with those columns as text, as :func:`exporteer_parquet` writes them."""
    schema = pq.read_schema(file)
    if not any(pa.types.is_time(f.type) for f in schema):
        return file
    columns = [_time_as_text(f.name) if pa.types.is_time(f.type) else f'"{f.name}"' for f in schema]
    target = _temp_dir("parquet") / file.name
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT {', '.join(columns)} FROM read_parquet('{_sql_path(file)}')) "
            f"TO '{_sql_path(target)}' (FORMAT parquet)"
        )
    return target


def spark_session(*, small_data: bool = False, config: Mapping[str, str] | None = None) -> SparkSession:
    """A local Spark session with quiet, modest defaults; an already running session is reused.

    ``local[2]`` (two cores), :data:`SQL_CONF` (UTC, 4 shuffle partitions, Arrow), no web UI or progress bars,
    warehouse, scratch space and JVM temp files in a temporary folder (never ``./spark-warehouse``), driver memory
    ``$REGIEKAMER_SPARK_GEHEUGEN`` (default 1g), log level ERROR. ``small_data`` adds :data:`SMALL_DATA_CONF` for
    tests and samples; ``config`` overrides anything. Needs Java 17 (``java`` on the PATH, or ``$JAVA_HOME``).
    """
    from pyspark.sql import SparkSession

    # local mode needs no network name; without this Spark warns about a loopback hostname and binds eth0
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    tmp = _temp_dir("spark")
    (tmp / "log4j2.properties").write_text(_LOG4J)
    java = f"-Djava.io.tmpdir={tmp} -Dlog4j2.configurationFile=file:{tmp / 'log4j2.properties'}"
    settings = {
        "spark.driver.memory": os.environ.get(SPARK_MEMORY_ENV, "1g"),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.default.parallelism": "2",
        "spark.sql.warehouse.dir": str(tmp / "warehouse"),
        "spark.local.dir": str(tmp / "local"),
        **SQL_CONF,
        **(SMALL_DATA_CONF if small_data else {}),
        "spark.driver.extraJavaOptions": f"{java} {SMALL_DATA_JAVA}" if small_data else java,
        **(config or {}),
    }
    builder = SparkSession.builder.master("local[2]").appName("regiekamer")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


@functools.cache
def _backend_class() -> type:
    import ibis
    from ibis.backends.pyspark import Backend

    # loading the backend as ibis.pyspark registers its options (ibis.options.pyspark), which its compiler reads
    # for every float literal; importing the class alone does not
    _ = ibis.pyspark

    class SparkBackend(Backend):  # type: ignore[misc]  # ibis ships no types
        """Ibis' PySpark backend, except that ``disconnect`` drops this backend's views instead of stopping the
        SparkContext that every backend of the process shares."""

        def disconnect(self) -> None:
            # (catalog.listTables fails on a child session's views in Spark 4.0; Ibis' listing works)
            for name in self.list_tables():
                self._session.catalog.dropTempView(name)  # a no-op for anything but a temporary view

    return SparkBackend


def spark_connect(data_dir_or_parquet_dir: Path | str, session: SparkSession | None = None) -> Any:
    """An Ibis PySpark backend whose tables are the store's tables: every reconstruction function takes it.

    ``data_dir_or_parquet_dir`` is a store's data folder (holding regiekamer.duckdb; exported with
    :func:`exporteer_parquet` to a temporary folder first) or a folder of ``<table>.parquet`` files (the output
    of :func:`exporteer_parquet`; files from ``regiekamer export TABLE --format parquet`` work too, their TIME
    columns converted on the way in). Each call gets a child session of ``session`` (default
    :func:`spark_session`) with its own views, so backends over different stores do not see each other's tables;
    the JVM is shared. The Parquet files must stay where they are while the backend is used.
    """
    from pyspark.sql.pandas.types import from_arrow_schema

    source = Path(data_dir_or_parquet_dir)
    if (source / DB_FILE).exists():
        folder = _temp_dir("parquet")
        exporteer_parquet(source, folder)
    else:
        folder = source
    files = sorted(folder.glob(f"*{PARQUET}"))
    if not files:
        raise FileNotFoundError(f"geen opslag ({DB_FILE}) en geen {PARQUET}-bestanden in {source}")
    parent = session or spark_session()
    child = parent.newSession()
    # a child session starts from the SparkContext's settings, not from changes made to its parent at run time
    for key in SQL_CONF.keys() | SMALL_DATA_CONF.keys():
        if (value := parent.conf.get(key, None)) is not None:
            child.conf.set(key, value)
    for file in files:
        readable = _spark_readable(file)
        # the schema from the Parquet footer, read here: Spark would start a job per file to infer it
        schema = from_arrow_schema(pq.read_schema(readable), prefer_timestamp_ntz=True)
        child.read.schema(schema).parquet(str(readable)).createOrReplaceTempView(
            file.name.removesuffix(PARQUET)
        )
    return _backend_class()().connect(child)


def duckdb_connect(data_dir: Path | str) -> Any:
    """The default engine: a read-only Ibis DuckDB backend over the store (the same as ``clientpaden.connect``)."""
    return connect(data_dir)


def motor(naam: Motor, data_dir: Path | str, *, session: SparkSession | None = None) -> Any:
    """An Ibis backend over the store in ``data_dir`` on engine ``naam``: "duckdb" or "spark"."""
    if naam == "duckdb":
        return duckdb_connect(data_dir)
    if naam == "spark":
        return spark_connect(data_dir, session)
    raise ValueError(f"onbekende motor '{naam}': kies uit {', '.join(MOTOREN)}")
