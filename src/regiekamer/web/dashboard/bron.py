"""The one :class:`~regiekamer.cijfers.Cijfers` of this process, and the scope of the user making a request."""

from __future__ import annotations

import os
from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regiekamer.cijfers import Cijfers, Scope


def cijfers() -> Cijfers:
    return _cijfers(str(settings.DATA_DIR))


@cache
def _cijfers(data_dir: str) -> Cijfers:
    """One per store and process: its sources and in-memory figures are shared by all requests. DuckDB gets
    ``REGIEKAMER_DUCKDB_THREADS`` threads (default 1): a first view of a rare filter combination then takes one
    core, not the whole machine, while the other server processes keep answering."""
    c = Cijfers(data_dir, threads=int(os.environ.get("REGIEKAMER_DUCKDB_THREADS", "1")))
    # let go of the store after a quiet minute, so 'regiekamer ingest' can write while the server runs
    c.laat_los_na(float(os.environ.get("REGIEKAMER_LOSLATEN", "60")))
    return c


def scope_van(request: HttpRequest) -> Scope:
    """The scope of the logged-in user; a user without a profile (role) sees nothing."""
    profiel = getattr(request.user, "profiel", None)
    if profiel is None:
        raise PermissionDenied("deze gebruiker heeft geen rol; vraag de beheerder om een profiel")
    return profiel.scope()  # type: ignore[no-any-return]
