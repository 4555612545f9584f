"""Each role clicks through the navigation in a real browser: every page shows what the indicator library computes
for the same filters and the user's scope, and nothing outside that scope (the gemeente-analist's filter offers only
the own gemeente, an aanbieder sees no other AGB code, the beheerder sees no figures)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from regiekamer.cijfers import Cijfers, Opties, Rol, Scope, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.web.dashboard.context import NAVIGATIE, WERKBLADEN
from regiekamer.web.dashboard.opmaak import waarde

from .conftest import axe_overtredingen, beschrijf, inloggen

FIGUREN = ["overzicht", "clientpaden", "wachten", "kosten", "aanbieders", "gemeenten"]
ADRES = {"overzicht": "/", "clientpaden": "/clientpaden/", "wachten": "/wachten/", "kosten": "/kosten/",
         "aanbieders": "/aanbieders/", "gemeenten": "/gemeenten/", "definities": "/definities/"}


def tabel(page: Page, blok: str) -> tuple[list[str], list[list[str]]]:
    """The column headers and the rows (cell texts) of the data table of block ``blok``."""
    kop = page.locator(f"section#{blok} thead th").all_inner_texts()
    rijen = page.evaluate(f"""() => [...document.querySelectorAll('section#{blok} tbody tr')]
                                    .map(r => [...r.children].map(c => c.textContent.trim()))""")
    return [k.strip() for k in kop], rijen


def cel(page: Page, blok: str, rij: str, kolom: str | int) -> str:
    kop, rijen = tabel(page, blok)
    i = kolom if isinstance(kolom, int) else kop.index(kolom)
    gevonden = [r[i] for r in rijen if r[0] == rij]
    assert gevonden, f"geen rij {rij!r} in blok {blok} ({[r[0] for r in rijen]})"
    return gevonden[0]


def filters(page: Page) -> dict[str, str | None]:
    return page.evaluate(  # type: ignore[no-any-return]
        "() => Object.fromEntries([...document.querySelectorAll('form.rk-filters select')].map(e => [e.name, e.value]))")


def bibliotheek(c: Cijfers, scope: Scope, sel: Selectie, periode: str, ind: str) -> str:
    df = c.indicatoren(scope, sel, c.periode(periode), [ind])
    if "reden_beeindiging" in df.columns:
        df = df[df["reden_beeindiging"].isna()]
    return waarde(df["waarde"].iloc[0], PER_ID[ind].eenheid)


def controleer_cijfer(page: Page, pagina: str, c: Cijfers, scope: Scope, opties: Opties) -> str:
    """Check one figure on the page against the library for the filters the page shows; returns what was checked."""
    f = filters(page)
    sel, periode = Selectie.uit(f), str(f["periode"])
    if pagina in ("overzicht", "clientpaden", "kosten"):
        ind = {"overzicht": "clienten_in_zorg", "clientpaden": "trajecten_gestart", "kosten": "kosten"}[pagina]
        getoond = cel(page, "kerncijfers", PER_ID[ind].naam, 1)
    elif pagina in ("aanbieders", "gemeenten"):
        ind = "clienten_in_zorg"
        rij = "Alle aanbieders" if pagina == "aanbieders" else "Hele regio"
        getoond = cel(page, f"per-{pagina[:-1] if pagina == 'aanbieders' else 'gemeente'}", rij, PER_ID[ind].naam)
    else:  # wachten: the number still waiting, and (client level) the number waiting 12 weeks or longer
        datum = min(c.periode(periode).tot, opties.laatste_dag)
        verwacht = int(c.wachtend(scope, sel, datum, by=["aanbieder"])["clienten"].sum())
        _, rijen = tabel(page, "wachtend-aanbieder")
        assert sum(int(r[-1]) for r in rijen) == verwacht > 0
        if scope.ziet_clienten:
            n = len(c.wachtenden(scope, sel, datum, min_dagen=84))
            assert f"Wie wacht er 12 weken of langer ({n} cliënten" in page.inner_text("main")
        return f"wachtend {verwacht}"
    verwacht_tekst = bibliotheek(c, scope, sel, periode, ind)
    assert getoond == verwacht_tekst, f"{pagina}: {ind} toont {getoond}, bibliotheek {verwacht_tekst} ({f})"
    assert verwacht_tekst not in ("–", "0")
    return f"{ind} {getoond}"


def paginatekst(page: Page) -> str:
    """The page's HTML with each chart (an SVG data URI) decoded, so labels inside charts count too."""
    html = page.content()
    return re.sub(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)",
                  lambda m: base64.b64decode(m.group(1)).decode(errors="replace"), html)


