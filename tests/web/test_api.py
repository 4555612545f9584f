"""The REST API: token authentication, pagination, filtering (the same numbers as the library), clear errors, the
OpenAPI document kept up to date, and the API half of the scope matrix (every role × every API route)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from regiekamer.cijfers import Cijfers, Selectie
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID
from regiekamer.web.accounts.models import Toegangslog

API = "/api/v1/"
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
ROLLEN = ["gemeente", "gemeente2", "regio", "aanbieder", "beheerder"]
CATALOGUS = ["indicatoren/", "indicatoren/clienten_in_zorg/"]
CIJFERS = [
    "opties/",
    "cijfers/?indicator=clienten_in_zorg,kosten&by=gemeente",
    "cijfers/?indicator=clienten_in_zorg,wachttijd_mediaan&by=aanbieder",
    "stromen/",
    "stromen/?niveau=aanbieder",
    "wachtend/?by=gemeente,aanbieder",
    "kosten/?by=gemeente",
    "kosten/?by=aanbieder",
]
CLIENTNIVEAU = ["wachtenden/"]
FILTERROUTES = ["cijfers/?indicator=clienten_in_zorg", "stromen/", "wachtend/", "kosten/", "wachtenden/"]


def _token(gebruiker: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}"}


def _get(client: Any, gebruiker: Any, pad: str, **params: Any) -> Any:
    return client.get(API + pad, params, **_token(gebruiker))


def _waarden(data: Any, sleutel: str) -> list[Any]:
    """Every value under ``sleutel`` anywhere in a JSON document."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == sleutel] + [w for v in data.values() for w in _waarden(v, sleutel)]
    if isinstance(data, list):
        return [w for v in data for w in _waarden(v, sleutel)]
    return []


# --- authentication ---------------------------------------------------------------------------------------------


def test_token_authentication(client: Any, gebruikers: dict[str, Any]) -> None:
    r = client.get(API + "indicatoren/")
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Token"
    assert r.json()["status"] == 401 and r.json()["detail"]
    assert client.get(API + "opties/", HTTP_AUTHORIZATION="Token ongeldig").status_code == 401
    r = _get(client, gebruikers["regio"], "opties/")
    assert r.status_code == 200, r.content
    assert r.json()["perioden"]["standaard"]


def test_token_page(client: Any, gebruikers: dict[str, Any]) -> None:
    """A logged-in user makes a token on the token page (shown once), uses it, and revokes it."""
    assert client.get(API + "token/").status_code == 302  # login first
    client.force_login(gebruikers["regio"])
    assert "nog geen token" in client.get(API + "token/").content.decode()
    r = client.post(API + "token/", {"actie": "nieuw"})
    sleutel = Token.objects.get(user=gebruikers["regio"]).key
    assert sleutel in r.content.decode()
    assert sleutel not in client.get(API + "token/").content.decode(), "the key is shown only once"
    client.logout()
    assert client.get(API + "opties/", HTTP_AUTHORIZATION=f"Token {sleutel}").status_code == 200
    client.force_login(gebruikers["regio"])
    client.post(API + "token/", {"actie": "intrekken"})
    client.logout()
    assert client.get(API + "opties/", HTTP_AUTHORIZATION=f"Token {sleutel}").status_code == 401


# --- pagination and filtering --------------------------------------------------------------------------------


def test_pagination(client: Any, gebruikers: dict[str, Any]) -> None:
    u = gebruikers["regio"]
    r = _get(client, u, "indicatoren/", limit=5, offset=5).json()
    assert r["count"] == len(INDICATOREN)
    assert [i["id"] for i in r["results"]] == [i.id for i in INDICATOREN[5:10]]
    assert "offset=10" in r["next"] and "limit=5" in r["next"]
    alles = _get(client, u, "cijfers/", indicator="clienten_in_zorg", by="aanbieder,wet").json()
    assert alles["count"] == len(alles["results"]) > 4
    pagina, gezien = _get(client, u, "cijfers/", indicator="clienten_in_zorg", by="aanbieder,wet", limit=3).json(), []
    while True:
        assert len(pagina["results"]) <= 3
        gezien += pagina["results"]
        if not pagina["next"]:
            break
        pagina = client.get(pagina["next"], **_token(u)).json()
    assert gezien == alles["results"]


def _verwacht(df: Any) -> list[float | None]:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in df["waarde"]]


