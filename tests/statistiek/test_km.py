"""Kaplan–Meier curves and quantiles agree with lifelines (an independent implementation, test-only peer).

Seeded random data with ties, censoring (also ties between events and censorings), many groups; DuckDB through an
in-memory table. The same function on reconstructed deliveries, on every engine: tests/clientpaden/test_termijnen.py.
"""

from __future__ import annotations

import math
import warnings

import ibis
import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter
from lifelines.utils import qth_survival_times

from regiekamer.statistiek import kaplan_meier, km_kwantielen

pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table:DeprecationWarning", "ignore::lifelines.exceptions.ApproximationWarning"
)

KWANTIELEN = (0.1, 0.25, 0.5, 0.75, 0.9)


def _lifelines(durations: pd.Series, events: pd.Series) -> pd.Series:
    kmf = KaplanMeierFitter().fit(durations, events)
    return kmf.survival_function_.iloc[:, 0]


def _lifelines_kwantiel(sf: pd.Series, q: float) -> float | None:
    # lifelines' own rule (first time S <= 1 - q, inf when never), applied to its curve rounded to 12 decimals: S is
    # exp(Σ log), so an S that is exactly 1 - q may come out a few ulps above it (e.g. 3/6 as 0.5000000000000001),
    # and lifelines would then report the next time (test_exact_hit_of_the_level shows the case)
    t = float(qth_survival_times(1 - q, sf.round(12)))
    return None if math.isinf(t) else t


def _vergelijk(df: pd.DataFrame, by: list[str]) -> int:
    """KM on the engine for every group of ``by`` at once; each group against lifelines. Returns the groups seen."""
    curve = kaplan_meier(ibis.memtable(df), "duur", "ev", by)
    c = curve.to_pandas()
    k = km_kwantielen(curve, KWANTIELEN).to_pandas()
    groepen = list(df.groupby(by)) if by else [((), df)]
    c_per = dict(list(c.groupby(by))) if by else {(): c}
    k_per = dict(list(k.groupby(by))) if by else {(): k}
    assert len(k) == len(groepen) == len(c_per)
    for sleutel, sub in groepen:
        mijn = c_per[sleutel].set_index("tijd")
        sf = _lifelines(sub["duur"], sub["ev"])
        assert list(mijn.index) == sorted(sub["duur"].unique())
        np.testing.assert_allclose(
            mijn["survival"].to_numpy(), sf.reindex(mijn.index).to_numpy(), rtol=0, atol=1e-9
        )
        # at risk = durations >= t (a censoring at t is still at risk at t); events and censorings per time
        duur = np.sort(sub["duur"].to_numpy())
        risico = len(duur) - np.searchsorted(duur, mijn.index.to_numpy(), side="left")
        assert (mijn["n_at_risk"].to_numpy() == risico).all()
        per_tijd = sub.groupby("duur")["ev"].agg(["sum", "count"])
        assert (mijn["n_events"].to_numpy() == per_tijd["sum"].to_numpy()).all()
        assert (mijn["n_censored"].to_numpy() == (per_tijd["count"] - per_tijd["sum"]).to_numpy()).all()
        kr = k_per[sleutel].iloc[0]
        assert kr["n"] == len(sub) and kr["n_events"] == sub["ev"].sum()
        for q, kolom in zip(KWANTIELEN, ("p10", "p25", "p50", "p75", "p90"), strict=True):
            verwacht = _lifelines_kwantiel(sf, q)
            gevonden = None if pd.isna(kr[kolom]) else float(kr[kolom])
            assert gevonden == verwacht, (sleutel, q, gevonden, verwacht)
    return len(groepen)


def _willekeurig(seed: int) -> pd.DataFrame:
    """Many small data sets as groups of one table: few distinct durations (ties between events, censorings and
    both), every censoring share from none to all, sizes from 1; plus two large groups of durations in days."""
    rng = np.random.default_rng(seed)
    delen = []
    for i in range(60):
        n = int(rng.integers(1, 80))
        p = float(rng.choice([0.0, 0.3, 0.7, 1.0])) if i % 3 == 0 else float(rng.random())
        delen.append(
            pd.DataFrame(
                {"g": f"k{i:02d}", "h": i % 2, "duur": rng.integers(0, 16, n), "ev": rng.random(n) < p}
            )
        )
    for i in range(2):
        n = 1_500
        delen.append(
            pd.DataFrame(
                {
                    "g": f"groot{i}",
                    "h": 0,
                    "duur": np.round(rng.exponential(200, n)).astype("int64"),
                    "ev": rng.random(n) < 0.6,
                }
            )
        )
    return pd.concat(delen, ignore_index=True)