def klik(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label, exact=True).click()
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("rol", ["gemeente", "regio", "aanbieder"])
def test_role_walks_every_page(rol: str, browser_gebruikers: dict[str, Any], nieuwe_pagina: Callable[[], Page],
                               web: Path, opties: Opties) -> None:
    page = nieuwe_pagina()
    inloggen(page, rol)
    scope = browser_gebruikers[rol].profiel.scope()
    c = Cijfers(web)
    anderen = [k.code for k in opties.aanbieders if k.code != scope.aanbieder]
    gezien = {}
    for naam, label in NAVIGATIE:
        klik(page, label)
        assert page.url.rstrip("/").endswith(ADRES[naam].rstrip("/")), (naam, page.url)
        if naam in FIGUREN:
            gezien[naam] = controleer_cijfer(page, naam, c, scope, opties)
            gemeenten = page.eval_on_selector_all("#id_gemeente option", "os => os.map(o => o.value)")
            if rol == "gemeente":
                assert gemeenten == ["", scope.gemeente], gemeenten
            else:
                assert len(gemeenten) == len(opties.gemeenten) + 1
        else:
            assert page.locator("table tbody tr").count() == len(PER_ID)
        if rol == "aanbieder":
            tekst = paginatekst(page)
            gelekt = [a for a in anderen if re.search(rf"(?<!\d){a}(?!\d)", tekst)]
            assert not gelekt, f"{naam}: andere AGB-codes zichtbaar: {gelekt}"
            assert scope.aanbieder in tekst or naam == "definities"
    assert set(gezien) == set(FIGUREN), gezien
    if rol == "aanbieder":
        # the own profile is one click from Aanbieders, and holds no other code either
        klik(page, "Aanbieders")
        with page.expect_navigation():
            page.get_by_role("navigation", name="Profielen van aanbieders").get_by_role("link").first.click()
        assert page.url.split("?")[0].endswith(f"/aanbieders/{scope.aanbieder}/")
        assert not [a for a in anderen if re.search(rf"(?<!\d){a}(?!\d)", paginatekst(page))]


def test_beheerder_sees_no_figures(browser_gebruikers: dict[str, Any], nieuwe_pagina: Callable[[], Page],
                                   axe_bron: str) -> None:
    """The beheerder lands on the beheer screens; a figure page is an (accessible) refusal with the Beheer link,
    and every figure page answers 403."""
    page = nieuwe_pagina()
    inloggen(page, "beheerder")
    assert "/beheer/" in page.url
    page.goto(ADRES["wachten"])
    assert page.locator("h1").inner_text() == "Geen toegang"
    assert not (v := axe_overtredingen(page, axe_bron)), beschrijf(page.url, v)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Beheer", exact=True).count() == 1
    for _, label in NAVIGATIE[:-1]:
        assert menu.get_by_role("link", name=label, exact=True).count() == 0
    for naam in FIGUREN:
        r = page.goto(ADRES[naam])
        if naam == "overzicht":  # the start page sends a beheerder to the beheer screens
            assert r is not None and r.status == 200 and "/beheer/" in page.url
            continue
        assert r is not None and r.status == 403, (naam, r and r.status)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer", exact=True).click()
    assert "/beheer/" in page.url and page.locator("#id_username").count() == 0  # admin itself, not its login



@pytest.mark.parametrize("rol", ["gemeente", "regio", "aanbieder"])
def test_steering_pages_in_the_menu(rol: str, browser_gebruikers: dict[str, Any],
                                    nieuwe_pagina: Callable[[], Page]) -> None:
    """The menu offers a role exactly its steering entries, and each opens with one heading; the others answer
    403 when typed in, except the contracts, which gemeente and regio reach under Sturing."""
    page = nieuwe_pagina()
    inloggen(page, rol)
    eigen = Rol(browser_gebruikers[rol].profiel.rol)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    for naam, label, rollen in WERKBLADEN:
        if eigen in rollen:
            klik(page, label)
            assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() != "Geen toegang", naam
            menu = page.get_by_role("navigation", name="Hoofdmenu")
        else:
            assert menu.get_by_role("link", name=label, exact=True).count() == 0, naam
            r = page.goto(f"/{naam}/")
            assert r is not None
            if naam == "contracten":  # gemeente and regio reach their contracts under Sturing
                assert r.status == 200
                sub = page.get_by_role("navigation", name="Sturing").get_by_role("link", name="Contracten")
                assert sub.get_attribute("aria-current") == "page"
            else:
                assert r.status == 403, naam
            page.go_back()
