"""Ambities in the web app: recorded through the form, shown with the progress the library computes, imported and
exported as YAML, and each organisation seeing only its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from regiekamer.cijfers import Cijfers
from regiekamer.sturing import ambities_yaml, laad_ambities, voortgang
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.sturing.models import Ambitie


def _post(gemeente: str, **doel: str) -> dict[str, str]:
    data = {
        "id": "minder-uitgaven", "tekst": "Minder uitgaven aan jeugdhulp", "eigenaar": "Wethouder jeugd",
        "gemeente": gemeente, "wet": "", "productcategorie": "", "leeftijdsklasse": "",
        "raakvlakken": "overdracht wijkteam - aanbieder\n", "toelichting": "",
        "partner-TOTAL_FORMS": "3", "partner-INITIAL_FORMS": "0",
        "partner-0-naam": "Wijkteam", "partner-0-bijdrage": "vroeg signaleren",
        "doel-TOTAL_FORMS": "3", "doel-INITIAL_FORMS": "0",
        "doel-0-indicator": "kosten", "doel-0-basisperiode": "2024-Q4", "doel-0-streefwaarde": "1000000",
        "doel-0-deadline": "2026-06-30",
    }
    data.update({f"doel-0-{k}": v for k, v in doel.items()})
    return data


def test_form_records_an_ambition_and_shows_its_progress(client: Any, gebruikers: dict[str, Any],
                                                         rollen: dict[str, Any], web: Any) -> None:
    g = rollen["gemeente"]["gemeente"]
    client.force_login(gebruikers["gemeente"])
    assert client.get("/ambities/").status_code == 200
    r = client.post("/ambities/nieuw/", _post(g))
    assert r.status_code == 302 and r["Location"] == "/ambities/minder-uitgaven/"
    rec = Ambitie.objects.get()
    assert rec.organisatie == f"gemeente:{g}" and rec.gewijzigd_door == "gemeente"
    a = rec.ambitie
    assert [p.naam for p in a.partners] == ["Wijkteam"] and a.raakvlakken == ("overdracht wijkteam - aanbieder",)

    html = client.get("/ambities/minder-uitgaven/").content.decode()
    (vg,) = voortgang(Cijfers(web), gebruikers["gemeente"].profiel.scope(), a)
    assert f">{vg.status}<" in html
    for m in vg.metingen:  # every measurement as the library computes it, formatted as on every page
        assert f">{waarde(m.waarde, 'eurocent')}<" in html, m.periode
    assert "<img" in html and "alt=" in html and "geen marge voor toeval" in html
    assert vg.status in client.get("/ambities/").content.decode()


def test_form_errors_name_the_field_and_save_nothing(client: Any, gebruikers: dict[str, Any],
                                                     rollen: dict[str, Any]) -> None:
    g = rollen["gemeente"]["gemeente"]
    client.force_login(gebruikers["gemeente"])
    r = client.post("/ambities/nieuw/", _post(g, deadline="2024-11-30"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "niet na het einde van de basisperiode" in html and 'aria-invalid="true"' in html
    r = client.post("/ambities/nieuw/", _post(rollen["gemeente2"]["gemeente"]))
    assert r.status_code == 200 and not Ambitie.objects.exists()


def test_yaml_export_and_import_all_or_nothing(client: Any, gebruikers: dict[str, Any],
                                               rollen: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    g, g2 = rollen["gemeente"]["gemeente"], rollen["gemeente2"]["gemeente"]
    client.force_login(gebruikers["gemeente"])
    client.post("/ambities/nieuw/", _post(g))
    tekst = client.get("/ambities/export.yaml").content.decode()
    assert [a.id for a in laad_ambities(tekst)] == ["minder-uitgaven"]

    (a,) = laad_ambities(tekst)
    ander = replace(a, id="nog-minder", bereik=replace(a.bereik, gemeente=g2))
    r = client.post("/ambities/import/", {"bestand": SimpleUploadedFile("a.yaml", ambities_yaml([a, ander]).encode())})
    assert r.status_code == 400
    assert "ambities[1].bereik" in r.content.decode() and Ambitie.objects.count() == 1

    Ambitie.objects.all().delete()
    r = client.post("/ambities/import/", {"bestand": SimpleUploadedFile("a.yaml", tekst.encode())})
    assert r.status_code == 302 and [x.sleutel for x in Ambitie.objects.all()] == ["minder-uitgaven"]
    r = client.post("/ambities/import/", {"bestand": SimpleUploadedFile("a.yaml", b"ambities: [\n")})
    assert r.status_code == 400 and "regel" in r.content.decode()


@pytest.mark.parametrize("rol", ["gemeente2", "regio", "aanbieder", "beheerder"])
def test_each_organisation_sees_only_its_own(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any],
                                             rol: str) -> None:
    client.force_login(gebruikers["gemeente"])
    client.post("/ambities/nieuw/", _post(rollen["gemeente"]["gemeente"]))
    client.force_login(gebruikers[rol])
    lijst = client.get("/ambities/")
    if rol in ("aanbieder", "beheerder"):
        assert lijst.status_code == 403
        return
    assert lijst.status_code == 200 and "minder-uitgaven" not in lijst.content.decode()
    assert client.get("/ambities/minder-uitgaven/").status_code == 404
    assert client.post("/ambities/minder-uitgaven/verwijderen/").status_code == 404
    assert Ambitie.objects.count() == 1


def test_regio_analist_records_for_the_region(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any],
                                              web: Any) -> None:
    client.force_login(gebruikers["regio"])
    r = client.post("/ambities/nieuw/", {**_post(""), "id": "regionaal"})
    assert r.status_code == 302
    a = Ambitie.objects.get(sleutel="regionaal").ambitie
    assert a.bereik.regio == rollen["regio"]["regio"] and a.bereik.gemeente is None
    assert "Voortgang" in client.get("/ambities/regionaal/").content.decode()
