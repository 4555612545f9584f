"""Regiemodel scan in a real Chromium: a beleidsadviseur inventories three arrangements through the forms,
answers both questionnaires and sees the gap picture; three parties answer the conditions survey through their
own links and the perception gaps appear; the report downloads as a tagged PDF. axe-core finds no violations on
any page of the scan."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from regiekamer.regiemodel import laad_model
from web.conftest import WACHTWOORD
from web.test_regiemodel import G1, ROLLEN, pdf_tekst

from .conftest import axe_overtredingen, beschrijf, volg

MODEL = laad_model()


@pytest.fixture
def rm_gebruikers(transactional_db: Any, settings: Any) -> None:
    """The scan's users, committed so the live server sees them (no generated region needed)."""
    from regiekamer.web.cli import maak_gebruiker

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for naam, p in ROLLEN.items():
        maak_gebruiker(naam, p["rol"], gemeente=p.get("gemeente", ""), aanbieder=p.get("aanbieder", ""),
                       regio=p.get("regio", ""), wachtwoord=WACHTWOORD)


def inloggen(page: Page, naam: str) -> None:
    """Log in through the real form, straight to the scan (the figure pages need a store these tests skip)."""
    page.goto("/inloggen/?next=/regiemodel/")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/regiemodel/")


def _axe(page: Page, axe_bron: str, fouten: list[str]) -> None:
    assert page.locator("h1").count() == 1, page.url
    if f := beschrijf(page.url, axe_overtredingen(page, axe_bron)):
        fouten.append(f)


def _beantwoord(page: Page, antwoorden: dict[str, int]) -> None:
    for vraag, w in antwoorden.items():
        page.locator(f"input[name='{vraag}'][value='{w}']").check()


def _richting(vorm_id: str) -> dict[str, int]:
    """Answers pointing squarely into a form's quadrant (agree with its pole's items, disagree with the other)."""
    v = MODEL.vorm(vorm_id)
    uit = {}
    for q in MODEL.vragen:
        pool_positief = (v.x == MODEL.x.positief) if q.as_ == "x" else (v.y == MODEL.y.positief)
        eens = (q.richting == 1) == pool_positief
        uit[q.id] = 4 if eens else 2
    return uit


VOORZIENINGEN = [  # name, domain, soort, ambition form, practice form
    ("Wijkteam Oost", "Wmo", "wijkteam", "sturen", "coordineren"),
    ("Loket Jeugd", "Jeugd", "loket", "sturen", "afstemmen"),
    ("Netwerk Dementie", "Wmo", "netwerk", "afspreken", "afspreken"),
]


def test_inventory_questionnaires_gap_picture(rm_gebruikers: None, nieuwe_pagina: Callable[[], Page],
                                              axe_bron: str) -> None:
    page = nieuwe_pagina()
    fouten: list[str] = []
    inloggen(page, "gemeente")
    _axe(page, axe_bron, fouten)
    for i, (naam, domein, soort, ambitie, praktijk) in enumerate(VOORZIENINGEN):
        volg(page, page.get_by_role("link", name="Voorziening toevoegen"))
        page.get_by_label("Naam").fill(naam)
        page.get_by_label("Domein").fill(domein)
        page.get_by_label("Soort voorziening").select_option(soort)
        if i == 0:
            _axe(page, axe_bron, fouten)
        volg(page, page.get_by_role("button", name="Opslaan"))
        # straight on to the ambition questionnaire, with its policy source
        assert page.locator("h1").inner_text() == f"Ambitie: {naam}"
        page.get_by_label("Beleidsdocument").fill("Beleidsplan Sociaal Domein 2026")
        page.get_by_label("Passage (niet verplicht)").fill("Wij sturen zelf op het aanbod.")
        _beantwoord(page, _richting(ambitie))
        if i == 0:
            _axe(page, axe_bron, fouten)
        volg(page, page.get_by_role("button", name="Opslaan"))
        assert page.locator("h1").inner_text() == f"Praktijk: {naam}"
        _beantwoord(page, _richting(praktijk))
        volg(page, page.get_by_role("button", name="Opslaan"))
        # the arrangement's page: its form, and the roles that follow from the position
        assert page.locator("h1").inner_text() == naam
        rollen = page.locator("section[aria-labelledby='kop-rollen']").inner_text()
        assert MODEL.vorm(praktijk).rollen["contractering"] in rollen
        if ambitie != praktijk:
            assert MODEL.vorm(ambitie).rollen["contractering"] in rollen
        if i == 0:
            _axe(page, axe_bron, fouten)
        volg(page, page.get_by_role("link", name="← Scan"))
    # the gemeente page: the gap picture with its text alternative and table, and the spaghetti
    gat = page.locator("#gat")
    alt = gat.locator("img").get_attribute("alt") or ""
    for naam, _, _, ambitie, praktijk in VOORZIENINGEN:
        assert f"{naam}: ambitie {MODEL.vorm(ambitie).naam}, praktijk {MODEL.vorm(praktijk).naam}" in alt
        assert gat.get_by_role("rowheader", name=naam).count() == 1
    assert page.locator("#gat img").evaluate("i => i.complete && i.naturalWidth > 300")
    spaghetti = page.locator("#spaghetti").inner_text()
    assert "Coördineren, Afspreken" in spaghetti or "Afspreken, Coördineren" in spaghetti
    _axe(page, axe_bron, fouten)
    page.goto("/regiemodel/model/")
    _axe(page, axe_bron, fouten)
    page.goto(f"/regiemodel/gemeente/{G1}/rapport/")
    _axe(page, axe_bron, fouten)
    page.goto(f"/regiemodel/gemeente/{G1}/import/")
    page.get_by_label("Inventaris (YAML)").set_input_files(
        files=[{"name": "kapot.yaml", "mimeType": "application/yaml", "buffer": b"voorzieningen:\n  - naam: X\n"}])
    volg(page, page.get_by_role("button", name="Inlezen"))
    assert "voorzieningen[0].domein: ontbreekt" in page.get_by_role("alert").inner_text()
    _axe(page, axe_bron, fouten)
    assert not fouten, "\n".join(fouten)


