"""The computations of the care landscape over the client-level base frames (:mod:`regiekamer.landschap.basis`):
pure pandas, so a notebook can run them on any frame with the same columns (docs/landschap.md).

The base frames:

- *trajecten*: one row per trajectory running in the period (begun on or before its last day, not ended before
  its first), columns ``wet, gemeente, aanbieder, productcategorie, productcode, leeftijdsklasse, client,
  traject_id, begindatum, einddatum, gestart`` (begun in the period), ``in_zorg`` (running on the last day);
- *betaald*: paid per ``wet, gemeente, aanbieder, productcategorie, productcode, leeftijdsklasse, client`` for
  declared periods that begin in the period (eurocent; credits subtract), column ``betaald``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

SLEUTEL = ["wet", "gemeente", "aanbieder", "productcategorie", "productcode"]


@dataclass(frozen=True)
class Drempels:
    """The thresholds of the flags (docs/landschap.md explains and justifies each default)."""

    aanbieder_afhankelijk: float = 0.5
    """An aanbieder depends heavily on the region when at least this share of its paid turnover in the data
    comes from the region's gemeenten (half its turnover: losing the region would halve the organisation)."""
    gemeente_afhankelijk: float = 0.8
    """A gemeente depends on one aanbieder for a function when that aanbieder carries at least this share of
    what the gemeente paid for the function (the remaining 20 % cannot absorb its clients at short notice)."""
    hhi_matig: float = 1000.0
    """HHI above which a market is moderately concentrated (US Horizontal Merger Guidelines 1992/1997: 1,000;
    also the EU horizontal merger guidelines' bound below which concerns are unlikely)."""
    hhi_hoog: float = 1800.0
    """HHI above which a market is highly concentrated (US DOJ/FTC Merger Guidelines 2023, Guideline 1: 1,800)."""
    wachtend_groei: float = 0.2
    """Waiting grows when the number waiting at the end of the period is at least 20 % above its start."""
    starts_daling: float = 0.2
    """Starts fall when the period has at least 20 % fewer starts than the period before it."""


STANDAARD = Drempels()


def landschap(trajecten: pd.DataFrame, betaald: pd.DataFrame, niveau: Sequence[str]) -> pd.DataFrame:
    """Per ``niveau`` (e.g. ``["wet", "aanbieder", "productcategorie", "gemeente"]``): ``clienten`` with paid care
    (a positive net paid amount for prestaties beginning in the period), ``trajecten`` running in the period, and
    ``betaald`` (eurocent). Clients are counted on what was paid, not on reconstructed trajectories: a declaration
    is the firmest evidence that care was delivered (docs/landschap.md)."""
    n = list(niveau)
    t = trajecten.groupby(n, dropna=False).agg(trajecten=("traject_id", "nunique"))
    per_client = betaald.groupby([*n, "client"], dropna=False).betaald.sum().reset_index()
    b = per_client.groupby(n, dropna=False).agg(betaald=("betaald", "sum"))
    b["clienten"] = per_client[per_client["betaald"] > 0].groupby(n, dropna=False).client.nunique()
    df = t.join(b, how="outer").reset_index()
    df["clienten"] = df["clienten"].fillna(0).astype("int64")
    df["trajecten"] = df["trajecten"].fillna(0).astype("int64")
    df["betaald"] = df["betaald"].fillna(0).astype("int64")
    return df.sort_values(n).reset_index(drop=True)


def afhankelijkheid_aanbieders(
    betaald: pd.DataFrame, omzet: pd.DataFrame, drempels: Drempels = STANDAARD
) -> pd.DataFrame:
    """Per aanbieder and gemeente of the region (plus a row with ``gemeente`` empty for the whole region): the
    paid amount and its share of the aanbieder's paid turnover in the data (``omzet``: columns aanbieder,
    omzet — every region in the store); ``afhankelijk`` flags the region rows at or above the threshold."""
    per_g = betaald.groupby(["aanbieder", "gemeente"]).betaald.sum().reset_index()
    regio = betaald.groupby("aanbieder").betaald.sum().reset_index()
    regio["gemeente"] = None
    df = pd.concat([per_g, regio], ignore_index=True).merge(omzet, on="aanbieder", how="left")
    df["aandeel"] = df["betaald"] / df["omzet"].where(df["omzet"] > 0)
    df["afhankelijk"] = df["gemeente"].isna() & (df["aandeel"] >= drempels.aanbieder_afhankelijk)
    return df.sort_values(["aanbieder", "gemeente"], na_position="first").reset_index(drop=True)[
        ["aanbieder", "gemeente", "betaald", "omzet", "aandeel", "afhankelijk"]
    ]


