"""The attacker of the disclosure-control tests: from everything published (rounded cells, margins, linked
breakdowns, shares), the feasible interval of every suppressed cell by linear programming (scipy's HiGHS).

Knowledge of the attacker: a shown count ``r`` (rounded to a multiple of ``afronding``, half away from zero)
means ``r - floor(a/2) <= n <= r + ceil(a/2) - 1`` and ``n >= drempel``; a shown 0 is exactly 0; a suppressed
count is at least 1 (zeros are always shown); every group's parts add up to its total; a shown share ``p`` % of
linked cells (rounded to whole percent) bounds teller / noemer to ``[p - 0.5, p + 0.5]`` %. Amounts: a shown
amount in whole euros is exact to 50 cent, a suppressed amount is at least 0, groups add up exactly.

A suppressed count is *recovered* when its integer interval is one value, or lies in 1 .. drempel-1 (the reader
would know it is a small number); a suppressed amount when its interval is narrower than one euro."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass(frozen=True)
class Bevinding:
    sleutel: str
    ruw: float
    onder: float
    boven: float


def aanval(
    getoond: dict[str, float | None],
    groepen: Sequence[tuple[str, Sequence[str]]],
    *,
    soort: str,
    drempel: int,
    afronding: int,
    aandelen: Sequence[tuple[Sequence[str], Sequence[str], float]] = (),
    ruw: dict[str, float] | None = None,
) -> tuple[list[Bevinding], dict[str, tuple[float, float]]]:
    """(recovered cells, interval of every suppressed cell). ``ruw``: the true values, to check that the truth
    satisfies every constraint the attacker uses (else the attacker's model would be wrong)."""
    sleutels = sorted(getoond)
    idx = {k: i for i, k in enumerate(sleutels)}
    n = len(sleutels)
    grenzen: list[tuple[float, float | None]] = []
    for k in sleutels:
        w = getoond[k]
        if w is None:
            grenzen.append((1.0, None) if soort == "aantal" else (0.0, None))
        elif soort == "aantal":
            if w == 0:
                grenzen.append((0.0, 0.0))
            else:
                grenzen.append((max(w - afronding // 2, drempel), w + math.ceil(afronding / 2) - 1))
        else:
            grenzen.append((100 * w - 50, 100 * w + 50))
    a_eq, b_eq = [], []
    for totaal, delen in groepen:
        rij = np.zeros(n)
        rij[idx[totaal]] += 1
        for d in delen:
            rij[idx[d]] -= 1
        a_eq.append(rij)
        b_eq.append(0.0)
    a_ub, b_ub = [], []
    for teller, noemer, p in aandelen:
        lo, hi = (p - 0.5) / 100, (p + 0.5) / 100
        r1, r2 = np.zeros(n), np.zeros(n)
        for k in teller:
            r1[idx[k]] += 1
            r2[idx[k]] -= 1
        for k in noemer:
            r1[idx[k]] -= hi
            r2[idx[k]] += lo
        a_ub += [r1, r2]
        b_ub += [0.0, 0.0]
    if ruw is not None:  # the truth must be feasible
        x = np.array([ruw[k] for k in sleutels], dtype=float)
        for (lo_, hi_), v, k in zip(grenzen, x, sleutels, strict=True):
            assert v >= lo_ - 1e-9 and (hi_ is None or v <= hi_ + 1e-9), f"{k}: {v} buiten [{lo_}, {hi_}]"
        for rij in a_eq:
            assert abs(rij @ x) < 1e-6, "een groep telt in werkelijkheid niet op"
        for rij in a_ub:
            assert rij @ x <= 1e-6, "een aandeel klopt in werkelijkheid niet"
    kw = {"A_eq": np.array(a_eq) if a_eq else None, "b_eq": b_eq or None,
          "A_ub": np.array(a_ub) if a_ub else None, "b_ub": b_ub or None, "bounds": grenzen, "method": "highs"}
    gevonden: list[Bevinding] = []
    intervallen: dict[str, tuple[float, float]] = {}
    for k in sleutels:
        if getoond[k] is not None:
            continue
        c = np.zeros(n)
        c[idx[k]] = 1
        laag = linprog(c, **kw)
        hoog = linprog(-c, **kw)
        assert laag.status in (0, 3) and hoog.status in (0, 3), f"{k}: {laag.message} / {hoog.message}"
        onder = float(laag.fun) if laag.status == 0 else -math.inf
        boven = -float(hoog.fun) if hoog.status == 0 else math.inf
        intervallen[k] = (onder, boven)
        r = ruw[k] if ruw else math.nan
        if soort == "aantal":
            lo_i, hi_i = math.ceil(onder - 1e-6), math.floor(boven + 1e-6) if math.isfinite(boven) else math.inf
            if lo_i == hi_i or (lo_i >= 1 and hi_i < drempel):
                gevonden.append(Bevinding(k, r, onder, boven))
        elif boven - onder <= 100:
            gevonden.append(Bevinding(k, r, onder, boven))
    return gevonden, intervallen
