"""Contracts: read from YAML with key-path errors, and their figures on a generated region — paid amounts,
dependency both ways and declared against contracted tariffs equal the generator's ground truth; KPIs are the
catalogue's values for the aanbieder; only the parties to a contract see it."""

from __future__ import annotations

import pandas as pd
import pytest

from regiekamer.cijfers import BuitenBereik, Cijfers, Rol, Scope, Selectie
from regiekamer.indicatoren import parse_periode
from regiekamer.sturing.contracten import contract_cijfers, contracten_yaml, laad_contracten
from regiekamer.sturing.lezen import SturingFout
from regiohulp import Regio

P = parse_periode("2025-Q2")


@pytest.fixture(scope="module")
def cijfers(regio: Regio) -> Cijfers:
    return Cijfers(regio.opslag)


@pytest.fixture(scope="module")
def waarheid(regio: Regio) -> pd.DataFrame:
    w = regio.waarheid("declaratieregels")
    w["begin"] = pd.to_datetime(w["begindatum"]).dt.date
    return w[(w.begin >= P.van) & (w.begin <= P.tot)]


def _yaml(agb: str, g: str, tarieven: dict[str, int]) -> str:
    regels = "\n".join(f"      - {{productcode: {p}, tarief: {t}}}" for p, t in tarieven.items())
    return f"""
contracten:
  - id: ambulant-2025
    aanbieder: "{agb}"
    naam: Jeugdhulp ambulant 2025
    gemeente: "{g}"
    wet: jw
    van: 2025-01-01
    tot: 2025-12-31
    budgetplafond: 100000000
    tarieven:
{regels}
    kpis:
      - {{indicator: aandeel_volgens_plan, norm: 50}}
      - {{indicator: wachttijd_mediaan, norm: 30, ambitie: snel-aan-de-slag}}
"""


def test_figures_equal_the_ground_truth(cijfers: Cijfers, waarheid: pd.DataFrame) -> None:
    o = cijfers.opties
    g = o.gemeenten[0].code
    jw = waarheid[(waarheid.wet == "jw") & (waarheid.gemeente == g)]
    agb = str(jw[jw.beantwoord].groupby("aanbieder").betaald.sum().idxmax())
    eigen = jw[jw.aanbieder == agb]
    # contracted tariffs: for each declared product the mean declared tariff less 1 %, so some lines lie above
    gem = eigen.groupby("productcode").tarief.mean()
    tarieven = {p: int(t * 0.99) for p, t in gem.items()}
    (c,) = laad_contracten(_yaml(agb, g, tarieven))
    assert laad_contracten(contracten_yaml([c])) == [c]

    r = contract_cijfers(cijfers, Scope(Rol.GEMEENTE, regio=o.regios[0], gemeente=g), c, P)
    betaald = int(eigen[eigen.beantwoord].betaald.sum())
    assert r.betaald == betaald > 0
    assert r.aandeel_uitgaven == pytest.approx(betaald / jw[jw.beantwoord].betaald.sum())
    alles = waarheid[waarheid.beantwoord & (waarheid.aanbieder == agb)].betaald.sum()
    assert r.aandeel_omzet == pytest.approx(betaald / alles)
    assert r.plafond_periode == round(100_000_000 * 91 / 365)

    teken = eigen.debet_credit.map({"C": -1}).fillna(1)
    verwacht = pd.DataFrame({"productcode": eigen.productcode, "v": eigen.volume * teken,
                             "b": eigen.bedrag * teken,
                             "boven": (eigen.tarief - eigen.productcode.map(tarieven)).clip(lower=0)
                             * eigen.volume * teken}).groupby("productcode").sum()
    t = r.tarieven.set_index("productcode")
    assert sorted(t.index) == sorted(verwacht.index)
    assert (t["volume"] == verwacht["v"]).all() and (t["gedeclareerd"] == verwacht["b"]).all()
    assert (t["boven_contract"] - verwacht["boven"]).abs().max() < 1e-6
    assert (t["boven_contract"] > 0).any()

    kpi = r.kpis.set_index("indicator")
    for ind in ("aandeel_volgens_plan", "wachttijd_mediaan"):
        w = cijfers.indicatoren(Scope(Rol.REGIO, regio=o.regios[0]), Selectie(wet="jw", gemeente=g, aanbieder=agb),
                                P, [ind])["waarde"].iloc[0]
        assert kpi.loc[ind, "waarde"] == pytest.approx(w)
    assert kpi.loc["aandeel_volgens_plan", "richting"] == "hoger"
    assert kpi.loc["wachttijd_mediaan", "richting"] == "lager"  # from the catalogue's better direction
    assert kpi.loc["wachttijd_mediaan", "gehaald"] == (kpi.loc["wachttijd_mediaan", "waarde"] <= 30)
    assert kpi.loc["wachttijd_mediaan", "ambitie"] == "snel-aan-de-slag"


def test_only_the_parties_see_a_contract(cijfers: Cijfers) -> None:
    o = cijfers.opties
    g1, g2 = o.gemeenten[0].code, o.gemeenten[1].code
    a1, a2 = o.aanbieders[0].code, o.aanbieders[1].code
    (c,) = laad_contracten(_yaml(a1, g1, {}))
    regio = o.regios[0]
    contract_cijfers(cijfers, Scope(Rol.AANBIEDER, regio=regio, aanbieder=a1), c, P)
    contract_cijfers(cijfers, Scope(Rol.REGIO, regio=regio), c, P)
    for s in (Scope(Rol.AANBIEDER, regio=regio, aanbieder=a2), Scope(Rol.GEMEENTE, regio=regio, gemeente=g2),
              Scope(Rol.BEHEERDER)):
        with pytest.raises(BuitenBereik):
            contract_cijfers(cijfers, s, c, P)


@pytest.mark.parametrize(("fout", "pad"), [
    ('aanbieder: "123"', "contracten[0].aanbieder"),
    ("tot: 2024-12-31", "contracten[0].tot"),
    ("{indicator: aandeel_volgens_plan, norm: 50}", "contracten[0].kpis[0].norm"),
    ("{productcode: 45A01, tarief: 9500}", "contracten[0].tarieven[0].tarief"),
])
def test_errors_name_the_key_path(fout: str, pad: str) -> None:
    goed = _yaml("12345678", "0014", {"45A01": 9500})
    vervang = {
        'aanbieder: "123"': ('aanbieder: "12345678"', 'aanbieder: "123"'),
        "tot: 2024-12-31": ("tot: 2025-12-31", "tot: 2024-12-31"),
        "{indicator: aandeel_volgens_plan, norm: 50}": ("norm: 50}", "norm: veel}"),
        "{productcode: 45A01, tarief: 9500}": ("tarief: 9500}", "tarief: 95.5}"),
    }[fout]
    tekst = goed.replace(*vervang)
    assert tekst != goed
    with pytest.raises(SturingFout) as exc:
        laad_contracten(tekst)
    assert exc.value.pad == pad, str(exc.value)
