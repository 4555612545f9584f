"""Review of the four newer apps (Zorglandschap, Sturing, Regiemodel, Verantwoording): writes across
organisations by URL, CSRF on state-changing POSTs, what the public pages show, upload limits, and the survey's
invitation links. The role × page matrix is in test_bereik.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regiekamer.web.regiemodel.models import Deelnemer, Enquete, Voorziening
from regiekamer.web.sturing.models import Ambitie, Contract
from regiekamer.web.verantwoording.models import Publicatie, Rapport, VerhaalVersie
from web.test_bereik import _nieuwe_objecten


@pytest.fixture
def o(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any]) -> dict[str, Any]:
    return _nieuwe_objecten(client, gebruikers, rollen)


def test_another_gemeente_cannot_write_by_url(client: Any, gebruikers: dict[str, Any], o: dict[str, Any]) -> None:
    voor = (Ambitie.objects.count(), Contract.objects.count(), Voorziening.objects.count(), VerhaalVersie.objects.count())
    client.force_login(gebruikers["gemeente2"])
    c, v, r = o["contract"], o["voorziening"], o["rapport"]
    assert client.post("/ambities/bereik-test/bewerken/", {"id": "x"}).status_code == 404
    assert client.post("/ambities/bereik-test/verwijderen/").status_code == 404
    assert client.post(f"/contracten/{c}/bewerken/", {"yaml": "contracten: []"}).status_code == 404
    assert client.post(f"/contracten/{c}/verwijderen/").status_code == 404
    assert client.post(f"/regiemodel/voorziening/{v}/verwijderen/").status_code == 403
    assert client.post(f"/regiemodel/voorziening/{v}/praktijk/", {f"x{i}": "5" for i in range(1, 5)}).status_code == 403
    assert client.post(f"/regiemodel/voorziening/{v}/bewerken/", {"naam": "Overgenomen"}).status_code == 403
    assert client.post(f"/regiemodel/gemeente/{o['g']}/nieuw/", {"naam": "Indringer", "domein": "Jeugd",
                                                                 "soort": "loket"}).status_code == 403
    url = f"/verantwoording/rapport/{r}/verhaal/"
    assert client.post(url, {"onderdeel": "geleerd", "tekst": "van gemeente2", "actie": "beoordelen"}).status_code == 404
    assert client.post(f"/verantwoording/rapport/{r}/publiceren/nu/").status_code == 404
    # the aanbieder reads the contract but cannot change or delete it
    client.force_login(gebruikers["aanbieder"])
    assert client.post(f"/contracten/{c}/verwijderen/").status_code == 403
    assert client.post(f"/contracten/{c}/bewerken/", {"yaml": "contracten: []"}).status_code == 403
    assert client.post(f"/verantwoording/rapport/{r}/publiceren/nu/").status_code == 403
    na = (Ambitie.objects.count(), Contract.objects.count(), Voorziening.objects.count(), VerhaalVersie.objects.count())
    assert na == voor
    assert Voorziening.objects.get(pk=v).naam == "Wijkteam Bereik"
    assert Publicatie.objects.filter(rapport_id=r).count() == 1


def test_another_aanbieder_cannot_open_the_contract(client: Any, gebruikers: dict[str, Any], opties: Any,
                                                    rollen: dict[str, Any], o: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    from regiekamer.cijfers import Rol
    from regiekamer.web.cli import maak_gebruiker

    ander = next(k.code for k in opties.aanbieders if k.code != rollen["aanbieder"]["aanbieder"])
    maak_gebruiker("aanbieder2", Rol.AANBIEDER.value, aanbieder=ander, regio=rollen["aanbieder"]["regio"],
                   wachtwoord="Regiekamer-test-2026!")
    client.force_login(User.objects.get(username="aanbieder2"))
    assert client.get(f"/contracten/{o['contract']}/").status_code == 404
    assert "bereik-2025" not in client.get("/contracten/").content.decode()
    assert "bereik-2025" not in client.get("/contracten/export.yaml").content.decode()
    # it did no work under this contract: the gemeente's report is not its to open unless it worked there
    r = client.get(f"/verantwoording/rapport/{o['rapport']}/")
    assert r.status_code in (302, 404)
    if r.status_code == 302:  # it had paid care in the gemeente: only its own sections, never the draft report
        assert r["Location"].endswith("/verhaal/")


def test_csrf_is_enforced_on_state_changing_posts(gebruikers: dict[str, Any], o: dict[str, Any]) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(gebruikers["gemeente"])
    paden = ["/ambities/bereik-test/verwijderen/", f"/contracten/{o['contract']}/verwijderen/",
             f"/regiemodel/voorziening/{o['voorziening']}/verwijderen/",
             f"/verantwoording/rapport/{o['rapport']}/publiceren/nu/", "/prioriteiten/", "/ambities/import/"]
    for pad in paden:
        assert c.post(pad, {}).status_code == 403, pad
    d = Deelnemer.objects.filter(enquete_id=o["enquete"]).first()
    assert d is not None
    anoniem = Client(enforce_csrf_checks=True)
    assert anoniem.post(f"/regiemodel/uitnodiging/{d.token}/", {}).status_code == 403
    assert Ambitie.objects.filter(sleutel="bereik-test").exists() and Contract.objects.filter(pk=o["contract"]).exists()
    assert Publicatie.objects.filter(rapport_id=o["rapport"]).count() == 1


def test_public_pages_show_only_published_approved_text(client: Any, gebruikers: dict[str, Any],
                                                        rollen: dict[str, Any], o: dict[str, Any]) -> None:
    slug = o["slug"]
    client.force_login(gebruikers["gemeente"])
    url = f"/verantwoording/rapport/{o['rapport']}/verhaal/"
    client.post(url, {"onderdeel": "waarom", "tekst": "GEHEIM-CONCEPT", "actie": "opslaan"})
    client.post(url, {"onderdeel": "geleerd", "tekst": "GEHEIM-TER-BEOORDELING", "actie": "beoordelen"})
    # the aanbieder writing in the gemeente's report sees neither the draft report nor the gemeente's drafts
    client.force_login(gebruikers["aanbieder"])
    assert client.get(f"/verantwoording/rapport/{o['rapport']}/").status_code == 302
    assert client.get(f"/verantwoording/rapport/{o['rapport']}/?formaat=pdf").status_code == 302
    eigen = client.get(url).content.decode()
    assert "GEHEIM" not in eigen and "Goedgekeurde tekst" not in eigen
    client.logout()
    html = client.get(f"/openbaar/{slug}/").content.decode()
    assert "Goedgekeurde tekst" in html
    assert "GEHEIM-CONCEPT" not in html and "GEHEIM-TER-BEOORDELING" not in html
    assert "GEHEIM" not in client.get("/openbaar/").content.decode()
    # a report that was never published has no public page, PDF or export
    client.force_login(gebruikers["regio"])
    assert client.post("/verantwoording/", {"periode": "2025", "wet": ""}).status_code == 302
    onbekend = Rapport.objects.get(onderwerp__startswith="regio:")
    client.logout()
    for pad in ("", "rapport.pdf", "export.zip", "v1/"):
        assert client.get(f"/openbaar/{onbekend.slug}/{pad}").status_code == 404, pad
    assert client.get(f"/openbaar/{slug}/v2/").status_code == 404
    assert onbekend.slug not in client.get("/openbaar/").content.decode()


def test_invitation_link_opens_only_that_partys_answers(client: Any, o: dict[str, Any]) -> None:
    a, b = list(Deelnemer.objects.filter(enquete_id=o["enquete"]).order_by("pk"))[:2]
    a.antwoorden = {"zzz": 5}
    a.save()
    html = client.get(f"/regiemodel/uitnodiging/{b.token}/").content.decode()
    assert b.naam in html and a.naam not in html
    assert a.token not in html
    assert "checked" not in html  # b has answered nothing: nothing of a's is filled in
    assert client.get(f"/regiemodel/uitnodiging/{b.token[:-1]}x/").status_code == 404
    assert len(b.token) >= 43


def test_enquete_results_closed_to_aanbieder_and_other_gemeente(client: Any, gebruikers: dict[str, Any],
                                                                o: dict[str, Any]) -> None:
    e = Enquete.objects.get(pk=o["enquete"])
    tokens = [d.token for d in Deelnemer.objects.filter(enquete=e)]
    client.force_login(gebruikers["regio"])  # reads the results, never the links (docs/regiemodel.md)
    html = client.get(f"/regiemodel/enquete/{e.pk}/").content.decode()
    assert not any(t in html for t in tokens)
    for rol in ("gemeente2", "aanbieder"):
        client.force_login(gebruikers[rol])
        assert client.get(f"/regiemodel/enquete/{e.pk}/").status_code == 403


def test_beheerder_refused_on_methods_page(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["beheerder"])
    assert client.get("/vergelijken/methode/").status_code == 403


GROOT = 1_100_000  # above the 1 MB every upload allows (regiekamer.web.bestanden.MAX_UPLOAD)


def test_contract_upload_over_the_limit_is_refused(client: Any, gebruikers: dict[str, Any],
                                                    rollen: dict[str, Any]) -> None:
    g, agb = rollen["gemeente"]["gemeente"], rollen["aanbieder"]["aanbieder"]
    tekst = (f'contracten:\n  - {{id: groot, aanbieder: "{agb}", naam: Groot, gemeente: "{g}", wet: jw, '
             f'van: 2025-01-01, tot: 2025-12-31}}\n' + "#" * GROOT + "\n")
    client.force_login(gebruikers["gemeente"])
    r = client.post("/contracten/nieuw/", {"bestand": SimpleUploadedFile("c.yaml", tekst.encode())})
    assert r.status_code == 400 and not Contract.objects.filter(sleutel="groot").exists()


def test_regiemodel_import_over_the_limit_is_refused(client: Any, gebruikers: dict[str, Any],
                                                     o: dict[str, Any]) -> None:
    client.force_login(gebruikers["gemeente"])
    tekst = "voorzieningen: []\n" + "#" * GROOT + "\n"
    r = client.post(f"/regiemodel/gemeente/{o['g']}/import/",
                    {"bestand": SimpleUploadedFile("r.yaml", tekst.encode())})
    assert r.status_code == 400


def test_landschap_upload_over_the_limit_is_refused(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["regio"])
    regio = gebruikers["regio"].profiel.jeugdregio
    tekst = f"regio: {regio}\nregionaal:\n  jw: []\n  wmo: []\nlokaal: {{}}\n" + "#" * GROOT + "\n"
    r = client.post("/landschap/instellingen/", {"soort": "inrichting",
                                                  "bestand": SimpleUploadedFile("i.yaml", tekst.encode())})
    assert r.status_code == 400


def test_yaml_uploads_refuse_python_tags(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any]) -> None:
    """safe_load everywhere: a !!python tag is an error with a message, never executed."""
    boos = "ambities: !!python/object/apply:os.system ['echo h19']\n"
    client.force_login(gebruikers["gemeente"])
    r = client.post("/ambities/import/", {"bestand": SimpleUploadedFile("a.yaml", boos.encode())})
    assert r.status_code == 400
    r = client.post("/contracten/nieuw/", {"yaml": boos.replace("ambities", "contracten")})
    assert r.status_code == 400
    r = client.post("/prioriteiten/", {"yaml": boos.replace("ambities", "prioriteiten")})
    assert r.status_code == 400


LANDSCHAP = ["/landschap/", "/landschap/afhankelijkheid/", "/landschap/continuiteit/", "/landschap/gemeenten/"]


@pytest.mark.parametrize("rol", ["gemeente", "aanbieder"])
def test_landschap_downloads_stay_in_scope(client: Any, gebruikers: dict[str, Any], opties: Any,
                                          rollen: dict[str, Any], rol: str) -> None:
    """The CSV download of a block is its raw table (Blok.ruw), not the shown one: it must hold no more."""
    client.force_login(gebruikers[rol])
    fout = []
    for pad in LANDSCHAP:
        html = client.get(pad).content.decode()
        blokken = sorted(set(re.findall(r"download=([a-z0-9-]+)&(?:amp;)?formaat=csv", html)))
        assert blokken, pad
        for b in blokken:
            r = client.get(pad, {"download": b, "formaat": "csv"})
            assert r.status_code == 200, (pad, b)
            tekst = r.content.decode("utf-8-sig")
            if rol == "gemeente":
                for k in opties.gemeenten:
                    if k.code != rollen[rol]["gemeente"] and re.search(rf"(^|[,;\"]){k.code}([,;\"]|$)", tekst, re.M):
                        fout.append(f"{pad} {b}: gemeente {k.code}")
            else:
                for k in opties.aanbieders:
                    if k.code != rollen[rol]["aanbieder"] and k.code in tekst:
                        fout.append(f"{pad} {b}: AGB {k.code}")
    assert not fout, "\n".join(sorted(set(fout)))


@pytest.mark.parametrize("rol", ["gemeente", "aanbieder"])
def test_filters_outside_scope_refused_on_new_pages(client: Any, gebruikers: dict[str, Any], opties: Any,
                                                   rollen: dict[str, Any], rol: str) -> None:
    client.force_login(gebruikers[rol])
    if rol == "gemeente":
        ander = {"gemeente": next(k.code for k in opties.gemeenten if k.code != rollen[rol]["gemeente"])}
    else:
        ander = {"aanbieder": next(k.code for k in opties.aanbieders if k.code != rollen[rol]["aanbieder"])}
    for pad in LANDSCHAP:
        assert client.get(pad, ander).status_code == 403, pad
    r = client.get("/vergelijken/", ander)
    if rol == "gemeente":
        assert r.status_code == 403
    else:  # the page has no aanbieder filter: the parameter is ignored, the aanbieder stays on its own point
        assert r.status_code == 200 and ander["aanbieder"] not in r.content.decode()


def test_regio_cannot_ask_for_a_gemeente_outside_its_region(client: Any, gebruikers: dict[str, Any],
                                                             rollen: dict[str, Any]) -> None:
    from regiekamer.codelijsten import gemeenten

    buiten = next(g.code for g in gemeenten() if g.jeugdregio and g.jeugdregio != rollen["regio"]["regio"])
    client.force_login(gebruikers["regio"])
    for pad in LANDSCHAP:
        assert client.get(pad, {"gemeente": buiten}).status_code == 403, pad
    # Scope.controleer refuses a gemeente outside the regio-analist's jeugdregio, on every page
    assert client.get("/vergelijken/", {"gemeente": buiten}).status_code == 403
    assert client.get(f"/regiemodel/gemeente/{buiten}/").status_code == 403
    assert client.get(f"/regiemodel/gemeente/{buiten}/rapport/").status_code == 403


def test_region_view_has_no_links_into_other_gemeenten(client: Any, gebruikers: dict[str, Any],
                                                       rollen: dict[str, Any], o: dict[str, Any]) -> None:
    andere = Voorziening.objects.create(gemeente=rollen["gemeente2"]["gemeente"], domein="Jeugd", naam="Buren")
    for rol in ("gemeente", "aanbieder"):
        client.force_login(gebruikers[rol])
        html = client.get("/regiemodel/regio/", {"domein": "Jeugd"}).content.decode()
        assert "Buren" in html  # the neighbours' positions are shown on purpose (docs/regiemodel.md)
        assert f"/regiemodel/voorziening/{andere.pk}/" not in html
        assert f"/regiemodel/gemeente/{andere.gemeente}/" not in html
        assert "/regiemodel/enquete/" not in html and "/regiemodel/uitnodiging/" not in html
