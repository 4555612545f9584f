"""Progress on an ambition's goals, computed from the indicator catalogue (docs/sturing.md, "Voortgang").

For each :class:`~regiekamer.sturing.ambities.Doel`:

1. the *baseline* is the indicator's value over the baseline period, for the ambition's scope;
2. the *measurements* are the indicator's values over every whole period of the same length (year, quarter or
   month) after the baseline that the data covers, up to the deadline — so a yearly count is compared with yearly
   counts, never with a quarter;
3. the *path* is the straight line from the baseline (at the end of the baseline period) to the target (at the
   deadline); the path value of a measurement is read at the end of its period;
4. each measurement carries a 95 % interval for random variation where the indicator has one: Wilson's interval
   for a share (teller of noemer), the exact Poisson interval (Byar's approximation from 100 on) for a count
   of clients or trajectories; durations, money and ratios get none (the page says so);
5. the *status* follows from the latest measurement: ``doel bereikt`` (at or beyond the target), ``op koers``
   (at or beyond the path), ``binnen marge`` (behind the path, but the path lies inside the interval: the gap
   may be chance), ``achter`` (behind, beyond chance), ``geen meting`` (no whole period after the baseline yet);
6. the *trend* is the least-squares slope through the baseline and the measurements, per period, with the value
   it projects at the deadline (shown from two measurements on; a projection, not a forecast).

The direction is the one the target sets (target below the baseline: lower is the aim), whatever the
catalogue calls better: an ambition may rightly want more of a neutral figure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from regiekamer.cijfers.scope import BuitenBereik, Scope
from regiekamer.cijfers.service import Cijfers
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.indicatoren.periode import Granulariteit, Periode
from regiekamer.sturing.ambities import Ambitie, Doel

Status = Literal["doel bereikt", "op koers", "binnen marge", "achter", "geen meting", "geen basis"]
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Meting:
    periode: str
    van: dt.date
    tot: dt.date
    waarde: float | None
    onder: float | None
    """Lower end of the 95 % interval (``None``: the indicator has none)."""
    boven: float | None
    pad: float
    """Where the path from baseline to target stands at the end of this period."""


@dataclass(frozen=True)
class DoelVoortgang:
    doel: Doel
    naam: str
    eenheid: str
    basiswaarde: float | None
    metingen: tuple[Meting, ...]
    status: Status
    trend_per_periode: float | None
    verwacht_op_deadline: float | None

    @property
    def laatste(self) -> Meting | None:
        gemeten = [m for m in self.metingen if m.waarde is not None]
        return gemeten[-1] if gemeten else None


def granulariteit(p: Periode) -> Granulariteit:
    if "-Q" in p.label:
        return "kwartaal"
    return "maand" if len(p.label) == 7 else "jaar"


def wilson(teller: int, noemer: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion (as a fraction)."""
    if noemer <= 0:
        return (math.nan, math.nan)
    p = teller / noemer
    n = noemer
    midden = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, midden - half), min(1.0, midden + half))


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu), summed in log space."""
    if mu <= 0:
        return 1.0
    term = -mu
    totaal = math.exp(term)
    for i in range(1, k + 1):
        term += math.log(mu) - math.log(i)
        totaal += math.exp(term)
    return min(1.0, totaal)


def _halveer(f: Any, lo: float, hi: float) -> float:
    for _ in range(100):
        mid = (lo + hi) / 2
        if f(mid):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def poisson_interval(k: int, z: float = Z95) -> tuple[float, float]:
    """The 95 % interval for the mean of a Poisson count ``k``: exact (Garwood) below 100, found by bisection on
    the Poisson distribution; from 100 on Byar's approximation, which is then within 0.1 % of it."""
    if k < 0:
        raise ValueError("een aantal is niet negatief")
    if k >= 100:
        return poisson_byar(k, z)
    alfa = 2 * (1 - _normaal_cdf(z))
    hi = k + 10 * math.sqrt(k + 1) + 10
    onder = 0.0 if k == 0 else _halveer(lambda mu: 1 - _poisson_cdf(k - 1, mu) < alfa / 2, 0.0, hi)
    boven = _halveer(lambda mu: _poisson_cdf(k, mu) > alfa / 2, 0.0, hi)
    return (onder, boven)


