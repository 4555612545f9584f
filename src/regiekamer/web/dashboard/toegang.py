"""The access log: every view of client-level data, with who, when and what (pseudonyms only, never a BSN)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from regiekamer.web.accounts.models import Toegangslog


def log_toegang(request: HttpRequest, wat: str, details: dict[str, Any]) -> None:
    profiel = getattr(request.user, "profiel", None)
    Toegangslog.objects.create(
        gebruiker=request.user.get_username(),
        rol=profiel.rol if profiel else "",
        pad=request.get_full_path()[:500],
        wat=wat,
        details=details,
    )
