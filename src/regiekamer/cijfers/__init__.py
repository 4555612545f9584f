"""Figures for interactive use (web pages, API, notebooks): filtered, cached and bounded by the user's scope."""

from regiekamer.cijfers.scope import FILTERS, BuitenBereik, Rol, Scope, Selectie, anoniem_label
from regiekamer.cijfers.service import WACHTKLASSEN, Cijfers, Keuze, Opties

__all__ = [
    "FILTERS",
    "WACHTKLASSEN",
    "BuitenBereik",
    "Cijfers",
    "Keuze",
    "Opties",
    "Rol",
    "Scope",
    "Selectie",
    "anoniem_label",
]
