"""The landscape against the generator's ground truth, computed independently with pandas on the ground-truth
Parquet (docs/generator.md): paid amounts and clients, dependency shares, HHI, single-provider functions,
samenloop counts; and the planted structures (regional aanbieders depend on their home region)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie
from regiekamer.landschap import Drempels, Landschap
from regiekamer.landschap.analyse import hhi
from regiekamer.openbaarheid import GEHEIM, Regel
from regiohulp import Regio

ACHTERHOEK = "Achterhoek"
K = ["wet", "aanbieder", "productcategorie", "gemeente"]


@pytest.fixture(scope="module")
def cijfers(twee_regios: Regio) -> Cijfers:
    return Cijfers(twee_regios.opslag)


def _landschap(c: Cijfers, regio: str = ACHTERHOEK, **kw: object) -> Landschap:
    return Landschap(c, Scope(Rol.REGIO, regio=regio), Selectie(), c.periode("2025"), **kw)  # type: ignore[arg-type]


def _in(s: pd.Series, van: dt.date, tot: dt.date) -> pd.Series:
    return (s >= van) & (s <= tot)


def _betaald(regio: Regio, gemeenten: list[str]) -> pd.DataFrame:
    """Per declaration line of the region's gemeenten, answered, for prestaties beginning in 2025."""
    d = regio.waarheid("declaratieregels")
    d = d[d.beantwoord & d.gemeente.isin(gemeenten)]
    return d[_in(d.begindatum, dt.date(2025, 1, 1), dt.date(2025, 12, 31))]


def _gemeenten(regio: Regio, jeugdregio: str) -> list[str]:
    g = regio.waarheid("gemeenten")
    return sorted(g.loc[g.jeugdregio == jeugdregio, "gemeente"])


def test_landscape_equals_the_ground_truth(cijfers: Cijfers, twee_regios: Regio) -> None:
    L = _landschap(cijfers)
    m = L.matrix()
    m = m[m["gemeente"].notna()].set_index(K)[["clienten", "betaald"]]
    d = _betaald(twee_regios, _gemeenten(twee_regios, ACHTERHOEK))
    per_client = d.groupby([*K, "bsn"]).betaald.sum().reset_index()
    w = per_client.groupby(K).betaald.sum().to_frame()
    w["clienten"] = per_client[per_client.betaald > 0].groupby(K).bsn.nunique()
    w = w.fillna(0).astype("int64")
    j = m.join(w, rsuffix="_w", how="outer").fillna(0)
    assert len(j) > 20
    assert (j["betaald"] == j["betaald_w"]).all()
    assert (j["clienten"] == j["clienten_w"]).all()
    # the region rows are the sums over the gemeenten (paid) and distinct over them (clients)
    r = L.matrix()
    r = r[r["gemeente"].isna()].set_index(["wet", "aanbieder", "productcategorie"])
    som = w.groupby(["wet", "aanbieder", "productcategorie"]).betaald.sum()
    assert (r["betaald"] == som.reindex(r.index).fillna(0)).all() and set(som.index) <= set(r.index)
    # running trajectories are reconstructed (docs/paden.md): the reconstruction may join two of the truth's
    # trajectories that follow each other at the same aanbieder, so the counts agree closely, not exactly
    t = twee_regios.waarheid("trajecten")
    t = t[t.gemeente.isin(_gemeenten(twee_regios, ACHTERHOEK)) & t.begindatum.notna()]
    t = t[(t.begindatum <= dt.date(2025, 12, 31)) & (t.einddatum.isna() | (t.einddatum >= dt.date(2025, 1, 1)))]
    net = L.netwerk().set_index(["aanbieder", "gemeente"])["trajecten"]
    verwacht = t.groupby(["aanbieder", "gemeente"]).traject_id.nunique()
    net = net[net > 0]
    assert set(net.index) == set(verwacht.index)
    verschil = (net - verwacht.reindex(net.index)).abs()
    assert (verschil <= np.maximum(2, 0.03 * verwacht.reindex(net.index))).all()
    assert abs(net.sum() - verwacht.sum()) <= 0.01 * verwacht.sum()