def _normaal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def poisson_byar(k: int, z: float = Z95) -> tuple[float, float]:
    """Byar's approximation of the exact (Garwood) Poisson interval for an observed count ``k``."""
    if k < 0:
        raise ValueError("een aantal is niet negatief")
    onder = 0.0 if k == 0 else k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
    k1 = k + 1
    boven = k1 * (1 - 1 / (9 * k1) + z / (3 * math.sqrt(k1))) ** 3
    return (onder, boven)


def interval(eenheid: str, waarde: float, teller: Any, noemer: Any) -> tuple[float | None, float | None]:
    """The 95 % interval of one value, where the indicator's kind allows one (module docstring, point 4)."""
    if eenheid == "procent" and pd.notna(teller) and pd.notna(noemer) and int(noemer) > 0:
        o, b = wilson(int(teller), int(noemer))
        return (100 * o, 100 * b)
    if eenheid == "aantal":
        return poisson_interval(round(waarde))
    return (None, None)


def _pad(doel: Doel, basis: float, op: dt.date) -> float:
    t0 = doel.basis.tot
    aandeel = (op - t0).days / (doel.deadline - t0).days
    return basis + (doel.streefwaarde - basis) * min(1.0, max(0.0, aandeel))


def _richting(doel: Doel, basis: float) -> float:
    """+1 when higher is the aim, -1 when lower: the target's side of the baseline; a target equal to the
    baseline (hold the line) takes the catalogue's better direction, and for a neutral figure counts as +1."""
    if doel.streefwaarde != basis:
        return 1.0 if doel.streefwaarde > basis else -1.0
    return -1.0 if PER_ID[doel.indicator].beter == "lager" else 1.0


def status_van(doel: Doel, basis: float | None, laatste: Meting | None) -> Status:
    """The status rule of the module docstring (point 5), for the latest measurement."""
    if basis is None:
        return "geen basis"
    if laatste is None or laatste.waarde is None:
        return "geen meting"
    richting = _richting(doel, basis)
    if richting * (laatste.waarde - doel.streefwaarde) >= 0:
        return "doel bereikt"
    if richting * (laatste.waarde - laatste.pad) >= 0:
        return "op koers"
    if laatste.onder is not None and laatste.boven is not None and laatste.onder <= laatste.pad <= laatste.boven:
        return "binnen marge"
    return "achter"


