"""Every page renders for the roles that see figures, and shows what the indicator library computes."""

from __future__ import annotations

from typing import Any

import pytest

from regiekamer.cijfers import Cijfers, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.web.dashboard.opmaak import waarde

PAGINAS = ["/", "/clientpaden/", "/wachten/", "/kosten/", "/aanbieders/", "/gemeenten/", "/definities/",
           "/definities/duur_mediaan/"]


@pytest.mark.parametrize("pad", PAGINAS)
def test_page_renders_for_regio_analist(client: Any, gebruikers: dict[str, Any], pad: str) -> None:
    client.force_login(gebruikers["regio"])
    r = client.get(pad)
    assert r.status_code == 200, r.content[:2000]
    assert b'lang="nl"' in r.content


def test_overview_shows_library_figures(client: Any, gebruikers: dict[str, Any], web: Any, opties: Any) -> None:
    """The key figure on the page is the library's value for the same filter, formatted the Dutch way."""
    client.force_login(gebruikers["regio"])
    g = opties.gemeenten[1].code
    periode = opties.standaard_periode
    r = client.get("/", {"periode": periode, "gemeente": g, "wet": "jw"})
    assert r.status_code == 200
    c = Cijfers(web)
    scope = gebruikers["regio"].profiel.scope()
    df = c.indicatoren(scope, Selectie(wet="jw", gemeente=g), c.periode(periode), ["clienten_in_zorg"])
    verwacht = waarde(df["waarde"].iloc[0], PER_ID["clienten_in_zorg"].eenheid)
    assert df["waarde"].iloc[0] > 0
    html = r.content.decode()
    rij = html[html.index("Cliënten in zorg in de periode"):]
    assert verwacht in rij[: rij.index("</tr>")]
    # and it differs from the region as a whole, so the filter really applied
    regio = c.indicatoren(scope, Selectie(wet="jw"), c.periode(periode), ["clienten_in_zorg"])
    assert regio["waarde"].iloc[0] > df["waarde"].iloc[0]



@pytest.mark.parametrize("formaat,type_", [("csv", "text/csv"), ("xlsx", "spreadsheetml")])
def test_download_each_block(client: Any, gebruikers: dict[str, Any], formaat: str, type_: str) -> None:
    client.force_login(gebruikers["regio"])
    r = client.get("/kosten/", {"download": "kosten-aanbieder", "formaat": formaat})
    assert r.status_code == 200
    assert type_ in r["Content-Type"]
    assert "attachment" in r["Content-Disposition"]


def test_login_required(client: Any, db: Any, web: Any) -> None:
    r = client.get("/wachten/")
    assert r.status_code == 302 and "/inloggen/" in r["Location"]
