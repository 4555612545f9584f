"""Funnel plots for comparing units (aanbieders) fairly: control limits, overdispersion and the flag per unit.

Pure numpy/scipy; the method and its sources are in docs/vergelijken.md.

- :func:`binomiale_grens` and :func:`poisson_grens`: exact limits with the interpolation of Spiegelhalter (2005),
  "Funnel plots for comparing institutional performance", Stat Med 24:1185-1202, Appendix A.1: with r_p the
  p-quantile of the null distribution (smallest r with F(r) >= p) and
  alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)), the limit is (r_p - alpha) / n for a proportion around theta0 with
  n cases, and (r_p - alpha) / E for an indirectly standardised ratio O/E around 1 with E expected (Poisson).
- :func:`overdispersie`: z-scores winsorised at 10 % each side (Spiegelhalter 2005, "Handling over-dispersion of
  performance indicators", Qual Saf Health Care 14:347-351), phi = mean of the squared winsorised z; the
  multiplicative widening by sqrt(phi), or the additive random-effects alternative with the DerSimonian-Laird
  tau^2 (Spiegelhalter et al. 2012, "Statistical methods for healthcare regulation", JRSS A 175:1-47). Either is
  applied only when I * phi exceeds the 95th percentile of chi^2(I - 1).
- :func:`funnel`: limits at each unit's n, the flag per unit, and :func:`curven` for the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats  # type: ignore[import-untyped]  # scipy ships no stubs

Soort = Literal["aandeel", "ratio"]
"""``aandeel``: a proportion O/n around theta0; ``ratio``: an indirectly standardised ratio O/E around 1."""
Correctie = Literal["geen", "multiplicatief", "additief"]
"""How limits are widened for overdispersion; ``additief`` (random effects, DerSimonian-Laird) is the default."""
Oordeel = Literal["te_klein", "binnen", "boven_95", "onder_95", "boven_998", "onder_998"]

Getallen = npt.ArrayLike
Vector = npt.NDArray[np.float64]

NIVEAUS: tuple[float, ...] = (0.95, 0.998)
"""Two-sided coverage of the limits: 95 % (p = 0.025 / 0.975) and 99.8 % (p = 0.001 / 0.999)."""
GRENZEN: tuple[tuple[str, float], ...] = (
    ("onder_998", 0.001),
    ("onder_95", 0.025),
    ("boven_95", 0.975),
    ("boven_998", 0.999),
)
"""The four limits by name and the probability p each stands for."""
WINSORISATIE = 0.10
"""Share winsorised at each side before phi is estimated (Spiegelhalter 2005, QSHC)."""
TOETS_ALFA = 0.05
"""Overdispersion is corrected for only when I * phi exceeds the (1 - TOETS_ALFA) quantile of chi^2(I - 1)."""
MINIMUM = 20
"""Default minimum number of cases (n) below which a unit is shown but not judged (docs/vergelijken.md)."""


def _interpolatie(cdf_r: Vector, cdf_r1: Vector, r: Vector, p: float) -> Vector:
    """r_p - alpha, with alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) (Spiegelhalter 2005, Appendix)."""
    sprong = cdf_r - cdf_r1
    alpha = np.where(sprong > 0, (cdf_r - p) / np.where(sprong > 0, sprong, 1.0), 0.0)
    uit: Vector = r - alpha
    return uit


def binomiale_grens(theta0: float, n: Getallen, p: float) -> Vector:
    """The p-limit for a proportion around ``theta0`` at ``n`` cases (vectorised over n), on the proportion scale,
    clipped to [0, 1]; NaN where n <= 0."""
    if not 0.0 < theta0 < 1.0:
        raise ValueError(f"doelwaarde {theta0} moet strikt tussen 0 en 1 liggen")
    if not 0.0 < p < 1.0:
        raise ValueError(f"kans {p} moet strikt tussen 0 en 1 liggen")
    nn = np.asarray(n, dtype=np.float64)
    geldig = nn > 0
    veilig = np.where(geldig, nn, 1.0)
    r = np.asarray(stats.binom.ppf(p, veilig, theta0), dtype=np.float64)
    f_r = np.asarray(stats.binom.cdf(r, veilig, theta0), dtype=np.float64)
    f_r1 = np.asarray(stats.binom.cdf(r - 1, veilig, theta0), dtype=np.float64)
    grens = np.clip(_interpolatie(f_r, f_r1, r, p) / veilig, 0.0, 1.0)
    uit: Vector = np.where(geldig, grens, np.nan)
    return uit


def poisson_grens(verwacht: Getallen, p: float) -> Vector:
    """The p-limit for a ratio O/E around 1 at ``verwacht`` (E) expected events, on the ratio scale (>= 0)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"kans {p} moet strikt tussen 0 en 1 liggen")
    e = np.asarray(verwacht, dtype=np.float64)
    geldig = e > 0
    veilig = np.where(geldig, e, 1.0)
    r = np.asarray(stats.poisson.ppf(p, veilig), dtype=np.float64)
    f_r = np.asarray(stats.poisson.cdf(r, veilig), dtype=np.float64)
    f_r1 = np.asarray(stats.poisson.cdf(r - 1, veilig), dtype=np.float64)
    grens = np.maximum(_interpolatie(f_r, f_r1, r, p) / veilig, 0.0)
    uit: Vector = np.where(geldig, grens, np.nan)
    return uit


