"""Statistical building blocks of the indicators: Kaplan–Meier durations and working-day deadlines.

Written as engine-portable Ibis expressions like the reconstruction; methods in docs/methoden-statistiek.md.
"""

from regiekamer.statistiek.km import kaplan_meier, km_kwantielen, kwantiel_kolom
from regiekamer.statistiek.werkdagen import feestdagen, kalender, kalender_tabel, werkdagen_tussen

__all__ = [
    "feestdagen",
    "kalender",
    "kalender_tabel",
    "kaplan_meier",
    "km_kwantielen",
    "kwantiel_kolom",
    "werkdagen_tussen",
]
