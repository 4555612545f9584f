"""Ambitions as YAML: read, written back, and refused with the key path of the problem; the interval formulas
against published values and an exact peer."""

from __future__ import annotations

import datetime as dt

import pytest
from scipy.stats import chi2

from regiekamer.sturing import AmbitieFout, ambities_yaml, laad_ambities
from regiekamer.sturing.voortgang import poisson_byar, poisson_interval, wilson

GOED = """
ambities:
  - id: lichte-hulp-dichtbij
    tekst: Meer jeugdigen krijgen lichte hulp dicht bij huis, minder komen in verblijf.
    eigenaar: Wethouder jeugd
    bereik: {gemeente: "0014", wet: jw}
    partners:
      - {naam: Wijkteam Noord, bijdrage: vroeg signaleren en zelf ambulant begeleiden}
      - {naam: Aanbieder Verblijf, bijdrage: na verblijf terug naar ambulante hulp binnen 6 weken}
    raakvlakken: [overdracht van verblijf naar ambulant]
    doelen:
      - {indicator: aandeel_verblijf, basisperiode: "2024", streefwaarde: 8, deadline: 2026-12-31}
      - {indicator: wachttijd_p90, basisperiode: 2024-Q4, streefwaarde: 42.0, deadline: "2026-06-30"}
"""


def test_yaml_round_trip() -> None:
    a = laad_ambities(GOED)
    assert len(a) == 1 and a[0].bereik.gemeente == "0014" and a[0].bereik.selectie().wet == "jw"
    assert a[0].doelen[0].deadline == dt.date(2026, 12, 31) and a[0].doelen[1].basis.label == "2024-Q4"
    assert [p.naam for p in a[0].partners] == ["Wijkteam Noord", "Aanbieder Verblijf"]
    assert laad_ambities(ambities_yaml(a)) == a


@pytest.mark.parametrize(("vervang", "pad", "woord"), [
    ("indicator: aandeel_verblijf", "ambities[0].doelen[0].indicator", "meer rijen"),
    ("deadline: 2026-12-31", "ambities[0].doelen[0].deadline", "niet na het einde"),
    ("basisperiode: \"2024\"", "ambities[0].doelen[0].basisperiode", "jaar"),
    ("eigenaar: Wethouder jeugd", "ambities[0]", "onbekende sleutel"),
    ("bereik: {gemeente: \"0014\", wet: jw}", "ambities[0].bereik", "gemeente"),
    ("streefwaarde: 8,", "ambities[0].doelen[0].streefwaarde", "getal"),
])
def test_errors_name_the_key_path(vervang: str, pad: str, woord: str) -> None:
    fout = {
        "indicator: aandeel_verblijf": "indicator: beeindigd_per_reden",
        "deadline: 2026-12-31": "deadline: 2024-06-30",
        "basisperiode: \"2024\"": "basisperiode: 2024-01-01..2024-03-31",
        "eigenaar: Wethouder jeugd": "eigenaar: Wethouder jeugd\n    budget: 12",
        "bereik: {gemeente: \"0014\", wet: jw}": "bereik: {wet: jw}",
        "streefwaarde: 8,": "streefwaarde: acht,",
    }[vervang]
    tekst = GOED.replace(vervang, fout)
    with pytest.raises(AmbitieFout) as exc:
        laad_ambities(tekst)
    assert exc.value.pad == pad, str(exc.value)
    assert woord in exc.value.melding


def test_unknown_indicator_and_duplicates_and_bad_yaml() -> None:
    with pytest.raises(AmbitieFout, match="onbekende indicator 'bestaat_niet'"):
        laad_ambities(GOED.replace("aandeel_verblijf", "bestaat_niet"))
    dubbel = GOED + GOED.split("ambities:\n", 1)[1]
    with pytest.raises(AmbitieFout, match=r"ambities\[1\]\.id: 'lichte-hulp-dichtbij' komt twee keer voor"):
        laad_ambities(dubbel)
    with pytest.raises(AmbitieFout, match="regel 3"):
        laad_ambities("ambities:\n  - id: x\n   tekst: [")


def test_wilson_matches_newcombe() -> None:
    # Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison of seven
    # methods. Stat Med 17:857-872, Table II, method 3 (score interval without continuity correction).
    for (t, n), verwacht in {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605), (0, 20): (0.0, 0.1611),
                             (1, 29): (0.0061, 0.1718)}.items():
        assert tuple(round(x, 4) for x in wilson(t, n)) == verwacht


@pytest.mark.parametrize("k", [0, 1, 5, 12, 40, 99, 100, 150, 1000, 25_000])
def test_poisson_interval_is_the_exact_one(k: int) -> None:
    """Garwood's exact interval through the chi-square distribution (SciPy, an independent peer)."""
    exact = (chi2.ppf(0.025, 2 * k) / 2 if k else 0.0, chi2.ppf(0.975, 2 * k + 2) / 2)
    onder, boven = poisson_interval(k)
    tol = 1e-6 if k < 100 else 1e-3
    assert onder == pytest.approx(exact[0], rel=tol, abs=1e-9)
    assert boven == pytest.approx(exact[1], rel=tol)
    if k >= 100:
        assert (onder, boven) == poisson_byar(k)
