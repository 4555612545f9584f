"""Synthetic, deterministic addresses of households (written in the 301's Contactgegevens, docs/generator.md).

Like the test-range BSNs these are made up: every gemeente gets its own block of postcode-4 areas (1000 + 26 ×
its rank in the CBS gemeente list), a few areas per gemeente (about one per 4,000 inhabitants, at least 2, at
most 26) of unequal size; the letters, street names and house numbers are synthetic. A postcode area in the
output says nothing about the real area with that number (which usually lies in another gemeente).

Every household gets a different address (postcode-6 of at most 25 addresses, odd house numbers), so the
pseudonymised household key the ingest derives from postcode + huisnummer + huisletter identifies exactly the
ground truth's household.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from functools import cache

from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.codelijsten import gemeenten
from regiekamer.generator.aanbieders import seed_voor

BLOK = 26  # postcode-4 areas reserved per gemeente
INWONERS_PER_GEBIED = 4_000  # roughly the mean size of a real postcode-4 area (≈ 4,000 areas, 18M people)
PER_POSTCODE = 25  # addresses per postcode-6 (one side of a street segment)
_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
# CS089: [1-9][0-9]{3}[A-Z]{2}; PostNL does not use SA, SD and SS
LETTERPAREN: tuple[str, ...] = tuple(
    a + b for a in _LETTERS for b in _LETTERS if a + b not in ("SA", "SD", "SS")
)
_STRATEN = (
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsweg",
    "Julianastraat",
    "Beatrixlaan",
    "Eikenlaan",
    "Beukenlaan",
    "Lindelaan",
    "Prinsengracht",
    "Nieuwstraat",
    "Raadhuisplein",
    "Parallelweg",
    "Wilhelminastraat",
    "Vogelzang",
    "Zuiderweg",
    "Noorderpad",
    "Meidoornhof",
    "Rozenstraat",
    "Sportlaan",
    "Kastanjelaan",
    "Brinkstraat",
    "Havenkade",
)


@dataclass(frozen=True, slots=True)
class Adres:
    postcode: str  # 6 characters, e.g. "1234AB"
    huisnummer: int
    huisletter: str | None
    straatnaam: str
    plaatsnaam: str

    @property
    def postcodegebied(self) -> str:
        return self.postcode[:4]


@cache
def _rang() -> dict[str, int]:
    return {g.code: i for i, g in enumerate(sorted(gemeenten(), key=lambda g: g.code))}


def postcodeblok(gemeente: str) -> int:
    """First postcode-4 of the gemeente's block (deterministic; 1000–9999 for every code in the list)."""
    r = _rang().get(gemeente)
    if r is None:  # not in the code list: a block from the code itself (still deterministic)
        r = seed_voor("postcodeblok", gemeente) % ((9_999 - 1_000) // BLOK)
    return 1_000 + (r * BLOK) % (9_000 - BLOK + 1)


def aantal_gebieden(inwoners: int) -> int:
    return max(2, min(BLOK, round(inwoners / INWONERS_PER_GEBIED)))


class Adressen:
    """Hands out a new address per household of one gemeente, from its own seeded generator (so the other
    draws of the simulation do not change when addresses are switched on or off)."""

    def __init__(self, seed: int, gemeente: str, inwoners: int) -> None:
        self.rng = random.Random(seed_voor(seed, "adres", gemeente))
        blok = postcodeblok(gemeente)
        n = aantal_gebieden(inwoners)
        self.gebieden = [f"{blok + i:04d}" for i in range(n)]
        # areas of unequal size (lognormal), fixed per gemeente
        self.gewichten = [math.exp(self.rng.gauss(0, 0.4)) for _ in range(n)]
        info = gemeente_info(gemeente)
        self.plaatsnaam = info.naam if info is not None else f"Gemeente {gemeente}"
        self.teller: Counter[str] = Counter()

    def nieuw(self) -> Adres:
        rng = self.rng
        i = rng.choices(range(len(self.gebieden)), self.gewichten)[0]
        gebied = self.gebieden[i]
        k = self.teller[gebied]
        self.teller[gebied] += 1
        pc, plek = divmod(k, PER_POSTCODE)
        ronde, j = divmod(pc, len(LETTERPAREN))
        # postcode-6 j of the area lies on one street; odd numbers, a new range per round (never the same twice)
        straat = _STRATEN[(i * 7 + j) % len(_STRATEN)]
        huisnummer = 1 + 2 * plek + 2 * PER_POSTCODE * ((j // len(_STRATEN)) + ronde * len(LETTERPAREN))
        huisletter = rng.choice("ABC") if rng.random() < 0.05 else None
        return Adres(f"{gebied}{LETTERPAREN[j]}", huisnummer, huisletter, straat, self.plaatsnaam)
