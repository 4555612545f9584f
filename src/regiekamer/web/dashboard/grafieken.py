"""Charts as Vega-Lite (built with Altair), rendered to SVG on the server by vl-convert: no JavaScript in the
page, the same picture in page and PDF. Every chart is shown as an ``<img>`` with a text alternative and always
has its data table beside it (docs/web.md, Toegankelijkheid)."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

_CACHE: OrderedDict[str, str] = OrderedDict()
_LOCK = threading.Lock()
BREEDTE = 640
KLEUREN = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#843c0c", "#375623"]
"""Colour-blind-safe enough and ≥ 3:1 contrast against white for lines and bars (WCAG 1.4.11)."""


def _thema() -> dict[str, Any]:
    return {
        "config": {
            "font": "sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222", "titleColor": "#222",
                     "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222", "titleColor": "#222",
                       "orient": "bottom", "labelLimit": 0, "columns": 3},
            # the browser may draw labels a little wider than vl-convert measured them: room on the left
            "padding": {"left": 28, "right": 20, "top": 10, "bottom": 10},
            "range": {"category": KLEUREN},
            "view": {"stroke": None},
        }
    }


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a ``data:`` URI of its SVG (memoised on the spec: the same figures draw once)."""
    spec = chart.to_dict(validate=False)  # schema validation costs more than drawing; specs are ours
    spec.setdefault("config", {}).update(_thema()["config"])
    sleutel = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    with _LOCK:
        if (uri := _CACHE.get(sleutel)) is not None:
            _CACHE.move_to_end(sleutel)
            return uri
    tekst = vlc.vegalite_to_svg(spec, format_locale="nl-NL", time_format_locale="nl-NL")  # 1.000.000, mei
    uri = "data:image/svg+xml;base64," + base64.b64encode(tekst.encode()).decode()
    with _LOCK:
        _CACHE[sleutel] = uri
        if len(_CACHE) > 1000:
            _CACHE.popitem(last=False)
    return uri


def lijn(df: pd.DataFrame, x: str, y: str, *, kleur: str | None = None, titel_x: str = "", titel_y: str = "",
         hoogte: int = 220) -> str:
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:O", title=titel_x or None, axis=alt.Axis(labelAngle=-45)),
        "y": alt.Y(f"{y}:Q", title=titel_y or None),
    }
    if kleur:
        enc["color"] = alt.Color(f"{kleur}:N", title=None)
    chart = alt.Chart(df).mark_line(point=True).encode(**enc).properties(width=BREEDTE, height=hoogte)
    return svg(chart)


def staaf(df: pd.DataFrame, x: str, y: str, *, kleur: str | None = None, titel_x: str = "", titel_y: str = "",
          horizontaal: bool = True, gestapeld: bool = True, hoogte: int | None = None) -> str:
    cat = alt.Y(f"{x}:N", title=titel_x or None, sort=None) if horizontaal else alt.X(
        f"{x}:N", title=titel_x or None, sort=None)
    val = alt.X(f"{y}:Q", title=titel_y or None, stack=gestapeld or None) if horizontaal else alt.Y(
        f"{y}:Q", title=titel_y or None, stack=gestapeld or None)
    enc: dict[str, Any] = {"y": cat, "x": val} if horizontaal else {"x": cat, "y": val}
    if kleur:
        enc["color"] = alt.Color(f"{kleur}:N", title=None)
        if not gestapeld:  # side by side within each category, not drawn over each other
            if horizontaal:
                enc["yOffset"] = alt.YOffset(f"{kleur}:N")
            else:
                enc["xOffset"] = alt.XOffset(f"{kleur}:N")
    n = max(1, df[x].nunique()) if not df.empty else 1
    per_categorie = 24 * (df[kleur].nunique() if kleur and not gestapeld and not df.empty else 1)
    h = hoogte or (min(per_categorie * n + 20, 900) if horizontaal else 260)
    chart = alt.Chart(df).mark_bar().encode(**enc).properties(width=BREEDTE - 200, height=h)
    return svg(chart)