def test_dependency_shares_and_the_planted_dependency(cijfers: Cijfers, twee_regios: Regio) -> None:
    alle = twee_regios.waarheid("declaratieregels")
    alle = alle[alle.beantwoord & _in(alle.begindatum, dt.date(2025, 1, 1), dt.date(2025, 12, 31))]
    omzet = alle.groupby("aanbieder").betaald.sum()
    aanbieders = twee_regios.waarheid("aanbieders").set_index("agb")
    gevonden = 0
    for regio in (ACHTERHOEK, "Amsterdam-Amstelland"):
        a = _landschap(cijfers, regio).afhankelijkheid_aanbieders()
        d = _betaald(twee_regios, _gemeenten(twee_regios, regio))
        regiorij = a[a["gemeente"].isna()].set_index("aanbieder")
        verwacht = d.groupby("aanbieder").betaald.sum() / omzet
        assert np.allclose(regiorij["aandeel"].sort_index(), verwacht.reindex(regiorij.index))
        per_g = a[a["gemeente"].notna()].set_index(["aanbieder", "gemeente"])["aandeel"]
        v = d.groupby(["aanbieder", "gemeente"]).betaald.sum() / omzet.reindex(
            d.groupby(["aanbieder", "gemeente"]).betaald.sum().index.get_level_values(0)).to_numpy()
        assert np.allclose(per_g.sort_index(), v.sort_index())
        # planted: an aanbieder of this region works only here (100 %), a national one also elsewhere
        for agb, rij in regiorij.iterrows():
            thuis = aanbieders.loc[agb, "regio"]
            if thuis == regio:
                assert rij["aandeel"] == 1.0 and rij["afhankelijk"], agb
                gevonden += 1
            elif thuis == "":
                assert rij["aandeel"] < 1.0, agb
    assert gevonden >= 10
    # a stricter threshold flags fewer
    streng = _landschap(cijfers, drempels=Drempels(aanbieder_afhankelijk=1.01)).afhankelijkheid_aanbieders()
    assert not streng["afhankelijk"].any()


def test_gemeente_dependency_hhi_and_single_providers(cijfers: Cijfers, twee_regios: Regio) -> None:
    L = _landschap(cijfers)
    d = _betaald(twee_regios, _gemeenten(twee_regios, ACHTERHOEK))
    g = L.afhankelijkheid_gemeenten().set_index(["wet", "gemeente", "productcategorie", "aanbieder"])
    per = d.groupby(["wet", "gemeente", "productcategorie", "aanbieder"]).betaald.sum()
    per = per[per > 0]
    aandeel = per / per.groupby(level=[0, 1, 2]).transform("sum")
    assert np.allclose(g["aandeel"].sort_index(), aandeel.sort_index())
    assert (g["afhankelijk"] == (g["aandeel"] >= 0.8)).all()

    c = L.concentratie().set_index(["wet", "productcategorie"])
    markt = d.groupby(["wet", "productcategorie", "aanbieder"]).betaald.sum()
    markt = markt[markt > 0]
    for (wet, cat), s in markt.groupby(level=[0, 1]):
        pct = s / s.sum() * 100
        assert c.loc[(wet, cat), "hhi"] == pytest.approx(float((pct**2).sum()))
        assert c.loc[(wet, cat), "grootste_aandeel"] == pytest.approx(pct.max() / 100)
        assert c.loc[(wet, cat), "aanbieders"] == len(s)
    assert hhi(pd.Series([1.0])) == 10_000 and hhi(pd.Series([1.0, 1.0])) == 5_000


def test_a_single_provider_function_is_flagged(cijfers: Cijfers, twee_regios: Regio) -> None:
    """The generator cannot plant one on request (docs/landschap.md): the flags must equal the functions that
    have exactly one aanbieder in the truth (running trajectories and paid care), with the clients in care."""
    L = _landschap(cijfers)
    gem = _gemeenten(twee_regios, ACHTERHOEK)
    t = twee_regios.waarheid("trajecten")
    t = t[t.gemeente.isin(gem) & t.begindatum.notna()]
    t = t[(t.begindatum <= dt.date(2025, 12, 31)) & (t.einddatum.isna() | (t.einddatum >= dt.date(2025, 1, 1)))]
    d = _betaald(twee_regios, gem)
    pc = d.groupby(["wet", "gemeente", "productcategorie", "aanbieder"]).betaald.sum().reset_index()
    for niveau in ([], ["gemeente"]):
        g = ["wet", "productcategorie", *niveau]
        actief = pd.concat([t[[*g, "aanbieder"]], pc.loc[pc.betaald > 0, [*g, "aanbieder"]]]).drop_duplicates()
        n = actief.groupby(g).aanbieder.nunique()
        enig = set(n[n == 1].index.map(lambda i: i if isinstance(i, tuple) else (i,)))
        e = L.continuiteit(per_gemeente=bool(niveau))
        assert set(map(tuple, e[g].to_numpy().tolist())) == enig
        nu = t[t.einddatum.isna() | (t.einddatum >= dt.date(2025, 12, 31))].groupby(g).persoon_id.nunique()
        for rij in e.itertuples(index=False):
            sleutel = tuple(getattr(rij, k) for k in g)
            assert rij.in_zorg == int(nu.get(sleutel if len(sleutel) > 1 else sleutel[0], 0)), sleutel
    assert not L.continuiteit(per_gemeente=True).empty  # small gemeenten have single-provider functions


