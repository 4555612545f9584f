"""The scan's pictures as server-side SVG (Altair → vl-convert, via the dashboard's ``svg``): the four quadrants
with ambition, practice and an arrow for the gap; the region's positions; the spaghetti; the conditions per party.
Each comes with a text alternative; the page puts the data table beside it."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from regiekamer.regiemodel import Transitiemodel
from regiekamer.web.dashboard.grafieken import KLEUREN, svg

ZIJDE = 420


def _kwadrant_achtergrond(model: Transitiemodel) -> list[alt.Chart]:
    """The two axes through the centre, the four forms' names in their quadrants, and the four poles."""
    vormen = pd.DataFrame([
        {"x": -0.6 if v.x == model.x.negatief else 0.6, "y": 0.97 if v.y == model.y.positief else -0.97,
         "label": v.naam.upper()} for v in model.vormen])
    assen = pd.DataFrame([{"x": 0.0, "y": 0.0}])
    schaal = alt.Scale(domain=[-1.2, 1.2], nice=False)
    x = alt.X("x:Q", scale=schaal, axis=None)
    y = alt.Y("y:Q", scale=schaal, axis=None)
    basis = alt.Chart(assen)

    def polen(rijen: list[dict[str, Any]], align: str) -> alt.Chart:
        return alt.Chart(pd.DataFrame(rijen)).mark_text(align=align, fontSize=12, color="#222").encode(  # type: ignore[arg-type]
            x=x, y=y, text="label:N")

    return [
        basis.mark_rule(color="#555", strokeWidth=1).encode(x=alt.X("x:Q", scale=schaal, axis=None)),
        basis.mark_rule(color="#555", strokeWidth=1).encode(y=alt.Y("y:Q", scale=schaal, axis=None)),
        alt.Chart(vormen).mark_text(fontSize=13, fontWeight="bold", color="#444").encode(x=x, y=y, text="label:N"),
        polen([{"x": -1.18, "y": 0.07, "label": f"← {model.x.negatief}"}], "left"),
        polen([{"x": 1.18, "y": 0.07, "label": f"{model.x.positief} →"}], "right"),
        polen([{"x": 0.0, "y": 1.14, "label": f"↑ {model.y.positief}"},
               {"x": 0.0, "y": -1.14, "label": f"↓ {model.y.negatief}"}], "center"),
    ]


def uit_elkaar(df: pd.DataFrame, x: str = "x", y: str = "y", straal: float = 0.05) -> pd.DataFrame:
    """Points at the same position moved apart on a small circle, so none hides another (the table beside the
    chart has the exact values)."""
    d = df.copy()
    if d.empty:
        return d
    for _, groep in d.groupby([d[x].round(6), d[y].round(6)]):
        n = len(groep)
        if n < 2:
            continue
        for i, idx in enumerate(groep.index):
            hoek_ = 2 * math.pi * i / n
            d.loc[idx, x] = float(d.loc[idx, x]) + straal * math.cos(hoek_)
            d.loc[idx, y] = float(d.loc[idx, y]) + straal * math.sin(hoek_)
    return d


def hoek(dx: float, dy: float) -> float:
    """Vega-Lite's point angle (degrees clockwise from up) of the direction (dx, dy), y up."""
    return math.degrees(math.atan2(dx, dy)) % 360


