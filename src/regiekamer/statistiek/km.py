"""Kaplan–Meier survival curves and their quantiles, as engine-portable Ibis expressions.

A duration whose end was not observed (care still running) is *censored*: it counts as at risk up to its
censoring time and then leaves the risk set without an event. Dropping such durations or treating them as ended
biases every figure towards short durations; Kaplan–Meier uses them correctly. Definitions, tie handling and the
quantile convention (that of lifelines) are in docs/methoden-statistiek.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

KM_KOLOMMEN = ("tijd", "n_at_risk", "n_events", "n_censored", "survival")
"""The columns :func:`kaplan_meier` adds after the group columns."""

_EPS = 1e-12
"""Rounding allowance when comparing S(t) with 1 − q: S is computed as exp(Σ log), so an S that is exactly 1 − q in
exact arithmetic (e.g. 2/4) may come out a few ulps above it; without the allowance the quantile would jump to the
next time."""


def _as_event(col: ir.Value) -> ir.IntegerValue:
    if col.type().is_boolean():
        return col.ifelse(1, 0)
    return (col != 0).ifelse(1, 0)


def kaplan_meier(t: ir.Table, duur: str, gebeurtenis: str, by: Sequence[str] = ()) -> ir.Table:
    """The Kaplan–Meier survival curve per group of ``by``.

    ``duur`` is a numeric duration, ``gebeurtenis`` true/non-zero when the end was observed (an event) and
    false/zero when the duration is censored at that time; rows with a null duration are left out. One row per
    group and distinct duration (event or censoring time), ordered by ``tijd``:

    * ``tijd``: the duration; ``n_events`` (d) and ``n_censored`` (c) at that time;
    * ``n_at_risk`` (n): the durations ≥ ``tijd`` in the group — a reverse cumulative sum of d + c, so a duration
      censored at ``tijd`` is still at risk at ``tijd`` (the usual convention, as lifelines);
    * ``survival``: S(tijd) = Π over event times u ≤ tijd of (1 − d/n), computed as exp(Σ (log(n − d) − log n))
      as lifelines does. Once d = n (everyone left at risk has the event) S is exactly 0 from there on: those
      terms are flagged instead of taking log(0), which engines treat differently (−inf, null or an error).
    """
    by = list(by)
    ev = _as_event(t[gebeurtenis])
    rows = t.filter(t[duur].notnull()).select(*by, tijd=t[duur], _ev=ev)
    stappen = rows.group_by([*by, "tijd"]).aggregate(
        n_events=rows._ev.sum().cast("int64"),
        n_censored=(1 - rows._ev).sum().cast("int64"),
    )
    groep = by or None
    na = ibis.window(group_by=groep, order_by=ibis.desc("tijd"), rows=(None, 0))
    stappen = stappen.mutate(
        n_at_risk=(stappen.n_events + stappen.n_censored).sum().over(na).cast("int64"),
    )
    d = stappen.n_events.cast("float64")
    n = stappen.n_at_risk.cast("float64")
    leeg = stappen.n_events == stappen.n_at_risk
    stappen = stappen.mutate(
        _term=ibis.ifelse(leeg | (stappen.n_events == 0), 0.0, (n - d).ln() - n.ln()),
        _nul=leeg.ifelse(1, 0),
    )
    tot = ibis.window(group_by=groep, order_by=ibis.asc("tijd"), rows=(None, 0))
    stappen = stappen.mutate(_log=stappen._term.sum().over(tot), _ooit_nul=stappen._nul.max().over(tot))
    return stappen.select(
        *by,
        "tijd",
        "n_at_risk",
        "n_events",
        "n_censored",
        survival=ibis.ifelse(stappen._ooit_nul == 1, 0.0, stappen._log.exp()),
    ).order_by([*by, "tijd"])


def kwantiel_kolom(q: float) -> str:
    """The column name :func:`km_kwantielen` uses for quantile ``q``: ``p25`` for 0.25, ``p50`` for 0.5, …"""
    pct = q * 100
    return f"p{round(pct)}" if abs(pct - round(pct)) < 1e-9 else "p" + f"{pct:g}".replace(".", "_")


def km_kwantielen(
    curve: ir.Table, kwantielen: Sequence[float] = (0.25, 0.5, 0.75), *, by: Sequence[str] | None = None
) -> ir.Table:
    """Per group of a :func:`kaplan_meier` curve the duration quantiles: for each ``q`` the smallest ``tijd`` with
    S(tijd) ≤ 1 − q — the first quartile (``p25``) is where a quarter has had the event — or null when S never
    gets that low (too much censoring: the quantile is not estimable, never guess it).

    This is lifelines' convention (``qth_survival_time(1 − q)``: the first time S ≤ 1 − q; lifelines reports inf
    where we report null), so ``p50`` equals lifelines' ``median_survival_time_`` (up to
    float rounding when S hits 1 − q exactly: :data:`_EPS`). Also ``n`` (durations) and
    ``n_events`` per group. The groups are the curve's columns besides :data:`KM_KOLOMMEN`; ``by``, when given,
    must name exactly those.
    """
    groepen = [c for c in curve.columns if c not in KM_KOLOMMEN]
    if by is not None and sorted(by) != sorted(groepen):
        raise ValueError(f"by {list(by)} is niet de groepering van de curve {groepen}")
    by = groepen
    for q in kwantielen:
        if not 0 < q < 1:
            raise ValueError(f"kwantiel {q} ligt niet tussen 0 en 1")
    aggs: dict[str, ir.Value] = {
        "n": (curve.n_events + curve.n_censored).sum().cast("int64"),
        "n_events": curve.n_events.sum().cast("int64"),
    }
    for q in kwantielen:
        bereikt = curve.survival <= (1.0 - q) + _EPS
        aggs[kwantiel_kolom(q)] = bereikt.ifelse(curve.tijd, ibis.null(curve.tijd.type())).min()
    if by:
        return curve.group_by(by).aggregate(**aggs).order_by(by)
    return curve.aggregate(**aggs)
