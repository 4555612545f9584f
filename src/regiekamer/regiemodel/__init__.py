"""Regiemodel scan (issue 7): the transition model for regie in the social domain (seed article
001_e8b380198e049972.txt) as editable data, the scoring of a gemeente's regie arrangements onto its two axes
(cocreatie ↔ controle, decentraal ↔ centraal), the gap between ambition and practice, the "spaghetti" of forms,
the region view, and the survey on the five conditions for collaboration. No web imports: usable from a notebook.

>>> from regiekamer.regiemodel import laad_model, positie
>>> m = laad_model()
>>> positie(m, {"x1": 5, "x2": 1, "y1": 5, "y2": 1}).vorm.naam
'Sturen'
"""

from regiekamer.regiemodel.condities import scores as conditiescores
from regiekamer.regiemodel.condities import verschillen
from regiekamer.regiemodel.inventaris import (
    Enquete,
    Inventaris,
    InventarisFout,
    Partij,
    lees_inventaris,
    schrijf_inventaris,
)
from regiekamer.regiemodel.model import ModelFout, Transitiemodel, Vorm, laad_model, lees_model, model_pad
from regiekamer.regiemodel.score import (
    METINGEN,
    AntwoordFout,
    Positie,
    Voorziening,
    gat,
    positie,
    posities,
    regio,
    spaghetti,
)

__all__ = [
    "METINGEN", "AntwoordFout", "Enquete", "Inventaris", "InventarisFout", "ModelFout", "Partij", "Positie",
    "Transitiemodel", "Voorziening", "Vorm", "conditiescores", "gat", "laad_model", "lees_inventaris",
    "lees_model", "model_pad", "positie", "posities", "regio", "schrijf_inventaris", "spaghetti", "verschillen",
]