def gat(model: Transitiemodel, df: pd.DataFrame) -> str:
    """Every arrangement's ambition (open circle) and practice (filled circle), with an arrow from ambition to
    practice: the seed's figure "Het gat tussen de ambities van gemeenten en de dagelijkse praktijk"."""
    schaal = alt.Scale(domain=[-1.2, 1.2], nice=False)
    kleur = alt.Color("voorziening:N", title="Voorziening", scale=alt.Scale(range=KLEUREN),
                      legend=alt.Legend(columns=1))
    lagen: list[Any] = _kwadrant_achtergrond(model)
    if not df.empty:
        d = df.copy()
        d["hoek"] = [hoek(float(xp) - float(xa), float(yp) - float(ya)) for xa, ya, xp, yp in
                     zip(d["x_ambitie"], d["y_ambitie"], d["x_praktijk"], d["y_praktijk"], strict=True)]
        # the arrow's head sits just before the practice point, so the point stays visible
        lengte = ((d["x_praktijk"] - d["x_ambitie"]) ** 2 + (d["y_praktijk"] - d["y_ambitie"]) ** 2) ** 0.5
        f = (1 - (0.06 / lengte.where(lengte > 0.06, 0.06))).clip(lower=0)
        d["x_pijl"] = d["x_ambitie"] + (d["x_praktijk"] - d["x_ambitie"]) * f
        d["y_pijl"] = d["y_ambitie"] + (d["y_praktijk"] - d["y_ambitie"]) * f
        xa, ya = alt.X("x_ambitie:Q", scale=schaal, axis=None), alt.Y("y_ambitie:Q", scale=schaal, axis=None)
        xp, yp = alt.X("x_praktijk:Q", scale=schaal, axis=None), alt.Y("y_praktijk:Q", scale=schaal, axis=None)
        c = alt.Chart(d)
        lagen += [
            c.mark_rule(strokeWidth=2).encode(x=xa, y=ya, x2="x_pijl:Q", y2="y_pijl:Q", color=kleur),
            c.transform_filter("datum.x_pijl != datum.x_ambitie || datum.y_pijl != datum.y_ambitie").mark_point(
                shape="triangle-up", filled=True, size=110, opacity=1).encode(
                x=alt.X("x_pijl:Q", scale=schaal, axis=None), y=alt.Y("y_pijl:Q", scale=schaal, axis=None),
                angle=alt.Angle("hoek:Q", scale=None), color=kleur),
            c.mark_point(shape="circle", filled=False, size=120, strokeWidth=2).encode(x=xa, y=ya, color=kleur),
            c.mark_point(shape="circle", filled=True, size=120, opacity=1).encode(x=xp, y=yp, color=kleur),
            c.mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222").encode(x=xp, y=yp,
                                                                                   text="voorziening:N"),
        ]
    chart = alt.layer(*lagen).properties(width=ZIJDE, height=ZIJDE)
    return svg(chart)


def gat_alt(df: pd.DataFrame) -> str:
    if df.empty:
        return "Vier kwadranten van het transitiemodel; nog geen voorziening met ambitie én praktijk."
    delen = [f"{r.voorziening}: ambitie {r.vorm_ambitie}, praktijk {r.vorm_praktijk}" for r in df.itertuples()]
    return ("Vier kwadranten van het transitiemodel met per voorziening een open cirkel voor de ambitie, een "
            "dichte cirkel voor de praktijk en een pijl daartussen. " + "; ".join(delen) + ".")


def regio(model: Transitiemodel, df: pd.DataFrame) -> str:
    """The region's arrangements of one domain in practice, coloured by gemeente."""
    schaal = alt.Scale(domain=[-1.2, 1.2], nice=False)
    lagen: list[Any] = _kwadrant_achtergrond(model)
    if not df.empty:
        lagen.append(alt.Chart(uit_elkaar(df)).mark_point(filled=True, size=120, opacity=0.9).encode(
            x=alt.X("x:Q", scale=schaal, axis=None), y=alt.Y("y:Q", scale=schaal, axis=None),
            color=alt.Color("gemeente:N", title="Gemeente", scale=alt.Scale(range=KLEUREN),
                            legend=alt.Legend(columns=1)),
            shape=alt.Shape("gemeente:N", title="Gemeente", legend=alt.Legend(columns=1))))
    return svg(alt.layer(*lagen).properties(width=ZIJDE, height=ZIJDE))


def spaghetti(df: pd.DataFrame) -> str:
    """Number of different forms per domain, in practice and in ambition, side by side."""
    hoogste = int(df["aantal_vormen"].max()) if not df.empty else 1
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("domein:N", title=None, sort=None),
        yOffset=alt.YOffset("meting:N"),
        x=alt.X("aantal_vormen:Q", title="Aantal verschillende vormen", scale=alt.Scale(domain=[0, max(hoogste, 4)]),
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("meting:N", title="Meting", scale=alt.Scale(range=KLEUREN)),
    ).properties(width=360, height=max(48 * df["domein"].nunique(), 60),
                 padding={"left": 40, "right": 20, "top": 10, "bottom": 10})
    return svg(chart)


def condities(df: pd.DataFrame) -> str:
    """Each party's score per condition on the 1–5 scale: the spread between the dots is the perception gap."""
    d = df.dropna(subset=["score"])
    chart = alt.Chart(d).mark_point(filled=True, size=140, opacity=0.9).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), title="Score (1 = helemaal oneens, 5 = helemaal eens)"),
        y=alt.Y("conditie:N", title=None, sort=None),
        color=alt.Color("partij:N", title="Partij", scale=alt.Scale(range=KLEUREN), legend=alt.Legend(columns=1)),
        shape=alt.Shape("partij:N", title="Partij", legend=alt.Legend(columns=1)),
    ).properties(width=380, height=max(40 * d["conditie"].nunique(), 80),
                 padding={"left": 70, "right": 20, "top": 10, "bottom": 10})
    return svg(chart)
