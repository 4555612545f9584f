"""The attack test of issue 9: on a generated region with small gemeenten and rare forms of care, an attacker
who solves the linear system of everything a report publishes (rounded cells, totals, margins, the other
breakdowns of the same population, shares of linked cells) recovers no suppressed cell — neither its exact value
nor the fact that it is a small number. Reports of every gemeente, the region and several aanbieders, for a
year and a quarter, with an ambition on a sub-population (one law)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from openbaarheid.aanval import aanval
from regiekamer.cijfers import Cijfers, Selectie
from regiekamer.openbaarheid import Regel
from regiekamer.sturing.ambities import Ambitie, Bereik, Doel
from regiekamer.verantwoording import Onderwerp, Rapport, maak_rapport
from regiekamer.verantwoording.service import sleutel


def _onderwerpen(c: Cijfers) -> list[Onderwerp]:
    o = c.opties
    regio = o.regios[0]
    uit = [Onderwerp("gemeente", g.code, regio) for g in o.gemeenten]
    uit.append(Onderwerp("regio", regio, regio))
    uit += [Onderwerp("aanbieder", a.code, regio) for a in o.aanbieders[:4]]
    return uit


def _ambitie(g: str) -> Ambitie:
    """An ambition on the Jeugdwet trajectories of one gemeente: a sub-population of the report's breakdowns."""
    return Ambitie("minder-starts", "Minder nieuwe trajecten jeugdhulp", "Wethouder",
                   Bereik(gemeente=g, wet="jw"),
                   (Doel("trajecten_gestart", "2024", 5, dt.date(2026, 12, 31)),))


def aanvallen(r: Rapport) -> tuple[list[object], int]:
    """Run the attacker over counts and amounts of one report; (recovered cells, number of suppressed cells)."""
    gevonden: list[object] = []
    geheim = 0
    for soort in ("aantal", "bedrag"):
        cellen = {k: c for k, c in r.cellen.items() if c.soort == soort}
        groepen = [(g.totaal, g.delen) for g in r.groepen if g.totaal in cellen]
        if soort == "aantal":
            # the attacker also knows: the ambition's Jeugdwet total = the report's Jeugdwet categories
            sel = r.onderwerp.selectie()
            amb = sleutel("trajecten_gestart", r.periode, Selectie(wet="jw", gemeente=r.onderwerp.code))
            if amb in cellen:
                prefix = sleutel("trajecten_gestart", r.periode, sel, productcategorie="X", wet="jw").split("|")
                delen = [k for k in cellen if k.startswith("|".join(prefix[:3]) + "|productcategorie=")
                         and k.endswith(";wet=jw")]
                groepen.append((amb, delen))
        aandelen = [(a.teller_cellen, a.noemer_cellen, a.getoond) for a in r.aandelen
                    if a.getoond is not None and a.teller_cellen and soort == "aantal"]
        g, _ = aanval({k: c.getoond for k, c in cellen.items()}, groepen, soort=soort, drempel=r.drempel,
                      afronding=r.afronding, aandelen=aandelen, ruw={k: c.ruw for k, c in cellen.items()})
        gevonden += g
        geheim += sum(c.getoond is None for c in cellen.values())
    return gevonden, geheim


