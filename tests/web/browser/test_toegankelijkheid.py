"""WCAG 2.1 AA in a real Chromium: axe-core finds no violations on any page, the keyboard reaches everything
(skip link first, every filter, submit with Enter, visible focus), and every chart has a text alternative and
its data table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from .conftest import axe_overtredingen, beschrijf, inloggen, volg

PAGINAS = ["/", "/clientpaden/", "/wachten/", "/kosten/", "/aanbieders/", "/gemeenten/", "/definities/",
           "/definities/duur_mediaan/"]


def _pseudoniem(page: Page) -> tuple[str, str]:
    """A waiting client's pseudonym and law, from the client-level list on the Wachten page."""
    rij = page.locator("#wachtenden tbody tr").first
    return rij.locator("td").first.inner_text().strip(), rij.locator("th").inner_text().strip()


def _grafieken_met_tekst(page: Page) -> list[str]:
    """Problems with the text alternatives of the charts in main: an empty alt, or no table after the chart."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelectorAll('main img')].flatMap(img => {
             const fout = [];
             if (!(img.getAttribute('alt') || '').trim()) fout.push('lege alt: ' + img.src.slice(0, 60));
             let n = img.nextElementSibling;
             while (n && !n.querySelector('table') && n.tagName !== 'TABLE' && n.tagName !== 'SECTION') {
               n = n.nextElementSibling;
             }
             if (!n || n.tagName === 'SECTION') fout.push('geen tabel na de grafiek: ' + (img.alt || '').slice(0, 60));
             return fout;
           })""")


def test_axe_every_page(browser_gebruikers: Any, nieuwe_pagina: Callable[[], Page], axe_bron: str) -> None:
    """Every page, including the login page, an aanbieder profile and one client's path: zero axe violations
    (WCAG 2.0/2.1 A and AA); every chart has a non-empty alt and a data table after it."""
    page = nieuwe_pagina()
    page.goto("/inloggen/")
    fouten = [beschrijf("/inloggen/", axe_overtredingen(page, axe_bron))]
    inloggen(page, "regio")
    grafieken = 0
    pseudoniem: tuple[str, str] | None = None
    for pad in [*PAGINAS, "aanbieder", "client"]:
        if pad == "aanbieder":
            page.goto("/aanbieders/")
            volg(page, page.locator("nav[aria-label='Profielen van aanbieders'] a").first)
        elif pad == "client":
            assert pseudoniem is not None, "de wachtlijst op Wachten is leeg"
            client, wet = pseudoniem
            page.goto(f"/clientpaden/client/?wet={wet}&client={client}")
        else:
            page.goto(pad)
        assert page.locator("h1").count() == 1, pad
        if pad == "/wachten/":
            pseudoniem = _pseudoniem(page)
        fouten.append(beschrijf(page.url, axe_overtredingen(page, axe_bron)))
        fouten.extend(_grafieken_met_tekst(page))
        grafieken += page.locator("main img").count()
    fouten = [f for f in fouten if f]
    assert not fouten, "\n".join(fouten)
    assert grafieken >= 10  # the pages really drew their charts
    # and the checker itself is live: a chart without alt text is caught
    page.set_content('<!DOCTYPE html><html lang="nl"><title>t</title><main><img src="data:,"></main></html>')
    assert "image-alt" in {v["id"] for v in axe_overtredingen(page, axe_bron)}
    assert _grafieken_met_tekst(page)


def test_keyboard(browser_gebruikers: Any, nieuwe_pagina: Callable[[], Page]) -> None:
    """From the top of a page: the skip link comes first and moves focus to main; Tab reaches every filter and
    Toepassen, with a visible outline; a filter chosen with the arrow keys is applied with Enter."""
    page = nieuwe_pagina()
    inloggen(page, "regio")
    page.goto("/kosten/")
    page.keyboard.press("Tab")
    eerste = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert eerste == ["Direct naar de inhoud", "#inhoud"]
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().left >= 0")  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"

    # from main, Tab on: every filter control and the button, each with a visible focus outline
    controles = page.evaluate("() => [...document.querySelectorAll('form.rk-filters select, form.rk-filters button')]"
                              ".map(e => e.id || e.textContent.trim())")
    assert "Toepassen" in controles and "id_periode" in controles and len(controles) >= 7
    bereikt: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {naam: e.id || e.textContent.trim(), filter: !!e.closest('form.rk-filters'),
                    outline: s.outlineStyle, breedte: parseFloat(s.outlineWidth)}; }""")
        if info["filter"]:
            assert info["outline"] != "none" and info["breedte"] > 0, f"geen zichtbare focus op {info['naam']}"
            bereikt.append(info["naam"])
        if info["naam"] == "Toepassen":
            break
    assert bereikt == controles

    # choose another law with the keyboard and submit with Enter
    page.focus("#id_wet")
    page.keyboard.press("ArrowDown")
    gekozen = page.eval_on_selector("#id_wet", "e => e.value")
    assert gekozen
    # Enter on a select does not submit (no implicit submission for selects): Tab on to Toepassen, then Enter
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Toepassen":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"wet={gekozen}" in page.url
    assert page.eval_on_selector("#id_wet", "e => e.value") == gekozen
