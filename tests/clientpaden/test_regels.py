"""The reconstruction rules one by one, on hand-made store rows: the cases the generator does not make."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import regiekamer
from regiekamer.clientpaden import leveringen, toewijzingen
from regiohulp import sleutel

# Ibis 12 calls a DuckDB method that DuckDB 1.5 deprecates; harmless, and not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

D = dt.date


class Opslag:
    def __init__(self, pad: Path) -> None:
        self.store = regiekamer.open_store(pad)
        self.n = 0

    def bericht(self, soort: str, dag: dt.date, *, afgekeurd: bool = False) -> str:
        self.n += 1
        bid = sleutel(f"b{self.n:03d}")
        self.store.con.execute(
            "INSERT INTO bericht (bericht_id, wet, berichttype, gemeente, aanbieder, dagtekening, eigen_identificatie,"
            " afgekeurd) VALUES (?, 'jw', ?, '0001', 'A1', ?, ?, ?)",
            [bid, soort, dag, f"0001{self.n:08d}", afgekeurd],
        )
        self.store.con.execute(
            "INSERT INTO client (bericht_id, client_index, client, afgekeurd) VALUES (?, 0, ?, ?)",
            [bid, sleutel("c1"), afgekeurd],
        )
        return bid

    def rij(self, tabel: str, bid: str, rij: int, **waarden: Any) -> None:
        # the ingest writes the client block's pseudonym on each row as well (store.indeling, layout 2)
        waarden = {"bericht_id": bid, "client_index": 0, "client": sleutel("c1"), "rij": rij, "afgekeurd": False, **waarden}
        kolommen = ", ".join(waarden)
        vraag = ", ".join("?" for _ in waarden)
        self.store.con.execute(f"INSERT INTO {tabel} ({kolommen}) VALUES ({vraag})", list(waarden.values()))

    def tp(self, bid: str, rij: int, nummer: int, datum: dt.date, tijd: str, **w: Any) -> None:
        waarden = {
            "toewijzingnummer": nummer,
            "productcategorie": "45",
            "productcode": "45A01",
            "toewijzingsdatum": datum,
            "toewijzingstijd": dt.time.fromisoformat(tijd),
            "ingangsdatum": D(2025, 1, 1),
            "einddatum": D(2025, 12, 31),
            "volume": 10,
            **w,
        }
        self.rij("toewijzing", bid, rij, **waarden)

    def start(self, bid: str, rij: int, nummer: int, begin: dt.date, status: str = "1") -> None:
        self.rij(
            "start_product",
            bid,
            rij,
            toewijzingnummer=nummer,
            productcategorie="45",
            productcode="45A01",
            begindatum=begin,
            status_aanlevering=status,
        )

    def stop(
        self, bid: str, rij: int, nummer: int, begin: dt.date, eind: dt.date, reden: str, status: str = "1"
    ) -> None:
        self.rij(
            "stop_product",
            bid,
            rij,
            toewijzingnummer=nummer,
            productcategorie="45",
            productcode="45A01",
            begindatum=begin,
            einddatum=eind,
            reden_beeindiging=reden,
            status_aanlevering=status,
        )


def _per_nummer(df: pd.DataFrame) -> dict[int, list[dict[str, Any]]]:
    uit: dict[int, list[dict[str, Any]]] = {}
    for rec in df.sort_values(["toewijzingnummer", "begindatum"]).to_dict("records"):
        uit.setdefault(int(rec["toewijzingnummer"]), []).append(rec)
    return uit


def test_rules_on_handmade_rows(tmp_path: Path, open_backend: Callable[[Path], Any]) -> None:
    o = Opslag(tmp_path / "s")
    # allocation 1: versions out of arrival order; the latest datum+tijd wins, not the last stored
    later = o.bericht("301", D(2025, 3, 1))
    o.tp(later, 0, 1, D(2025, 3, 1), "09:00:00", einddatum=D(2025, 6, 30), reden_wijziging="05")
    eerst = o.bericht("301", D(2025, 1, 1))
    o.tp(eerst, 0, 1, D(2025, 1, 1), "10:00:00", referentie_aanbieder="R1")
    # same day, later time, in a message that was rejected as a whole: not sent (OP286)
    afgekeurd = o.bericht("301", D(2025, 3, 1), afgekeurd=True)
    o.tp(afgekeurd, 0, 1, D(2025, 3, 1), "10:00:00", einddatum=D(2025, 1, 31), afgekeurd=True)
    # allocation 2: deleted (13) in its current version → never sent; allocation 3 never started
    o.tp(eerst, 1, 2, D(2025, 1, 1), "10:00:00")
    o.tp(later, 1, 2, D(2025, 3, 1), "09:00:00", einddatum=D(2025, 1, 1), reden_wijziging="13")
    o.tp(eerst, 2, 3, D(2025, 1, 1), "10:00:00")
    for n in (4, 5, 6, 7):
        o.tp(eerst, n, n, D(2025, 1, 1), "10:00:00")

    # allocation 1: start deleted (3) and resent (1) with the same key in a later message → it stands;
    # temporary stop (20), then a definitive stop with the same Begindatum (TR413–415)
    s1 = o.bericht("305", D(2025, 1, 10))
    o.start(s1, 0, 1, D(2025, 1, 5))
    s2 = o.bericht("305", D(2025, 1, 20))
    o.start(s2, 0, 1, D(2025, 1, 5), status="3")
    s3 = o.bericht("305", D(2025, 1, 21))
    o.start(s3, 0, 1, D(2025, 1, 5))
    t1 = o.bericht("307", D(2025, 2, 1))
    o.stop(t1, 0, 1, D(2025, 1, 5), D(2025, 1, 31), "20")
    t2 = o.bericht("307", D(2025, 3, 1))
    o.stop(t2, 0, 1, D(2025, 1, 5), D(2025, 2, 28), "31")
    # allocation 4: a stop whose start never arrived; allocation 5: start deleted for good
    o.stop(t2, 1, 4, D(2025, 1, 7), D(2025, 2, 20), "34")
    o.start(s1, 1, 5, D(2025, 1, 8))
    o.start(s2, 1, 5, D(2025, 1, 8), status="3")
    # allocation 6: a start without a stop, then a restart: the first period's end is unknown, not running
    o.start(s1, 2, 6, D(2025, 1, 9))
    o.start(s3, 1, 6, D(2025, 4, 1))
    # allocation 7: a definitive stop on the same day as the temporary one (Einddatum ≥ previous: TR415) wins
    o.start(s1, 3, 7, D(2025, 1, 6))
    o.stop(t1, 1, 7, D(2025, 1, 6), D(2025, 1, 31), "20")
    o.stop(t2, 2, 7, D(2025, 1, 6), D(2025, 1, 31), "33")
    o.store.close()

    con = open_backend(tmp_path / "s")
    tp = toewijzingen(con, met_verwijderd=True).to_pandas().set_index("toewijzingnummer")
    assert tp.loc[1, "einddatum"] == pd.Timestamp(2025, 6, 30) and tp.loc[1, "reden_wijziging"] == "05"
    assert tp.loc[1, "aantal_versies"] == 2 and tp.loc[1, "referentie_aanbieder"] == "R1"
    assert tp.loc[1, "referentie_aanbieder_huidig"] is None
    assert bool(tp.loc[2, "verwijderd"])
    assert 2 not in set(toewijzingen(con).to_pandas()["toewijzingnummer"])

    lev = _per_nummer(leveringen(con).to_pandas())
    assert 2 not in lev  # a deleted allocation has no never-started row either
    (p1,) = lev[1]
    assert (p1["begindatum"], p1["einddatum"], p1["reden_beeindiging"]) == (
        pd.Timestamp(2025, 1, 5),
        pd.Timestamp(2025, 2, 28),
        "31",
    )
    assert not p1["tijdelijk"] and not p1["lopend"] and p1["start_ontvangen"] and p1["stop_ontvangen"]
    (p3,) = lev[3]
    assert not p3["gestart"] and pd.isna(p3["begindatum"])
    (p4,) = lev[4]
    assert p4["gestart"] and not p4["start_ontvangen"] and p4["reden_beeindiging"] == "34"
    (p5,) = lev[5]
    assert not p5["gestart"]  # its only start was deleted
    (p7,) = lev[7]
    assert p7["reden_beeindiging"] == "33" and not p7["tijdelijk"]
    eerste, tweede = lev[6]
    assert pd.isna(eerste["einddatum"]) and not eerste["lopend"]
    assert tweede["begindatum"] == pd.Timestamp(2025, 4, 1) and tweede["lopend"]