def test_filtering_gives_library_numbers(client: Any, gebruikers: dict[str, Any], web: Path, opties: Any) -> None:
    """A filtered, broken-down request returns exactly what Cijfers.indicatoren computes for that selection."""
    u = gebruikers["regio"]
    g = opties.gemeenten[1].code
    c = Cijfers(web)
    periode = c.periode(opties.standaard_periode)
    ids = ["clienten_in_zorg", "kosten", "wachttijd_mediaan"]
    r = _get(client, u, "cijfers/", indicator=ids, wet="jw", gemeente=g, by="aanbieder", per="kwartaal")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["periode"] == {"label": periode.label, "van": periode.van.isoformat(),
                               "tot": periode.tot.isoformat()}
    df = c.indicatoren(u.profiel.scope(), Selectie(wet="jw", gemeente=g), periode, ids, per="kwartaal",
                       by=["aanbieder"])
    assert body["count"] == len(df) > 0
    assert {x["periode"] for x in body["results"]} == {f"{periode.label}-Q{q}" for q in range(1, 5)}
    for rij, (_, verwacht) in zip(body["results"], df.iterrows(), strict=True):
        assert (rij["indicator"], rij["periode"], rij["aanbieder"]) == (
            verwacht["indicator"], verwacht["periode"], verwacht["aanbieder"])
        assert "gemeente" not in rij and "wet" not in rij  # filters, not breakdowns
        w = verwacht["waarde"]
        if PER_ID[rij["indicator"]].eenheid == "eurocent":
            assert rij["waarde"] == round(w) and isinstance(rij["waarde"], int)
        elif math.isnan(w):
            assert rij["waarde"] is None
        else:
            assert rij["waarde"] == pytest.approx(w)
        assert rij["periode_van"] == str(verwacht["periode_van"])[:10]
    # the filter really applied: the whole region has more clients in care than this gemeente's jw
    regio = _get(client, u, "cijfers/", indicator="clienten_in_zorg").json()["results"][0]["waarde"]
    eigen = _get(client, u, "cijfers/", indicator="clienten_in_zorg", gemeente=g, wet="jw").json()
    assert regio > eigen["results"][0]["waarde"] > 0

    # the other routes serve their Cijfers method's table for the same filters
    scope, sel = u.profiel.scope(), Selectie(gemeente=g)
    kosten = _get(client, u, "kosten/", gemeente=g, by="aanbieder").json()
    verwacht_k = c.kosten(scope, sel, periode, by=["aanbieder"])
    assert [(x["aanbieder"], x["betaald"]) for x in kosten["results"]] == list(
        zip(verwacht_k["aanbieder"], verwacht_k["betaald"].astype(int), strict=True))
    wachtend = _get(client, u, "wachtend/", gemeente=g, by="productcategorie", datum="2025-06-30").json()
    verwacht_w = c.wachtend(scope, sel, dt.date(2025, 6, 30), by=["productcategorie"])
    assert sum(x["clienten"] for x in wachtend["results"]) == verwacht_w["clienten"].sum() > 0
    stromen = _get(client, u, "stromen/", gemeente=g, niveau="productcategorie").json()
    assert sum(x["aantal"] for x in stromen["results"]) == c.stromen(
        scope, sel, periode, "productcategorie")["aantal"].sum()


def test_errors_name_the_parameter(client: Any, gebruikers: dict[str, Any]) -> None:
    u = gebruikers["regio"]

    def fout(pad: str, **params: Any) -> dict[str, str]:
        r = _get(client, u, pad, **params)
        assert r.status_code == 400, (pad, params, r.content)
        body = r.json()
        assert body["status"] == 400 and body["title"]
        return {p["name"]: p["reason"] for p in body["invalidParams"]}

    assert "bestaat_niet" in fout("cijfers/", indicator="clienten_in_zorg,bestaat_niet")["indicator"]
    assert "niet herkend" in fout("cijfers/", periode="vorig jaar")["periode"]
    assert "valt buiten de gegevens" in fout("cijfers/", periode="1999")["periode"]
    assert "postcode" in fout("cijfers/", by="postcode")["by"]
    assert "per" in fout("cijfers/", per="week")
    meer = fout("kosten/", by="vorm", gemeenten="0001")  # several problems in one answer
    assert set(meer) == {"by", "gemeenten"}
    assert "onbekende parameter" in meer["gemeenten"]
    assert "JJJJ-MM-DD" in fout("wachtend/", datum="30-06-2025")["datum"]
    assert "niveau" in fout("stromen/", niveau="gemeente")
    assert "geheel getal" in fout("wachtenden/", min_dagen="zes weken")["min_dagen"]
    assert "onbekende wet" in fout("cijfers/", wet="wlz")["wet"]
    assert "onbekende gemeente" in fout("cijfers/", gemeente="abcd")["gemeente"]
    assert _get(client, u, "indicatoren/bestaat_niet/").status_code == 404
    # an existing gemeente of another jeugdregio is outside the regio-analist's scope: 403, not 400
    buiten = gemeente_info("0363")
    assert buiten is not None and buiten.jeugdregio != u.profiel.jeugdregio
    r = _get(client, u, "cijfers/", gemeente="0363")
    assert r.status_code == 403 and "jeugdregio" in r.json()["detail"]


