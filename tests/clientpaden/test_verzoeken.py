"""Reconstructed requests and answers equal the generator's ground truth, with every difference explained.

The ground truth (docs/generator.md, table ``verzoeken``) knows every request and its decision, also those dated
after the period; the store only what was sent within it. The differences, each asserted:

* a request (VOW for a later extension) dated after the period was never sent: it is absent;
* a decision dated after the period was never sent: the request is open (``antwoord`` null, or ``in onderzoek``
  when the 319 with VerzoekAntwoord 2 was sent) with no antwoorddatum and no lead time (censored).

Everything else — client, kind, request date, verwijzer, product, in onderzoek, answer, answer date, reason of
refusal, lead time, and the allocations that honoured the request — must be identical.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from regiekamer.clientpaden.verzoeken import verzoek_producten, verzoeken
from regiohulp import sleutels_als_tekst

from .conftest import Regio

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

SLEUTEL = ["wet", "gemeente", "aanbieder", "referentie_aanbieder"]


def periode_einde(regio: Regio) -> dt.date:
    cfg = json.loads((regio.berichten.parent / "manifest.json").read_text())["config"]
    return dt.date(cfg["startjaar"] + cfg["jaren"] - 1, 12, 31)


def norm(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``datetime.date``, nulls as None, arrays as tuples, keys as their 32 digits (a ``uuid.UUID`` from
    DuckDB, text from Spark): one representation for every engine."""
    df = sleutels_als_tekst(df)
    for c in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            df[c] = df[c].dt.date
    lijsten = [c for c in df.columns if df[c].map(lambda v: isinstance(v, list | tuple | np.ndarray)).any()]
    for c in lijsten:
        df[c] = pd.Series(
            [tuple(sorted(v)) if v is not None else None for v in df[c]], index=df.index, dtype=object
        )
    return df.astype(object).where(df.notna(), None)


