"""The public report in Chromium (issue 9): a gemeente and an aanbieder each write, review and approve their own
section; the gemeente publishes; the public page opens without login, shows only approved text and no number the
small-number rule forbids. axe-core finds no violation on any page of the app."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from .conftest import axe_overtredingen, beschrijf, inloggen, volg


def test_narratives_approval_and_public_page(browser_gebruikers: dict[str, Any], nieuwe_pagina: Callable[[], Page],
                                             axe_bron: str) -> None:
    fouten: list[str] = []
    g = nieuwe_pagina()
    inloggen(g, "gemeente")
    g.goto("/verantwoording/")
    fouten.append(beschrijf("/verantwoording/", axe_overtredingen(g, axe_bron)))
    volg(g, g.get_by_role("button", name="Rapport openen"))
    expect(g.get_by_role("heading", name="Wat hebben we gedaan")).to_be_visible()
    fouten.append(beschrijf("rapport (concept)", axe_overtredingen(g, axe_bron)))
    rapport_url = g.url
    volg(g, g.get_by_role("link", name="Uw eigen verhaal schrijven"))
    # an empty text cannot go to review: the error is at the field
    volg(g, g.get_by_role("button", name="Ter beoordeling aanbieden").nth(2))
    expect(g.get_by_label("Tekst: wat we hebben geleerd")).to_have_attribute("aria-invalid", "true")
    fouten.append(beschrijf("verhaal met fout", axe_overtredingen(g, axe_bron)))
    g.get_by_label("Tekst: wat we hebben geleerd").fill("De gemeente leerde dat vroeg samen kijken helpt.")
    volg(g, g.get_by_role("button", name="Ter beoordeling aanbieden").nth(2))
    expect(g.get_by_role("heading", name="Ter beoordeling: zo komt de tekst in het rapport")).to_be_visible()
    fouten.append(beschrijf("verhaal ter beoordeling", axe_overtredingen(g, axe_bron)))
    volg(g, g.get_by_role("button", name="Goedkeuren en publiceren: wat we hebben geleerd"))
    expect(g.get_by_role("status")).to_contain_text("versie 1 goedgekeurd en gepubliceerd")

    a = nieuwe_pagina()
    inloggen(a, "aanbieder")
    a.goto("/verantwoording/")
    volg(a, a.get_by_role("link", name=re.compile("Uw verhaal in het rapport")).first)
    a.get_by_label("Tekst: onze reactie op de cijfers").fill("De aanbieder herkent de wachttijden en pakt ze aan.")
    volg(a, a.get_by_role("button", name="Ter beoordeling aanbieden").nth(1))
    volg(a, a.get_by_role("button", name="Goedkeuren en publiceren: onze reactie op de cijfers"))
    expect(a.get_by_role("status")).to_contain_text("goedgekeurd en gepubliceerd")
    a.get_by_label("Tekst: wat we hebben geleerd").fill("Nog niet goedgekeurde tekst van de aanbieder.")
    volg(a, a.get_by_role("button", name="Ter beoordeling aanbieden").nth(2))  # reviewed, never approved

    g.goto(rapport_url)
    volg(g, g.get_by_role("link", name="Publiceren en status van de verhalen"))
    fouten.append(beschrijf("publiceren", axe_overtredingen(g, axe_bron)))
    volg(g, g.get_by_role("button", name="Rapport publiceren"))
    openbaar = g.get_by_role("link", name="openbare pagina versie 1").get_attribute("href")
    assert openbaar

    p = nieuwe_pagina()  # nobody logged in
    p.goto("/openbaar/")
    fouten.append(beschrijf("/openbaar/", axe_overtredingen(p, axe_bron)))
    volg(p, p.get_by_role("link", name=re.compile(", 20")).first)
    expect(p.get_by_role("heading", name="Wat hebben we geleerd")).to_be_visible()
    fouten.append(beschrijf("openbaar rapport", axe_overtredingen(p, axe_bron)))
    tekst = p.locator("main").inner_text()
    assert "De gemeente leerde dat vroeg samen kijken helpt." in tekst
    assert "De aanbieder herkent de wachttijden en pakt ze aan." in tekst
    assert "Nog niet goedgekeurde tekst" not in tekst
    for rij in p.locator("table").all():
        koppen = rij.locator("thead th").all_inner_texts()
        if not set(koppen) & {"Aantal", "Trajecten", "Cliënten"}:
            continue
        for cel in rij.locator("tbody td").all_inner_texts():
            if cel.strip() in (".", "–") or "dagen" in cel:
                continue
            n = int(cel.replace(".", ""))
            assert n == 0 or (n >= 10 and n % 5 == 0), cel
    assert p.request.get(p.url + "rapport.pdf").headers["content-type"] == "application/pdf"
    assert not [f for f in fouten if f], "\n".join(f for f in fouten if f)