# --- the scope matrix --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ROLLEN)
def test_scope_matrix(client: Any, gebruikers: dict[str, Any], opties: Any, rollen: dict[str, Any],
                      rol: str) -> None:
    """Every API route as each role: the status, and nothing outside the scope in any response body."""
    u = gebruikers[rol]
    for pad in CATALOGUS:
        assert _get(client, u, pad).status_code == 200, pad  # definitions are not figures: every role
    for pad in [*CIJFERS, *CLIENTNIVEAU]:
        voor = Toegangslog.objects.count()
        r = client.get(API + pad, **_token(u))
        clientniveau = pad in CLIENTNIVEAU
        if rol == "beheerder" or (clientniveau and rol == "aanbieder"):
            assert r.status_code == 403, (rol, pad, r.content)
            assert r.json()["status"] == 403
            assert Toegangslog.objects.count() == voor
            continue
        assert r.status_code == 200, (rol, pad, r.content)
        body = r.json()
        tekst = r.content.decode()
        if clientniveau:
            log = Toegangslog.objects.first()
            assert Toegangslog.objects.count() == voor + 1
            assert log is not None and log.gebruiker == rol and log.pad.startswith(API + "wachtenden/")
            assert log.details["rijen"] == body["count"]
        gemeenten = [g for g in _waarden(body.get("results", []), "gemeente") if g is not None]
        if rol.startswith("gemeente"):
            eigen = rollen[rol]["gemeente"]
            assert set(gemeenten) <= {eigen}, (rol, pad)
            if "by=gemeente" in pad:
                assert set(gemeenten) == {eigen}, (rol, pad)  # the own rows are there, the others are not
            if pad == "opties/":
                assert [k["code"] for k in body["gemeenten"]] == [eigen]
        if rol == "regio" and ("by=gemeente" in pad or clientniveau):
            assert set(gemeenten) == {k.code for k in opties.gemeenten}, pad
        if rol == "aanbieder":
            eigen = rollen[rol]["aanbieder"]
            for k in opties.aanbieders:
                if k.code != eigen:
                    assert k.code not in tekst, (pad, k.code)
            if "aanbieder" in pad:
                labels = {a for a in _waarden(body, "aanbieder") if a != eigen} | {
                    a for a in _waarden(body, "naar") if a and a != eigen}
                assert labels and all(a.startswith("Aanbieder ") for a in labels), (pad, labels)
    if rol == "gemeente":
        # a second call is logged again: every view of client-level data
        voor = Toegangslog.objects.count()
        assert _get(client, u, "wachtenden/", min_dagen=84).status_code == 200
        assert Toegangslog.objects.count() == voor + 1
    if rol in ("gemeente", "aanbieder"):
        # filtering on another gemeente or aanbieder is refused on every figures route; the own one is fine
        soort = rol if rol == "gemeente" else "aanbieder"
        keuzes = opties.gemeenten if rol == "gemeente" else opties.aanbieders
        ander = next(k.code for k in keuzes if k.code != rollen[rol][soort])
        for pad in FILTERROUTES:
            r = client.get(API + pad, {soort: ander}, **_token(u))
            assert r.status_code == 403, (pad, r.content)
            assert "buiten uw bereik" in r.json()["detail"] or "cliëntniveau" in r.json()["detail"]
        eigen = {soort: rollen[rol][soort]}
        assert _get(client, u, "cijfers/", indicator="clienten_in_zorg", **eigen).status_code == 200


# --- the specification ----------------------------------------------------------------------------------------


def test_openapi_document_is_current(tmp_path: Path) -> None:
    """docs/openapi.yaml is what the code generates; refresh with
    ``uv run regiekamer web spectacular --validate --file docs/openapi.yaml``."""
    nieuw = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(nieuw))
    assert nieuw.read_text() == OPENAPI.read_text(), (
        "docs/openapi.yaml is stale: run `uv run regiekamer web spectacular --validate --file docs/openapi.yaml`")


def test_schema_and_docs_page(client: Any, db: Any) -> None:
    r = client.get(API + "schema/")
    assert r.status_code == 200 and r.content.startswith(b"openapi: 3")
    schema = json.loads(client.get(API + "schema/", {"format": "json"}).content)
    html = client.get(API).content.decode()
    assert 'lang="nl"' in html and "/api/v1/schema/" in html
    for pad, item in schema["paths"].items():
        assert pad in html
        for op in item.values():
            for p in op.get("parameters", []):
                assert f"<code>{p['name']}</code>" in html
            assert op.get("summary"), pad  # every route is described
