"""The base frames of the care landscape, read from the store through :class:`~regiekamer.cijfers.Cijfers` (its
sources and its Parquet cache) for one jeugdregio and period. Client-level: the web pages show only the
aggregates of :mod:`regiekamer.landschap.analyse`, never these rows."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from regiekamer.cijfers import Cijfers
from regiekamer.clientpaden.sleutels import tekst, tekst_kolommen
from regiekamer.indicatoren.periode import Periode

KOLOMMEN = ["wet", "gemeente", "aanbieder", "productcategorie", "productcode", "leeftijdsklasse"]
CACHE_VERSIE = "landschap-1"


def _datum(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.date


def trajecten(c: Cijfers, regio: str | None, periode: Periode) -> pd.DataFrame:
    """Trajectories running in the period in the region (see :mod:`regiekamer.landschap.analyse`)."""

    def maak() -> pd.DataFrame:
        t = c.bron.trajecten
        if regio:
            t = t.filter(t.regio == regio)
        van, tot = ibis.literal(periode.van), ibis.literal(periode.tot)
        t = t.filter((t.begindatum <= tot) & (t.einddatum.isnull() | (t.einddatum >= van)))
        t = t.select(
            "wet", "gemeente", "aanbieder", "productcategorie", productcode=t.laatste_productcode,
            leeftijdsklasse=t.leeftijdsklasse, client=t.client, traject_id=t.traject_id,
            begindatum=t.begindatum, einddatum=t.einddatum,
            gestart=t.begindatum >= van,
            in_zorg=t.einddatum.isnull() | (t.einddatum >= tot),
        )
        df: pd.DataFrame = tekst_kolommen(t).to_pandas()
        df["begindatum"], df["einddatum"] = _datum(df["begindatum"]), _datum(df["einddatum"])
        return df.sort_values("traject_id").reset_index(drop=True)

    return c.bewaard((CACHE_VERSIE, "trajecten", regio, periode.van, periode.tot), maak)


def betaald(c: Cijfers, regio: str | None, periode: Periode) -> pd.DataFrame:
    """Paid per client and product for declared periods beginning in the period, in the region (eurocent)."""

    def maak() -> pd.DataFrame:
        d = c.bron.declaraties
        if regio:
            d = d.filter(d.regio == regio)
        d = d.filter((d.begindatum >= periode.van) & (d.begindatum <= periode.tot))
        r = d.group_by([*KOLOMMEN, "client"]).aggregate(betaald=d.betaald.sum())
        df: pd.DataFrame = tekst_kolommen(r).to_pandas()
        df["betaald"] = df["betaald"].fillna(0).astype("int64")
        return df.sort_values([*KOLOMMEN, "client"]).reset_index(drop=True)

    return c.bewaard((CACHE_VERSIE, "betaald", regio, periode.van, periode.tot), maak)


def omzet(c: Cijfers, periode: Periode) -> pd.DataFrame:
    """Per aanbieder its paid turnover in the whole store (every region) for the period: columns aanbieder, omzet."""

    def maak() -> pd.DataFrame:
        d = c.bron.declaraties
        d = d.filter((d.begindatum >= periode.van) & (d.begindatum <= periode.tot))
        df: pd.DataFrame = d.group_by("aanbieder").aggregate(omzet=d.betaald.sum()).to_pandas()
        df["omzet"] = df["omzet"].fillna(0).astype("int64")
        return df.sort_values("aanbieder").reset_index(drop=True)

    return c.bewaard((CACHE_VERSIE, "omzet", periode.van, periode.tot), maak)


def wachtend(c: Cijfers, regio: str | None, datum: dt.date) -> pd.DataFrame:
    """Clients waiting on ``datum`` per wet, gemeente and productcategorie (as the dashboard's waiting list)."""

    def maak() -> pd.DataFrame:
        w = c.bron.wachtend_op(datum)
        if regio:
            w = w.filter(w.regio == regio)
        r = w.group_by(["wet", "gemeente", "productcategorie"]).aggregate(clienten=w.client.nunique())
        df: pd.DataFrame = r.to_pandas()
        return df.sort_values(["wet", "gemeente", "productcategorie"]).reset_index(drop=True)

    return c.bewaard((CACHE_VERSIE, "wachtend", regio, datum), maak)


def huishoudens(c: Cijfers, regio: str | None, periode: Periode) -> pd.DataFrame:
    """One row per pseudonymised household with care in the period: its gemeente and postcodegebied (of its
    most recent client block), ``wetten`` (laws it had care under) and ``gelijktijdig`` (2 when care from two
    different aanbieders overlapped in time, else 1). Clients without an address key are left out."""

    def maak() -> pd.DataFrame:
        con = c.bron.con
        client = con.table("client").filter((ibis._.afgekeurd == False) & ibis._.huishouden.notnull())  # noqa: E712
        bericht = con.table("bericht").select("bericht_id", "wet", "gemeente", "dagtekening",
                                              ident="eigen_identificatie")
        k = client.join(bericht, "bericht_id")
        k = k.mutate(_volgorde=k.dagtekening.cast("string") + "|" + k.ident + "|" + tekst(k.bericht_id))
        sleutel = k.group_by(["wet", "gemeente", "client"]).aggregate(
            huishouden=k.huishouden.argmax(k._volgorde),
            postcodegebied=k.postcode4.argmax(k._volgorde),
            _volgorde=k._volgorde.max(),
        )
        t = trajecten(c, regio, periode)[["wet", "gemeente", "client", "aanbieder", "begindatum", "einddatum"]]
        s: pd.DataFrame = tekst_kolommen(sleutel).to_pandas()
        df = t.merge(s, on=["wet", "gemeente", "client"], how="inner")
        return _per_huishouden(df, periode.tot)

    return c.bewaard((CACHE_VERSIE, "huishoudens", regio, periode.van, periode.tot), maak)


def _per_huishouden(df: pd.DataFrame, einde: dt.date) -> pd.DataFrame:
    kolommen = ["huishouden", "gemeente", "postcodegebied", "wetten", "gelijktijdig"]
    if df.empty:
        return pd.DataFrame(columns=kolommen)
    df = df.assign(_eind=df["einddatum"].where(df["einddatum"].notna(), einde))
    laatste = df.sort_values("_volgorde").groupby("huishouden").tail(1)[["huishouden", "gemeente", "postcodegebied"]]
    wetten = df.groupby("huishouden").wet.nunique().rename("wetten")
    a = df[["huishouden", "aanbieder", "begindatum", "_eind"]]
    paren = a.merge(a, on="huishouden", suffixes=("", "_2"))
    paren = paren[(paren["aanbieder"] < paren["aanbieder_2"]) & (paren["begindatum"] <= paren["_eind_2"])
                  & (paren["begindatum_2"] <= paren["_eind"])]
    samen = set(paren["huishouden"])
    uit = laatste.merge(wetten.reset_index(), on="huishouden")
    uit["gelijktijdig"] = [2 if h in samen else 1 for h in uit["huishouden"]]
    uit["postcodegebied"] = uit["postcodegebied"].fillna("onbekend")
    return uit[kolommen].sort_values("huishouden").reset_index(drop=True)


def overgangen(c: Cijfers, regio: str | None, periode: Periode) -> pd.DataFrame:
    """Transitions of the cliëntpaden in the period (dated by the new begindatum), in the region."""

    def maak() -> pd.DataFrame:
        o = c.bron.overgangen
        if regio:
            o = o.filter(o.regio == regio)
        o = o.filter((o.datum >= periode.van) & (o.datum <= periode.tot))
        o = o.select("wet", "gemeente", "client", "aanbieder", "van_productcategorie", "productcategorie", "datum",
                     "leeftijdsklasse")
        df: pd.DataFrame = tekst_kolommen(o).to_pandas()
        df["datum"] = _datum(df["datum"])
        return df.sort_values(["wet", "client", "datum"]).reset_index(drop=True)

    return c.bewaard((CACHE_VERSIE, "overgangen", regio, periode.van, periode.tot), maak)
