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
    return r.content.decode()


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
