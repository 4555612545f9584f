"""Regiemodel scan through Django's test client: the scope (own gemeente edits, regio-analist reads its region,
aanbieder only the region view, beheerder 403), the inventory and questionnaires, the conditions survey by
invitation link, the report (HTML and tagged PDF), export/import and the example-scan command."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.regiemodel import laad_model, positie
from regiekamer.regiemodel.inventaris import VOORBEELD
from regiekamer.web.regiemodel.models import Deelnemer, Enquete, Voorziening

# two gemeenten of one jeugdregio, and one outside it
G1, G2, BUITEN = "0753", "0762", "0344"
REGIO = gemeente_info(G1).jeugdregio  # type: ignore[union-attr]
ROLLEN = {
    "gemeente": {"rol": "gemeente-analist", "gemeente": G1},
    "gemeente2": {"rol": "gemeente-analist", "gemeente": G2},
    "regio": {"rol": "regio-analist", "regio": REGIO},
    "aanbieder": {"rol": "aanbieder", "aanbieder": "12345678", "regio": REGIO},
    "beheerder": {"rol": "beheerder"},
}
MODEL = laad_model()


def figuur_alts(pdf: pikepdf.Pdf) -> list[str]:
    """The /Alt texts of the Figure elements in the PDF's structure tree (the charts' text alternatives)."""
    uit: list[str] = []

    def loop(o: Any) -> None:
        if isinstance(o, pikepdf.Dictionary):
            if o.get("/S") == "/Figure" and "/Alt" in o:
                uit.append(str(o.Alt))
            k = o.get("/K")
            for kind in (k if isinstance(k, pikepdf.Array) else [k]):
                loop(kind)

    loop(pdf.Root.StructTreeRoot)
    return uit


def pdf_tekst(pdf: pikepdf.Pdf) -> str:
    """The text of the PDF as pypdf extracts it (an independent reader), whitespace collapsed."""
    buf = io.BytesIO()
    pdf.save(buf)
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(buf).pages).split())


@pytest.fixture
def gebruikers(db: Any, settings: Any) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from regiekamer.web.cli import maak_gebruiker

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert gemeente_info(G2).jeugdregio == REGIO and gemeente_info(BUITEN).jeugdregio != REGIO  # type: ignore[union-attr]
    for naam, p in ROLLEN.items():
        maak_gebruiker(naam, p["rol"], gemeente=p.get("gemeente", ""), aanbieder=p.get("aanbieder", ""),
                       regio=p.get("regio", ""), wachtwoord="x")
    return {n: User.objects.get(username=n) for n in ROLLEN}


@pytest.fixture
def scan(gebruikers: dict[str, Any]) -> dict[str, Any]:
    """The packaged example scan loaded for G1 (the demo's command), and one arrangement for G2 and BUITEN."""
    call_command("regiemodel_voorbeeld", G1, stdout=io.StringIO())
    ander = Voorziening.objects.create(gemeente=G2, domein="Jeugd", naam="Jeugdnetwerk Deurne", soort="netwerk",
                                       praktijk={"x1": 1, "x2": 5, "x3": 1, "x4": 5, "y1": 1, "y2": 5, "y3": 1,
                                                 "y4": 5})
    buiten = Voorziening.objects.create(gemeente=BUITEN, domein="Jeugd", naam="Buurtteam Utrecht")
    return {"g1": list(Voorziening.objects.filter(gemeente=G1)), "g2": ander, "buiten": buiten,
            "enquete": Enquete.objects.get(gemeente=G1)}


def test_example_command_loads_three_arrangements_and_three_answered_parties(scan: dict[str, Any]) -> None:
    assert len(scan["g1"]) == 3 and all(v.ambitie and v.praktijk and v.soort != "anders" for v in scan["g1"])
    partijen = Deelnemer.objects.filter(enquete=scan["enquete"])
    assert partijen.count() == 3 and all(p.beantwoord for p in partijen)
    assert len({p.token for p in partijen}) == 3 and all(len(p.token) >= 40 for p in partijen)


def test_example_command_refuses_bad_input(db: Any, tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="onbekende CBS-gemeentecode"):
        call_command("regiemodel_voorbeeld", "9999")
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text(VOORBEELD.read_text(encoding="utf-8").replace("soort: CJG", "soort: kasteel"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"voorzieningen\[0\]\.soort"):
        call_command("regiemodel_voorbeeld", G1, bestand=kapot)
    assert not Voorziening.objects.exists()


def test_login_required(client: Any, scan: dict[str, Any]) -> None:
    for pad in ["/regiemodel/", f"/regiemodel/gemeente/{G1}/", "/regiemodel/regio/", "/regiemodel/model/",
                f"/regiemodel/voorziening/{scan['g1'][0].pk}/", f"/regiemodel/enquete/{scan['enquete'].pk}/",
                f"/regiemodel/gemeente/{G1}/rapport/"]:
        r = client.get(pad)
        assert r.status_code == 302 and "/inloggen/" in r["Location"], pad


def test_scope_gemeente2_cannot_see_or_edit(client: Any, gebruikers: dict[str, Any],
                                            scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["gemeente2"])
    v, enq = scan["g1"][0], scan["enquete"]
    for pad in [f"/regiemodel/gemeente/{G1}/", f"/regiemodel/voorziening/{v.pk}/",
                f"/regiemodel/voorziening/{v.pk}/ambitie/", f"/regiemodel/voorziening/{v.pk}/bewerken/",
                f"/regiemodel/enquete/{enq.pk}/", f"/regiemodel/gemeente/{G1}/rapport/",
                f"/regiemodel/gemeente/{G1}/rapport/?formaat=pdf", f"/regiemodel/gemeente/{G1}/nieuw/",
                f"/regiemodel/gemeente/{G1}/export/", f"/regiemodel/gemeente/{G1}/enquete/"]:
        r = client.get(pad)
        assert r.status_code in (403, 404), pad
        assert v.naam not in r.content.decode(), pad
    r = client.post(f"/regiemodel/voorziening/{v.pk}/praktijk/", {k: "5" for k in ("x1", "x2", "x3", "x4")})
    assert r.status_code == 403
    r = client.post(f"/regiemodel/voorziening/{v.pk}/verwijderen/")
    assert r.status_code == 403 and Voorziening.objects.filter(pk=v.pk).exists()
    r = client.post(f"/regiemodel/gemeente/{G1}/nieuw/", {"naam": "Indringer", "domein": "Jeugd", "soort": "loket"})
    assert r.status_code == 403 and not Voorziening.objects.filter(naam="Indringer").exists()
    # the region view shows how the neighbours position their arrangements (seed 001), read-only: no link into
    # G1's own pages, no answers, no survey
    r = client.get("/regiemodel/regio/")
    html = r.content.decode()
    assert r.status_code == 200 and v.naam in html
    assert f"/regiemodel/voorziening/{v.pk}/" not in html and f"/regiemodel/enquete/{enq.pk}/" not in html
    # its own page shows its own arrangement, not G1's
    html = client.get("/regiemodel/").content.decode()
    assert "Jeugdnetwerk Deurne" in html and v.naam not in html


def test_beheerder_gets_403_everywhere(client: Any, gebruikers: dict[str, Any], scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["beheerder"])
    for pad in ["/regiemodel/", f"/regiemodel/gemeente/{G1}/", "/regiemodel/regio/", "/regiemodel/model/",
                f"/regiemodel/voorziening/{scan['g1'][0].pk}/", f"/regiemodel/enquete/{scan['enquete'].pk}/"]:
        assert client.get(pad).status_code == 403, pad


def test_regio_analist_reads_its_region_only(client: Any, gebruikers: dict[str, Any],
                                             scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["regio"])
    html = client.get("/regiemodel/").content.decode()  # the region view
    assert "Jeugdnetwerk Deurne" in html and "Frontoffice jeugdhulp" in html and "Buurtteam Utrecht" not in html
    r = client.get(f"/regiemodel/gemeente/{G1}/")
    assert r.status_code == 200 and "Voorziening toevoegen" not in r.content.decode()
    assert client.get(f"/regiemodel/enquete/{scan['enquete'].pk}/").status_code == 200  # results, read-only
    assert "uitnodiging/" not in client.get(f"/regiemodel/enquete/{scan['enquete'].pk}/").content.decode()
    assert client.get(f"/regiemodel/gemeente/{BUITEN}/").status_code == 403
    assert client.get(f"/regiemodel/voorziening/{scan['buiten'].pk}/").status_code == 403
    assert client.get(f"/regiemodel/voorziening/{scan['g1'][0].pk}/ambitie/").status_code == 403


def test_aanbieder_sees_region_view_but_no_survey(client: Any, gebruikers: dict[str, Any],
                                                  scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["aanbieder"])
    r = client.get("/regiemodel/?domein=Jeugd")
    html = r.content.decode()
    assert r.status_code == 200 and "Jeugdnetwerk Deurne" in html and "Buurtteam Utrecht" not in html
    # the region view names the forms each gemeente uses: G1 Afstemmen + Coördineren, G2 Afspreken
    assert "Afstemmen, Coördineren" in html and "Afspreken" in html
    assert client.get(f"/regiemodel/enquete/{scan['enquete'].pk}/").status_code == 403
    assert client.get(f"/regiemodel/gemeente/{G1}/").status_code == 403


def test_questionnaire_scores_and_roles_follow_position(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["gemeente"])
    r = client.post(f"/regiemodel/gemeente/{G1}/nieuw/", {"naam": "Wijkteam Noord", "domein": "Wmo",
                                                           "soort": "wijkteam", "omschrijving": ""})
    v = Voorziening.objects.get(naam="Wijkteam Noord")
    assert r.status_code == 302 and r["Location"].endswith(f"/voorziening/{v.pk}/ambitie/")
    sturen = {q.id: str(5 if q.richting == 1 else 1) for q in MODEL.vragen}
    afspreken = {q.id: str(1 if q.richting == 1 else 5) for q in MODEL.vragen}
    onvolledig = dict(sturen)
    onvolledig.pop("y2")
    r = client.post(f"/regiemodel/voorziening/{v.pk}/ambitie/", onvolledig)
    assert r.status_code == 200 and "Kies een antwoord." in r.content.decode()
    r = client.post(f"/regiemodel/voorziening/{v.pk}/ambitie/",
                    {**sturen, "document": "Beleidsplan Wmo", "passage": "Wij sturen de teams."})
    assert r["Location"].endswith("/praktijk/")
    client.post(f"/regiemodel/voorziening/{v.pk}/praktijk/", afspreken)
    v.refresh_from_db()
    assert v.ambitie_document == "Beleidsplan Wmo" and v.praktijk["x1"] == 1
    html = client.get(f"/regiemodel/voorziening/{v.pk}/").content.decode()
    # practice is Afspreken, ambition Sturen: both forms' roles from the YAML are on the page
    for r_ in ("financier", "kaders", "contractering", "toezicht", "aanbieders_leveren"):
        assert MODEL.vorm("afspreken").rollen[r_] in html and MODEL.vorm("sturen").rollen[r_] in html
    assert "<img" in html and 'alt="Vier kwadranten' in html


def test_survey_links_answers_and_perception_gaps(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["gemeente"])
    r = client.post(f"/regiemodel/gemeente/{G1}/enquete/", {"titel": "Test", "zorgverzekeraar": "ZV",
                                                             "aanbieders": "A\nB\n"})
    enq = Enquete.objects.get(titel="Test")
    partijen = list(Deelnemer.objects.filter(enquete=enq))
    assert [p.soort for p in partijen] == ["gemeente", "zorgverzekeraar", "aanbieder", "aanbieder"]
    html = client.get(f"/regiemodel/enquete/{enq.pk}/").content.decode()
    assert all(f"/regiemodel/uitnodiging/{p.token}/" in html for p in partijen)
    client.logout()
    alle = [q.id for q in MODEL.conditievragen]
    ambitie = {q.id for c in MODEL.condities if c.id == "ambitie" for q in c.vragen}
    for p, hoog in zip(partijen[:3], (True, False, False), strict=True):
        antw = {i: ("5" if hoog and i in ambitie else "2" if i in ambitie else "3") for i in alle}
        r = client.post(f"/regiemodel/uitnodiging/{p.token}/", antw)
        assert r.status_code == 200 and "zijn opgeslagen" in r.content.decode()
    assert client.get("/regiemodel/uitnodiging/geraden-token/").status_code == 404
    client.force_login(gebruikers["gemeente"])
    html = client.get(f"/regiemodel/enquete/{enq.pk}/").content.decode()
    assert "3 van de 4 partijen" in html
    verschillen = re.search(r'<ul class="utrecht-unordered-list" id="verschillen">(.*?)</ul>', html, re.S)
    assert verschillen is not None
    assert "Gedeelde ambitie" in verschillen.group(1) and "Goede persoonlijke relaties" not in verschillen.group(1)


def test_report_html_and_tagged_pdf(client: Any, gebruikers: dict[str, Any], scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["regio"])
    html = client.get(f"/regiemodel/gemeente/{G1}/rapport/").content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 3 and 'alt=""' not in html
    r = client.get(f"/regiemodel/gemeente/{G1}/rapport/?formaat=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(r.content)) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "nl"
        assert "/StructTreeRoot" in pdf.Root
        tekst = pdf_tekst(pdf)
        alts = figuur_alts(pdf)
    assert len(alts) == 3 and alts[0].startswith("Vier kwadranten") and scan["g1"][0].naam in alts[0]
    zonder_spatie = "".join(tekst.split())
    for v in scan["g1"]:
        assert "".join(v.naam.split()) in zonder_spatie, v.naam
    assert "Sturen" in tekst and "Gedeelde ambitie" in tekst


def test_export_import_round_trip_and_bad_file(client: Any, gebruikers: dict[str, Any],
                                               scan: dict[str, Any]) -> None:
    client.force_login(gebruikers["gemeente"])
    yaml_tekst = client.get(f"/regiemodel/gemeente/{G1}/export/").content.decode()
    assert "Frontoffice jeugdhulp" in yaml_tekst
    kapot = yaml_tekst.replace("domein: Wmo", "domein: ''")
    r = client.post(f"/regiemodel/gemeente/{G1}/import/",
                    {"bestand": io.BytesIO(kapot.encode()), "vervangen": "on"})
    assert r.status_code == 400 and "voorzieningen[2].domein: ontbreekt" in r.content.decode()
    assert Voorziening.objects.filter(gemeente=G1).count() == 3  # nothing lost
    f = io.BytesIO(yaml_tekst.encode())
    f.name = "scan.yaml"
    r = client.post(f"/regiemodel/gemeente/{G1}/import/", {"bestand": f, "vervangen": "on"})
    assert r.status_code == 302
    na = {v.naam: (v.ambitie, v.praktijk) for v in Voorziening.objects.filter(gemeente=G1)}
    assert na == {v.naam: (v.ambitie, v.praktijk) for v in scan["g1"]}


def test_gap_picture_matches_scoring(client: Any, gebruikers: dict[str, Any], scan: dict[str, Any]) -> None:
    """The gemeente page's gap table lists each arrangement's forms as the core scores them."""
    client.force_login(gebruikers["gemeente"])
    html = client.get("/regiemodel/").content.decode()
    for v in scan["g1"]:
        a, p = positie(MODEL, v.ambitie), positie(MODEL, v.praktijk)
        assert a is not None and p is not None
        assert re.search(rf">{re.escape(v.naam)}</th><td[^>]*>{v.domein}</td><td[^>]*>{a.vorm_naam}</td>", html)
        assert re.search(rf">{re.escape(v.naam)}</th>.*?<td[^>]*>{p.vorm_naam}</td>", html, re.S)
    assert "Spaghetti" in html and html.count("<img") == 2


def test_own_model_file_and_older_answers(client: Any, gebruikers: dict[str, Any], scan: dict[str, Any],
                                          tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """REGIEKAMER_REGIEMODEL points the app at an edited copy: its wording appears, and answers to an item the
    copy dropped are ignored rather than breaking the pages."""
    import yaml

    from regiekamer.regiemodel.model import PAKKET_MODEL

    d = yaml.safe_load(PAKKET_MODEL.read_text(encoding="utf-8"))
    d["vormen"][3]["naam"] = "Regisseren"
    d["vragen"] = [q for q in d["vragen"] if q["id"] != "x4"]
    for v in d["vormen"]:
        for vb in v["voorbeelden"]:
            vb["antwoorden"].pop("x4", None)
    eigen = tmp_path / "eigen.yaml"
    eigen.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("REGIEKAMER_REGIEMODEL", str(eigen))
    client.force_login(gebruikers["gemeente"])
    html = client.get("/regiemodel/").content.decode()
    assert "Regisseren" in html and "Sturen" not in html  # every ambition of the example was Sturen
    assert client.get(f"/regiemodel/enquete/{scan['enquete'].pk}/").status_code == 200
    r = client.get(f"/regiemodel/voorziening/{scan['g1'][0].pk}/ambitie/")
    assert 'name="x4"' not in r.content.decode() and 'name="x3"' in r.content.decode()
