"""Template context for every page: theme, navigation, the user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

NAVIGATIE = (
    ("overzicht", "Overzicht"),
    ("clientpaden", "Cliëntpaden"),
    ("wachten", "Wachten"),
    ("kosten", "Kosten"),
    ("aanbieders", "Aanbieders"),
    ("gemeenten", "Gemeenten"),
    ("definities", "Definities"),
)


def regiekamer(request: HttpRequest) -> dict[str, Any]:
    profiel = getattr(getattr(request, "user", None), "profiel", None)
    return {
        "thema_klasse": settings.REGIEKAMER_THEMA_KLASSE,
        "eigen_thema": bool(settings.REGIEKAMER_THEMA),
        "navigatie": NAVIGATIE,
        "profiel": profiel,
    }
