"""Contracten, Vergelijken and Prioriteiten in the web app: what each party sees of a contract, the funnel plot
in each role's scope, and the priority profile against the realised mix."""

from __future__ import annotations

import re
from typing import Any

import pytest

from regiekamer.web.sturing.models import Contract, Prioriteitenprofiel


def _contract(agb: str, gemeente: str) -> str:
    return f"""contracten:
  - id: ambulant-2025
    aanbieder: "{agb}"
    naam: Jeugdhulp ambulant 2025
    gemeente: "{gemeente}"
    wet: jw
    van: 2025-01-01
    tot: 2025-12-31
    budgetplafond: 50000000
    tarieven:
      - {{productcode: 45A01, tarief: 9000}}
    kpis:
      - {{indicator: aandeel_volgens_plan, norm: 60}}
      - {{indicator: wachttijd_p90, norm: 42}}
"""


def test_contract_seen_by_its_parties_only(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any]) -> None:
    g, agb = rollen["gemeente"]["gemeente"], rollen["aanbieder"]["aanbieder"]
    client.force_login(gebruikers["gemeente"])
    r = client.post("/contracten/nieuw/", {"yaml": _contract(agb, g)})
    assert r.status_code == 302, r.content.decode()[:2000]
    pk = Contract.objects.get().pk
    html = client.get(f"/contracten/{pk}/?periode=2025").content.decode()
    for tekst in ("Aandeel volgens plan beëindigd", "45A01", "Besteding en afhankelijkheid", "Gedeclareerd tegen"):
        assert tekst in html, tekst
    assert "Let op" not in html  # 2025 lies within the contract

    client.force_login(gebruikers["aanbieder"])
    assert client.get("/contracten/").content.decode().count(f'/contracten/{pk}/"') == 1
    assert client.get(f"/contracten/{pk}/").status_code == 200
    assert client.get(f"/contracten/{pk}/bewerken/").status_code == 403  # read, not edit
    for rol in ("gemeente2",):
        client.force_login(gebruikers[rol])
        assert client.get(f"/contracten/{pk}/").status_code == 404
        assert "ambulant-2025" not in client.get("/contracten/").content.decode()
    client.force_login(gebruikers["beheerder"])
    assert client.get("/contracten/").status_code == 403


def test_contract_yaml_errors_save_nothing(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any]) -> None:
    g, agb = rollen["gemeente"]["gemeente"], rollen["aanbieder"]["aanbieder"]
    client.force_login(gebruikers["gemeente"])
    r = client.post("/contracten/nieuw/", {"yaml": _contract(agb, g).replace("norm: 60", "norm: zestig")})
    assert r.status_code == 400 and "contracten[0].kpis[0].norm" in r.content.decode()
    r = client.post("/contracten/nieuw/", {"yaml": _contract(agb, rollen["gemeente2"]["gemeente"])})
    assert r.status_code == 400 and "contracten[0]" in r.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize("rol", ["regio", "aanbieder", "gemeente"])
def test_funnel_in_each_scope(client: Any, gebruikers: dict[str, Any], rollen: dict[str, Any], opties: Any,
                              rol: str) -> None:
    client.force_login(gebruikers[rol])
    r = client.get("/vergelijken/?indicator=aandeel_volgens_plan&periode=2025")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Trechterdiagram" in html and "Oordeel" in html
    if rol == "aanbieder":
        eigen = rollen["aanbieder"]["aanbieder"]
        assert f"{eigen} (u)" in html
        andere = [k.code for k in opties.aanbieders if k.code != eigen]
        assert not [a for a in andere if re.search(rf"(?<!\d){a}(?!\d)", html)]
    assert client.get("/vergelijken/methode/").status_code == 200
    r = client.get("/vergelijken/?indicator=afschaling&periode=2025&standaardiseer=1")
    assert r.status_code == 200 and "c-statistiek" in r.content.decode()


def test_priority_profile_against_the_mix(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["regio"])
    assert "nog geen profiel" in client.get("/prioriteiten/").content.decode()
    r = client.post("/prioriteiten/", {"yaml": "prioriteiten:\n  vormen: {ambulant: 50, verblijf: 40}\n"})
    assert r.status_code == 400 and "prioriteiten.vormen" in r.content.decode()
    r = client.post("/prioriteiten/", {"yaml": "prioriteiten:\n  wet: jw\n  vormen: {ambulant: 60, verblijf: 40}\n"})
    assert r.status_code == 302 and Prioriteitenprofiel.objects.count() == 1
    html = client.get("/prioriteiten/").content.decode()
    assert "Afstand 2025" in html and "alle aanbieders" in html and "<img" in html
    client.force_login(gebruikers["aanbieder"])
    assert client.get("/prioriteiten/").status_code == 403
