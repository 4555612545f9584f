"""The landscape against the generator's ground truth, computed independently with pandas on the ground-truth
Parquet (docs/generator.md): paid amounts and clients, dependency shares, HHI, single-provider functions,
samenloop counts; and the planted structures (regional aanbieders depend on their home region)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import regiekamer
from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie
from regiekamer.landschap import Drempels, Landschap
from regiekamer.landschap.analyse import hhi
from regiekamer.landschap.inwoners import bevolking_uit_grondwaarheid, inwoners_uit_grondwaarheid
from regiekamer.openbaarheid import GEHEIM, Regel
from regiohulp import Regio

from .conftest import ENIGE

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


def _lopend(regio: Regio, gemeenten: list[str]) -> pd.DataFrame:
    """The truth's trajectories of the gemeenten running in 2025."""
    t = regio.waarheid("trajecten")
    t = t[t.gemeente.isin(gemeenten) & t.begindatum.notna()]
    return t[(t.begindatum <= dt.date(2025, 12, 31)) & (t.einddatum.isna() | (t.einddatum >= dt.date(2025, 1, 1)))]


def test_every_single_provider_function_is_flagged(cijfers: Cijfers, twee_regios: Regio) -> None:
    """The flags equal the functions that have exactly one aanbieder in the truth (running trajectories and paid
    care), with the clients in care: the planted one (next test) and those that occur by themselves."""
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


def test_the_planted_single_provider_is_flagged(cijfers: Cijfers, twee_regios: Regio) -> None:
    """``GeneratorConfig.enige_aanbieder`` (conftest: ENIGE) leaves one aanbieder per region for the function:
    the continuity analysis flags exactly that function for the region, names the aanbieder the generator chose
    (``aanbieders.enige_voor``), with the clients in care on the last day as in the truth; every gemeente
    that uses the function depends on that aanbieder alone."""
    wet, cat = ENIGE
    a = twee_regios.waarheid("aanbieders")
    for regio in (ACHTERHOEK, "Amsterdam-Amstelland"):
        houder = a[(a["wet"] == wet) & (a["regio"] == regio) & a["enige_voor"].map(lambda e: cat in list(e))]
        assert len(houder) == 1
        agb = houder["agb"].iloc[0]
        gem = _gemeenten(twee_regios, regio)
        t = _lopend(twee_regios, gem)
        # the premise, from the truth: in this region only the planted function has a single aanbieder
        n = t.groupby(["wet", "productcategorie"]).aanbieder.nunique()
        assert list(n[n == 1].index) == [(wet, cat)], n[n == 1]
        L = _landschap(cijfers, regio)
        e = L.continuiteit()
        assert list(zip(e["wet"], e["productcategorie"], e["aanbieder"], strict=True)) == [(wet, cat, agb)]
        f = t[(t.wet == wet) & (t.productcategorie == cat)]
        nu = f[f.einddatum.isna() | (f.einddatum >= dt.date(2025, 12, 31))].persoon_id.nunique()
        assert e["in_zorg"].iloc[0] == nu and nu > 0
        # per gemeente: the planted function is flagged wherever it was delivered, with the same aanbieder
        pg = L.continuiteit(per_gemeente=True)
        pg = pg[(pg["wet"] == wet) & (pg["productcategorie"] == cat)].set_index("gemeente")
        assert set(pg.index) == set(f.gemeente) and (pg["aanbieder"] == agb).all()
        for g, rij in pg.iterrows():
            fg = f[f.gemeente == g]
            assert rij["in_zorg"] == fg[fg.einddatum.isna() | (fg.einddatum >= dt.date(2025, 12, 31))
                                        ].persoon_id.nunique()
        d = L.afhankelijkheid_gemeenten()
        d = d[(d["wet"] == wet) & (d["productcategorie"] == cat)]
        assert not d.empty and (d["aanbieder"] == agb).all() and d["enige"].all() and (d["aandeel"] == 1.0).all()


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
    # per postcode area: the generator's synthetic address of each household (huishoudens.postcodegebied)
    gebied = twee_regios.waarheid("huishoudens").set_index("huishouden_id")["postcodegebied"]
    gebieden = s[s["postcodegebied"].notna()].set_index(["gemeente", "postcodegebied"])
    assert len(gebieden) > len(gem)  # several areas per gemeente
    per_gebied = pd.DataFrame({"gemeente": gemeente, "postcodegebied": gebied.reindex(gemeente.index)})
    per_gebied["beide_wetten"] = per_gebied.index.isin(beide)
    per_gebied["meer_aanbieders"] = per_gebied.index.isin(meer)
    per_gebied["samenloop"] = per_gebied["beide_wetten"] | per_gebied["meer_aanbieders"]
    verwacht = per_gebied.groupby(["gemeente", "postcodegebied"])[["beide_wetten", "meer_aanbieders", "samenloop"]]
    verwacht = verwacht.sum().astype("int64")
    assert_frame_equal(gebieden[verwacht.columns].sort_index(), verwacht.reindex(gebieden.index).sort_index(),
                       check_dtype=False)
    assert set(verwacht.index) == set(gebieden.index)
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


