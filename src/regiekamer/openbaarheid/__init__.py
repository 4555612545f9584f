"""The small-number rule for anything that leaves the analysts' own circle (public output, samenloop counts).

Two steps, in this order, on a count of persons or households:

1. **Primary suppression**: a count ``0 < n < drempel`` is not shown; it becomes ``"."`` — the symbol the
   statistics office (CBS) uses for "onbekend, onvoldoende betrouwbaar of geheim". A zero stays ``0``.
2. **Rounding**: every count that is shown is rounded to a multiple of ``afronding`` (CBS publishes its
   jeugdzorg counts rounded to fives), half away from zero (12 → 10, 13 → 15).

The defaults (:data:`STANDAARD`: threshold 10, rounding to 5) are configurable per call. Secondary suppression
(hiding more cells so a suppressed one cannot be derived from totals or linked tables) is in
:mod:`regiekamer.openbaarheid.secundair` (:func:`onderdruk`, :class:`Groep`), used by the public report
(docs/verantwoording.md). No web imports: usable from a notebook and from public exports alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

GEHEIM = "."
"""CBS symbol for a figure that is secret (or unknown, or not reliable enough)."""


@dataclass(frozen=True)
class Regel:
    """The small-number rule: suppress counts below ``drempel``, round the rest to multiples of ``afronding``."""

    drempel: int = 10
    afronding: int = 5

    def __post_init__(self) -> None:
        if self.drempel < 1:
            raise ValueError("de drempel voor kleine aantallen moet minstens 1 zijn")
        if self.afronding < 1:
            raise ValueError("afronden gebeurt op een veelvoud van minstens 1")

    def afronden(self, n: int) -> int:
        """``n`` rounded to the nearest multiple of ``afronding``, halves away from zero."""
        a = self.afronding
        return int(math.copysign(a * ((abs(int(n)) * 2 + a) // (2 * a)), n))

    def toon(self, n: int | float | None) -> str | int:
        """What may be shown for the count ``n``: ``"."`` when suppressed, else the rounded count."""
        if n is None or (isinstance(n, float) and math.isnan(n)):
            return GEHEIM
        if int(n) != n or n < 0:
            raise ValueError(f"de regel voor kleine aantallen geldt voor aantallen, niet voor {n!r}")
        if 0 < n < self.drempel:
            return GEHEIM
        return self.afronden(int(n))

    def pas_toe(self, df: pd.DataFrame, kolommen: Iterable[str]) -> pd.DataFrame:
        """A copy of ``df`` with the count ``kolommen`` replaced by what may be shown (object columns)."""
        uit = df.copy()
        for k in kolommen:
            uit[k] = pd.Series([self.toon(v) for v in df[k].tolist()], index=df.index, dtype=object)
        return uit


    def beschrijving(self) -> str:
        """The rule in words, for a report's colophon."""
        return (f"aantallen van 1 tot en met {self.drempel - 1} zijn vervangen door '{GEHEIM}'; getoonde aantallen zijn "
                f"afgerond op een veelvoud van {self.afronding}")


STANDAARD = Regel()
"""Threshold 10 and rounding to 5: see the module docstring and docs/landschap.md."""


from regiekamer.openbaarheid.secundair import Groep, onderdruk  # noqa: E402

__all__ = ["GEHEIM", "STANDAARD", "Groep", "Regel", "onderdruk"]