def afhankelijkheid_gemeenten(betaald: pd.DataFrame, drempels: Drempels = STANDAARD) -> pd.DataFrame:
    """Per gemeente, function (wet, productcategorie) and aanbieder: the share of what the gemeente paid for the
    function that went to the aanbieder; ``afhankelijk`` flags shares at or above the threshold, ``enige`` an
    aanbieder that is the gemeente's only one for the function."""
    g = ["wet", "gemeente", "productcategorie"]
    df = betaald.groupby([*g, "aanbieder"]).betaald.sum().reset_index()
    df = df[df["betaald"] > 0]
    totaal = df.groupby(g).betaald.transform("sum")
    df["aandeel"] = df["betaald"] / totaal
    df["aanbieders"] = df.groupby(g).aanbieder.transform("nunique")
    df["enige"] = df["aanbieders"] == 1
    df["afhankelijk"] = df["aandeel"] >= drempels.gemeente_afhankelijk
    return df.sort_values([*g, "aandeel"], ascending=[True, True, True, False]).reset_index(drop=True)


def hhi(aandelen: pd.Series) -> float:
    """Herfindahl–Hirschman index of market shares given as fractions: the sum of squared percentages
    (0–10,000; 10,000 is a single supplier)."""
    s = aandelen[aandelen > 0]
    return float(((s / s.sum() * 100) ** 2).sum()) if not s.empty else float("nan")


def concentratie(trajecten: pd.DataFrame, betaald: pd.DataFrame, drempels: Drempels = STANDAARD) -> pd.DataFrame:
    """Per function (wet, productcategorie) in the region: number of aanbieders that were paid for it, HHI and
    the share of the largest on the paid amounts, its band, and the clients in care at the end of the period."""
    g = ["wet", "productcategorie"]
    per = betaald.groupby([*g, "aanbieder"]).betaald.sum().reset_index()
    per = per[per["betaald"] > 0]
    rijen = []
    for (wet, cat), d in per.groupby(g):
        aandeel = d["betaald"] / d["betaald"].sum()
        i = int(aandeel.to_numpy().argmax())
        h = hhi(d["betaald"])
        rijen.append({
            "wet": wet, "productcategorie": cat, "aanbieders": len(d), "betaald": int(d["betaald"].sum()),
            "hhi": h, "grootste_aanbieder": d["aanbieder"].iloc[i], "grootste_aandeel": float(aandeel.iloc[i]),
            "concentratie": "hoog" if h > drempels.hhi_hoog else "matig" if h > drempels.hhi_matig else "laag",
        })
    df = pd.DataFrame(rijen, columns=["wet", "productcategorie", "aanbieders", "betaald", "hhi",
                                      "grootste_aanbieder", "grootste_aandeel", "concentratie"])
    nu = trajecten[trajecten["in_zorg"]].groupby(g).client.nunique().rename("in_zorg").reset_index()
    df = df.merge(nu, on=g, how="left")
    df["in_zorg"] = df["in_zorg"].fillna(0).astype("int64")
    return df.sort_values(g).reset_index(drop=True)


def continuiteit(trajecten: pd.DataFrame, betaald: pd.DataFrame, niveau: Sequence[str] = ()) -> pd.DataFrame:
    """Functions where the exit of one aanbieder would leave clients without care: the functions (per wet,
    productcategorie and ``niveau``, e.g. ``["gemeente"]``) delivered by exactly one aanbieder in the period —
    counted on running trajectories and paid amounts together — with the clients in care there now."""
    g = ["wet", "productcategorie", *niveau]
    actief = pd.concat([
        trajecten[[*g, "aanbieder"]],
        betaald.loc[betaald["betaald"] > 0, [*g, "aanbieder"]],
    ]).drop_duplicates()
    n = actief.groupby(g).aanbieder.agg(["nunique", "first"]).reset_index()
    enig = n[n["nunique"] == 1].rename(columns={"first": "aanbieder"}).drop(columns="nunique")
    nu = trajecten[trajecten["in_zorg"]].groupby(g).client.nunique().rename("in_zorg").reset_index()
    df = enig.merge(nu, on=g, how="left")
    df["in_zorg"] = df["in_zorg"].fillna(0).astype("int64")
    return df.sort_values(g).reset_index(drop=True)


