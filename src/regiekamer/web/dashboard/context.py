"""Template context for every page: theme, navigation, the user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from regiekamer.cijfers import Rol

NAVIGATIE = (
    ("overzicht", "Overzicht"),
    ("clientpaden", "Cliëntpaden"),
    ("wachten", "Wachten"),
    ("kosten", "Kosten"),
    ("aanbieders", "Aanbieders"),
    ("gemeenten", "Gemeenten"),
    ("definities", "Definities"),
)
"""The figure pages (every role but the beheerder), Definities last."""

WERKBLADEN = (
    ("landschap", "Zorglandschap", (Rol.GEMEENTE, Rol.REGIO, Rol.AANBIEDER)),
    ("ambities", "Sturing", (Rol.GEMEENTE, Rol.REGIO)),
    ("contracten", "Contracten", (Rol.AANBIEDER,)),
    ("regiemodel", "Regiemodel", (Rol.GEMEENTE, Rol.REGIO, Rol.AANBIEDER)),
    ("verantwoording", "Verantwoording", (Rol.GEMEENTE, Rol.REGIO, Rol.AANBIEDER)),
)
"""Pages for steering and collaboration, each shown in the menu to the roles that may open it."""


def menu(rol: str | None) -> tuple[tuple[str, str], ...]:
    """The main menu of a role: the figure pages, then the steering pages it may open, Definities last."""
    eigen = tuple((naam, label) for naam, label, rollen in WERKBLADEN if rol in rollen)
    return (*NAVIGATIE[:-1], *eigen, NAVIGATIE[-1])


def regiekamer(request: HttpRequest) -> dict[str, Any]:
    profiel = getattr(getattr(request, "user", None), "profiel", None)
    return {
        "thema_klasse": settings.REGIEKAMER_THEMA_KLASSE,
        "eigen_thema": bool(settings.REGIEKAMER_THEMA),
        "navigatie": menu(profiel.rol if profiel else None),
        "profiel": profiel,
    }
