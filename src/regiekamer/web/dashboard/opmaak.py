"""Dutch number formatting for tables and charts: 1.234, 12,3 %, € 1.234, and the column labels."""

from __future__ import annotations

import math
from typing import Any

KOLOM_LABELS = {
    "indicator": "Indicator",
    "naam": "Cijfer",
    "periode": "Periode",
    "wet": "Wet",
    "gemeente": "Gemeente",
    "regio": "Regio",
    "aanbieder": "Aanbieder",
    "productcategorie": "Productcategorie",
    "leeftijdsklasse": "Leeftijd",
    "waarde": "Waarde",
    "teller": "Teller",
    "noemer": "Noemer",
    "reden_beeindiging": "Reden beëindiging",
    "wachtklasse": "Wachtduur",
    "clienten": "Cliënten",
    "van": "Van",
    "naar": "Naar",
    "overgang": "Overgang",
    "aantal": "Aantal",
    "betaald": "Betaald",
    "budget": "Toegewezen",
    "vorm": "Vorm van zorg",
}


def getal(v: Any, decimalen: int = 0) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    try:
        import pandas as pd

        if v is pd.NA:
            return "–"
    except ImportError:  # pragma: no cover
        pass
    s = f"{float(v):,.{decimalen}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def waarde(v: Any, eenheid: str) -> str:
    """A value in its unit, the Dutch way."""
    if eenheid == "procent":
        t = getal(v, 1)
        return t if t == "–" else f"{t} %"
    if eenheid == "eurocent":
        return "–" if getal(v) == "–" else f"€ {getal(float(v) / 100)}"
    if eenheid == "ratio":
        t = getal(None if v is None else float(v) * 100, 1)
        return t if t == "–" else f"{t} %"
    if eenheid in ("dagen", "werkdagen"):
        t = getal(v)
        return t if t == "–" else f"{t} {'werkdagen' if eenheid == 'werkdagen' else 'dagen'}"
    return getal(v)