def stappen(df: pd.DataFrame, x: str, y: str, *, kleur: str | None = None, titel_x: str = "",
            titel_y: str = "") -> str:
    """A step curve (Kaplan–Meier)."""
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=titel_x or None),
        "y": alt.Y(f"{y}:Q", title=titel_y or None, scale=alt.Scale(domain=[0, 1])),
    }
    if kleur:
        enc["color"] = alt.Color(f"{kleur}:N", title=None)
    chart = alt.Chart(df).mark_line(interpolate="step-after").encode(**enc).properties(width=BREEDTE, height=260)
    return svg(chart)


def sankey(df: pd.DataFrame, titel: str, *, breedte: int = BREEDTE, hoogte: int | None = None) -> str:
    """A two-column flow picture (Sankey-style) of ``van`` → ``naar`` with band widths by ``aantal``: left the
    node a client came from, right where the next trajectory began. Drawn as plain SVG (Vega-Lite has no
    Sankey mark); every band has a <title> with its count."""
    from xml.sax.saxutils import escape

    totaal = float(df["aantal"].sum()) or 1.0
    links = df.groupby("van")["aantal"].sum().sort_values(ascending=False)
    rechts = df.groupby("naar")["aantal"].sum().sort_values(ascending=False)
    marge, gat, knoop, regel = 10.0, 6.0, 14.0, 16.0
    schaal = (hoogte or 420) / totaal  # band pixels per transition; small nodes get a line of text at least
    x_l, x_r = 200.0, breedte - 200.0

    def posities(reeks: pd.Series) -> tuple[dict[str, float], float]:
        y, pos = marge, {}
        for naam, n in reeks.items():
            pos[str(naam)] = y
            y += max(float(n) * schaal, regel) + gat
        return pos, y

    (pl, hl), (pr, hr) = posities(links), posities(rechts)
    h = max(hl, hr) + marge
    uit = dict(pl)
    in_ = dict(pr)
    delen = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{h}" viewBox="0 0 {breedte} {h}">',
             f"<title>{escape(titel)}</title>"]
    for i, r in enumerate(df.sort_values(["van", "aantal"], ascending=[True, False]).itertuples()):
        dikte = float(r.aantal) * schaal
        y0, y1 = uit[str(r.van)] + dikte / 2, in_[str(r.naar)] + dikte / 2
        uit[str(r.van)] += dikte
        in_[str(r.naar)] += dikte
        kleur = KLEUREN[list(links.index).index(r.van) % len(KLEUREN)]
        xm = (x_l + knoop + x_r) / 2
        delen.append(
            f'<path d="M{x_l + knoop},{y0:.1f} C{xm},{y0:.1f} {xm},{y1:.1f} {x_r},{y1:.1f}" fill="none" '
            f'stroke="{kleur}" stroke-opacity="0.45" stroke-width="{max(dikte, 1):.1f}">'
            f"<title>{escape(str(r.van))} → {escape(str(r.naar))}: {int(r.aantal)}</title></path>"
        )
        del i
    for kant, reeks, pos, x in (("l", links, pl, x_l), ("r", rechts, pr, x_r)):
        for naam, n in reeks.items():
            y = pos[str(naam)]
            hh = max(float(n) * schaal, 1)
            kleur = KLEUREN[list(links.index).index(naam) % len(KLEUREN)] if kant == "l" else "#444"
            delen.append(f'<rect x="{x}" y="{y:.1f}" width="{knoop}" height="{hh:.1f}" fill="{kleur}"/>')
            tx, anker = (x - 6, "end") if kant == "l" else (x + knoop + 6, "start")
            delen.append(
                f'<text x="{tx}" y="{y + hh / 2 + 4:.1f}" text-anchor="{anker}" font-family="sans-serif" '
                f'font-size="12" fill="#222">{escape(str(naam))} ({int(n)})</text>'
            )
    delen.append("</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode("".join(delen).encode()).decode()
