"""Secondary suppression: hide more cells so that a suppressed cell cannot be recovered from the margins.

A published table is a set of *groups*: a total and the parts that add up to it (a row of a breakdown, a column,
a margin). Tables that break down the same population share that population's total (the same cell key), so
several tables are linked through it. The method (a standard one for linked tables, the "hypercube"-free greedy
variant described by e.g. Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.2):

1. **Primary**: every count ``0 < n < drempel`` is suppressed (and whatever the caller names as primary, e.g. an
   amount of money paid for fewer clients than the threshold).
2. **Secondary**, repeated over every group of every table until nothing changes (a fixed point):

   - a group with exactly one suppressed cell gets a second one: the smallest non-zero part that is still shown
     (the total only when no part is left), so the suppressed cell is not the total minus the rest;
   - for counts, an audit: interval propagation over all groups (:func:`grenzen_van`; shown cells taken as
     exact, a suppressed cell as at least 1 because a zero is always shown as 0) gives the least and most a
     reader can prove for each suppressed cell. When that interval is a single value, or its upper end lies
     below ``drempel`` (the reader would learn that the cell is small, which primary suppression was meant to
     hide), the next smallest non-zero shown part of a group the cell is in is suppressed as well (the total
     when no part is left), and the whole procedure repeats.

   Because a total is one cell shared by every table of its population, a total suppressed in one table is
   suppressed in all of them, and the iteration continues until every group of every table is safe.

Limits (docs/verantwoording.md): the protection is against exact and interval recovery within one report (sums
over published, rounded cells); it does not protect against differencing two reports of overlapping populations
(two periods, a gemeente against its region), against relations that are not sums (inequalities between counts
of clients and of trajectories), nor against an attacker's outside knowledge. The greedy choice is not minimal:
it may hide more than an optimal (integer programming) pattern would.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Groep:
    """A total and the parts that add up to it (for counts of persons: each person in exactly one part)."""

    totaal: Hashable
    delen: tuple[Hashable, ...]


def onderdruk(
    waarden: Mapping[Any, float],
    groepen: Sequence[Groep],
    drempel: int | None,
    primair: Iterable[Hashable] = (),
) -> frozenset[Any]:
    """The cells to suppress: primary (``0 < n < drempel``, and ``primair``) and secondary, to a fixed point.

    ``drempel`` ``None``: the values are not counts of persons (money): only the given ``primair`` cells and the
    rule "never one suppressed cell alone in a group" apply. Every key in a group must be in ``waarden``."""
    for g in groepen:
        for k in (g.totaal, *g.delen):
            if k not in waarden:
                raise KeyError(f"cel {k!r} van een groep heeft geen waarde")
    geheim: set[Hashable] = set(primair)
    if drempel is not None:
        geheim |= {k for k, v in waarden.items() if 0 < v < drempel}
    veranderd = True
    while veranderd:
        veranderd = False
        for g in groepen:
            while _alleen(g, geheim):
                extra = _volgende(g, waarden, geheim)
                if extra is None:
                    break  # nothing left to hide in this group: it is entirely suppressed or zero
                geheim.add(extra)
                veranderd = True
        if drempel is None:
            continue
        # audit: what a reader can bound for each suppressed cell; widen the pattern where it is too narrow
        grenzen = grenzen_van(waarden, groepen, geheim)
        for k in sorted(geheim, key=str):
            onder, boven = grenzen[k]
            if boven >= drempel and onder < boven:
                continue
            for g in sorted(groepen, key=lambda g: (g.totaal in geheim, k == g.totaal)):
                if k not in (g.totaal, *g.delen):
                    continue
                extra = _volgende(g, waarden, geheim)
                if extra is not None:
                    geheim.add(extra)
                    veranderd = True
                    break
            if veranderd:
                break
    return frozenset(geheim)


def grenzen_van(waarden: Mapping[Any, float], groepen: Sequence[Groep], geheim: Iterable[Hashable],
                rondes: int = 200) -> dict[Hashable, tuple[float, float]]:
    """Interval propagation over the groups: the least and most a reader can prove for each cell, taking shown
    cells as exact (stricter than rounding allows, so on the safe side) and a suppressed cell as at least 1."""
    verborgen = set(geheim)
    g_: dict[Hashable, list[float]] = {
        k: ([1.0, math.inf] if k in verborgen else [float(v), float(v)]) for k, v in waarden.items()}
    for _ in range(rondes):
        veranderd = False
        for g in groepen:
            t = g_[g.totaal]
            lo_som = sum(g_[d][0] for d in g.delen)
            hi_som = sum(g_[d][1] for d in g.delen)
            if hi_som < t[1]:
                t[1], veranderd = hi_som, True
            if lo_som > t[0]:
                t[0], veranderd = lo_som, True
            for d in g.delen:
                b = g_[d]
                hi = t[1] - (lo_som - b[0])
                lo = t[0] - (hi_som - b[1])
                if hi < b[1]:
                    b[1], veranderd = hi, True
                if lo > b[0]:
                    b[0], veranderd = lo, True
        if not veranderd:
            break
    return {k: (v[0], v[1]) for k, v in g_.items()}


def _alleen(g: Groep, geheim: set[Hashable]) -> bool:
    return sum(k in geheim for k in (g.totaal, *g.delen)) == 1


def _volgende(g: Groep, waarden: Mapping[Any, float], geheim: set[Hashable]) -> Hashable | None:
    kandidaten = [k for k in g.delen if k not in geheim and waarden[k] != 0]
    if kandidaten:
        return min(kandidaten, key=lambda k: (abs(waarden[k]), str(k)))
    if g.totaal not in geheim and waarden[g.totaal] != 0:
        return g.totaal
    return None