@pytest.mark.parametrize("regel", [Regel(), Regel(drempel=5, afronding=1)], ids=["10-5", "5-1"])
def test_no_suppressed_cell_is_recovered_from_a_report(kleine_cijfers: Cijfers, regel: Regel) -> None:
    c = kleine_cijfers
    totaal_geheim = 0
    for periode in ("2025", "2025-Q2"):
        p = c.periode(periode)
        for ow in _onderwerpen(c):
            amb = [_ambitie(ow.code)] if ow.soort == "gemeente" else []
            r = maak_rapport(c, ow, p, regel=regel, ambities=amb)
            # what is shown obeys the rule: zero, or at least the threshold and a multiple of the rounding
            for cel in r.cellen.values():
                if cel.soort == "aantal" and cel.getoond is not None:
                    assert cel.getoond == 0 or (cel.getoond >= regel.drempel and cel.getoond % regel.afronding == 0)
                    assert abs(cel.getoond - cel.ruw) * 2 <= regel.afronding
                if cel.soort == "aantal" and 0 < cel.ruw < regel.drempel:
                    assert cel.getoond is None, cel.sleutel
                if cel.soort == "bedrag" and 0 < (cel.clienten or 0) < regel.drempel:
                    assert cel.getoond is None, cel.sleutel
            gevonden, geheim = aanvallen(r)
            assert not gevonden, (ow, periode, gevonden)
            totaal_geheim += geheim
    assert totaal_geheim > 100  # the region is small enough for the rule to have work


def test_shares_on_suppressed_counts_are_suppressed(kleine_cijfers: Cijfers) -> None:
    c = kleine_cijfers
    r = maak_rapport(c, _onderwerpen(c)[0], c.periode("2025"))
    for a in r.aandelen:
        if any(r.cellen[k].getoond is None for k in a.gekoppeld) or 0 < a.teller < r.drempel or a.noemer < r.drempel:
            assert a.getoond is None, a
    assert any(a.getoond is None for a in r.aandelen)


def test_breakdowns_add_up_to_the_totals_of_the_indicator_library(kleine_cijfers: Cijfers, tmp_path: Path) -> None:
    """The raw cells behind a report equal the indicator library's own totals (so the groups the suppression
    protects are the true relations), and no row order reveals a suppressed value (rows are in code order)."""
    c = kleine_cijfers
    ow = _onderwerpen(c)[0]
    p = c.periode("2025")
    r = maak_rapport(c, ow, p)
    scope, sel = ow.scope(), ow.selectie()
    df = c.indicatoren(scope, sel, p, ["trajecten_gestart", "trajecten_beeindigd", "kosten"])
    waarde = dict(zip(df["indicator"], df["teller"], strict=True))
    assert r.cellen[sleutel("trajecten_gestart", "2025", sel)].ruw == waarde["trajecten_gestart"]
    assert r.cellen[sleutel("trajecten_beeindigd", "2025", sel)].ruw == waarde["trajecten_beeindigd"]
    assert r.cellen[sleutel("kosten", "2025", sel)].ruw == waarde["kosten"]
    for g in r.groepen:
        assert r.cellen[g.totaal].ruw == sum(r.cellen[d].ruw for d in g.delen), g
    vorm = next(t for s in r.secties for t in s.tabellen if t.id == "gestart-vorm")
    labels = [rij[0] for rij in vorm.rijen[:-1]]
    assert labels == sorted(labels, key=lambda x: (x.split()[0], x.split()[1]))


def test_the_attacker_does_recover_cells_when_only_primary_suppression_is_applied(kleine_cijfers: Cijfers) -> None:
    """The control: the same report with primary suppression only (and rounding) leaks, so the attacker is not
    toothless and the protection above comes from the secondary suppression."""
    c = kleine_cijfers
    regel = Regel(drempel=5, afronding=1)
    gelekt = 0
    for ow in _onderwerpen(c):
        r = maak_rapport(c, ow, c.periode("2025"), regel=regel)
        cellen = {k: cel for k, cel in r.cellen.items() if cel.soort == "aantal"}
        getoond = {k: (None if 0 < cel.ruw < regel.drempel else cel.ruw) for k, cel in cellen.items()}
        groepen = [(g.totaal, g.delen) for g in r.groepen if g.totaal in cellen]
        gevonden, _ = aanval(getoond, groepen, soort="aantal", drempel=regel.drempel, afronding=regel.afronding,
                             ruw={k: cel.ruw for k, cel in cellen.items()})
        gelekt += len(gevonden)
    assert gelekt > 0
