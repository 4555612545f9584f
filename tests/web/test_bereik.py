"""The scope matrix for the pages: every role × every page, proving nobody sees data outside their scope.

Assertions are on what the page shows: another gemeente's name, another aanbieder's AGB code, a figure page for
the beheerder. The API half of the matrix is in test_api.py; the browser walk in browser/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from regiekamer.web.accounts.models import Toegangslog

PAGINAS = ["/", "/clientpaden/", "/wachten/", "/kosten/", "/aanbieders/", "/gemeenten/"]
ROLLEN = ["gemeente", "gemeente2", "regio", "aanbieder", "beheerder"]


def _tekst(r: Any) -> str:
    return str(r.content.decode())


def _gemeente_waarden(html: str, naam: str) -> bool:
    """Whether a gemeente's name appears as data (table cell, option) on the page."""
    return re.search(rf">\s*{re.escape(naam)}( \(\d{{4}}\))?\s*<", html) is not None


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("pad", PAGINAS)
def test_matrix(client: Any, gebruikers: dict[str, Any], opties: Any, rollen: dict[str, Any], rol: str,
                pad: str) -> None:
    client.force_login(gebruikers[rol])
    r = client.get(pad)
    if rol == "beheerder":
        if pad == "/":  # the start page sends the beheerder to the beheer screens
            assert r.status_code == 302 and r["Location"].startswith("/beheer/")
        else:
            assert r.status_code == 403, "the beheerder sees no figures"
        return
    assert r.status_code == 200
    html = _tekst(r)
    if rol.startswith("gemeente"):
        eigen = rollen[rol]["gemeente"]
        for k in opties.gemeenten:
            if k.code != eigen:
                assert not _gemeente_waarden(html, k.naam), f"{rol} sees gemeente {k.naam} on {pad}"
                assert f">{k.code}<" not in html
    if rol == "aanbieder":
        eigen = rollen[rol]["aanbieder"]
        for k in opties.aanbieders:
            if k.code != eigen:
                assert k.code not in html, f"aanbieder sees AGB {k.code} on {pad}"


@pytest.mark.parametrize("rol", ["gemeente", "aanbieder"])
def test_filter_outside_scope_is_refused(client: Any, gebruikers: dict[str, Any], opties: Any,
                                         rollen: dict[str, Any], rol: str) -> None:
    client.force_login(gebruikers[rol])
    if rol == "gemeente":
        ander = next(k.code for k in opties.gemeenten if k.code != rollen[rol]["gemeente"])
        for pad in PAGINAS:
            assert client.get(pad, {"gemeente": ander}).status_code == 403, pad
    else:
        ander = next(k.code for k in opties.aanbieders if k.code != rollen[rol]["aanbieder"])
        for pad in PAGINAS:
            assert client.get(pad, {"aanbieder": ander}).status_code == 403, pad
        assert client.get(f"/aanbieders/{ander}/").status_code == 403
        assert client.get(f"/aanbieders/{rollen[rol]['aanbieder']}/").status_code == 200


def test_regional_aggregate_allowed_for_gemeente(client: Any, gebruikers: dict[str, Any]) -> None:
    """'Own gemeente plus regional aggregates': the empty gemeente filter is the region."""
    client.force_login(gebruikers["gemeente"])
    r = client.get("/", {"gemeente": ""})
    assert r.status_code == 200
    assert "Hele regio" in _tekst(r)


def test_beheer_only_for_beheerder(client: Any, gebruikers: dict[str, Any]) -> None:
    for rol in ROLLEN:
        client.force_login(gebruikers[rol])
        r = client.get("/beheer/")
        if rol == "beheerder":
            assert r.status_code == 200
            assert client.get("/beheer/accounts/toegangslog/").status_code == 200
        else:
            assert r.status_code == 302 and "login" in r["Location"]


