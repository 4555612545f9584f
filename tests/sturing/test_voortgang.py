"""Progress on ambitions on a generated, ingested region: the measured values equal the generator's ground truth,
and the path, status and trend equal a direct computation of the rules in docs/sturing.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from regiekamer.cijfers import BuitenBereik, Cijfers, Rol, Scope
from regiekamer.indicatoren import parse_periode
from regiekamer.sturing import laad_ambities, voortgang
from regiekamer.sturing.voortgang import Meting, poisson_interval, status_van
from regiohulp import Regio


@pytest.fixture(scope="module")
def cijfers(regio: Regio) -> Cijfers:
    return Cijfers(regio.opslag)


def _betaald_volgens_waarheid(regio: Regio, gemeente: str, tekst: str) -> int:
    p = parse_periode(tekst)
    w = regio.waarheid("declaratieregels")
    w = w[w.beantwoord & (w.gemeente == gemeente)]
    begin = pd.to_datetime(w.begindatum).dt.date
    return int(w[(begin >= p.van) & (begin <= p.tot)].betaald.sum())


def _ambitie(gemeente: str, basis: str, streef: float, deadline: str, indicator: str = "kosten") -> Any:
    return laad_ambities(f"""
ambities:
  - id: test
    tekst: Minder uitgaven
    eigenaar: Wethouder
    bereik: {{gemeente: "{gemeente}"}}
    doelen: [{{indicator: {indicator}, basisperiode: "{basis}", streefwaarde: {streef}, deadline: {deadline}}}]
""")[0]


def test_progress_on_paid_amounts_equals_the_ground_truth(cijfers: Cijfers, regio: Regio) -> None:
    g = cijfers.opties.gemeenten[0].code
    scope = Scope(Rol.GEMEENTE, regio=cijfers.opties.regios[0], gemeente=g)
    basis = _betaald_volgens_waarheid(regio, g, "2024-Q4")
    for factor in (0.5, 1.0, 1.3):  # an ambitious, a standstill and a rising target: different statuses
        streef = round(basis * factor)
        deadline = dt.date(2026, 6, 30)
        (vg,) = voortgang(cijfers, scope, _ambitie(g, "2024-Q4", streef, deadline.isoformat()))
        assert vg.basiswaarde == basis
        kwartalen = [p.label for p in parse_periode("2025").deel("kwartaal")]
        assert [m.periode for m in vg.metingen] == kwartalen  # the data ends on 31 December 2025
        t0 = dt.date(2024, 12, 31)
        for m in vg.metingen:
            assert m.waarde == _betaald_volgens_waarheid(regio, g, m.periode)
            verwacht_pad = basis + (streef - basis) * (m.tot - t0).days / (deadline - t0).days
            assert m.pad == pytest.approx(verwacht_pad)
            assert m.onder is None and m.boven is None  # money: no interval (docs/sturing.md)
        laatste = vg.metingen[-1]
        richting = 1 if streef >= basis else -1
        verwacht = ("doel bereikt" if richting * (laatste.waarde - streef) >= 0
                    else "op koers" if richting * (laatste.waarde - laatste.pad) >= 0 else "achter")
        assert vg.status == verwacht
        # trend: ordinary least squares through (0, baseline), (1..4, quarters), read at the deadline's quarter
        ys = pd.Series([basis, *[m.waarde for m in vg.metingen]], dtype=float)
        xs = pd.Series(range(len(ys)), dtype=float)
        helling = ((xs - xs.mean()) * (ys - ys.mean())).sum() / ((xs - xs.mean()) ** 2).sum()
        assert vg.trend_per_periode == pytest.approx(helling)
        assert vg.verwacht_op_deadline == pytest.approx(ys.mean() + helling * (6 - xs.mean()))  # 2026-Q2 = 6


def test_counts_carry_the_poisson_interval_and_the_scope_holds(cijfers: Cijfers) -> None:
    o = cijfers.opties
    g1, g2 = o.gemeenten[0].code, o.gemeenten[1].code
    a = _ambitie(g1, "2024", 10, "2027-12-31", indicator="clienten_in_zorg")
    (vg,) = voortgang(cijfers, Scope(Rol.REGIO, regio=o.regios[0]), a)
    (m,) = vg.metingen
    assert m.periode == "2025" and m.waarde is not None
    assert (m.onder, m.boven) == poisson_interval(round(m.waarde))
    assert vg.status in ("op koers", "binnen marge", "achter") and vg.trend_per_periode is None
    with pytest.raises(BuitenBereik):
        voortgang(cijfers, Scope(Rol.GEMEENTE, regio=o.regios[0], gemeente=g2), a)


def test_status_rule_at_its_edges() -> None:
    d = _ambitie("0014", "2024", 50.0, "2026-12-31", indicator="aandeel_volgens_plan").doelen[0]

    def m(waarde: float, pad: float, onder: float | None = None, boven: float | None = None) -> Meting:
        return Meting("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), waarde, onder, boven, pad)

    assert status_van(d, 40.0, m(50.0, 45.0)) == "doel bereikt"
    assert status_van(d, 40.0, m(45.0, 45.0)) == "op koers"
    assert status_van(d, 40.0, m(43.0, 45.0, 38.0, 48.0)) == "binnen marge"
    assert status_van(d, 40.0, m(43.0, 45.0, 41.0, 44.9)) == "achter"
    assert status_van(d, 40.0, m(43.0, 45.0)) == "achter"
    assert status_van(d, 60.0, m(55.0, 55.0)) == "op koers"  # target below baseline: lower is the aim
    # a target equal to the baseline holds the line in the catalogue's better direction
    vast = _ambitie("0014", "2024", 5.0, "2026-12-31", indicator="wachtend_6_weken").doelen[0]
    assert status_van(vast, 5.0, m(6.0, 5.0)) == "achter"
    assert status_van(vast, 5.0, m(4.0, 5.0)) == "doel bereikt"
    assert status_van(d, None, None) == "geen basis"
    assert status_van(d, 40.0, None) == "geen meting"
