"""Periods as analysts name them: ``2025``, ``2025-Q2``, ``2025-03``, ``2025-01-01..2025-06-30``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Granulariteit = Literal["jaar", "kwartaal", "maand"]


@dataclass(frozen=True, order=True)
class Periode:
    """A closed interval of days, both ends included."""

    van: dt.date
    tot: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.tot < self.van:
            raise ValueError(f"periode {self.label!r}: einde {self.tot} ligt vóór begin {self.van}")

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1

    def deel(self, per: Granulariteit) -> list[Periode]:
        """The calendar months, quarters or years this period covers, clipped to it."""
        delen: list[Periode] = []
        start = self.van
        while start <= self.tot:
            if per == "jaar":
                eind, label = dt.date(start.year, 12, 31), f"{start.year}"
            elif per == "kwartaal":
                q = (start.month - 1) // 3
                eind, label = _maand_einde(start.year, 3 * q + 3), f"{start.year}-Q{q + 1}"
            else:
                eind, label = _maand_einde(start.year, start.month), f"{start.year}-{start.month:02d}"
            eind = min(eind, self.tot)
            delen.append(Periode(start, eind, label))
            start = eind + dt.timedelta(days=1)
        return delen


def _maand_einde(jaar: int, maand: int) -> dt.date:
    volgende = dt.date(jaar + maand // 12, maand % 12 + 1, 1)
    return volgende - dt.timedelta(days=1)


_JAAR = re.compile(r"^(\d{4})$")
_KWARTAAL = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MAAND = re.compile(r"^(\d{4})-(\d{2})$")
_BEREIK = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_periode(tekst: str) -> Periode:
    """``2025`` | ``2025-Q2`` | ``2025-03`` | ``2025-01-01..2025-06-30``; a clear error otherwise."""
    s = tekst.strip()
    if m := _JAAR.match(s):
        j = int(m[1])
        return Periode(dt.date(j, 1, 1), dt.date(j, 12, 31), s)
    if m := _KWARTAAL.match(s):
        j, q = int(m[1]), int(m[2])
        return Periode(dt.date(j, 3 * q - 2, 1), _maand_einde(j, 3 * q), f"{j}-Q{q}")
    if m := _MAAND.match(s):
        j, mnd = int(m[1]), int(m[2])
        if not 1 <= mnd <= 12:
            raise ValueError(f"periode {tekst!r}: maand {mnd} bestaat niet")
        return Periode(dt.date(j, mnd, 1), _maand_einde(j, mnd), s)
    if m := _BEREIK.match(s):
        try:
            van, tot = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as e:
            raise ValueError(f"periode {tekst!r}: {e}") from None
        return Periode(van, tot, s)
    raise ValueError(
        f"periode {tekst!r} niet herkend; gebruik 2025, 2025-Q2, 2025-03 of 2025-01-01..2025-06-30"
    )