def leeg(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def gelijk(x: Any, y: Any) -> bool:
    if leeg(x) or leeg(y):
        return leeg(x) and leeg(y)
    if isinstance(x, float) or isinstance(y, float):
        return float(x) == float(y)
    return bool(x == y)


def verschil(m: pd.DataFrame, kolom: str) -> pd.DataFrame:
    return m[[not gelijk(a, b) for a, b in zip(m[kolom + "_w"], m[kolom + "_r"], strict=True)]]


def waarheid(regio: Regio) -> pd.DataFrame:
    w = norm(regio.waarheid("verzoeken"))
    personen = regio.waarheid("personen").set_index("persoon_id")["bsn"]
    w["client"] = [regio.pseudo.client(personen[p]) for p in w["persoon_id"]]
    tr = regio.waarheid("trajecten").set_index("traject_id")["productcategorie"]
    w["productcategorie"] = [tr[t] for t in w["traject_id"]]
    w["doorlooptijd_dagen"] = [
        (a - v).days for a, v in zip(w["antwoorddatum"], w["verzoekdatum"], strict=True)
    ]
    return w


def test_verzoeken_equal_ground_truth(regio: Regio, con: Any) -> None:
    p1 = periode_einde(regio)
    r = norm(verzoeken(con).to_pandas())
    w = waarheid(regio)
    assert len(r) == len(r[SLEUTEL].drop_duplicates())  # one row per request

    m = w.merge(r, on=SLEUTEL, how="outer", suffixes=("_w", "_r"), indicator=True)
    # 1. every reconstructed request is real; the real ones we miss are exactly those dated after the period
    assert not (m["_merge"] == "right_only").any()
    gemist = m[m["_merge"] == "left_only"]
    assert not gemist.empty and (gemist["verzoekdatum_w"] > p1).all()
    assert (m.loc[m["_merge"] == "both", "verzoekdatum_w"] <= p1).all()
    m = m[m["_merge"] == "both"]
    assert set(m["soort_w"]) == {"VOT", "VOW"}

    # 2. the request itself: always identical
    for kolom in ("client", "soort", "verzoekdatum", "verwijzer", "productcategorie", "productcode"):
        assert verschil(m, kolom).empty, (
            kolom,
            verschil(m, kolom)[[*SLEUTEL, f"{kolom}_w", f"{kolom}_r"]].head(),
        )
    assert (m["aantal_producten"] == 1).all()

    # 3. decided within the period: answer, date, reason, in onderzoek and lead time identical
    binnen = m[m["antwoorddatum_w"] <= p1]
    for kolom in ("antwoord", "antwoorddatum", "reden_afwijzing", "in_onderzoek", "doorlooptijd_dagen"):
        assert verschil(binnen, kolom).empty, (
            kolom,
            verschil(binnen, kolom)[[*SLEUTEL, f"{kolom}_w", f"{kolom}_r"]],
        )
    assert set(binnen["antwoord_r"]) == {"toegekend", "afgewezen"}
    assert binnen["in_onderzoek_r"].any()  # 319 VerzoekAntwoord 2 followed by a 301
    onderzoek = binnen[binnen["in_onderzoek_r"] == True]  # noqa: E712 (object column)
    assert (onderzoek["onderzoekdatum"] >= onderzoek["verzoekdatum_r"]).all()
    assert (onderzoek["onderzoekdatum"] < onderzoek["antwoorddatum_r"]).all()
    # a refusal on the woonplaatsbeginsel names the responsible gemeente (Jw only: TR377/TR409)
    wpb = binnen[(binnen["reden_afwijzing_r"] == "8")]
    assert not wpb.empty and wpb["woonplaatsbeginsel_gemeente"].notna().all()
    assert binnen.loc[binnen["reden_afwijzing_r"] != "8", "woonplaatsbeginsel_gemeente"].isna().all()

    # 4. decided after the period: censored — open, or in onderzoek if that 319 was sent; never guessed
    open_ = m[m["antwoorddatum_w"] > p1]
    assert not open_.empty
    assert open_["antwoorddatum_r"].isna().all() and open_["doorlooptijd_dagen_r"].isna().all()
    assert set(open_["antwoord_r"].dropna()) <= {"in onderzoek"}
    assert (open_["antwoord_r"].isna() | (open_["in_onderzoek_w"] == True)).all()  # noqa: E712
    assert (open_["in_onderzoek_r"] == (open_["antwoord_r"] == "in onderzoek")).all()


def test_toewijzingnummers_that_honoured(regio: Regio, con: Any) -> None:
    """The allocations that answered a request: every live allocation whose first version carries its reference,
    and only allocations of the request's own trajectory; a deleted one (reden 13) never."""
    r = norm(verzoeken(con).to_pandas())
    w = waarheid(regio)[[*SLEUTEL, "traject_id"]]
    tw = regio.waarheid("toewijzingen")
    r = r.merge(w, on=SLEUTEL)
    nummers = {tuple(k): set(v or ()) for k, v in zip(r[SLEUTEL].values, r["toewijzingnummers"], strict=True)}

    eerste = tw[tw["referentie_aanbieder"].notna()]
    levend = eerste[~eerste["verwijderd"]]
    for rij in levend.itertuples():
        k = (rij.wet, rij.gemeente, rij.aanbieder, rij.referentie_aanbieder)
        if k in nummers:  # requests dated after the period are not in the store
            assert rij.toewijzingnummer in nummers[k], k
    verwijderd = eerste[eerste["verwijderd"]]
    assert not verwijderd.empty  # correctie_toewijzing: the first 301 on a request was deleted and re-sent
    for rij in verwijderd.itertuples():
        k = (rij.wet, rij.gemeente, rij.aanbieder, rij.referentie_aanbieder)
        assert rij.toewijzingnummer not in nummers.get(k, set())
        assert nummers.get(k), k  # still honoured, by the correction

    traject = {(a.wet, a.gemeente, a.toewijzingnummer): a.traject_id for a in tw.itertuples()}
    for rij in r.itertuples():
        for n in rij.toewijzingnummers or ():
            assert traject[(rij.wet, rij.gemeente, n)] == rij.traject_id
        assert bool(rij.toewijzingnummers) == (rij.antwoord == "toegekend")
    # a VOW that changed the volume is honoured by two allocations: the old one ended (12) and the new one
    assert max(len(v) for v in nummers.values()) == 2


def test_verzoek_producten(con: Any) -> None:
    vp = norm(verzoek_producten(con).to_pandas())
    v = norm(verzoeken(con).to_pandas())
    vot = vp[vp["soort"] == "VOT"]
    assert set(vot["wijziging"]) == {"aangevraagd"}
    assert len(vot) == len(v[v["soort"] == "VOT"])  # one AangevraagdProduct per VOT request (TR383)
    vow = vp[vp["soort"] == "VOW"]
    assert set(vow["wijziging"]) == {"ongewijzigd", "te_wijzigen", "nieuw"}
    # products named only by ToewijzingNummer get the allocation's product
    assert vow["productcode"].notna().all() and vow["productcategorie"].notna().all()
    assert vow.loc[vow["wijziging"] != "nieuw", "toewijzingnummer"].notna().all()
    assert set(map(tuple, vp[SLEUTEL].drop_duplicates().values)) == set(map(tuple, v[SLEUTEL].values))
