"""Funnel-plot limits, overdispersion and flags (regiekamer.statistiek.funnel; docs/vergelijken.md).

Reference values. Published numbers for the exact Poisson limits (Seaton & Manktelow 2012, BMC Med Res Methodol
12:98, Table 1) are checked in test_funnel_gepubliceerd.py. No published worked example of phi or tau^2 with
reproducible input was reachable, so every expected value here is *peer-computed*: by an
independent exact computation written out in the test (binomial/Poisson probabilities from math.comb/math.exp,
bisection on the interpolated distribution function, the textbook formulas by loops) or by simulation. The
formulas themselves are those of Spiegelhalter (2005) Stat Med 24:1185-1202, Appendix A.1 (interpolated exact
limits), Spiegelhalter (2005) Qual Saf Health Care 14:347-351 (winsorised phi) and Spiegelhalter et al. (2012)
JRSS A 175:1-47 (DerSimonian-Laird tau^2).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from regiekamer.statistiek.funnel import (
    binomiale_grens,
    funnel,
    grenzen,
    overdispersie,
    poisson_grens,
    winsoriseer,
    z_scores,
)


def _binom_cdf(r: int, n: int, theta: float) -> float:
    return sum(math.comb(n, k) * theta**k * (1 - theta) ** (n - k) for k in range(0, r + 1)) if r >= 0 else 0.0


def _poisson_cdf(r: int, mu: float) -> float:
    return sum(math.exp(-mu + k * math.log(mu) - math.lgamma(k + 1)) for k in range(0, r + 1)) if r >= 0 else 0.0


def _interpolatie_wortel(cdf, p: float, hoog: int) -> float:  # type: ignore[no-untyped-def]
    """The x where the distribution function, drawn as straight lines between (r - 1, F(r - 1)) and (r, F(r)),
    reaches p: Spiegelhalter's interpolated limit is exactly this point (Appendix A.1). Found by bisection."""

    def g(x: float) -> float:
        r = math.ceil(x)
        f_r, f_r1 = cdf(r), cdf(r - 1)
        return f_r1 + (x - (r - 1)) * (f_r - f_r1)

    lo, hi = -1.0, float(hoog)
    for _ in range(200):
        mid = (lo + hi) / 2
        if g(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@pytest.mark.parametrize("theta0", [0.05, 0.3, 0.62])
@pytest.mark.parametrize("n", [1, 7, 40, 250, 900])
@pytest.mark.parametrize("p", [0.001, 0.025, 0.975, 0.999])
def test_binomial_limit_is_the_interpolated_quantile(theta0: float, n: int, p: float) -> None:
    x = _interpolatie_wortel(lambda r: _binom_cdf(min(r, n), n, theta0), p, n)
    verwacht = min(max(x / n, 0.0), 1.0)
    assert binomiale_grens(theta0, [n], p)[0] == pytest.approx(verwacht, abs=1e-9)


@pytest.mark.parametrize("e", [0.5, 3.0, 12.5, 80.0, 400.0])
@pytest.mark.parametrize("p", [0.001, 0.025, 0.975, 0.999])
def test_poisson_limit_is_the_interpolated_quantile(e: float, p: float) -> None:
    x = _interpolatie_wortel(lambda r: _poisson_cdf(r, e), p, int(e + 20 * math.sqrt(e) + 30))
    assert poisson_grens([e], p)[0] == pytest.approx(max(x / e, 0.0), abs=1e-9)


def test_limits_approach_the_normal_limits_for_large_n() -> None:
    """Peer check: for large n the exact limits are theta0 +- z sqrt(theta0 (1 - theta0) / n) up to O(1/n)."""
    n = np.array([5_000.0, 20_000.0, 100_000.0])
    for p in (0.001, 0.025, 0.975, 0.999):
        normaal = 0.3 + stats.norm.ppf(p) * np.sqrt(0.3 * 0.7 / n)
        assert np.all(np.abs(binomiale_grens(0.3, n, p) - normaal) < 3 / n)
        normaal_r = 1 + stats.norm.ppf(p) / np.sqrt(n)
        assert np.all(np.abs(poisson_grens(n, p) - normaal_r) < 3 / n)


def test_limits_are_monotone_and_nested() -> None:
    n = np.arange(1, 2000, dtype=float)
    g = grenzen("aandeel", 0.4, n)
    assert np.all(g["onder_998"] <= g["onder_95"]) and np.all(g["onder_95"] <= 0.4)
    assert np.all(g["boven_95"] >= 0.4) and np.all(g["boven_998"] >= g["boven_95"])
    # the funnel narrows (allowing the tiny wiggles of a discrete distribution)
    assert g["boven_998"][-1] < g["boven_998"][99] < g["boven_998"][9]


def test_winsorisation_by_hand() -> None:
    """1..10: the 10th percentile (linear) is 1.9, the 90th 9.1; the lowest and highest value are pulled in and
    the count stays 10 (Spiegelhalter 2005, QSHC: winsorising, not trimming)."""
    z = np.arange(1.0, 11.0)
    w = winsoriseer(z, 0.1)
    assert len(w) == 10
    assert w[0] == pytest.approx(1.9) and w[-1] == pytest.approx(9.1)
    assert np.array_equal(w[1:-1], z[1:-1])


def test_phi_and_tau2_by_the_formulas() -> None:
    """phi = mean of squared winsorised z; tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), written out."""
    rng = np.random.default_rng(4)
    n = rng.integers(50, 3000, 25).astype(float)
    theta0 = 0.25
    o = rng.binomial(n.astype(int), np.clip(theta0 + rng.normal(0, 0.05, 25), 0.01, 0.99)).astype(float)
    z = z_scores("aandeel", o, n, theta0)
    s = np.sqrt(theta0 * (1 - theta0) / n)
    assert np.allclose(z, [(oi / ni - theta0) / si for oi, ni, si in zip(o, n, s, strict=True)])
    od = overdispersie(z, s, "additief")
    gesorteerd = sorted(z)
    # the 10th/90th percentiles by linear interpolation between order statistics (numpy's default, R type 7)
    def pct(q: float) -> float:
        h = (len(gesorteerd) - 1) * q
        lo = math.floor(h)
        return gesorteerd[lo] + (h - lo) * (gesorteerd[min(lo + 1, len(gesorteerd) - 1)] - gesorteerd[lo])

    laag, hoog = pct(0.1), pct(0.9)
    phi = sum(min(max(zi, laag), hoog) ** 2 for zi in z) / len(z)
    w = [1 / si**2 for si in s]
    tau2 = max(0.0, (len(z) * phi - (len(z) - 1)) / (sum(w) - sum(wi**2 for wi in w) / sum(w)))
    assert od.phi == pytest.approx(phi, rel=1e-12)
    assert od.tau2 == pytest.approx(tau2, rel=1e-12)
    assert od.p_waarde == pytest.approx(stats.chi2.sf(len(z) * phi, len(z) - 1))
    assert od.toegepast  # sd 0.05 around 0.25 at these n is clear overdispersion


def test_overdispersed_limits_widen_as_documented() -> None:
    n = np.array([100.0, 1000.0])
    uit_m = funnel("aandeel", [10, 400], n, doel=0.25, correctie="multiplicatief", minimum=1)
    od = uit_m.overdispersie
    s = np.sqrt(0.25 * 0.75 / n)
    assert od.toegepast  # 10/100 and 400/1000 around 0.25: I * phi far beyond chi^2(1)
    verwacht_m = np.clip(0.25 + stats.norm.ppf(0.999) * np.sqrt(od.phi) * s, 0, 1)
    assert uit_m.limieten["boven_998"] == pytest.approx(verwacht_m)
    uit_a = funnel("aandeel", [10, 400], n, doel=0.25, correctie="additief", minimum=1)
    assert uit_a.overdispersie.toegepast
    verwacht = 0.25 + stats.norm.ppf(0.025) * np.sqrt(s**2 + uit_a.overdispersie.tau2)
    assert uit_a.limieten["onder_95"] == pytest.approx(np.clip(verwacht, 0, 1))
    # the ratio scale: on the square root, squared back
    r = grenzen("ratio", 1.0, [50.0], uit_a.overdispersie)
    assert r["boven_95"][0] == pytest.approx((1 + 1.959963984540054 * math.sqrt(1 / 200 + uit_a.overdispersie.tau2)) ** 2)


def test_flags_and_minimum() -> None:
    uit = funnel("aandeel", [0, 5, 30, 70, 50, 62], [5, 100, 100, 100, 100, 100], doel=0.5, correctie="geen",
                 minimum=20)
    assert uit.oordeel == ["te_klein", "onder_998", "onder_998", "boven_998", "binnen", "boven_95"]
    assert uit.overdispersie.aantal == 5  # the unit below the minimum is left out of phi
    with pytest.raises(ValueError, match="teller"):
        funnel("aandeel", [5], [3])


def test_a_target_of_zero_or_one_judges_everyone_within() -> None:
    for o in ([0, 0, 0], [30, 40, 50]):
        uit = funnel("aandeel", o, [30, 40, 50], minimum=1)
        assert uit.oordeel == ["binnen"] * 3 and not uit.overdispersie.toegepast
        assert np.all(uit.limieten["boven_998"] == uit.doel)


def test_ratio_flags_and_square_root_z() -> None:
    """O/E around 1 with exact Poisson limits; z on the square-root scale is 2 (sqrt(O) - sqrt(E))."""
    o, e = [30, 10, 2, 140], [20.0, 10.0, 10.0, 100.0]
    uit = funnel("ratio", o, e, correctie="geen", minimum=5)
    assert uit.doel == 1.0
    assert np.allclose(uit.z, [2 * (math.sqrt(a) - math.sqrt(b)) for a, b in zip(o, e, strict=True)])
    # P(O >= 30 | E = 20) = 0.022 (beyond 95 %, within 99.8 %); P(O <= 2 | E = 10) = 0.0028;
    # P(O >= 140 | E = 100) = 0.0001 (beyond 99.8 %)
    assert uit.oordeel == ["boven_95", "binnen", "onder_95", "boven_998"]
    assert stats.poisson.sf(29, 20) < 0.025 and stats.poisson.cdf(2, 10) < 0.025
    assert stats.poisson.sf(139, 100) < 0.001


def test_no_overdispersion_flags_the_nominal_share() -> None:
    """Seeded simulation: 300 rounds of 200 in-control units (n from 20 to 2,000, theta0 = 0.3) give 60,000
    judgements. The exact 99.8 % limits flag about 0.2 % (the interpolation makes the rate close to nominal on
    average over n, Manktelow & Seaton 2012, PLoS One 7:e45723): expected 120, sd about 11. We accept
    0.0012-0.0028 (about +-7 sd: a correct implementation never fails, a limit off by one count fails). The 95 %
    limits flag about 5 % (accepted 4.5-5.5 %, +-13 sd of 0.09 %). With the default additive correction and
    theta0 estimated, the limits only get wider: at most 0.28 %."""
    rng = np.random.default_rng(2026)
    buiten_998 = buiten_95 = buiten_default = totaal = 0
    for _ in range(300):
        n = rng.integers(20, 2001, 200)
        o = rng.binomial(n, 0.3)
        uit = funnel("aandeel", o, n, doel=0.3, correctie="geen", minimum=20)
        buiten_998 += sum(x.endswith("998") for x in uit.oordeel)
        buiten_95 += sum(x != "binnen" for x in uit.oordeel)
        standaard = funnel("aandeel", o, n)
        buiten_default += sum(x.endswith("998") for x in standaard.oordeel)
        totaal += len(n)
    assert 0.0012 <= buiten_998 / totaal <= 0.0028, buiten_998 / totaal
    assert 0.045 <= buiten_95 / totaal <= 0.055, buiten_95 / totaal
    assert buiten_default / totaal <= 0.0028
