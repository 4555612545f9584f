"""Horizontal accountability (issue 9): the public report per gemeente, regio and aanbieder — what was done, why,
what it yielded, what it cost, what was learned — assembled from the indicator catalogue and the steering data,
with the small-number rule and secondary suppression applied to every published number (docs/verantwoording.md).
No web imports: the steering data and the parties' narratives are passed in as plain objects."""

from regiekamer.verantwoording.model import (
    ONDERDELEN,
    Aandeel,
    Cel,
    Onderwerp,
    Rapport,
    Sectie,
    Tabel,
    Verhaal,
)
from regiekamer.verantwoording.service import maak_rapport

__all__ = [
    "ONDERDELEN",
    "Aandeel",
    "Cel",
    "Onderwerp",
    "Rapport",
    "Sectie",
    "Tabel",
    "Verhaal",
    "maak_rapport",
]