def test_samenloop_counts_equal_the_truth(cijfers: Cijfers, twee_regios: Regio) -> None:
    gem = _gemeenten(twee_regios, ACHTERHOEK)
    t = twee_regios.waarheid("trajecten")
    t = t[t.gemeente.isin(gem) & t.begindatum.notna()]
    t = t[(t.begindatum <= dt.date(2025, 12, 31)) & (t.einddatum.isna() | (t.einddatum >= dt.date(2025, 1, 1)))]
    p = twee_regios.waarheid("personen").set_index("persoon_id")
    t = t.assign(huishouden=t.persoon_id.map(p["huishouden_id"]))
    t["eind"] = t.einddatum.fillna(dt.date(2025, 12, 31))
    wetten = t.groupby("huishouden").wet.nunique()
    paren = t[["huishouden", "aanbieder", "begindatum", "eind"]]
    paren = paren.merge(paren, on="huishouden", suffixes=("", "_2"))
    paren = paren[(paren.aanbieder != paren.aanbieder_2) & (paren.begindatum <= paren.eind_2)
                  & (paren.begindatum_2 <= paren.eind)]
    beide = set(wetten[wetten >= 2].index)
    meer = set(paren.huishouden)
    gemeente = t.groupby("huishouden").gemeente.first()
    assert len(beide) > 5 and len(meer) > 5  # the generator plants samenloop (SCP: 13 % of households)

    regel = Regel(drempel=1, afronding=1)  # no suppression: compare the exact counts first
    L = _landschap(cijfers, kleine_aantallen=regel)
    s = L.samenloop()
    regio = s[s["gemeente"].isna()].iloc[0]
    assert (regio["beide_wetten"], regio["meer_aanbieders"], regio["samenloop"]) == (
        len(beide), len(meer), len(beide | meer))
    # households with any care rest on the reconstructed trajectories (see above): close, not exact
    assert abs(regio["huishoudens"] - t.huishouden.nunique()) <= 0.01 * t.huishouden.nunique()
    for g in gem:
        rij = s[(s["gemeente"] == g) & s["postcodegebied"].isna()].iloc[0]
        hh = set(gemeente[gemeente == g].index)
        assert (rij["beide_wetten"], rij["samenloop"]) == (len(beide & hh), len((beide | meer) & hh))
    # per postcode area (the conftest's addresses put household H<n> in area 7000 + 10·i + n mod 4)
    gebieden = s[s["postcodegebied"].notna()]
    assert set(gebieden["postcodegebied"]) <= {f"{7000 + 10 * i + k}" for i in range(3) for k in range(4)}
    per_gemeente = s[s["gemeente"].notna() & s["postcodegebied"].isna()].set_index("gemeente")["huishoudens"]
    assert gebieden.groupby("gemeente")["huishoudens"].sum().to_dict() == per_gemeente.to_dict()

    # with the default rule every count is suppressed below 10 and rounded to fives; nothing else is shown
    standaard = _landschap(cijfers).samenloop()
    assert list(standaard.columns) == ["gemeente", "postcodegebied", "huishoudens", "beide_wetten",
                                       "meer_aanbieders", "samenloop"]
    for k in ("huishoudens", "beide_wetten", "meer_aanbieders", "samenloop"):
        for ruw, getoond in zip(s[k], standaard[k], strict=True):
            assert getoond == (GEHEIM if 0 < ruw < 10 else 5 * round(ruw / 5 + 1e-9)), (k, ruw, getoond)


def test_roles_bound_what_is_returned(cijfers: Cijfers) -> None:
    p = cijfers.periode("2025")
    g = Landschap(cijfers, Scope(Rol.GEMEENTE, regio=ACHTERHOEK, gemeente="0197"), Selectie(), p)
    assert set(g.matrix()["gemeente"].dropna()) == {"0197"}
    assert g.matrix()["gemeente"].isna().any()  # the regional rows stay
    assert set(g.samenloop()["gemeente"].dropna()) == {"0197"}
    assert set(g.afhankelijkheid_gemeenten()["gemeente"]) == {"0197"}
    assert not g.concentratie().empty  # the regional landscape
    eigen_g = Landschap(cijfers, g.scope, Selectie(gemeente="0197"), p).matrix()
    assert set(eigen_g["gemeente"]) == {"0197"}  # no "region" rows that would only be the own gemeente
    eigen = g.matrix()["aanbieder"].iloc[0]
    a = Landschap(cijfers, Scope(Rol.AANBIEDER, regio=ACHTERHOEK, aanbieder=eigen, zout="z"), Selectie(), p)
    assert set(a.afhankelijkheid_aanbieders()["aanbieder"]) == {eigen}
    labels = set(a.matrix()["aanbieder"]) - {eigen}
    assert labels and all(x.startswith("Aanbieder ") for x in labels)
    assert all(x == eigen or x.startswith("Aanbieder ") for x in a.concentratie()["grootste_aanbieder"])
    from regiekamer.cijfers.scope import BuitenBereik

    with pytest.raises(BuitenBereik):
        Landschap(cijfers, Scope(Rol.BEHEERDER), Selectie(), p)
