"""A run is staged and committed in parts, and moved into the store's tables at the end
(docs/ingest.md, "Atomicity"). The part boundary must keep every message exactly once (TR056), and nothing of a
run may reach the store's tables before its end. The boundary is made small here, so that a handful of official
example messages crosses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from regiekamer.ingest import ingest, service
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import StoreError, open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
PSEUDO = Pseudonymiser(b"d" * 32)

pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/istandaarden is not beside the repository"
)


def _berichten(rk: Any, map_: Path, n: int) -> list[Path]:
    """``n`` copies of the official JW301, each with its own Identificatie, named so that they are read in order."""
    bron = (SHARED / "ijw" / "berichten" / "JW301.xml").read_bytes()
    map_.mkdir(parents=True, exist_ok=True)
    uit = []
    for i in range(n):
        pad = map_ / f"{i:02d}.xml"
        pad.write_bytes(rk.with_identity(bron, f"K{i:05d}"))
        uit.append(pad)
    return uit


def test_a_duplicate_or_conflict_across_a_part_boundary_is_found_once(
    rk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of 3 messages, each looked up against the store and the staged parts before it. A re-delivery of a
    message staged two parts earlier is a duplicate, counted once; the same identity with other content is a
    TR056 violation, quarantined (a run used to look identities up in the table and in an append buffer both,
    and crashed the national ingest with a KeyError on such a re-delivery)."""
    monkeypatch.setattr(service, "WINDOW_MESSAGES", 3)
    monkeypatch.setenv(service.COMMIT_ENV, "3")  # a part is looked up, staged and committed at once
    bestanden = _berichten(rk, tmp_path / "in", 9)
    (tmp_path / "in" / "09.xml").write_bytes(
        bestanden[4].read_bytes()
    )  # fourth part, a re-delivery from the second
    anders = rk.tree(bestanden[1].read_bytes())
    rk.first(anders.getroot(), "Dagtekening").text = "2026-01-02"
    (tmp_path / "in" / "10.xml").write_bytes(rk.serialise(anders.getroot()))  # same identity as 01.xml
    with open_store(tmp_path / "data") as store:
        s = ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert (s.geaccepteerd, s.dubbel, dict(s.afgewezen)) == (9, 1, {"TR056-identificatie-niet-uniek": 1})
        assert store.count("bericht") == 9
        assert store.count("quarantaine") == 1
        # the staging schema is gone after the run: the store's tables hold everything, once
        schemas = store.sql(
            "SELECT schema_name FROM duckdb_schemas() WHERE schema_name = ?", [service.STAGING]
        )
        assert schemas.fetchall() == []


