"""Citizen service numbers (BSN) for synthetic clients: only from the official test range.

The official test range 999900006–999999990 (``istandaarden/ijw/elfproef.md``) holds 9,091 numbers that pass
the elfproef; no real person can ever have one. That is fewer than the clients of a large gemeente, so numbers
are handed out per *BSN-domein* (see docs/generator.md):

* when the whole region needs at most 9,091 numbers, every gemeente gets its own disjoint slice of the pool and
  a BSN identifies one person in the whole region;
* otherwise every gemeente is its own domain with its own seeded permutation of the pool; a BSN then identifies
  one person within a gemeente (key clients by gemeente + BSN);
* a gemeente that needs more numbers than its slice wraps around into a next *ronde*: the domain becomes
  ``<gemeente>#<ronde>`` and the reuse is recorded per person in the ground truth (``bsn_hergebruikt``).
"""

from __future__ import annotations

import random

TEST_BEREIK = (999_900_006, 999_999_990)
_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(bsn: str) -> bool:
    """True if ``bsn`` has 9 digits and passes the BSN variant of the elfproef."""
    if len(bsn) != 9 or not (bsn.isascii() and bsn.isdigit()):  # "²".isdigit() holds, int("²") fails
        return False
    return sum(int(c) * w for c, w in zip(bsn, _GEWICHTEN, strict=True)) % 11 == 0


def is_test_bsn(bsn: str) -> bool:
    """True if ``bsn`` passes the elfproef and lies in the official test range."""
    return elfproef(bsn) and TEST_BEREIK[0] <= int(bsn) <= TEST_BEREIK[1]


def _maak_pool() -> tuple[str, ...]:
    return tuple(s for n in range(TEST_BEREIK[0], TEST_BEREIK[1] + 1) if elfproef(s := str(n)))


TEST_POOL: tuple[str, ...] = _maak_pool()


class BsnUitgifte:
    """Hands out test BSNs for one gemeente, deterministically.

    ``plak`` is the (start, length) slice of the permuted pool reserved for this gemeente; ``seed`` fixes the
    permutation. Numbers are given in order; past the slice the uitgifte starts a new ronde.
    """

    def __init__(self, gemeente: str, seed: int, plak: tuple[int, int] | None) -> None:
        self.gemeente = gemeente
        if plak is None:
            pool = list(TEST_POOL)
            random.Random(seed).shuffle(pool)
            self._nummers = pool
            self._regio_uniek = False
        else:
            pool = list(TEST_POOL)
            random.Random(seed).shuffle(pool)
            self._nummers = pool[plak[0] : plak[0] + plak[1]]
            self._regio_uniek = True
        self._volgende = 0

    def geef(self) -> tuple[str, str]:
        """Next (bsn, bsn_domein)."""
        i = self._volgende
        self._volgende += 1
        ronde, pos = divmod(i, len(self._nummers))
        if self._regio_uniek and ronde == 0:
            domein = "regio"
        else:
            domein = self.gemeente if ronde == 0 else f"{self.gemeente}#{ronde}"
        return self._nummers[pos], domein

    @property
    def uitgegeven(self) -> int:
        return self._volgende

    @property
    def capaciteit(self) -> int:
        return len(self._nummers)