def _schaal(soort: Soort, doel: float, n: Vector) -> Vector:
    """The standard error of the plotted statistic under the null, on the scale the z-scores use: a proportion
    sqrt(theta0 (1 - theta0) / n); a ratio on the square-root scale 1 / (2 sqrt(E)) (Spiegelhalter 2005, QSHC)."""
    if soort == "aandeel":
        uit: Vector = np.sqrt(doel * (1.0 - doel) / n)
    else:
        uit = 1.0 / (2.0 * np.sqrt(n))
    return uit


def z_scores(soort: Soort, waargenomen: Getallen, n: Getallen, doel: float) -> Vector:
    """Unadjusted z-scores: (O/n - theta0) / sqrt(theta0 (1 - theta0) / n) for a proportion; for a ratio the
    square-root transform (sqrt(O/E) - 1) / (1 / (2 sqrt(E))) = 2 (sqrt(O) - sqrt(E))."""
    o = np.asarray(waargenomen, dtype=np.float64)
    nn = np.asarray(n, dtype=np.float64)
    s = _schaal(soort, doel, nn)
    if soort == "aandeel":
        uit: Vector = (o / nn - doel) / s
    else:
        uit = (np.sqrt(o / nn) - 1.0) / s
    return uit


def winsoriseer(z: Getallen, deel: float = WINSORISATIE) -> Vector:
    """``z`` with the values below its ``deel`` percentile set to that percentile and those above its
    1 - ``deel`` percentile set to that one; the count stays the same (Spiegelhalter 2005, QSHC)."""
    zz = np.asarray(z, dtype=np.float64)
    if zz.size == 0:
        return zz
    laag, hoog = np.percentile(zz, [100 * deel, 100 * (1 - deel)])
    uit: Vector = np.clip(zz, laag, hoog)
    return uit


@dataclass(frozen=True)
class Overdispersie:
    """The overdispersion estimate over the judged units and whether it is corrected for."""

    correctie: Correctie
    """The method asked for."""
    aantal: int
    """I: the units the estimate is based on (those with at least the minimum number of cases)."""
    phi: float
    """Mean of the squared winsorised z-scores (1 when there is no overdispersion; NaN with fewer than 2 units)."""
    tau2: float
    """DerSimonian-Laird between-unit variance on the z-score scale (0 when I * phi <= I - 1)."""
    toetsgrootheid: float
    """I * phi, compared with chi^2(I - 1)."""
    p_waarde: float
    """P(chi^2(I - 1) >= I * phi)."""
    toegepast: bool
    """Whether the limits were widened: a correction was asked for and the test rejects at TOETS_ALFA."""

    @property
    def factor(self) -> float:
        """The multiplicative widening sqrt(phi) when applied multiplicatively, else 1."""
        return float(np.sqrt(self.phi)) if self.toegepast and self.correctie == "multiplicatief" else 1.0