def test_nothing_of_a_run_reaches_the_store_before_its_end(
    rk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts are committed as they are staged, but the store's tables change only in the run's last transaction:
    a run that fails after several parts leaves them as they were, and the next run clears what it staged."""
    monkeypatch.setattr(service, "WINDOW_MESSAGES", 3)
    monkeypatch.setenv(service.COMMIT_ENV, "3")  # a part is looked up, staged and committed at once
    _berichten(rk, tmp_path / "eerst", 2)
    bestanden = _berichten(rk, tmp_path / "in", 9)
    with open_store(tmp_path / "data") as store:
        ingest(store, [tmp_path / "eerst"], PSEUDO, workers=1)
        before = {t: store.count(t) for t in ("bericht", "toewijzing", "client", "ingest_run")}
        commits = 0
        staged_then = -1
        commit = service.Ingester._commit_stage

        def failing_commit(self: service.Ingester) -> None:
            nonlocal commits, staged_then
            commit(self)
            commits += 1
            if commits == 3:  # after the second part: two parts staged and committed
                staged_then = store.sql(f"SELECT count(*) FROM {service.STAGING}.bericht").fetchall()[0][0]
                raise RuntimeError("stroomstoring")

        monkeypatch.setattr(service.Ingester, "_commit_stage", failing_commit)
        with pytest.raises(RuntimeError, match="stroomstoring"):
            ingest(store, bestanden, PSEUDO, workers=1)
        assert staged_then == 6 - 2  # two parts of three, less the two messages stored before (duplicates)
        assert {t: store.count(t) for t in before} == before
        monkeypatch.setattr(service.Ingester, "_commit_stage", commit)
        s = ingest(store, bestanden, PSEUDO, workers=1)
        assert (s.geaccepteerd, s.dubbel) == (7, 2)
        assert store.count("bericht") == 9


@pytest.mark.parametrize("waarde", ["0", "-5", "veel"])
def test_a_wrong_part_size_is_refused_with_its_name(
    waarde: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(service.COMMIT_ENV, waarde)
    with (
        open_store(tmp_path / "data") as store,
        pytest.raises(StoreError, match=f"REGIEKAMER_INLEZEN_COMMIT.*'{waarde}'"),
    ):
        service.Ingester(store, PSEUDO)


def test_the_ingest_caps_duckdb_lower_and_gives_the_store_its_limit_back(
    rk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest writes and hardly reads: it runs DuckDB at INGEST_MEMORY (what DuckDB would cache up to the
    store's own limit made the process grow with the store), unless $REGIEKAMER_DUCKDB_GEHEUGEN says otherwise,
    and the store has its own limit again afterwards, also when the run fails."""
    monkeypatch.delenv("REGIEKAMER_DUCKDB_GEHEUGEN", raising=False)
    _berichten(rk, tmp_path / "in", 2)
    seen: list[str] = []
    commit = service.Ingester._commit_stage

    def watching_commit(self: service.Ingester) -> None:
        seen.append(self.store.sql("SELECT current_setting('memory_limit')").fetchall()[0][0])
        commit(self)

    monkeypatch.setattr(service.Ingester, "_commit_stage", watching_commit)
    with open_store(tmp_path / "data") as store:
        own = store.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]
        ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert seen == ["286.1 MiB"]  # 300 MB
        assert store.sql("SELECT current_setting('memory_limit')").fetchall()[0][0] == own != seen[0]

        monkeypatch.setenv("REGIEKAMER_DUCKDB_GEHEUGEN", "200MB")
        seen.clear()
        ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert seen == ["190.7 MiB"]  # 200 MB

        monkeypatch.setattr(service, "staging_ddl", lambda: ["SELECT kapot FROM nergens"])
        with pytest.raises(duckdb.Error):
            ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert store.sql("SELECT current_setting('memory_limit')").fetchall()[0][0] == own


class _TooSmallForLinks:
    """The store's connection, except that counting link findings runs out of memory below 500 MB (as on a
    national store at the ingest's 300 MB)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.limits: list[str] = []

    def execute(self, query: str, *args: Any) -> Any:
        if "koppeling_bevinding" in query:
            limit = self._con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
            self.limits.append(limit)
            if limit.endswith("MiB") and float(limit.split()[0]) < 500:
                raise duckdb.OutOfMemoryException(f"failed to pin block ({limit} used)")
        return self._con.execute(query, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def test_link_findings_too_large_for_the_ingest_limit_are_counted_at_the_store_limit(
    rk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link findings are joins over the whole store, so they grow with the store, not with the input: when
    they do not fit the ingest's limit they are counted again at the store's own, and only when that fails too
    (or the user set the limit) does the summary say they could not be counted."""
    monkeypatch.delenv("REGIEKAMER_DUCKDB_GEHEUGEN", raising=False)
    # a start for an allocation that is not stored (TR019-like link finding): the JW305 without its JW301
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "JW305.xml").write_bytes((SHARED / "ijw" / "berichten" / "JW305.xml").read_bytes())
    with open_store(tmp_path / "data") as store:
        con = _TooSmallForLinks(store.con)
        store.con = con  # type: ignore[assignment]
        s = ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert s.koppeling_fout is None and sum(s.koppeling.values()) >= 1
        assert con.limits[0] == "286.1 MiB" and con.limits[-1] == "953.6 MiB"  # 300 MB, then the store's 1 GB

        monkeypatch.setenv("REGIEKAMER_DUCKDB_GEHEUGEN", "300MB")  # the user's limit is kept
        con.limits.clear()
        s = ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert s.koppeling == {} and "failed to pin block" in (s.koppeling_fout or "")
        assert set(con.limits) == {"286.1 MiB"}