def trend(punten: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares line (slope per period, intercept) through (period index, value) points, baseline at 0;
    ``None`` below three points (the baseline and two measurements)."""
    if len(punten) < 3:
        return None
    xm = sum(x for x, _ in punten) / len(punten)
    ym = sum(y for _, y in punten) / len(punten)
    helling = sum((x - xm) * (y - ym) for x, y in punten) / sum((x - xm) ** 2 for x, _ in punten)
    return (helling, ym - helling * xm)


def meetperioden(doel: Doel, laatste_dag: dt.date) -> list[Periode]:
    """The whole periods after the baseline, of its length, that the data covers and that start on or before
    the deadline."""
    basis = doel.basis
    gran = granulariteit(basis)
    if laatste_dag <= basis.tot:
        return []
    delen = Periode(basis.tot + dt.timedelta(days=1), laatste_dag, "meting").deel(gran)
    return [p for p in delen if p.van <= doel.deadline and _heel(p, gran)]


def _heel(p: Periode, gran: Granulariteit) -> bool:
    """Whether a part cut by :meth:`Periode.deel` is a whole calendar year/quarter/month (not clipped)."""
    volgende = p.tot + dt.timedelta(days=1)
    if gran == "maand":
        return p.van.day == 1 and volgende.day == 1
    if gran == "kwartaal":
        return p.van.day == 1 and p.van.month % 3 == 1 and volgende.day == 1 and volgende.month % 3 == 1
    return p.van == dt.date(p.van.year, 1, 1) and p.tot == dt.date(p.van.year, 12, 31)


def _in_regio(scope: Scope, ambitie: Ambitie) -> Scope:
    """The scope narrowed to the ambition's jeugdregio (a regional ambition measured on a national store)."""
    regio = ambitie.bereik.regio
    if regio is None or scope.regio == regio:
        return scope
    if scope.regio is not None:
        raise BuitenBereik(f"regio {regio} valt buiten uw bereik (alleen {scope.regio})")
    return replace(scope, regio=regio)


def doel_voortgang(cijfers: Cijfers, scope: Scope, ambitie: Ambitie, doel: Doel) -> DoelVoortgang:
    """Baseline, measurements, path, status and trend of one goal within the user's scope (a goal outside it
    raises :class:`~regiekamer.cijfers.scope.BuitenBereik`, as any figure does)."""
    ind = PER_ID[doel.indicator]
    selectie = ambitie.bereik.selectie()
    scope = _in_regio(scope, ambitie)
    o = cijfers.opties
    basis_p = doel.basis
    basiswaarde: float | None = None
    if o.eerste_dag <= basis_p.van and basis_p.tot <= o.laatste_dag:
        rij = cijfers.indicatoren(scope, selectie, basis_p, [ind.id])
        if not rij.empty and pd.notna(rij["waarde"].iloc[0]):
            basiswaarde = float(rij["waarde"].iloc[0])
    metingen: list[Meting] = []
    perioden = meetperioden(doel, o.laatste_dag) if basiswaarde is not None else []
    if perioden and basiswaarde is not None:
        span = Periode(perioden[0].van, perioden[-1].tot, f"{perioden[0].label}..{perioden[-1].label}")
        tabel = cijfers.indicatoren(scope, selectie, span, [ind.id], per=granulariteit(basis_p))
        per_label = {str(r["periode"]): r for _, r in tabel.iterrows()}
        for p in perioden:
            r = per_label.get(p.label)
            waarde = float(r["waarde"]) if r is not None and pd.notna(r["waarde"]) else None
            onder, boven = (interval(ind.eenheid, waarde, r["teller"], r["noemer"])
                            if waarde is not None and r is not None else (None, None))
            metingen.append(Meting(p.label, p.van, p.tot, waarde, onder, boven, _pad(doel, basiswaarde, p.tot)))
    gemeten = [(i + 1, m) for i, m in enumerate(metingen) if m.waarde is not None]
    laatste = gemeten[-1][1] if gemeten else None
    lijn = None
    if basiswaarde is not None:
        lijn = trend([(0.0, basiswaarde), *[(float(i), float(m.waarde)) for i, m in gemeten if m.waarde is not None]])
    helling = verwacht = None
    if lijn is not None:
        helling, snijpunt = lijn
        deadline_index = len(Periode(basis_p.van, doel.deadline, "tot deadline").deel(granulariteit(basis_p))) - 1
        verwacht = snijpunt + helling * deadline_index
    return DoelVoortgang(doel, ind.naam, ind.eenheid, basiswaarde, tuple(metingen),
                         status_van(doel, basiswaarde, laatste), helling, verwacht)


def voortgang(cijfers: Cijfers, scope: Scope, ambitie: Ambitie) -> list[DoelVoortgang]:
    """Progress on every goal of an ambition (module docstring)."""
    return [doel_voortgang(cijfers, scope, ambitie, d) for d in ambitie.doelen]


def als_tabel(vg: Sequence[DoelVoortgang]) -> pd.DataFrame:
    """One row per goal and measurement, for export and for the data table beside a chart."""
    rijen = []
    for d in vg:
        for m in d.metingen:
            rijen.append({"indicator": d.doel.indicator, "periode": m.periode, "waarde": m.waarde,
                          "onder_95": m.onder, "boven_95": m.boven, "pad": m.pad,
                          "basiswaarde": d.basiswaarde, "streefwaarde": d.doel.streefwaarde, "status": d.status})
    return pd.DataFrame(rijen)
