"""The one :class:`~regiekamer.cijfers.Cijfers` of this process, and the scope of the user making a request."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regiekamer.cijfers import Cijfers, Scope


def cijfers() -> Cijfers:
    return _cijfers(str(settings.DATA_DIR))


@cache
def _cijfers(data_dir: str) -> Cijfers:
    """One per store and process: its sources and in-memory figures are shared by all requests."""
    return Cijfers(data_dir)


def scope_van(request: HttpRequest) -> Scope:
    """The scope of the logged-in user; a user without a profile (role) sees nothing."""
    profiel = getattr(request.user, "profiel", None)
    if profiel is None:
        raise PermissionDenied("deze gebruiker heeft geen rol; vraag de beheerder om een profiel")
    return profiel.scope()  # type: ignore[no-any-return]
