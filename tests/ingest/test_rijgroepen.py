"""A run's rows go to the store in parts, appended a DuckDB row group at a time (docs/ingest.md, "Speed and
memory"). That boundary must keep every message exactly once (TR056). It is made small here, so that a handful of
official example messages crosses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regiekamer.ingest import ingest, service
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
PSEUDO = Pseudonymiser(b"d" * 32)

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/istandaarden is not beside the repository")


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


def test_a_duplicate_of_a_message_written_at_a_row_group_boundary_counts_once(
    rk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 3 messages, each looked up on its own, a row group of 4: the second chunk fills the row group and is written to the table.
    A later re-delivery of one of its messages is a duplicate, found once (it crashed the national ingest with a
    KeyError: its identity was looked up in the table and in the append buffer both)."""
    monkeypatch.setattr(service, "WINDOW_MESSAGES", 3)
    monkeypatch.setattr(service, "CHECK_MESSAGES", 3)
    monkeypatch.setattr(service, "FLUSH_ROWS", 4)
    bestanden = _berichten(rk, tmp_path / "in", 9)
    kopie = tmp_path / "in" / "09.xml"
    kopie.write_bytes(bestanden[4].read_bytes())  # in the fourth chunk, a re-delivery from the second
    with open_store(tmp_path / "data") as store:
        s = ingest(store, [tmp_path / "in"], PSEUDO, workers=1)
        assert (s.geaccepteerd, s.dubbel, s.aantal_afgewezen) == (9, 1, 0)
        assert store.count("bericht") == 9
