"""Blocks built from the indicator catalogue: key figures against the previous period, monthly trends, and one
figure split by a breakdown. Pages compose these; the API serves the same tables."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from regiekamer.cijfers import Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.indicatoren.periode import Periode, parse_periode
from regiekamer.web.dashboard import grafieken
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.dashboard.pagina import Blok, Context


def vorige(p: Periode) -> Periode:
    """The period of the same kind just before ``p`` (year, quarter, month; else the same number of days)."""
    label = p.label
    try:
        if len(label) == 4:
            return parse_periode(str(int(label) - 1))
        if "-Q" in label:
            j, q = int(label[:4]), int(label[-1])
            return parse_periode(f"{j - 1}-Q4" if q == 1 else f"{j}-Q{q - 1}")
        if len(label) == 7:
            j, m = int(label[:4]), int(label[5:])
            return parse_periode(f"{j - 1}-12" if m == 1 else f"{j}-{m - 1:02d}")
    except ValueError:
        pass
    tot = p.van - dt.timedelta(days=1)
    return Periode(tot - dt.timedelta(days=p.dagen - 1), tot, f"{tot - dt.timedelta(days=p.dagen - 1)}..{tot}")


def _waarden(ctx: Context, ids: list[str], periode: Periode, selectie: Selectie | None = None) -> dict[str, float]:
    df = ctx.cijfers.indicatoren(ctx.scope, selectie or ctx.selectie, periode, ids)
    if "reden_beeindiging" in df.columns:
        df = df[df["reden_beeindiging"].isna()] if df["reden_beeindiging"].notna().any() else df
    return {str(r.indicator): r.waarde for r in df.itertuples()}


def kerncijfers(ctx: Context, ids: list[str], *, titel: str = "Kerncijfers", id: str = "kerncijfers",
                vergelijk: Selectie | None = None, vergelijk_naam: str = "") -> Blok:
    """The figures for the period, the previous period and the change; optionally beside a comparison
    selection (e.g. the whole region beside one aanbieder)."""
    beschikbaar = [i for i in ids if i not in ctx.cijfers.niet_beschikbaar([i], ctx.selectie)]
    nu = _waarden(ctx, beschikbaar, ctx.periode)
    vp = vorige(ctx.periode)
    eerder = _waarden(ctx, beschikbaar, vp) if vp.van >= ctx.opties.eerste_dag else {}
    anders = _waarden(ctx, beschikbaar, ctx.periode, vergelijk) if vergelijk is not None else {}
    rijen, ruw = [], []
    for i in beschikbaar:
        ind = PER_ID[i]
        a, b = nu.get(i), eerder.get(i)
        verschil = a - b if a is not None and b is not None and pd.notna(a) and pd.notna(b) else None
        rij = {"Cijfer": ind.naam, ctx.periode.label: waarde(a, ind.eenheid), vp.label: waarde(b, ind.eenheid),
               "Verschil": waarde(verschil, ind.eenheid) if verschil is not None else "–"}
        r = {"indicator": i, "periode": ctx.periode.label, "waarde": a, "vorige_periode": vp.label,
             "vorige_waarde": b}
        if vergelijk is not None:
            rij[vergelijk_naam] = waarde(anders.get(i), ind.eenheid)
            r["vergelijkingswaarde"] = anders.get(i)
        rijen.append(rij)
        ruw.append(r)
    return Blok(id, titel, pd.DataFrame(rijen), indicatoren=tuple(beschikbaar), ruw=pd.DataFrame(ruw),
                niet_beschikbaar=[PER_ID[i].naam for i in ids if i not in beschikbaar],
                toelichting=f"{ctx.periode.label} naast {vp.label}.")


def maanden_tot(ctx: Context, n: int = 12) -> Periode:
    """The ``n`` months up to the end of the chosen period (clipped to the data)."""
    eind = min(ctx.periode.tot, ctx.opties.laatste_dag)
    start = dt.date(eind.year, eind.month, 1)
    for _ in range(n - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    begin = max(start, ctx.opties.eerste_dag)
    return Periode(begin, eind, f"{begin}..{eind}")


def trend(ctx: Context, ids: list[str], *, titel: str = "Trend per maand", id: str = "trend", n: int = 12) -> Blok:
    beschikbaar = [i for i in ids if i not in ctx.cijfers.niet_beschikbaar([i], ctx.selectie)]
    p = maanden_tot(ctx, n)
    df = ctx.cijfers.indicatoren(ctx.scope, ctx.selectie, p, beschikbaar, per="maand")
    if "reden_beeindiging" in df.columns:
        df = df[df["reden_beeindiging"].isna()]
    df = df[["indicator", "periode", "waarde"]].copy()
    df["naam"] = df["indicator"].map(lambda i: PER_ID[i].naam)
    df["toon"] = [
        float(v) / 100 if PER_ID[i].eenheid == "eurocent" and pd.notna(v) else v
        for i, v in zip(df["indicator"], df["waarde"], strict=True)
    ]
    grafiek = None
    if not df.empty:
        chart = (
            alt.Chart(df)
            .mark_line(point=True)
            .encode(x=alt.X("periode:O", title=None, axis=alt.Axis(labelAngle=-45)),
                    y=alt.Y("toon:Q", title=None))
            .properties(width=280, height=140)
            .facet(facet=alt.Facet("naam:N", title=None), columns=2)
            .resolve_scale(y="independent")
        )
        grafiek = grafieken.svg(chart)
    breed = df.pivot_table(index="periode", columns="naam", values="waarde", aggfunc="first").reset_index()
    opgemaakt = breed.copy()
    for i in beschikbaar:
        naam = PER_ID[i].naam
        if naam in opgemaakt.columns:
            opgemaakt[naam] = opgemaakt[naam].map(lambda v, e=PER_ID[i].eenheid: waarde(v, e))
    alt_tekst = f"Lijngrafieken per maand ({p.van:%m-%Y} tot en met {p.tot:%m-%Y}) van: " + ", ".join(
        PER_ID[i].naam for i in beschikbaar) + ". De tabel eronder geeft dezelfde waarden."
    return Blok(id, titel, opgemaakt.rename(columns={"periode": "Maand"}), grafiek=grafiek, alt=alt_tekst,
                indicatoren=tuple(beschikbaar), ruw=df.drop(columns=["toon"]))


def uitsplitsing(ctx: Context, ind_id: str, by: str, *, titel: str | None = None, id: str | None = None,
                 label: dict[str, str] | None = None) -> Blok:
    """One indicator for the period split by ``by`` (aanbieder, productcategorie, gemeente, …), as bars."""
    ind = PER_ID[ind_id]
    bid = id or f"{ind_id}-per-{by}"
    kop = titel or f"{ind.naam} per {by}"
    if ctx.cijfers.niet_beschikbaar([ind_id], ctx.selectie, [by]):
        return Blok(bid, kop, pd.DataFrame(), indicatoren=(ind_id,),
                    niet_beschikbaar=[f"{ind.naam} kent geen uitsplitsing of filter naar {by}"])
    df = ctx.cijfers.indicatoren(ctx.scope, ctx.selectie, ctx.periode, [ind_id], by=[by])
    if "reden_beeindiging" in df.columns:
        df = df[df["reden_beeindiging"].isna()]
    df = df[[by, "waarde", "teller", "noemer"]].copy()
    df[by] = df[by].fillna("onbekend").astype(str)
    namen = {by: (label or {})}
    df["label"] = df[by].map(lambda c: namen[by].get(c, c))
    df = df.sort_values("waarde", ascending=False, na_position="last")
    toon = df.assign(toon=[float(v) / 100 if ind.eenheid == "eurocent" and pd.notna(v) else v for v in df["waarde"]])
    grafiek = grafieken.staaf(toon.dropna(subset=["toon"]), "label", "toon") if not df.empty else None
    tabel = pd.DataFrame({by: df["label"], ind.naam: df["waarde"].map(lambda v: waarde(v, ind.eenheid)),
                          "Teller": df["teller"], "Noemer": df["noemer"]})
    tabel = tabel.dropna(axis=1, how="all")
    alt_tekst = f"Staafdiagram van {ind.naam.lower()} per {by}, {ctx.periode.label}; de tabel eronder geeft de waarden."
    return Blok(bid, kop, tabel, grafiek=grafiek, alt=alt_tekst, indicatoren=(ind_id,), ruw=df.drop(columns="label"))