def signalen(
    wachtend_begin: pd.DataFrame, wachtend_eind: pd.DataFrame, trajecten: pd.DataFrame,
    trajecten_vorige: pd.DataFrame, drempels: Drempels = STANDAARD,
) -> pd.DataFrame:
    """Waiting and capacity signals per function (wet, productcategorie): clients waiting at the start and end
    of the period (frames with wet, productcategorie, clienten), starts in the period and in the one before;
    ``wachten_groeit`` and ``starts_dalen`` by the thresholds."""
    g = ["wet", "productcategorie"]

    def som(df: pd.DataFrame, naam: str) -> pd.DataFrame:
        return df.groupby(g).clienten.sum().rename(naam).reset_index()

    def starts(df: pd.DataFrame, naam: str) -> pd.DataFrame:
        return df[df["gestart"]].groupby(g).traject_id.nunique().rename(naam).reset_index()

    df = som(wachtend_begin, "wachtend_begin").merge(som(wachtend_eind, "wachtend_eind"), on=g, how="outer")
    df = df.merge(starts(trajecten, "starts"), on=g, how="outer")
    df = df.merge(starts(trajecten_vorige, "starts_vorige"), on=g, how="outer")
    for k in ("wachtend_begin", "wachtend_eind", "starts", "starts_vorige"):
        df[k] = df[k].fillna(0).astype("int64")
    df["wachten_groeit"] = df["wachtend_eind"] > df["wachtend_begin"] * (1 + drempels.wachtend_groei)
    df["starts_dalen"] = (df["starts_vorige"] > 0) & (
        df["starts"] <= df["starts_vorige"] * (1 - drempels.starts_daling)
    )
    return df.sort_values(g).reset_index(drop=True)


def per_inwoners(waarden: pd.DataFrame, inwoners: dict[str, int], kolommen: Sequence[str],
                 noemer: str = "inwoners") -> pd.DataFrame:
    """Per gemeente the ``kolommen`` per 1,000 of ``noemer`` (``inwoners``, or ``jeugdigen``: gemeente → number),
    plus the regional value on the row with gemeente empty (appended when absent): the totals over the total
    population of the gemeenten that have one, and the spread (``<k>_min``/``<k>_max`` on that row). Gemeenten
    without a number get no rate. Rate columns: ``<k>_per_1000`` (inwoners) or ``<k>_per_1000_<noemer>``."""
    achter = "" if noemer == "inwoners" else f"_{noemer}"
    df = waarden.copy()
    if not df["gemeente"].isna().any():
        df = pd.concat([df, pd.DataFrame([{"gemeente": None}])], ignore_index=True)
    gem = df["gemeente"].notna()
    df[noemer] = df["gemeente"].map(inwoners).astype("Float64").astype("float64")
    met = df[gem & df[noemer].notna()]
    df.loc[~gem, noemer] = float(met[noemer].sum()) if not met.empty else float("nan")
    for k in kolommen:
        rate = f"{k}_per_1000{achter}"
        df[rate] = (df[k].astype("float64") / df[noemer] * 1000).astype("float64")
        df.loc[~gem, k] = df.loc[gem, k].sum()
        leeg = met.empty
        df.loc[~gem, rate] = float("nan") if leeg else float(met[k].sum() / met[noemer].sum() * 1000)
        df.loc[~gem, f"{k}{achter}_min"] = float("nan") if leeg else float(df.loc[met.index, rate].min())
        df.loc[~gem, f"{k}{achter}_max"] = float("nan") if leeg else float(df.loc[met.index, rate].max())
    return df


def samenloop(huishoudens: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente and postcodegebied (plus per gemeente with postcodegebied empty, and the region with both
    empty): households with care under both laws, with care from two or more aanbieders at once, and either.
    ``huishoudens``: one row per (huishouden, gemeente, postcodegebied) with ``wetten`` (number of laws) and
    ``gelijktijdig`` (most aanbieders at once on one day)."""
    h = huishoudens.assign(
        beide_wetten=huishoudens["wetten"] >= 2,
        meer_aanbieders=huishoudens["gelijktijdig"] >= 2,
    )
    h["samenloop"] = h["beide_wetten"] | h["meer_aanbieders"]

    def tel(df: pd.DataFrame, g: list[str]) -> pd.DataFrame:
        if g:
            r = df.groupby(g)[["beide_wetten", "meer_aanbieders", "samenloop"]].sum()
            r["huishoudens"] = df.groupby(g).huishouden.nunique()
            return r.reset_index()
        return pd.DataFrame([{
            "beide_wetten": int(df["beide_wetten"].sum()), "meer_aanbieders": int(df["meer_aanbieders"].sum()),
            "samenloop": int(df["samenloop"].sum()), "huishoudens": int(df["huishouden"].nunique()),
        }])

    delen = [tel(h, ["gemeente", "postcodegebied"]), tel(h, ["gemeente"]), tel(h, [])]
    df = pd.concat(delen, ignore_index=True)
    for k in ("gemeente", "postcodegebied"):
        if k not in df.columns:
            df[k] = None
    df = df[["gemeente", "postcodegebied", "huishoudens", "beide_wetten", "meer_aanbieders", "samenloop"]]
    for k in ("huishoudens", "beide_wetten", "meer_aanbieders", "samenloop"):
        df[k] = df[k].astype("int64")
    return df.sort_values(["gemeente", "postcodegebied"], na_position="first").reset_index(drop=True)
