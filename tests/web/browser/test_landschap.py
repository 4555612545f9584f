"""The landscape pages in a real Chromium: axe-core finds no violations on any of them (also the settings page
with an error shown), a regio-analist sees every gemeente, a gemeente-analist the regional landscape but only
its own gemeente's client counts, and nothing on the pages identifies a household."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from .conftest import axe_overtredingen, beschrijf, inloggen, volg

PAGINAS = ["/landschap/", "/landschap/afhankelijkheid/", "/landschap/continuiteit/", "/landschap/gemeenten/"]
PSEUDONIEM = re.compile(r"\b[0-9a-f]{32}\b")


def test_regio_analist_axe_and_all_gemeenten(browser_gebruikers: Any, nieuwe_pagina: Callable[[], Page],
                                             axe_bron: str, opties: Any) -> None:
    page = nieuwe_pagina()
    inloggen(page, "regio")
    fouten = []
    for pad in [*PAGINAS, "/landschap/instellingen/"]:
        page.goto(pad)
        assert page.locator("h1").count() == 1, pad
        fouten.append(beschrijf(pad, axe_overtredingen(page, axe_bron)))
        assert not PSEUDONIEM.search(page.locator("main").inner_text()), pad
    # the settings page showing an error is accessible too
    page.get_by_label("Inrichting (YAML)").fill("regio: Elders\n")
    volg(page, page.get_by_role("button", name="Inrichting opslaan"))
    assert page.get_by_role("alert").inner_text().startswith("Niet opgeslagen")
    fouten.append(beschrijf("instellingen met fout", axe_overtredingen(page, axe_bron)))
    fouten = [f for f in fouten if f]
    assert not fouten, "\n".join(fouten)

    page.goto("/landschap/")
    netwerk = page.locator("#netwerk")
    assert netwerk.locator("img").get_attribute("alt")
    tekst = netwerk.locator("table").inner_text()
    for k in opties.gemeenten:
        assert k.naam in tekst


def test_gemeente_analist_own_counts_and_no_household(browser_gebruikers: Any, nieuwe_pagina: Callable[[], Page],
                                                      axe_bron: str, opties: Any) -> None:
    eigen, ander = opties.gemeenten[0], opties.gemeenten[1]
    page = nieuwe_pagina()
    inloggen(page, "gemeente")
    fouten = []
    for pad in PAGINAS:
        page.goto(pad)
        fouten.append(beschrijf(pad, axe_overtredingen(page, axe_bron)))
        tekst = page.locator("main").inner_text()
        assert ander.naam not in tekst, pad
        assert not PSEUDONIEM.search(tekst), pad
    assert not [f for f in fouten if f], "\n".join(f for f in fouten if f)
    page.goto("/landschap/")
    matrix = page.locator("#matrix table").inner_text()
    assert eigen.naam in matrix and "Hele regio" in matrix  # own rows beside the regional landscape
    page.goto("/landschap/continuiteit/")
    assert page.locator("#concentratie tbody tr").count() > 0
    page.goto("/landschap/gemeenten/")
    # samenloop: only counts, suppressed ('.') or rounded to fives; no key, no address, no postcode below 4 digits
    for rij in page.locator("#samenloop tbody tr").all():
        cellen = [c.inner_text().strip() for c in rij.locator("td").all()]
        for c in cellen[1:]:
            assert c == "." or (c.isdigit() and int(c) % 5 == 0), cellen
