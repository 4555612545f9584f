"""The indicator catalogue and its computation (issue 4): figures with published definitions, engine-portable."""

from regiekamer.indicatoren.bronnen import UITSPLITSINGEN, Bronnen
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID, Indicator
from regiekamer.indicatoren.periode import Periode, parse_periode
from regiekamer.indicatoren.service import Resultaat, bereken

__all__ = [
    "INDICATOREN",
    "PER_ID",
    "UITSPLITSINGEN",
    "Bronnen",
    "Indicator",
    "Periode",
    "Resultaat",
    "bereken",
    "parse_periode",
]
