"""The landscape pages over the test region: every page for every role that sees figures, 403 for the beheerder,
own-gemeente rows for a gemeente-analist, no other AGB codes for an aanbieder, the region's settings (YAML and
inhabitants with clear errors), and the import of inhabitants from the ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie
from regiekamer.cijfers.service import CACHE_MAP
from regiekamer.landschap import Landschap
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.landschap.models import Regioinstelling

PAGINAS = ["/landschap/", "/landschap/afhankelijkheid/", "/landschap/continuiteit/", "/landschap/gemeenten/"]


@pytest.mark.parametrize("rol", ["regio", "gemeente", "aanbieder"])
def test_every_page_renders_and_a_second_view_comes_from_the_cache(
    client: Any, gebruikers: dict[str, Any], web: Path, rol: str
) -> None:
    cache = web / CACHE_MAP
    client.force_login(gebruikers[rol])
    for pad in PAGINAS:
        client.get(pad)  # the first view computes and caches its tables (Cijfers.bewaard)
        assert list(cache.glob("*.parquet")), pad
        voor = sorted(cache.glob("*.parquet"))
        r = client.get(pad)
        assert r.status_code == 200, (pad, r.content[:2000])
        assert sorted(cache.glob("*.parquet")) == voor, f"{pad}: the second view computed new tables"
        assert b'lang="nl"' in r.content


def test_beheerder_gets_403(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["beheerder"])
    for pad in [*PAGINAS, "/landschap/instellingen/"]:
        assert client.get(pad).status_code == 403, pad


def test_landscape_shows_the_library_figures(client: Any, gebruikers: dict[str, Any], web: Any, opties: Any) -> None:
    client.force_login(gebruikers["regio"])
    r = client.get("/landschap/", {"periode": opties.standaard_periode})
    html = r.content.decode()
    c = Cijfers(web)
    scope = gebruikers["regio"].profiel.scope()
    net = Landschap(c, scope, Selectie(), c.periode(opties.standaard_periode)).netwerk()
    grootste = net.sort_values("betaald").iloc[-1]
    assert waarde(grootste["betaald"], "eurocent") in html
    for k in opties.gemeenten:  # a regio-analist sees every gemeente
        assert k.naam in html
    assert 'alt="Netwerk van ' in html


def test_gemeente_analist_sees_own_gemeente_only(client: Any, gebruikers: dict[str, Any], opties: Any) -> None:
    eigen, ander = opties.gemeenten[0], opties.gemeenten[1]
    client.force_login(gebruikers["gemeente"])
    for pad in PAGINAS:
        html = client.get(pad).content.decode()
        assert ander.naam not in html and ander.code not in html, pad
    html = client.get("/landschap/").content.decode()
    assert eigen.naam in html and "Hele regio" in html  # own rows and the regional landscape
    assert "Concentratie per functie" in client.get("/landschap/continuiteit/").content.decode()
    # asking for the other gemeente is refused
    assert client.get("/landschap/", {"gemeente": ander.code}).status_code == 403
    assert client.get("/landschap/instellingen/").status_code == 403


def test_aanbieder_sees_no_other_agb_codes(client: Any, gebruikers: dict[str, Any], rollen: Any,
                                           opties: Any) -> None:
    eigen = rollen["aanbieder"]["aanbieder"]
    client.force_login(gebruikers["aanbieder"])
    for pad in PAGINAS:
        html = client.get(pad).content.decode()
        for k in opties.aanbieders:
            if k.code != eigen:
                assert k.code not in html, (pad, k.code)
    html = client.get("/landschap/afhankelijkheid/").content.decode()
    assert f"{eigen} (eigen)" in html


def test_settings_yaml_and_inhabitants(client: Any, gebruikers: dict[str, Any], rollen: Any, opties: Any) -> None:
    regio = rollen["regio"]["regio"]
    g1, g2 = opties.gemeenten[0].code, opties.gemeenten[1].code
    client.force_login(gebruikers["regio"])
    assert client.get("/landschap/instellingen/").status_code == 200
    fout = client.post("/landschap/instellingen/", {"soort": "inrichting", "inrichting": "regio: Elders\n"})
    assert fout.status_code == 400 and "niet voor uw regio" in fout.content.decode()
    assert "regio: Elders" in fout.content.decode()  # the input is kept for correction
    yaml = f'regio: {regio}\nregionaal:\n  jw: ["43", "44"]\nlokaal:\n  "{g1}":\n    jw: ["45"]\n'
    assert client.post("/landschap/instellingen/", {"soort": "inrichting", "inrichting": yaml}).status_code == 302
    export = client.get("/landschap/instellingen/", {"export": "inrichting"})
    assert export.content.decode() == yaml and "attachment" in export["Content-Disposition"]

    html = client.get("/landschap/gemeenten/").content.decode()
    assert "geen inwonertallen ingesteld" in html and "Overgangen tussen lokaal en regionaal" in html
    fout = client.post("/landschap/instellingen/", {"soort": "inwoners", "inwoners": f"gemeente,inwoners\n{g1},x\n"})
    assert fout.status_code == 400 and "regel 2" in fout.content.decode()
    ok = client.post("/landschap/instellingen/",
                     {"soort": "inwoners", "inwoners": f"gemeente,inwoners\n{g1},10000\n{g2},5000\n"})
    assert ok.status_code == 302
    assert Regioinstelling.objects.get(regio=regio).inwoners == {g1: 10000, g2: 5000}
    html = client.get("/landschap/gemeenten/").content.decode()
    assert "Cliënten per 1.000 inwoners" in html and "geen inwonertallen" not in html
    assert "per 1.000 jeugdigen" not in html
    tekst = f"gemeente,inwoners,jeugdigen\n{g1},10000,2000\n{g2},5000,1000\n"
    assert client.post("/landschap/instellingen/", {"soort": "inwoners", "inwoners": tekst}).status_code == 302
    assert tekst in client.get("/landschap/instellingen/").content.decode()
    assert "Jeugdwet-cliënten per 1.000 jeugdigen" in client.get("/landschap/gemeenten/").content.decode()


def test_inhabitants_command_imports_the_ground_truth(db: Any, regio: Any) -> None:
    call_command("landschap_inwoners", str(regio.grondwaarheid))
    w = regio.waarheid("gemeenten")
    for jr, d in w.groupby("jeugdregio"):
        r = Regioinstelling.objects.get(regio=jr)
        assert r.inwoners == dict(zip(d.gemeente, d.inwoners.astype(int), strict=True))
        assert r.jeugdigen == dict(zip(d.gemeente, d.jeugdigen.astype(int), strict=True))


def test_gemeente_comparison_per_1000_equals_a_direct_computation(web: Any, opties: Any, regio: Any) -> None:
    w = regio.waarheid("gemeenten")
    inwoners = dict(zip(w.gemeente, w.inwoners.astype(int), strict=True))
    c = Cijfers(web)
    scope = Scope(Rol.REGIO, regio=w.jeugdregio.iloc[0])
    df = Landschap(c, scope, Selectie(), c.periode(opties.standaard_periode)).gemeenten(inwoners)
    per_g = df[df["gemeente"].notna()].set_index("gemeente")
    for g, n in inwoners.items():
        assert per_g.loc[g, "betaald_per_1000"] == pytest.approx(per_g.loc[g, "betaald"] / n * 1000)
    r = df[df["gemeente"].isna()].iloc[0]
    assert r["clienten_per_1000"] == pytest.approx(per_g["clienten"].sum() / sum(inwoners.values()) * 1000)
    assert r["clienten_min"] == pytest.approx(per_g["clienten_per_1000"].min())
    assert r["clienten_max"] == pytest.approx(per_g["clienten_per_1000"].max())
    # Jeugdwet clients per 1,000 youths, when the region gives its youths
    jong = {g: n // 5 for g, n in inwoners.items()}
    df = Landschap(c, scope, Selectie(), c.periode(opties.standaard_periode)).gemeenten(inwoners, jong)
    jw = Landschap(c, scope, Selectie(wet="jw"), c.periode(opties.standaard_periode)).matrix()
    jw = jw[jw["gemeente"].notna()]
    for g, n in jong.items():
        rij = df[df["gemeente"] == g].iloc[0]
        assert rij["clienten_jw"] <= jw.loc[jw["gemeente"] == g, "clienten"].sum()  # distinct over aanbieders
        assert rij["clienten_jw_per_1000_jeugdigen"] == pytest.approx(rij["clienten_jw"] / n * 1000)
    r = df[df["gemeente"].isna()].iloc[0]
    assert r["clienten_jw_per_1000_jeugdigen"] == pytest.approx(r["clienten_jw"] / sum(jong.values()) * 1000)


def test_thresholds_from_the_settings(client: Any, gebruikers: dict[str, Any], settings: Any) -> None:
    client.force_login(gebruikers["regio"])
    assert "minstens 50 % van die omzet" in client.get("/landschap/afhankelijkheid/").content.decode()
    settings.LANDSCHAP_DREMPELS = {"aanbieder_afhankelijk": 0.25, "gemeente_afhankelijk": 0.6}
    settings.LANDSCHAP_KLEINE_AANTALLEN = {"drempel": 3}
    html = client.get("/landschap/afhankelijkheid/").content.decode()
    assert "minstens 25 % van die omzet" in html and "minstens 60 % van wat de gemeente" in html
    assert "Aantallen onder 3 staan als" in client.get("/landschap/gemeenten/").content.decode()