@pytest.mark.parametrize("seed", [1, 2])
def test_agrees_with_lifelines(seed: int) -> None:
    df = _willekeurig(seed)
    assert _vergelijk(df, ["g", "h"]) == 62


def test_agrees_with_lifelines_float_durations_one_group() -> None:
    rng = np.random.default_rng(3)
    n = 500
    df = pd.DataFrame({"duur": np.round(rng.exponential(5, n), 1), "ev": rng.random(n) < 0.5})
    assert _vergelijk(df, []) == 1


def test_exact_hit_of_the_level() -> None:
    """Six events at 1…6: S(3) = 3/6 exactly, so the median is 3 and the first quartile 2 (S(2) = 4/6 ≤ 0.75,
    S(1) = 5/6 > 0.75). lifelines compares its float S without allowance and reports 4 for the median here
    (its S(3) is 0.5000000000000001); we report the exact answer."""
    df = pd.DataFrame({"duur": [1, 2, 3, 4, 5, 6], "ev": [True] * 6})
    k = km_kwantielen(kaplan_meier(ibis.memtable(df), "duur", "ev")).to_pandas().iloc[0]
    assert (k["p25"], k["p50"], k["p75"]) == (2, 3, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = KaplanMeierFitter().fit(df["duur"], df["ev"]).median_survival_time_
    assert peer in (3, 4)  # 4 in lifelines 0.30: its rounding


def test_everyone_at_risk_has_the_event() -> None:
    """d = n: S is exactly 0 from there on (no log(0), no NaN), and every later quantile is that time."""
    df = pd.DataFrame(
        {"g": ["x"] * 4 + ["y"] * 3, "duur": [2, 5, 5, 5, 1, 1, 4], "ev": [0, 1, 1, 1, 0, 1, 0]}
    )
    c = kaplan_meier(ibis.memtable(df), "duur", "ev", ["g"]).to_pandas()
    x = c[c["g"] == "x"].set_index("tijd")["survival"]
    assert x.loc[2] == 1.0 and x.loc[5] == 0.0
    y = c[c["g"] == "y"].set_index("tijd")["survival"]
    assert y.loc[1] == pytest.approx(2 / 3) and y.loc[4] == pytest.approx(2 / 3)
    k = km_kwantielen(kaplan_meier(ibis.memtable(df), "duur", "ev", ["g"])).to_pandas().set_index("g")
    assert list(k.loc["x", ["p25", "p50", "p75"]]) == [5, 5, 5]
    # y: S never drops below 2/3, so only the first quartile... not even that (S = 2/3 > 0.75? no: 2/3 ≤ 0.75)
    assert k.loc["y", "p25"] == 1 and pd.isna(k.loc["y", "p50"]) and pd.isna(k.loc["y", "p75"])


def test_null_durations_are_left_out_and_integer_events_work() -> None:
    df = pd.DataFrame({"duur": [3.0, None, 1.0, 3.0], "ev": [1, 1, 0, 1]})
    c = kaplan_meier(ibis.memtable(df), "duur", "ev").to_pandas()
    assert list(c["tijd"]) == [1.0, 3.0] and list(c["n_at_risk"]) == [3, 2]
    assert list(c["survival"]) == [1.0, 0.0]
    g = kaplan_meier(ibis.memtable(df.assign(g="a")), "duur", "ev", ["g"])
    assert list(km_kwantielen(g, [0.5], by=["g"]).to_pandas()["p50"]) == [3.0]
    with pytest.raises(ValueError, match="groepering"):
        km_kwantielen(g, [0.5], by=[])
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        km_kwantielen(kaplan_meier(ibis.memtable(df), "duur", "ev"), [1.0])
