"""Funnel limits against numbers published for the method (issue 6: "match worked examples from the published
method"). Expected values here are *published* numbers, not recomputations.

Source (the only one found with both reproducible input and resulting numbers; see the report of issue 6):
  Seaton SE, Manktelow BN. "The probability of being identified as an outlier with commonly used funnel plot
  control limits for the standardised mortality ratio". BMC Med Res Methodol 2012;12:98,
  doi:10.1186/1471-2288-12-98 (PMC3441904), Table 1: median, minimum and maximum probability that an
  'in control' unit (O ~ Poisson(E)) falls below the lower / above the upper 95 % limit of a funnel for the
  SMR O/E, per band of expected events E, for three kinds of limits: Wald CI, 'exact' CI and the
  probability-based prediction limits (Poisson quantiles). Published to 4 decimals. The abstract repeats the
  medians for E <= 50 above the upper 95 % limit (0.0301 Wald, 0.0121 'exact', 0.0201 prediction).

What this checks in our module: :func:`poisson_grens` (Spiegelhalter 2005 Stat Med Appendix A.1: limit
(r_p - alpha) / E, r_p the smallest r with F(r) >= p). The prediction limits of the paper are the same quantiles
r_p; our interpolated limit lies in [r_p - 1, r_p], so

- below the lower limit (strictly, as :func:`regiekamer.statistiek.funnel.oordeel` flags) means O <= r_p - 1
  for both: the published "prediction" column must come out of our lower limits unchanged;
- above the upper limit differs by variant: the published column is reproduced by P(O > r_p), i.e. the
  uninterpolated quantile (always <= 2.5 %; the paper's methods text could not be read here), while the
  interpolated limit flags O >= r_p (Spiegelhalter's interpolation, always >= 2.5 %: for E <= 50 our median is
  0.0309, not the published 0.0201). That is a difference of method, not a defect, so for the upper limit we
  compare like with like: the quantile r_p = ceil(limit * E) that our module uses against the published
  P(O > r_p).

Input: the paper's grid of E could not be read in the reference corpus (only Table 1 itself). The grid below
(steps of 0.001 for E <= 50, 0.01 up to 1000, 0.1 up to 10000) reproduces every published number of the rows
used, and the Wald and 'exact' columns, computed here independently, confirm that reconstruction
(:func:`test_reconstructie_raster_wald_en_exact`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from scipy import stats

from regiekamer.statistiek.funnel import poisson_grens

Vector = npt.NDArray[np.float64]

# Bands of E in Table 1 (first band closed at 1, the others open at the bottom, as ">50-100" in the table).
BANDEN: tuple[tuple[float, float], ...] = ((1, 50), (50, 100), (100, 500), (500, 1000), (1000, 10000))

# Seaton & Manktelow 2012, BMC Med Res Methodol 12:98, Table 1, first block (probability of falling *below the
# lower 95 % limit*), per band: (median, minimum, maximum) for Wald CI, 'exact' CI and prediction limits.
ONDER_95_WALD = {
    (1, 50): (0.0184, 0.0, 0.0250),
    (50, 100): (0.0216, 0.0172, 0.0251),
    (100, 500): (0.0233, 0.0194, 0.0251),
    (500, 1000): (0.0240, 0.0225, 0.0251),
    (1000, 10000): (0.0246, 0.0232, 0.0250),
}
ONDER_95_EXACT = {
    (1, 50): (0.0325, 0.0219, 0.3679),
    (50, 100): (0.0287, 0.0248, 0.0351),
    (100, 500): (0.0267, 0.0248, 0.0317),
    (500, 1000): (0.0261, 0.0249, 0.0277),
    (1000, 10000): (0.0254, 0.0250, 0.0269),
}
ONDER_95_VOORSPELLING = {
    (1, 50): (0.0186, 0.0, 0.0250),
    (50, 100): (0.0215, 0.0172, 0.0250),
    (100, 500): (0.0233, 0.0194, 0.0250),
    (500, 1000): (0.0239, 0.0224, 0.0250),
    (1000, 10000): (0.0246, 0.0232, 0.0250),
}
# Same Table 1, second block (probability of falling *above the upper 95 % limit*), first row E 1-50, prediction
# limits (median, minimum, maximum); the median 0.0201 is also in the paper's abstract. The other rows of that
# block were not readable in the reference corpus.
BOVEN_95_VOORSPELLING_1_50 = (0.0201, 0.0052, 0.0250)

NAUWKEURIG = 5e-5
"""Half a unit of the 4th decimal: the precision Table 1 is published with."""


def _raster() -> Vector:
    """E from 1 to 10000 (see the module docstring for the steps), exact decimals via integer arithmetic."""
    delen = (
        np.arange(1000, 50001) / 1000.0,
        np.arange(5001, 100001) / 100.0,
        np.arange(10001, 100001) / 10.0,
    )
    uit: Vector = np.concatenate(delen)
    return uit


def _in_band(e: Vector, band: tuple[float, float]) -> npt.NDArray[np.bool_]:
    laag, hoog = band
    onder = e >= laag if laag == 1 else e > laag
    uit: npt.NDArray[np.bool_] = onder & (e <= hoog)
    return uit


def _samenvatting(kans: Vector) -> tuple[float, float, float]:
    return float(np.median(kans)), float(kans.min()), float(kans.max())


def _kans_onder(e: Vector, grens: Vector) -> Vector:
    """P(O / E < grens) for O ~ Poisson(E): the largest integer k with k / E < grens, made exact against
    rounding in grens * E by checking its neighbours with the same comparison that the flag uses."""
    k = np.ceil(grens * e) - 1
    k = np.where((k + 1) / e < grens, k + 1, k)
    k = np.where(k / e >= grens, k - 1, k)
    uit: Vector = np.asarray(stats.poisson.cdf(k, e), dtype=np.float64)
    return uit


@pytest.fixture(scope="module")
def raster() -> Vector:
    return _raster()


def _vergelijk(berekend: tuple[float, float, float], gepubliceerd: tuple[float, float, float]) -> None:
    for naam, b, g in zip(("mediaan", "minimum", "maximum"), berekend, gepubliceerd, strict=True):
        assert b == pytest.approx(g, abs=NAUWKEURIG), f"{naam}: berekend {b:.5f}, gepubliceerd {g:.4f}"


@pytest.mark.parametrize("band", BANDEN)
def test_kans_onder_ondergrens_95_zoals_gepubliceerd(raster: Vector, band: tuple[float, float]) -> None:
    """Seaton & Manktelow 2012, Table 1, block 'below lower 95 % limit', column 'prediction': the chance that an
    in-control unit falls strictly below our lower 95 % limit (p = 0.025), per band of E."""
    e = raster[_in_band(raster, band)]
    grens = poisson_grens(e, 0.025)
    _vergelijk(_samenvatting(_kans_onder(e, grens)), ONDER_95_VOORSPELLING[band])


def test_kwantiel_bovengrens_95_zoals_gepubliceerd(raster: Vector) -> None:
    """Seaton & Manktelow 2012, Table 1, block 'above upper 95 % limit', row E 1-50, column 'prediction'
    (median also in the abstract): P(O > r_p) with r_p the quantile under our interpolated upper limit."""
    e = raster[_in_band(raster, (1, 50))]
    grens = poisson_grens(e, 0.975)
    r_p = np.ceil(grens * e - 1e-9)  # the interpolated limit (r_p - alpha) lies in (r_p - 1, r_p]
    kans = np.asarray(stats.poisson.sf(r_p, e), dtype=np.float64)
    _vergelijk(_samenvatting(kans), BOVEN_95_VOORSPELLING_1_50)


@pytest.mark.parametrize("band", BANDEN)
def test_reconstructie_raster_wald_en_exact(raster: Vector, band: tuple[float, float]) -> None:
    """Check of the reconstructed input, not of our module: on the same grid the two other columns of Table 1
    (block 'below lower 95 % limit') come out as published. Wald: 1 - z / sqrt(E); 'exact' (Garwood) CI at O = E:
    chi2_{0.025}(2E) / (2E)."""
    e = raster[_in_band(raster, band)]
    z = float(stats.norm.ppf(0.975))
    wald = 1.0 - z / np.sqrt(e)
    exact = np.asarray(stats.chi2.ppf(0.025, 2 * e), dtype=np.float64) / (2 * e)
    _vergelijk(_samenvatting(_kans_onder(e, wald)), ONDER_95_WALD[band])
    _vergelijk(_samenvatting(_kans_onder(e, exact)), ONDER_95_EXACT[band])