def test_three_parties_answer_and_perception_gaps_appear(rm_gebruikers: None,
                                                         nieuwe_pagina: Callable[[], Page], axe_bron: str) -> None:
    page = nieuwe_pagina()
    fouten: list[str] = []
    inloggen(page, "gemeente")
    volg(page, page.get_by_role("link", name="Enquête aanmaken"))
    _axe(page, axe_bron, fouten)
    page.get_by_label("Titel").fill("Samenwerking 2026")
    page.get_by_label("Zorgverzekeraar (niet verplicht)").fill("Zorgverzekeraar Zuid")
    page.get_by_label("Aanbieders").fill("Stichting Welzijn Best")
    volg(page, page.get_by_role("button", name="Enquête aanmaken"))
    _axe(page, axe_bron, fouten)
    links = page.locator("#links a").evaluate_all("as => as.map(a => a.href)")
    assert len(links) == 3 and len(set(links)) == 3
    # each party answers on its own, without an account; they disagree on the shared ambition only
    ambitie = [q.id for c in MODEL.condities if c.id == "ambitie" for q in c.vragen]
    for i, (link, score) in enumerate(zip(links, (5, 3, 1), strict=True)):
        gast = nieuwe_pagina()
        gast.goto(link)
        assert "/inloggen/" not in gast.url
        if i == 0:
            _axe(gast, axe_bron, fouten)
        _beantwoord(gast, {q.id: (score if q.id in ambitie else 4) for q in MODEL.conditievragen})
        volg(gast, gast.get_by_role("button", name="Antwoorden versturen"))
        assert "zijn opgeslagen" in gast.get_by_role("status").inner_text()
        if i == 0:
            _axe(gast, axe_bron, fouten)
    page.reload()
    verschillen = page.locator("#verschillen").inner_text()
    assert "Gedeelde ambitie" in verschillen and "Stichting Welzijn Best 1,00" in verschillen
    assert "Goede persoonlijke relaties" not in verschillen
    tabel = page.locator("#condities table").inner_text()
    assert "Zorgverzekeraar Zuid" in tabel
    _axe(page, axe_bron, fouten)
    # the region view, as the regio-analist and as a provider sees it
    for wie in ("regio", "aanbieder"):
        ander = nieuwe_pagina()
        inloggen(ander, wie)
        ander.goto("/regiemodel/")
        _axe(ander, axe_bron, fouten)
        if wie == "regio":  # the gemeente's scan, read-only
            volg(ander, ander.get_by_role("link", name="Best (0753)"))
            assert ander.get_by_role("link", name="Voorziening toevoegen").count() == 0
            _axe(ander, axe_bron, fouten)
    assert not fouten, "\n".join(fouten)


def test_report_downloads_as_tagged_pdf(rm_gebruikers: None, nieuwe_pagina: Callable[[], Page]) -> None:
    call_command("regiemodel_voorbeeld", G1, stdout=io.StringIO())
    page = nieuwe_pagina()
    inloggen(page, "gemeente")
    page.goto(f"/regiemodel/gemeente/{G1}/rapport/")
    with page.expect_download() as d:
        page.get_by_role("link", name="Download als PDF").click()
    pad = d.value.path()
    with pikepdf.open(pad) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "nl"
        tekst = "".join(pdf_tekst(pdf).split())
    for naam in ("Centrum voor Jeugd en Gezin", "Frontoffice jeugdhulp", "Sociaal wijkteam Centrum"):
        assert "".join(naam.split()) in tekst
