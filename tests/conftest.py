"""Shared fixtures: the official example messages, the CLI as a real subprocess, and table digests.

The reference data lives beside the repository (``../shared/istandaarden``); tests that need it are skipped
when it is absent. Helpers are handed out through the session fixture ``rk`` (not imported from this
module), so a conftest elsewhere in the tree cannot shadow them.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pytest
from lxml import etree

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ISTANDAARDEN = SHARED / "istandaarden"
EXAMPLES = sorted(ISTANDAARDEN.glob("*/berichten/*.xml"))
XSD_INVALID = {"JW315.xml", "JW318.xml"}  # invalid on purpose (message-model.md §10)
KEY_HEX = "5e" * 32
OTHER_KEY_HEX = "a7" * 32
DB_FILE = "regiekamer.duckdb"

BOOKKEEPING = {"ingest_run", "gestart", "beeindigd"}
"""Columns that legitimately differ between two otherwise identical runs: the run number and its clock."""


def _cli_command() -> list[str]:
    script = Path(sys.executable).with_name("regiekamer")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from regiekamer.cli import main; main()"]


class RK:
    """Helpers over the official examples, the CLI and the store (see the module docstring)."""

    shared = SHARED
    istandaarden = ISTANDAARDEN
    xsd_dir = ISTANDAARDEN
    examples = EXAMPLES
    valid_examples = tuple(p for p in EXAMPLES if p.name not in XSD_INVALID)
    key_hex = KEY_HEX
    other_key_hex = OTHER_KEY_HEX
    db_file = DB_FILE
    bookkeeping = BOOKKEEPING

    # --- the CLI ----------------------------------------------------------------------------------------
    def env(self, key_hex: str | None = KEY_HEX, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGIEKAMER_")}
        if key_hex is not None:
            env["REGIEKAMER_SLEUTEL"] = key_hex
        env.update(extra)
        env["COLUMNS"] = "200"
        return env

    def command(self, *args: str | Path) -> list[str]:
        return [*_cli_command(), *map(str, args)]

    def cli(
        self, *args: str | Path, key_hex: str | None = KEY_HEX, check: bool = False, timeout: float = 120
    ) -> subprocess.CompletedProcess[bytes]:
        proc = subprocess.run(
            self.command(*args), env=self.env(key_hex), capture_output=True, timeout=timeout, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"regiekamer {' '.join(map(str, args))} → {proc.returncode}\n"
                f"{proc.stdout.decode(errors='replace')}\n{proc.stderr.decode(errors='replace')}"
            )
        return proc

    # --- messages ---------------------------------------------------------------------------------------
    @staticmethod
    def tree(path_or_bytes: Path | bytes) -> etree._ElementTree:
        data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
        return etree.ElementTree(etree.fromstring(data))

    @staticmethod
    def first(root: etree._Element, local: str) -> etree._Element:
        for el in root.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == local:
                return el
        raise LookupError(local)

    @staticmethod
    def all(root: etree._Element, local: str) -> list[etree._Element]:
        return [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == local]

    @staticmethod
    def is_retour(root: etree._Element) -> bool:
        """30x retours carry IdentificatieRetour as their own identity (IV028); 325 is not one."""
        return any(etree.QName(el).localname == "IdentificatieRetour" for el in root[0])

    def own_id_element(self, root: etree._Element) -> etree._Element:
        header = root[0]
        if self.is_retour(root):
            return self.first(header, "IdentificatieRetour")
        return self.first(self.first(header, "BerichtIdentificatie"), "Identificatie")

    def with_identity(self, data: bytes, identificatie: str) -> bytes:
        """The message with its own identity (Identificatie, or IdentificatieRetour for a retour) replaced."""
        assert 1 <= len(identificatie) <= 12, identificatie
        tree = self.tree(data)
        self.own_id_element(tree.getroot()).text = identificatie
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")

    @staticmethod
    def serialise(root: etree._Element) -> bytes:
        return etree.tostring(copy.deepcopy(root), xml_declaration=True, encoding="UTF-8")

    # --- the store --------------------------------------------------------------------------------------
    _template: Path | None = None
    _template_dir: Path | None = None

    def fresh_store_dir(self, target: Path) -> Path:
        """A data dir holding a new, empty store. Creating a store takes DuckDB ~1 s, so the first one is
        made with ``open_store`` and later ones are byte copies of it (no key bound yet)."""
        from regiekamer.store import open_store

        if RK._template is None or not RK._template.exists():
            assert RK._template_dir is not None, "use the rk fixture"
            tdir = RK._template_dir
            open_store(tdir).close()
            RK._template = tdir / DB_FILE
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(RK._template, target / DB_FILE)
        return target

    def connect(self, data_dir: Path) -> duckdb.DuckDBPyConnection:
        """A read-only connection straight to the DuckDB file (not through our own Store code), on a copy
        so that a WAL left by a killed process is replayed without touching the original."""
        src = data_dir / DB_FILE
        tmp = data_dir.parent / f".{data_dir.name}-inspect"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        shutil.copy2(src, tmp / DB_FILE)
        wal = src.with_name(DB_FILE + ".wal")
        if wal.exists():
            shutil.copy2(wal, tmp / (DB_FILE + ".wal"))
        return duckdb.connect(str(tmp / DB_FILE), read_only=False)

    def digests(
        self, data_dir: Path, *, ignore: Iterable[str] = (), tables: Sequence[str] | None = None
    ) -> dict[str, tuple[int, str]]:
        """Per table and view: (row count, sha256 over the rows sorted by all columns), without the
        ``ignore`` columns. Lists and dates are compared by their text form, which DuckDB makes canonical."""
        ignore = set(ignore)
        con = self.connect(data_dir)
        try:
            names = tables or [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                    "ORDER BY table_name"
                ).fetchall()
            ]
            out: dict[str, tuple[int, str]] = {}
            for name in names:
                cols = [
                    r[0]
                    for r in con.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                        [name],
                    ).fetchall()
                    if r[0] not in ignore
                ]
                sel = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in cols)
                rows = con.execute(f'SELECT {sel} FROM "{name}" ORDER BY ALL').fetchall()
                h = hashlib.sha256()
                for row in rows:
                    h.update(repr(row).encode())
                    h.update(b"\n")
                out[name] = (len(rows), h.hexdigest())
            return out
        finally:
            con.close()
            shutil.rmtree(data_dir.parent / f".{data_dir.name}-inspect", ignore_errors=True)


@pytest.fixture(scope="session")
def rk(tmp_path_factory: pytest.TempPathFactory) -> RK:
    if not EXAMPLES:
        pytest.skip("../shared/istandaarden is not beside the repository")
    RK._template_dir = tmp_path_factory.mktemp("lege-opslag")
    return RK()


# --- a generated, ingested region and the engines it runs on (clientpaden, indicatoren) -------------------
# One region (both laws, default imperfections, two years), written one file per message (formaat="bestanden")
# so that the property tests can ingest the same messages in any order; the bytes are the same as in the zip
# format. ``con`` is parametrised over the engines (``[duckdb]`` and ``[spark]`` in the test ids): a test that
# takes it runs on DuckDB and on Spark. Spark starts once per test process (``-n 2``: one JVM per worker) and
# only when a Spark test runs there. See docs/motoren.md.

from collections.abc import Callable, Iterator  # noqa: E402
from functools import partial  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import pandas as pd  # noqa: E402

import regiekamer  # noqa: E402
from regiekamer.clientpaden import connect  # noqa: E402
from regiekamer.clientpaden.motoren import MOTOREN  # noqa: E402
from regiekamer.generator import GeneratorConfig, generate_region  # noqa: E402
from regiekamer.ingest.service import ingest  # noqa: E402
from regiekamer.privacy import Pseudonymiser  # noqa: E402
from regiohulp import SLEUTEL, Regio  # noqa: E402

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def regio(tmp_path_factory: pytest.TempPathFactory) -> Regio:
    root = tmp_path_factory.mktemp("clientpaden")
    generate_region(
        root / "regio",
        GeneratorConfig(seed=11, gemeenten=2, inwoners=15_000, startjaar=2024, jaren=2, formaat="bestanden"),
    )
    pseudo = Pseudonymiser(SLEUTEL)
    with regiekamer.open_store(root / "opslag") as store:
        s = ingest(store, [root / "regio" / "berichten"], pseudo)
        assert not s.afgewezen and not s.koppeling  # rule-clean traffic (docs/generator.md)
    return Regio(root / "regio" / "berichten", root / "regio" / "grondwaarheid", root / "opslag", pseudo)


SPARK_FIXTURES = {"spark", "spark_con"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: runs on Apache Spark (deselect with -m 'not spark' for a fast run)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # every test that starts Spark, on engine "spark" or through a Spark fixture, carries the marker
    for item in items:
        callspec = getattr(item, "callspec", None)
        fixtures = set(getattr(item, "fixturenames", ()))
        if (callspec is not None and callspec.params.get("engine") == "spark") or fixtures & SPARK_FIXTURES:
            item.add_marker(pytest.mark.spark)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """The Spark session of this test process, started on first use (≈ 10 s), small-data settings."""
    from regiekamer.clientpaden.motoren import spark_session

    session = spark_session(small_data=True)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def duckdb_con(regio: Regio) -> Any:
    """The region on DuckDB (the store itself)."""
    return connect(regio.opslag)


@pytest.fixture(scope="session")
def spark_con(regio: Regio, spark: SparkSession) -> Any:
    """The region on Spark (the store exported to Parquet, as temporary views). The region never changes, so
    a query's result is kept for this process: the same reconstruction asked by several test files (their own
    and test_motoren's comparison) runs on Spark once per worker. Each caller gets its own copy."""
    from regiekamer.clientpaden.motoren import spark_connect

    con = spark_connect(regio.opslag, spark)
    uitvoeren = con.execute
    bewaard: dict[tuple[str, str], Any] = {}

    def execute(expr: Any, /, *, params: Any = None, limit: Any = None, **kwargs: Any) -> Any:
        if params or kwargs:
            return uitvoeren(expr, params=params, limit=limit, **kwargs)
        sleutel = (str(con.compile(expr.as_table(), limit=limit)), type(expr).__name__)
        if sleutel not in bewaard:
            bewaard[sleutel] = uitvoeren(expr, limit=limit)
        uit = bewaard[sleutel]
        return uit.copy(deep=True) if isinstance(uit, pd.DataFrame | pd.Series) else uit

    con.execute = execute
    return con


@pytest.fixture(scope="session", params=MOTOREN)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of this test run: "duckdb" or "spark" (shown in the test id)."""
    naam: str = request.param
    return naam


@pytest.fixture(scope="session")
def con(engine: str, request: pytest.FixtureRequest) -> Any:
    """An Ibis backend over the ingested region. Tests that take ``con`` run on every engine (DuckDB and Spark)."""
    return request.getfixturevalue(f"{engine}_con")


@pytest.fixture(scope="session")
def open_backend(engine: str, request: pytest.FixtureRequest) -> Callable[[Path], Any]:
    """Opens the current engine's Ibis backend over any store folder: for tests that make their own store."""
    if engine == "duckdb":
        return connect
    from regiekamer.clientpaden.motoren import spark_connect

    return partial(spark_connect, session=request.getfixturevalue("spark"))
