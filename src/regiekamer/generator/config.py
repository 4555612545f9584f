"""Configuration of a synthetic region."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Imperfecties:
    """Rates of the imperfections real traffic has (each a probability per occasion, see docs/generator.md)."""

    duplicaat: float = 0.01  # a heenbericht delivered twice (same identity, same bytes)
    verwijderen_herzenden: float = (
        0.02  # start (305) sent with a wrong Begindatum, then deleted (3) + re-sent (1)
    )
    correctie_toewijzing: float = (
        0.02  # allocation sent wrong, deleted with reden 13 and re-sent with a new number
    )
    laat_startbericht: float = 0.03  # start (305) sent months late: after its stop or first declaration
    nooit_gestart: float = 0.06  # allocation that never starts (client waits, gives up)
    geen_stopbericht: float = 0.04  # care ends without a stop (307)
    declaratie_afgewezen: float = 0.03  # declaration line rejected in the 325
    declaratie_gecrediteerd: float = 0.02  # approved line later credited and re-declared


@dataclass(frozen=True, slots=True)
class GeneratorConfig:
    """What region to generate.

    ``gemeenten``: number of gemeenten (taken from one jeugdregio when it is large enough); ``regio``: a jeugdregio
    by name; ``gemeentecodes``: explicit CBS codes. ``inwoners``: total inhabitants, spread over the gemeenten.
    The traffic covers ``jaren`` calendar years from ``startjaar``; care already running on 1 January of the first
    year is part of the region (with its earlier allocation and start messages).

    ``adressen``: every household gets a synthetic address, written in the 301s of its members (docs/generator.md).
    ``enige_aanbieder``: (wet, productcategorie) pairs planted as a *single provider*: in every jeugdregio only
    the largest regional aanbieder offering the category keeps its products; every other aanbieder (national ones
    too) loses them (``aanbieders.enige_voor`` records the keeper).
    """

    seed: int = 1
    gemeenten: int | None = None
    regio: str | None = None
    gemeentecodes: tuple[str, ...] | None = None
    inwoners: int = 50_000
    jaren: int = 1
    startjaar: int = 2025
    wetten: tuple[str, ...] = ("jw", "wmo")
    imperfecties: Imperfecties = field(default_factory=Imperfecties)
    samenloop_aandeel: float = 0.13  # SCP, Voorzieningen in 3D: households with care under > 1 law
    adressen: bool = True  # a synthetic address per household in the 301 messages
    enige_aanbieder: tuple[tuple[str, str], ...] = ()  # (wet, productcategorie) with one aanbieder per regio
    processen: int = 1  # worker processes (output does not depend on it)
    schrijf_berichten: bool = True  # False: ground truth only (fast calibration runs)
    formaat: str = "zip"  # "zip": one archive per wet × gemeente × month; "bestanden": one file per message
    zip_niveau: int = 0  # 0: members stored (fastest); 1–9: deflate level (≈ 3× smaller, ≈ 2× slower)

    def als_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["gemeentecodes"] = list(self.gemeentecodes) if self.gemeentecodes else None
        d["wetten"] = list(self.wetten)
        d["enige_aanbieder"] = [list(p) for p in self.enige_aanbieder]
        del d["processen"]  # does not change the output; kept out so the manifest is identical
        return d