def test_client_level_views_are_logged_and_scoped(client: Any, gebruikers: dict[str, Any], web: Any,
                                                   rollen: dict[str, Any]) -> None:
    from regiekamer.cijfers import Cijfers, Selectie

    c = Cijfers(web)
    scope = gebruikers["regio"].profiel.scope()
    w = c.wachtenden(scope, Selectie(), c.opties.laatste_dag, min_dagen=0)
    assert not w.empty
    # a client of the first gemeente
    eigen = rollen["gemeente"]["gemeente"]
    rij = w[w["gemeente"] == eigen].iloc[0]
    ander = w[w["gemeente"] != eigen].iloc[0]

    voor = Toegangslog.objects.count()
    client.force_login(gebruikers["gemeente"])
    r = client.get("/clientpaden/client/", {"wet": rij["wet"], "client": rij["client"]})
    assert r.status_code == 200
    assert Toegangslog.objects.count() == voor + 1
    log = Toegangslog.objects.first()
    assert log is not None and log.gebruiker == "gemeente" and log.details["client"] == rij["client"]
    # another gemeente's client: not shown (404), but the attempt is logged too
    r = client.get("/clientpaden/client/", {"wet": ander["wet"], "client": ander["client"]})
    assert r.status_code == 404
    assert Toegangslog.objects.count() == voor + 2
    # the waiting list on Wachten is client level: logged; each pseudonym links to that client's path
    html = _tekst(client.get("/wachten/"))
    assert Toegangslog.objects.filter(wat__startswith="wachtenden").exists()
    links = re.findall(r'href="(/clientpaden/client/\?[^"]+)"', html)
    assert links, "the waiting list links each pseudonym to its path"
    assert client.get(links[0].replace("&amp;", "&")).status_code == 200
    # an aanbieder and a beheerder never see client level
    for rol in ("aanbieder", "beheerder"):
        client.force_login(gebruikers[rol])
        assert client.get("/clientpaden/client/", {"wet": rij["wet"], "client": rij["client"]}).status_code == 403
        r = client.get("/wachten/")
        assert rij["client"] not in _tekst(r)


# --- the four apps added later: Zorglandschap, Sturing, Regiemodel, Verantwoording (incl. /openbaar/) ---------

NIEUW_ROLLEN = ["gemeente", "gemeente2", "regio", "aanbieder", "beheerder"]
PSEUDONIEM = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])")
NEGEN_CIJFERS = re.compile(r"(?<![\d.,])\d{9}(?![\d.,])")
SVG_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
ANDERE_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")


