"""A gemeente-analist records an ambition in the browser, by keyboard and mouse, and reads its progress: the
form reports a wrong deadline at the field, the saved ambition shows its status, chart and table, and every page
passes axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from regiekamer.cijfers import Cijfers
from regiekamer.sturing import voortgang
from regiekamer.web.sturing.models import Ambitie

from .conftest import axe_overtredingen, beschrijf, inloggen, volg


def test_gemeente_records_an_ambition(browser_gebruikers: dict[str, Any], nieuwe_pagina: Callable[[], Page],
                                      axe_bron: str, web: Any) -> None:
    page = nieuwe_pagina()
    inloggen(page, "gemeente")
    page.goto("/ambities/")
    fouten = [beschrijf("/ambities/", axe_overtredingen(page, axe_bron))]
    volg(page, page.get_by_role("link", name="Nieuwe ambitie vastleggen"))
    page.get_by_label("Korte naam (id)").fill("snel-aan-de-slag")
    page.get_by_label("Ambitie (verplicht)").fill("Wie hulp krijgt, begint binnen zes weken.")
    page.get_by_label("Eigenaar (verplicht)").fill("Wethouder jeugd")
    page.get_by_label("Wet").select_option("jw")
    partner = page.get_by_role("group", name="Partner 1")
    partner.get_by_label("Partner").fill("Wijkteam Noord")
    partner.get_by_label("Bijdrage").fill("vroeg signaleren")
    doel = page.get_by_role("group", name="Doel 1")
    doel.get_by_label("Indicator").select_option("clienten_in_zorg")
    doel.get_by_label("Basisperiode").fill("2024-Q4")
    doel.get_by_label("Streefwaarde").fill("40")
    doel.get_by_label("Deadline").fill("2024-10-01")  # before the end of the baseline: refused at the field
    volg(page, page.get_by_role("button", name="Opslaan"))
    fout = page.locator(".utrecht-form-field-error-message")
    assert "niet na het einde van de basisperiode" in fout.first.inner_text()
    assert doel.get_by_label("Deadline").get_attribute("aria-invalid") == "true"
    fouten.append(beschrijf("formulier met fout", axe_overtredingen(page, axe_bron)))
    assert not Ambitie.objects.exists()

    doel.get_by_label("Deadline").fill("2026-12-31")
    doel.get_by_label("Deadline").press("Enter")  # submit from the keyboard
    page.wait_for_url("**/ambities/snel-aan-de-slag/")
    (vg,) = voortgang(Cijfers(web), browser_gebruikers["gemeente"].profiel.scope(), Ambitie.objects.get().ambitie)
    assert page.locator("h1").inner_text() == "Wie hulp krijgt, begint binnen zes weken."
    assert page.locator(".rk-status").first.inner_text() == vg.status
    assert page.locator("main img").first.get_attribute("alt")
    assert page.locator("main table tbody tr").count() == 1 + len(vg.metingen)
    fouten.append(beschrijf("detail", axe_overtredingen(page, axe_bron)))
    volg(page, page.get_by_role("link", name="Alle ambities"))
    assert page.get_by_role("link", name="Wie hulp krijgt, begint binnen zes weken.").count() == 1
    assert not [f for f in fouten if f], "\n".join(fouten)


def test_steering_pages_pass_axe(browser_gebruikers: dict[str, Any], nieuwe_pagina: Callable[[], Page],
                                 axe_bron: str, rollen: dict[str, Any]) -> None:
    """The regio-analist states a priority profile and compares aanbieders (crude and standardised); the gemeente
    records a contract that its aanbieder then reads. axe finds nothing on any of these pages."""
    fouten = []
    page = nieuwe_pagina()
    inloggen(page, "regio")
    page.goto("/prioriteiten/")
    page.get_by_label("Profiel (YAML)").fill("prioriteiten:\n  vormen: {ambulant: 70, verblijf: 30}\n")
    volg(page, page.get_by_role("button", name="Opslaan"))
    assert page.locator("#kop-vormen").count() == 1
    fouten.append(beschrijf("/prioriteiten/", axe_overtredingen(page, axe_bron)))
    volg(page, page.get_by_role("navigation", name="Sturing").get_by_role("link", name="Vergelijken"))
    page.get_by_label("Cijfer").select_option("afschaling")
    page.get_by_label("Gestandaardiseerd voor cliëntkenmerken").check()
    volg(page, page.get_by_role("button", name="Toepassen"))
    assert "c-statistiek" in page.inner_text("main")
    assert page.locator("main img").first.get_attribute("alt")
    fouten.append(beschrijf("/vergelijken/", axe_overtredingen(page, axe_bron)))
    volg(page, page.get_by_role("link", name="waarom, en hoe het werkt"))
    fouten.append(beschrijf("/vergelijken/methode/", axe_overtredingen(page, axe_bron)))

    g, agb = rollen["gemeente"]["gemeente"], rollen["aanbieder"]["aanbieder"]
    page = nieuwe_pagina()
    inloggen(page, "gemeente")
    page.goto("/contracten/nieuw/")
    fouten.append(beschrijf("/contracten/nieuw/", axe_overtredingen(page, axe_bron)))
    page.get_by_label("Contract (YAML)").fill(
        f'contracten:\n  - {{id: c1, aanbieder: "{agb}", naam: Ambulant, gemeente: "{g}", van: 2025-01-01, '
        f'tot: 2025-12-31, kpis: [{{indicator: aandeel_volgens_plan, norm: 60}}]}}\n')
    volg(page, page.get_by_role("button", name="Opslaan"))
    page.wait_for_url("**/contracten/*/")
    assert page.locator("h1").inner_text() == "Ambulant"
    fouten.append(beschrijf("contract", axe_overtredingen(page, axe_bron)))
    page = nieuwe_pagina()
    inloggen(page, "aanbieder")
    volg(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contracten"))
    volg(page, page.get_by_role("link", name="Ambulant"))
    assert "Aandeel volgens plan beëindigd" in page.inner_text("main")
    assert page.get_by_role("link", name="Bewerken").count() == 0
    fouten.append(beschrijf("contract (aanbieder)", axe_overtredingen(page, axe_bron)))
    assert not [f for f in fouten if f], "\n".join(fouten)
