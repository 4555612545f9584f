"""Steering (issue 6): ambitions with owners, partners and goals and their progress; contracts with tariffs and
KPIs; the priority profile against the realised mix; fair comparison of aanbieders in funnel plots.
docs/sturing.md and docs/vergelijken.md describe the formats and the rules."""

from regiekamer.sturing.ambities import (
    Ambitie,
    AmbitieFout,
    Bereik,
    Doel,
    Partner,
    ambities_yaml,
    laad_ambities,
)
from regiekamer.sturing.contracten import Contract, ContractCijfers, contract_cijfers, laad_contracten
from regiekamer.sturing.lezen import SturingFout
from regiekamer.sturing.prioriteiten import Prioriteiten, lees_prioriteiten, mix
from regiekamer.sturing.vergelijking import Funnel, Kalibratie, funnel_aanbieders
from regiekamer.sturing.voortgang import DoelVoortgang, Meting, als_tabel, doel_voortgang, voortgang

__all__ = [
    "Ambitie",
    "AmbitieFout",
    "Bereik",
    "Contract",
    "ContractCijfers",
    "Doel",
    "DoelVoortgang",
    "Funnel",
    "Kalibratie",
    "Meting",
    "Partner",
    "Prioriteiten",
    "SturingFout",
    "als_tabel",
    "ambities_yaml",
    "contract_cijfers",
    "doel_voortgang",
    "funnel_aanbieders",
    "laad_ambities",
    "laad_contracten",
    "lees_prioriteiten",
    "mix",
    "voortgang",
]
