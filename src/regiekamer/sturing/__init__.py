"""Steering on ambitions (issue 6): ambitions with owners, partners and goals, and their progress measured with the
indicator catalogue. docs/sturing.md describes the YAML format and the progress rules."""

from regiekamer.sturing.ambities import (
    Ambitie,
    AmbitieFout,
    Bereik,
    Doel,
    Partner,
    ambities_yaml,
    laad_ambities,
)
from regiekamer.sturing.voortgang import DoelVoortgang, Meting, als_tabel, doel_voortgang, voortgang

__all__ = [
    "Ambitie",
    "AmbitieFout",
    "Bereik",
    "Doel",
    "DoelVoortgang",
    "Meting",
    "Partner",
    "als_tabel",
    "ambities_yaml",
    "doel_voortgang",
    "laad_ambities",
    "voortgang",
]
