"""The network picture: aanbieders on the left, gemeenten on the right, a line per pair whose width follows
what was paid. Hand-made SVG (no script), shown as an image with a text alternative; the data table is beside
it on the page."""

from __future__ import annotations

import base64
from html import escape

import pandas as pd

KLEUR_AANBIEDER, KLEUR_GEMEENTE, KLEUR_LIJN = "#1f4e79", "#c55a11", "#5b6b7a"


def netwerk_svg(randen: pd.DataFrame, aanbieder_naam: dict[str, str], gemeente_naam: dict[str, str],
                breedte: int = 720) -> str:
    """``randen``: columns aanbieder, gemeente, betaald. Returns a ``data:`` URI of the SVG."""
    aanbieders = (randen.groupby("aanbieder").betaald.sum().sort_values(ascending=False).index.tolist())
    gemeenten = sorted(randen["gemeente"].unique().tolist())
    rij = 22
    hoogte = max(len(aanbieders), len(gemeenten), 1) * rij + 60
    xa, xg = 230, breedte - 230

    def y(i: int, n: int) -> float:
        return 40 + (i + 0.5) * (hoogte - 60) / max(n, 1)

    ya = {a: y(i, len(aanbieders)) for i, a in enumerate(aanbieders)}
    yg = {g: y(i, len(gemeenten)) for i, g in enumerate(gemeenten)}
    grootste = float(randen["betaald"].max()) if not randen.empty else 1.0
    delen = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
             f'viewBox="0 0 {breedte} {hoogte}" font-family="sans-serif" font-size="12">',
             f'<text x="{xa}" y="16" text-anchor="end" font-weight="bold" fill="#222">Aanbieders</text>',
             f'<text x="{xg}" y="16" font-weight="bold" fill="#222">Gemeenten</text>']
    for r in randen.itertuples():
        w = 0.5 + 7.5 * max(float(r.betaald), 0.0) / grootste if grootste > 0 else 1.0
        delen.append(f'<line x1="{xa}" y1="{ya[r.aanbieder]:.1f}" x2="{xg}" y2="{yg[r.gemeente]:.1f}" '
                     f'stroke="{KLEUR_LIJN}" stroke-opacity="0.6" stroke-width="{w:.2f}"/>')
    for a, yy in ya.items():
        delen.append(f'<circle cx="{xa}" cy="{yy:.1f}" r="5" fill="{KLEUR_AANBIEDER}"/>'
                     f'<text x="{xa - 10}" y="{yy + 4:.1f}" text-anchor="end" fill="#222">'
                     f'{escape(aanbieder_naam.get(a, a))[:34]}</text>')
    for g, yy in yg.items():
        delen.append(f'<circle cx="{xg}" cy="{yy:.1f}" r="6" fill="{KLEUR_GEMEENTE}"/>'
                     f'<text x="{xg + 10}" y="{yy + 4:.1f}" fill="#222">{escape(gemeente_naam.get(g, g))[:34]}</text>')
    delen.append("</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode("".join(delen).encode()).decode()
