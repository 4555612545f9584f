"""Cliëntpaden: the transition types on hand-made rows, re-entry against the generator's ``herhaald_beroep``, and
the path's properties (order, censoring) on the generated region."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from regiekamer.clientpaden.paden import (
    AFSCHALING,
    ANDERE_VORM,
    GELIJKTIJDIG,
    HERAANMELDING,
    OPSCHALING,
    OVERSTAP,
    START,
    VERVOLG,
    clientpaden,
)
from regiekamer.clientpaden.trajecten import LOPEND, traject_perioden
from regiohulp import label

from .conftest import Regio
from .test_trajecten import Opslag, _norm

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

D = dt.date


@pytest.fixture(scope="module")
def paden(con: Any) -> pd.DataFrame:
    return _norm(clientpaden(con).to_pandas())


@pytest.fixture(scope="module")
def paden_handwerk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pad = tmp_path_factory.mktemp("paden") / "s"
    o = Opslag(pad)

    def zorg(
        client: str,
        nummer: int,
        cat: str,
        aanbieder: str,
        begin: dt.date,
        eind: dt.date | None,
        reden: str,
        **kw: Any,
    ) -> None:
        o.tp(nummer, cat, D(2025, 1, 1), D(2025, 12, 31), aanbieder=aanbieder, client=client, **kw)
        o.start(nummer, cat, begin, aanbieder=aanbieder, client=client)
        if eind is not None:
            o.stop(nummer, cat, begin, eind, reden, aanbieder=aanbieder, client=client)

    # c2: ambulant → verblijf the next day (opschaling) → transfer (38) and ambulant elsewhere 9 days later
    # (afschaling, not a re-entry) → after 62 days again (heraanmelding) → daghulp beside it (gelijktijdig)
    zorg("c2", 11, "45", "A1", D(2025, 1, 1), D(2025, 3, 31), "31")
    zorg("c2", 12, "43", "A1", D(2025, 4, 1), D(2025, 5, 31), "38")
    zorg("c2", 13, "45", "A2", D(2025, 6, 10), D(2025, 6, 30), "31")
    zorg("c2", 14, "45", "A2", D(2025, 9, 1), None, "")
    zorg("c2", 15, "41", "A3", D(2025, 10, 1), None, "")
    # c3: 2 → 5 hours a week in the same form (opschaling by volume), then the same elsewhere (overstap)
    zorg("c3", 21, "45", "A1", D(2025, 1, 1), D(2025, 2, 28), "31", volume=2)
    zorg("c3", 22, "54", "A1", D(2025, 3, 1), D(2025, 3, 31), "34", volume=5)
    zorg("c3", 23, "54", "A2", D(2025, 4, 1), None, "", volume=5)
    # c4: jeugdbescherming → ambulant at the same aanbieder (andere vorm, no rank) → ggz, same hours (vervolg);
    # a re-entry 200 days after the end: within 12 months, not within 6
    zorg("c4", 31, "48", "A1", D(2025, 1, 1), D(2025, 1, 31), "31")
    zorg("c4", 32, "45", "A1", D(2025, 2, 1), D(2025, 2, 28), "31")
    zorg("c4", 33, "51", "A1", D(2025, 3, 1), D(2025, 3, 31), "31")
    zorg("c4", 34, "51", "A1", D(2025, 10, 18), None, "")
    # c5: two trajectories ending on the same day before 1970 (day numbers below the epoch), the second begun
    # later: the new start comes from that one, the later in the client's order
    zorg("c5", 41, "45", "A1", D(1960, 1, 1), D(1969, 12, 31), "31")
    zorg("c5", 42, "41", "A2", D(1965, 3, 1), D(1969, 12, 31), "31")
    zorg("c5", 43, "45", "A1", D(2025, 2, 1), None, "")
    o.store.close()
    return pad


def test_transitions_on_handmade_rows(paden_handwerk: Path, open_backend: Callable[[Path], Any]) -> None:
    p = _norm(clientpaden(open_backend(paden_handwerk)).to_pandas())
    per = {label(c): g.sort_values("volgnummer").to_dict("records") for c, g in p.groupby("client")}
    kolommen = ("volgnummer", "overgang", "richting", "andere_aanbieder", "andere_vorm", "dagen_tussen")

    def rij(r: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(r[k] for k in kolommen)

    c2 = per["c2"]
    assert [rij(r) for r in c2] == [
        (1, START, None, False, False, None),
        (2, OPSCHALING, "op", False, True, 0),
        (3, AFSCHALING, "af", True, True, 9),
        (4, HERAANMELDING, "gelijk", False, False, 62),
        (5, GELIJKTIJDIG, "op", True, True, None),
    ]
    assert c2[2]["na_overstap"] and c2[2]["van_reden_beeindiging"] == "38" and not c2[2]["heraanmelding_12m"]
    assert c2[3]["heraanmelding_6m"] and c2[3]["heraanmelding_12m"]
    assert c2[4]["van_traject_id"] == c2[3]["traject_id"] and c2[4]["van_status"] == LOPEND
    assert [r["van_vorm"] for r in c2] == [None, "ambulant", "verblijf", "ambulant", "ambulant"]
    assert [rij(r) for r in per["c3"]] == [
        (1, START, None, False, False, None),
        (2, OPSCHALING, "op", False, False, 0),
        (3, OVERSTAP, "gelijk", True, False, 0),
    ]
    c4 = per["c4"]
    assert [rij(r) for r in c4] == [
        (1, START, None, False, False, None),
        (2, ANDERE_VORM, None, False, True, 0),
        (3, VERVOLG, "gelijk", False, False, 0),
        (4, HERAANMELDING, "gelijk", False, False, 200),
    ]
    assert not c4[3]["heraanmelding_6m"] and c4[3]["heraanmelding_12m"]
    c5 = per["c5"]
    assert [rij(r) for r in c5] == [
        (1, START, None, False, False, None),
        (2, GELIJKTIJDIG, "op", True, True, None),
        (3, HERAANMELDING, "af", True, True, (D(2025, 2, 1) - D(1969, 12, 31)).days - 1),
    ]
    assert c5[2]["van_traject_id"] == c5[1]["traject_id"] and c5[2]["van_aanbieder"] == "A2"

    # overgang_dagen: with a tolerance of 9 days the transfer stays a transition; 62 days is still re-entry,
    # and with 70 it is a plain transition
    p70 = _norm(clientpaden(open_backend(paden_handwerk), overgang_dagen=70).to_pandas())
    c2_70 = p70[p70["client"].map(label) == "c2"].sort_values("volgnummer")
    assert c2_70["overgang"].tolist()[3] == VERVOLG and not c2_70["heraanmelding_12m"].any()


def test_path_properties(paden: pd.DataFrame) -> None:
    assert paden["traject_id"].is_unique
    for _, g in paden.groupby(["wet", "client"]):
        g = g.sort_values("volgnummer")
        assert g["volgnummer"].tolist() == list(range(1, len(g) + 1))
        assert list(g["begindatum"]) == sorted(g["begindatum"])
    start = paden["volgnummer"] == 1
    assert (paden.loc[start, "overgang"] == START).all() and (paden.loc[~start, "overgang"] != START).all()
    # censoring: after a running trajectory nothing is a re-entry or a step; it is concurrent
    na_lopend = paden[paden["van_status"] == LOPEND]
    assert len(na_lopend) > 0 and (na_lopend["overgang"] == GELIJKTIJDIG).all()
    gelijktijdig = paden[paden["overgang"] == GELIJKTIJDIG]
    assert (
        gelijktijdig["van_einddatum"].isna() | (gelijktijdig["van_einddatum"] >= gelijktijdig["begindatum"])
    ).all()
    assert gelijktijdig["dagen_tussen"].isna().all()
    volgend = paden[~start & (paden["overgang"] != GELIJKTIJDIG)]
    assert (volgend["dagen_tussen"] >= 0).all()
    # the flags belong to re-entries only, 6 months implies 12, a transfer (38) is never a re-entry
    her = paden[paden["heraanmelding_12m"] == True]  # noqa: E712
    assert len(her) > 0 and (her["overgang"] == HERAANMELDING).all()
    assert (paden.loc[paden["heraanmelding_6m"] == True, "heraanmelding_12m"] == True).all()  # noqa: E712
    assert (paden.loc[paden["na_overstap"] == True, "overgang"] != HERAANMELDING).all()  # noqa: E712
    assert set(paden["overgang"]) >= {START, GELIJKTIJDIG, HERAANMELDING, OVERSTAP}


def test_reentry_against_ground_truth(regio: Regio, con: Any, paden: pd.DataFrame) -> None:
    """``herhaald_beroep`` in the ground truth marks a new request the generator drew after a trajectory ended
    (and, unknowably, care before the generated window: ``eerdere_zorg_buiten_venster``). Ours is the statistical
    re-entry: a start after at least one day without any care of the law. Every in-window herhaald beroep is a
    re-entry here, except where the messages or the definitions differ, each asserted; every re-entry here that
    the generator did not mark is one by the definition applied to the truth itself."""
    w = _norm(regio.waarheid("trajecten"))
    w["client"] = [regio.pseudo.client(b) for b in w["bsn"]]
    lev = _norm(regio.waarheid("leveringen"))
    w = w[w["begindatum"].notna()]
    # one to one through the allocations, as in test_trajecten
    n = w[["traject_id", "wet", "gemeente", "toewijzingnummers"]].explode("toewijzingnummers")
    n = n.rename(columns={"traject_id": "wid", "toewijzingnummers": "toewijzingnummer"}).astype(
        {"toewijzingnummer": "int64"}
    )
    per = _norm(traject_perioden(con).to_pandas())[["wet", "gemeente", "toewijzingnummer", "traject_id"]]
    m = n.merge(
        per.drop_duplicates().astype({"toewijzingnummer": "int64"}),
        on=["wet", "gemeente", "toewijzingnummer"],
    )
    m = m.drop_duplicates(["wid", "traject_id"])
    een = m[~m["wid"].duplicated(keep=False) & ~m["traject_id"].duplicated(keep=False)]
    x = (
        een[["wid", "traject_id"]]
        .merge(w.rename(columns={"traject_id": "wid"}), on="wid")
        .merge(
            paden[["traject_id", "overgang", "dagen_tussen", "heraanmelding_12m", "van_einddatum"]],
            on="traject_id",
        )
    )
    stop_weg = set(lev.loc[lev["einddatum"].notna() & ~lev["stop_verzonden"].astype(bool), "traject_id"])
    per_persoon = {k: g for k, g in w.groupby(["wet", "persoon_id"])}

    def eerder(r: Any) -> pd.DataFrame:
        g = per_persoon[(r.wet, r.persoon_id)]
        return g[(g["begindatum"] < r.begindatum) & (g["traject_id"] != r.wid)]

    hb = x[x["herhaald_beroep"].astype(bool) & ~x["eerdere_zorg_buiten_venster"].astype(bool)]
    assert len(hb) > 10
    uitleg = {"gelijk": 0, "andere zorg liep nog": 0, "start > 12 maanden na einde": 0}
    for r in hb.itertuples():
        if r.heraanmelding_12m:
            uitleg["gelijk"] += 1
        elif r.overgang == GELIJKTIJDIG:
            # another trajectory of the client still ran on the start in truth, or seems to: its stop was not sent
            e = eerder(r)
            loopt = e["einddatum"].isna() | (e["einddatum"] >= r.begindatum) | e["traject_id"].isin(stop_weg)
            assert loopt.any(), r.wid
            uitleg["andere zorg liep nog"] += 1
        else:
            # the generator draws the new request within 12 months of the end; the start comes after the wait
            assert r.overgang == HERAANMELDING and (r.begindatum - r.van_einddatum).days > 365, r.wid
            assert (r.aanvraagdatum - r.van_einddatum).days <= 365, r.wid
            uitleg["start > 12 maanden na einde"] += 1
    assert uitleg["gelijk"] > len(hb) / 2, uitleg

    # re-entries the generator did not mark: by the definition applied to the truth, they are re-entries
    extra = x[x["heraanmelding_12m"].astype(bool) & ~x["herhaald_beroep"].astype(bool)]
    for r in extra.itertuples():
        e = eerder(r)
        assert len(e) > 0 and e["einddatum"].notna().all(), r.wid  # nothing ran on in truth
        laatste = e["einddatum"].max()
        assert 2 <= (r.begindatum - laatste).days <= 365, r.wid  # at least a day without care, within a year
