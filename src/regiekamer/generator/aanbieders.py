"""Aanbieders of a region: a few large ones carrying most volume and a long tail of small ones.

Every aanbieder has a product portfolio, a size and *planted effects* (waiting, ending volgens plan, re-entry,
cost). About 40 % have no effect at all (``effect = 0`` / factor 1) — they may still look different because of
the clients they get (``casemix_zwaar``): comparisons must find the first and not the second.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

from regiekamer.generator.producten import PRODUCTEN

_WOORDEN = (
    "Horizon",
    "Kompas",
    "Lindenhof",
    "De Brug",
    "Samen",
    "Vitaal",
    "Groeikracht",
    "Het Anker",
    "Zonnehuis",
    "Op Koers",
    "Thuisbasis",
    "De Linde",
    "Perspectief",
    "Kleurrijk",
    "Wending",
    "Stapvoets",
    "Buitenzorg",
    "Meander",
    "Dijkzicht",
    "De Hoeve",
    "Stroom",
    "Vlinder",
    "Baken",
    "Hoogland",
    "Veldzicht",
    "De Waard",
)


@dataclass(frozen=True, slots=True)
class Aanbieder:
    agb: str
    naam: str
    wet: str
    regio: str  # home jeugdregio ("" = landelijk)
    grootte: float  # relative volume weight
    portfolio: tuple[str, ...]  # product codes
    effect_wachttijd: float  # multiplicative factor on waiting time (1 = none)
    effect_volgens_plan: float  # log-odds shift of ending volgens plan (0 = none)
    effect_heraanmelding: float  # log-odds shift of re-entry after the trajectory (0 = none)
    effect_kosten: float  # multiplicative factor on tariff (1 = none)
    casemix_zwaar: float  # preference for older / heavier clients (no effect on outcomes by itself)
    heeft_effect: bool
    enige_voor: tuple[str, ...] = ()  # productcategorieën it is the region's only aanbieder for (planted)


def seed_voor(*delen: object) -> int:
    """A stable 64-bit seed from any parts (independent of Python's hash randomisation)."""
    h = hashlib.blake2b(repr(delen).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big")


def maak_aanbieders(
    seed: int, wet: str, regio: str, regio_index: int, inwoners: int, landelijk: bool = False
) -> list[Aanbieder]:
    """The aanbieders with home ``regio`` for ``wet``; deterministic in (seed, wet, regio)."""
    rng = random.Random(seed_voor(seed, "aanbieders", wet, regio))
    per = 6_000 if wet == "jw" else 10_000
    n = min(9_999, max(3, round(inwoners / per / (8 if landelijk else 1))))
    if not landelijk:
        n = max(n, 10)
    producten = [p.code for p in PRODUCTEN[wet]]
    prefix = "42" if wet == "jw" else "75"
    regio_deel = "99" if landelijk else f"{regio_index:02d}"
    uit: list[Aanbieder] = []
    for i in range(n):
        rang_gewicht = 1.0 / (i + 1) ** 1.15  # Zipf: a few large, long tail
        if landelijk:
            rang_gewicht *= 3.0
        breed = i < 3 or landelijk
        if breed:
            portfolio = tuple(producten)
        else:
            k = rng.choice((1, 1, 2, 2, 3, 4))
            portfolio = tuple(sorted(rng.sample(producten, k)))
        heeft = rng.random() >= 0.4
        agb = f"{prefix}{regio_deel}{i:04d}"  # 8 digits, unique per wet and regio
        naam = f"{rng.choice(_WOORDEN)} {'Jeugd' if wet == 'jw' else 'Zorg'} {i + 1}"
        uit.append(
            Aanbieder(
                agb=agb,
                naam=naam,
                wet=wet,
                regio="" if landelijk else regio,
                grootte=rang_gewicht,
                portfolio=portfolio,
                effect_wachttijd=round(math.exp(rng.gauss(0, 0.4)), 4) if heeft else 1.0,
                effect_volgens_plan=round(rng.gauss(0, 0.7), 4) if heeft else 0.0,
                effect_heraanmelding=round(rng.gauss(0, 0.6), 4) if heeft else 0.0,
                effect_kosten=round(math.exp(rng.gauss(0, 0.15)), 4) if heeft else 1.0,
                casemix_zwaar=round(rng.uniform(-1.0, 1.0), 4),
                heeft_effect=heeft,
            )
        )
    return uit


def plant_enige_aanbieder(
    per_regio: dict[str, list[Aanbieder]], wet: str, categorieen: Iterable[str]
) -> dict[str, list[Aanbieder]]:
    """The aanbieders of ``wet`` per jeugdregio (key ``""``: national) with each productcategorie in
    ``categorieen`` planted as a *single provider*: per jeugdregio the largest regional aanbieder offering the
    category keeps (and gets, if it lacked some) all its products; every other aanbieder, national ones included,
    loses them. The keeper's ``enige_voor`` lists the category."""
    uit = {r: list(v) for r, v in per_regio.items()}
    for cat in sorted(set(categorieen)):
        codes = {p.code for p in PRODUCTEN[wet] if p.categorie == cat}
        volgorde = [p.code for p in PRODUCTEN[wet]]
        for regio, lijst in uit.items():
            houder: int | None = None
            if regio and lijst:
                kandidaten = [i for i, a in enumerate(lijst) if codes & set(a.portfolio)] or [0]
                houder = max(kandidaten, key=lambda i: (lijst[i].grootte, -i))
            for i, a in enumerate(lijst):
                if i == houder:
                    portfolio = tuple(c for c in volgorde if c in codes or c in a.portfolio)
                    lijst[i] = replace(a, portfolio=portfolio, enige_voor=(*a.enige_voor, cat))
                else:
                    lijst[i] = replace(a, portfolio=tuple(c for c in a.portfolio if c not in codes))
    return uit