def test_the_store_keeps_the_household_key_and_area_never_the_address(twee_regios: Regio) -> None:
    """The ingest turns each 301's address into the keyed household pseudonym and the 4-digit area: both equal
    what follows from the generator's address of the client's household; no postcode-6, street, house number or
    place name is stored in clear (every value of every table, and the bytes of every file of the store)."""
    p = twee_regios.waarheid("personen")
    h = twee_regios.waarheid("huishoudens").set_index("huishouden_id")
    pseudo = twee_regios.pseudo
    p = p.join(h[["postcode", "huisnummer", "huisletter"]], on="huishouden_id")
    sleutel = {
        pseudo.client(b): (pseudo.huishouden(pc, str(nr), lt or ""), pc[:4])
        for b, pc, nr, lt in zip(p["bsn"], p["postcode"], p["huisnummer"], p["huisletter"], strict=True)
    }
    with regiekamer.open_store(twee_regios.opslag, read_only=True) as store:
        c = store.df("client")
        met = c[c["huishouden"].notna()]
        assert len(met) > 500 and met["client"].isin(sleutel.keys()).all()
        assert [(k, g) for k, g in zip(met["huishouden"], met["postcode4"], strict=True)] == [
            sleutel[x] for x in met["client"]]
        # every client of a 301 has the key; the other messages carry no address
        soort = c["bericht_id"].map(store.df("bericht").set_index("bericht_id")["berichttype"])
        assert (soort[c["huishouden"].notna()] == "301").all() and c.loc[soort == "301", "huishouden"].notna().all()
        tabellen = {t: store.df(t) for t in store.tables()}
    adressen = set(h["postcode"]) | {f"{pc[:4]} {pc[4:]}" for pc in h["postcode"]}
    straten = {s for s in _straten(twee_regios)}
    for t, df in tabellen.items():
        tekst = df.astype(str).to_csv()
        for a in adressen:
            assert a not in tekst, (t, a)
        for s in straten:
            assert s not in tekst, (t, s)
    for pad in twee_regios.opslag.rglob("*"):
        if pad.is_file():
            ruw = pad.read_bytes()
            assert not [a for a in adressen if a.encode() in ruw], pad


def _straten(regio: Regio) -> set[str]:
    """The street names the generator wrote in the 301s (read from the messages themselves)."""
    uit: set[str] = set()
    for pad in regio.berichten.rglob("*301_*.xml"):
        uit.update(re.findall(r"Straatnaam>([^<]+)<", pad.read_text(encoding="utf-8")))
        if len(uit) > 15:
            break
    assert uit
    return uit


def test_youths_from_the_ground_truth_give_jw_clients_per_1000_youths(cijfers: Cijfers, twee_regios: Regio) -> None:
    """The import of a generated region's population (bevolking_uit_grondwaarheid) fills the youths too, and the
    gemeenten comparison divides the Jeugdwet clients with paid care by them."""
    inwoners, jeugdigen = bevolking_uit_grondwaarheid(twee_regios.grondwaarheid.parent)
    g = twee_regios.waarheid("gemeenten").set_index("gemeente")
    assert inwoners == g["inwoners"].to_dict() and jeugdigen == g["jeugdigen"].to_dict()
    assert inwoners_uit_grondwaarheid(twee_regios.grondwaarheid) == inwoners
    assert all(0 < jeugdigen[k] < inwoners[k] for k in inwoners)
    L = _landschap(cijfers)
    v = L.gemeenten(inwoners, jeugdigen).set_index("gemeente", drop=False)
    d = _betaald(twee_regios, _gemeenten(twee_regios, ACHTERHOEK))
    d = d[d.wet == "jw"].groupby(["gemeente", "bsn"]).betaald.sum()
    jw = d[d > 0].groupby(level=0).size()
    for k in _gemeenten(twee_regios, ACHTERHOEK):
        assert v.loc[k, "jeugdigen"] == jeugdigen[k]
        assert v.loc[k, "clienten_jw_per_1000_jeugdigen"] == pytest.approx(jw[k] / jeugdigen[k] * 1000)
    regio = v[v["gemeente"].isna()].iloc[0]
    totaal = sum(jeugdigen[k] for k in _gemeenten(twee_regios, ACHTERHOEK))
    assert regio["clienten_jw_per_1000_jeugdigen"] == pytest.approx(jw.sum() / totaal * 1000)
