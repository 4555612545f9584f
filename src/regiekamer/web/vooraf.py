"""Compute ahead what the pages open with, so the first visitors of the morning do not wait.

Every page is built once per selection a user lands on: the whole region, each gemeente (where a
gemeente-analist opens), each law; with ``uitgebreid`` also each aanbieder (where an aanbieder opens) and each
single filter value. Results land in the store's figure cache (regiekamer.cijfers), shared by all server
processes. Run as ``python -m regiekamer.web.vooraf DATA_DIR [--uitgebreid]`` (``regiekamer serve`` does both:
the first before it starts, the second in the background).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie


def selecties(c: Cijfers, scope: Scope, uitgebreid: bool) -> list[Selectie]:
    o = c.opties.binnen(scope)
    uit = [Selectie()]
    uit += [Selectie(gemeente=g.code) for g in o.gemeenten]
    uit += [Selectie(wet=w.code) for w in o.wetten]
    if uitgebreid:
        uit += [Selectie(aanbieder=a.code) for a in o.aanbieders]
        uit += [Selectie(productcategorie=p.code) for p in o.productcategorieen]
        uit += [Selectie(leeftijdsklasse=k.code) for k in o.leeftijdsklassen]
    return uit


def pagina_bouwers() -> list[object]:
    from regiekamer.web.dashboard.paginas import (
        aanbieders,
        clientpaden,
        gemeenten,
        kosten,
        overzicht,
        wachten,
    )

    return [overzicht.overzicht.bouw, clientpaden.clientpaden.bouw, wachten.wachten.bouw,  # type: ignore[attr-defined]
            kosten.kosten.bouw, gemeenten.gemeenten.bouw, aanbieders._lijst]  # type: ignore[attr-defined]


def vooraf(data_dir: Path | str, *, uitgebreid: bool = False, uitvoer: bool = False) -> int:
    """Build every page for every landing selection of every region in the store; returns the page count."""
    from regiekamer.web.dashboard.pagina import Context

    c = Cijfers(data_dir)  # all cores: nobody is waiting on this process
    n, t0 = 0, time.monotonic()
    for regio in c.opties.regios:
        scope = Scope(Rol.REGIO, regio=regio)
        opties = c.opties.binnen(scope)
        periode = c.periode(None)
        for sel in selecties(c, scope, uitgebreid):
            ctx = Context(None, c, scope, opties, sel, periode)
            for bouw in pagina_bouwers():
                bouw(replace(ctx))  # type: ignore[operator]
                n += 1
            if uitvoer:
                print(f"vooraf: {regio} {sel.actief() or 'hele regio'} ({time.monotonic() - t0:.0f} s)", flush=True)
    return n


def main() -> None:
    from regiekamer.web.cli import django_setup

    data_dir = Path(sys.argv[1])
    django_setup(data_dir)
    vooraf(data_dir, uitgebreid="--uitgebreid" in sys.argv, uitvoer="--stil" not in sys.argv)


if __name__ == "__main__":
    main()