def _elfproef(s: str) -> bool:
    """Whether nine digits pass the BSN eleven test (so could be a BSN)."""
    return sum(int(c) * w for c, w in zip(s, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0


def _zichtbare_tekst(html: str) -> str:
    """The page with its SVG charts (data URIs) decoded in, so a label inside a chart is searched too; other
    embedded binaries (PNG) are dropped."""
    import base64

    svgs = [base64.b64decode(m).decode("utf-8", "replace") for m in SVG_URI.findall(html)]
    return ANDERE_URI.sub("", SVG_URI.sub("", html)) + "\n".join(svgs)


def _nieuwe_objecten(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any]) -> dict[str, Any]:
    """Through the POST endpoints as their owners: an ambition and a contract (gemeente with the aanbieder), a
    regiemodel arrangement and survey, a gemeente report with an approved narrative, published."""
    from regiekamer.web.regiemodel.models import Enquete, Voorziening
    from regiekamer.web.sturing.models import Contract
    from regiekamer.web.verantwoording.models import Rapport

    g, agb = rollen["gemeente"]["gemeente"], rollen["aanbieder"]["aanbieder"]
    client.force_login(gebruikers["gemeente"])
    r = client.post("/ambities/nieuw/", {
        "id": "bereik-test", "tekst": "Minder uitgaven", "eigenaar": "Wethouder", "gemeente": g, "wet": "",
        "productcategorie": "", "leeftijdsklasse": "", "raakvlakken": "", "toelichting": "",
        "partner-TOTAL_FORMS": "3", "partner-INITIAL_FORMS": "0", "doel-TOTAL_FORMS": "3", "doel-INITIAL_FORMS": "0",
        "doel-0-indicator": "kosten", "doel-0-basisperiode": "2024-Q4", "doel-0-streefwaarde": "1000000",
        "doel-0-deadline": "2026-06-30"})
    assert r.status_code == 302, r.content.decode()[:1000]
    r = client.post("/contracten/nieuw/", {"yaml": f"""contracten:
  - id: bereik-2025
    aanbieder: "{agb}"
    naam: Bereiktest
    gemeente: "{g}"
    wet: jw
    van: 2025-01-01
    tot: 2025-12-31
    budgetplafond: 50000000
    kpis:
      - {{indicator: aandeel_volgens_plan, norm: 60}}
"""})
    assert r.status_code == 302, r.content.decode()[:1000]
    r = client.post(f"/regiemodel/gemeente/{g}/nieuw/", {"naam": "Wijkteam Bereik", "domein": "Jeugd",
                                                         "soort": "wijkteam", "omschrijving": ""})
    assert r.status_code == 302, r.content.decode()[:1000]
    r = client.post(f"/regiemodel/gemeente/{g}/enquete/", {"titel": "Bereik", "zorgverzekeraar": "ZV",
                                                           "aanbieders": "Aanbieder A"})
    assert r.status_code == 302, r.content.decode()[:1000]
    r = client.post("/verantwoording/", {"periode": "2025", "wet": ""})
    assert r.status_code == 302
    rapport = Rapport.objects.get(onderwerp=f"gemeente:{g}")
    url = f"/verantwoording/rapport/{rapport.pk}/verhaal/"
    client.post(url, {"onderdeel": "geleerd", "tekst": "Goedgekeurde tekst", "actie": "beoordelen"})
    client.post(url, {"onderdeel": "geleerd", "actie": "goedkeuren"})
    assert client.post(f"/verantwoording/rapport/{rapport.pk}/publiceren/nu/").status_code == 302
    client.logout()
    return {"g": g, "contract": Contract.objects.get(sleutel="bereik-2025").pk,
            "voorziening": Voorziening.objects.get(naam="Wijkteam Bereik").pk,
            "enquete": Enquete.objects.get(titel="Bereik").pk, "rapport": rapport.pk, "slug": rapport.slug}


def _nieuwe_paginas(o: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Every GET page of the new apps with the documented status per role (docs/landschap.md 'Who sees what',
    docs/sturing.md 'Who', docs/regiemodel.md 'Who sees what', docs/verantwoording.md 'Narratives')."""
    alle = dict.fromkeys(NIEUW_ROLLEN, 200)
    cijfers = {**alle, "beheerder": 403}
    org = {"gemeente": 200, "gemeente2": 200, "regio": 200, "aanbieder": 403, "beheerder": 403}
    g, c, v, e, r, s = o["g"], o["contract"], o["voorziening"], o["enquete"], o["rapport"], o["slug"]
    eigen = {"gemeente": 200, "gemeente2": 403, "regio": 403, "aanbieder": 403, "beheerder": 403}
    scan_lezen = {**eigen, "regio": 200}
    return {
        "/landschap/": cijfers, "/landschap/afhankelijkheid/": cijfers, "/landschap/continuiteit/": cijfers,
        "/landschap/gemeenten/": cijfers,
        "/landschap/instellingen/": {**dict.fromkeys(NIEUW_ROLLEN, 403), "regio": 200},
        "/ambities/": org, "/ambities/nieuw/": org, "/ambities/export.yaml": org,
        "/ambities/bereik-test/": {**org, "gemeente2": 404, "regio": 404},
        "/ambities/bereik-test/bewerken/": {**org, "gemeente2": 404, "regio": 404},
        "/contracten/": cijfers, "/contracten/export.yaml": cijfers, "/contracten/nieuw/": org,
        f"/contracten/{c}/": {**cijfers, "gemeente2": 404},
        f"/contracten/{c}/bewerken/": {**org, "gemeente2": 404, "regio": 404},
        "/prioriteiten/": org, "/vergelijken/": cijfers,
        "/vergelijken/methode/": cijfers,
        "/regiemodel/": cijfers, "/regiemodel/model/": cijfers, "/regiemodel/regio/": cijfers,
        f"/regiemodel/gemeente/{g}/": scan_lezen, f"/regiemodel/gemeente/{g}/rapport/": scan_lezen,
        f"/regiemodel/gemeente/{g}/nieuw/": eigen, f"/regiemodel/gemeente/{g}/enquete/": eigen,
        f"/regiemodel/gemeente/{g}/export/": eigen, f"/regiemodel/gemeente/{g}/import/": eigen,
        f"/regiemodel/voorziening/{v}/": scan_lezen, f"/regiemodel/voorziening/{v}/bewerken/": eigen,
        f"/regiemodel/voorziening/{v}/ambitie/": eigen, f"/regiemodel/voorziening/{v}/praktijk/": eigen,
        f"/regiemodel/enquete/{e}/": scan_lezen,
        "/verantwoording/": cijfers,
        # the aanbieder has a contract with the gemeente, so it writes there: the report sends it to its sections
        f"/verantwoording/rapport/{r}/": {**cijfers, "gemeente2": 404, "aanbieder": 302},
        f"/verantwoording/rapport/{r}/publiceren/": {**cijfers, "gemeente2": 404, "regio": 403, "aanbieder": 403},
        f"/verantwoording/rapport/{r}/verhaal/": {**cijfers, "gemeente2": 404, "regio": 403},
        "/openbaar/": alle, f"/openbaar/{s}/": alle, f"/openbaar/{s}/v1/": alle,
    }




@pytest.mark.parametrize("rol", NIEUW_ROLLEN)
def test_matrix_nieuwe_apps(client: Any, gebruikers: dict[str, Any], opties: Any, rollen: dict[str, Any],
                            rol: str) -> None:
    o = _nieuwe_objecten(client, gebruikers, rollen)
    client.force_login(gebruikers[rol])
    fout = []
    for pad, verwacht in _nieuwe_paginas(o).items():
        r = client.get(pad)
        if r.status_code != verwacht[rol]:
            fout.append(f"{pad}: {r.status_code}, gedocumenteerd {verwacht[rol]}")
            continue
        if r.status_code != 200 or r.get("Content-Type", "").startswith("application/pdf"):
            continue
        html = _zichtbare_tekst(_tekst(r))
        assert not PSEUDONIEM.search(html), f"{rol} sees a 32-hex pseudonym on {pad}"
        # chart values (Vega's aria-label "waarde: 168483786", amounts in eurocent) are figures, not identifiers
        bsn = [n for n in NEGEN_CIJFERS.findall(re.sub(r"waarde: -?\d+", "", html)) if _elfproef(n)]
        assert not bsn, f"{rol} sees BSN-like numbers on {pad}: " + " | ".join(
            html[max(0, html.find(n) - 80):html.find(n) + 30] for n in bsn[:2])
        # the region view of the regiemodel shows every gemeente's positions on purpose (docs/regiemodel.md)
        if rol.startswith("gemeente") and not pad.startswith(("/regiemodel/regio/", "/openbaar/")):
            eigen = rollen[rol]["gemeente"]
            for k in opties.gemeenten:
                if k.code != eigen:
                    assert not _gemeente_waarden(html, k.naam), f"{rol} sees gemeente {k.naam} on {pad}"
                    assert f">{k.code}<" not in html, f"{rol} sees gemeente code {k.code} on {pad}"
        if rol == "aanbieder" and not pad.startswith("/openbaar/"):
            for k in opties.aanbieders:
                if k.code != rollen[rol]["aanbieder"]:
                    assert k.code not in html, f"aanbieder sees AGB {k.code} on {pad}"
    assert not fout, "\n".join(fout)