def overdispersie(
    z: Getallen,
    s: Getallen,
    correctie: Correctie = "additief",
    *,
    deel: float = WINSORISATIE,
    alfa: float = TOETS_ALFA,
) -> Overdispersie:
    """phi from the winsorised ``z``; tau^2 by DerSimonian-Laird with within-unit standard errors ``s``:
    tau^2 = max(0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w)), w = 1 / s^2 (Spiegelhalter et al. 2012)."""
    zz = np.asarray(z, dtype=np.float64)
    ss = np.asarray(s, dtype=np.float64)
    aantal = int(zz.size)
    if aantal < 2:
        return Overdispersie(correctie, aantal, float("nan"), 0.0, float("nan"), float("nan"), False)
    zw = winsoriseer(zz, deel)
    phi = float(np.mean(zw**2))
    toets = aantal * phi
    p_waarde = float(stats.chi2.sf(toets, aantal - 1))
    w = 1.0 / ss**2
    noemer = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (toets - (aantal - 1)) / noemer) if noemer > 0 else 0.0
    toegepast = correctie != "geen" and p_waarde < alfa
    return Overdispersie(correctie, aantal, phi, tau2, toets, p_waarde, toegepast)


def grenzen(soort: Soort, doel: float, n: Getallen, od: Overdispersie | None = None) -> dict[str, Vector]:
    """The four limits (:data:`GRENZEN`) at each ``n`` (cases for a proportion, expected E for a ratio), on the
    plotted scale (proportion 0-1, or O/E). Exact interpolated limits unless ``od`` is applied; then the normal
    limits widened by sqrt(phi) (multiplicative) or with tau^2 added to the variance (additive), a ratio on the
    square-root scale and squared back."""
    nn = np.asarray(n, dtype=np.float64)
    uit: dict[str, Vector] = {}
    if soort == "aandeel" and not 0.0 < doel < 1.0:  # no variation at all: every limit is the target itself
        return {naam: np.where(nn > 0, doel, np.nan) for naam, _ in GRENZEN}
    for naam, p in GRENZEN:
        if od is None or not od.toegepast:
            uit[naam] = binomiale_grens(doel, nn, p) if soort == "aandeel" else poisson_grens(nn, p)
            continue
        zp = float(stats.norm.ppf(p))
        with np.errstate(divide="ignore", invalid="ignore"):
            s = _schaal(soort, doel, np.where(nn > 0, nn, np.nan))
        sd = np.sqrt(od.phi) * s if od.correctie == "multiplicatief" else np.sqrt(s**2 + od.tau2)
        if soort == "aandeel":
            uit[naam] = np.clip(doel + zp * sd, 0.0, 1.0)
        else:
            uit[naam] = np.maximum(1.0 + zp * sd, 0.0) ** 2
    return uit


def oordeel(waarde: Getallen, n: Getallen, limieten: dict[str, Vector], minimum: float) -> list[Oordeel]:
    """The flag per unit: ``te_klein`` below the minimum n; else beyond 99.8 %, beyond 95 % (strictly outside the
    limit), or ``binnen``."""
    w = np.asarray(waarde, dtype=np.float64)
    nn = np.asarray(n, dtype=np.float64)
    uit: list[Oordeel] = []
    for i in range(w.size):
        if not nn[i] >= minimum or np.isnan(w[i]):
            uit.append("te_klein")
        elif w[i] > limieten["boven_998"][i]:
            uit.append("boven_998")
        elif w[i] < limieten["onder_998"][i]:
            uit.append("onder_998")
        elif w[i] > limieten["boven_95"][i]:
            uit.append("boven_95")
        elif w[i] < limieten["onder_95"][i]:
            uit.append("onder_95")
        else:
            uit.append("binnen")
    return uit


