"""Statistical building blocks: Kaplan–Meier durations and working-day deadlines (engine-portable Ibis expressions
like the reconstruction, docs/methoden-statistiek.md), and funnel-plot limits with overdispersion (numpy/scipy,
docs/vergelijken.md).
"""

from regiekamer.statistiek.funnel import binomiale_grens, funnel, grenzen, poisson_grens
from regiekamer.statistiek.km import kaplan_meier, km_kwantielen, kwantiel_kolom
from regiekamer.statistiek.werkdagen import feestdagen, kalender, kalender_tabel, werkdagen_tussen

__all__ = [
    "binomiale_grens",
    "feestdagen",
    "funnel",
    "grenzen",
    "kalender",
    "kalender_tabel",
    "kaplan_meier",
    "km_kwantielen",
    "kwantiel_kolom",
    "poisson_grens",
    "werkdagen_tussen",
]