@dataclass(frozen=True)
class FunnelUitkomst:
    """Limits, flags and overdispersion for a set of units (arrays in the order given)."""

    soort: Soort
    doel: float
    """theta0 (a proportion, 0-1) or 1 for a ratio."""
    waarde: Vector
    """O/n or O/E per unit."""
    z: Vector
    limieten: dict[str, Vector]
    oordeel: list[Oordeel]
    overdispersie: Overdispersie
    minimum: float

    def curven(self, n: Getallen) -> dict[str, Vector]:
        """The four limits over a grid of ``n`` (for the chart), with the same correction as the units."""
        return grenzen(self.soort, self.doel, n, self.overdispersie)


def funnel(
    soort: Soort,
    waargenomen: Getallen,
    n: Getallen,
    *,
    doel: float | None = None,
    correctie: Correctie = "additief",
    minimum: float = MINIMUM,
    deel: float = WINSORISATIE,
    alfa: float = TOETS_ALFA,
) -> FunnelUitkomst:
    """Judge units with ``waargenomen`` O and ``n`` (cases for a proportion, expected E for a ratio).

    ``doel``: theta0 (default sum O / sum n, the overall value) for a proportion; a ratio's target is 1. Units
    with n below ``minimum`` get ``te_klein`` and are left out of the overdispersion estimate; their limits are
    still computed so they can be drawn."""
    o = np.asarray(waargenomen, dtype=np.float64)
    nn = np.asarray(n, dtype=np.float64)
    if o.shape != nn.shape or o.ndim != 1:
        raise ValueError("waargenomen en n moeten even lange rijen getallen zijn")
    if np.any(o < 0) or np.any(nn < 0) or (soort == "aandeel" and np.any(o > nn)):
        raise ValueError("aantallen moeten >= 0 zijn en een teller mag de noemer niet overschrijden")
    theta0 = 1.0
    if soort == "aandeel":
        theta0 = float(o.sum() / nn.sum()) if doel is None else float(doel)
    with np.errstate(divide="ignore", invalid="ignore"):
        waarde: Vector = np.where(nn > 0, o / np.where(nn > 0, nn, 1.0), np.nan)
        z = z_scores(soort, o, np.where(nn > 0, nn, np.nan), theta0)
    beoordeeld = (nn >= minimum) & (nn > 0)
    if soort == "aandeel" and not 0.0 < theta0 < 1.0:  # all or none: nothing to judge beyond the target
        z = np.zeros_like(o)
        od = Overdispersie(correctie, int(beoordeeld.sum()), float("nan"), 0.0, float("nan"), float("nan"), False)
    else:
        s = _schaal(soort, theta0, np.where(beoordeeld, nn, 1.0))[beoordeeld]
        od = overdispersie(z[beoordeeld], s, correctie, deel=deel, alfa=alfa)
    lim = grenzen(soort, theta0, nn, od)
    return FunnelUitkomst(soort, theta0, waarde, z, lim, oordeel(waarde, nn, lim, minimum), od, minimum)


def raster(maximum: float, punten: int = 200, minimum: float = 1.0) -> Vector:
    """A grid of n for the limit curves: integers from ``minimum`` to ``maximum``, denser at small n."""
    hoog = max(float(maximum), float(minimum) + 1.0)
    g = np.unique(np.round(np.geomspace(max(minimum, 1.0), hoog, punten)))
    uit: Vector = g.astype(np.float64)
    return uit


__all__ = [
    "GRENZEN",
    "MINIMUM",
    "NIVEAUS",
    "Correctie",
    "FunnelUitkomst",
    "Oordeel",
    "Overdispersie",
    "Soort",
    "binomiale_grens",
    "funnel",
    "grenzen",
    "oordeel",
    "overdispersie",
    "poisson_grens",
    "raster",
    "winsoriseer",
    "z_scores",
]
