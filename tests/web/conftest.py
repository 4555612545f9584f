"""Fixtures for the web app: the generated, ingested region of tests/conftest.py (``regio``) as the store behind
Django, and one user per role (with a known password for the browser tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regiekamer.cijfers import Cijfers, Opties, Rol
from regiekamer.codelijsten import gemeente as gemeente_info

WACHTWOORD = "Regiekamer-test-2026!"


@pytest.fixture(scope="session")
def web_data(regio: Any) -> Path:
    return Path(regio.opslag)


@pytest.fixture(scope="session")
def opties(web_data: Path) -> Opties:
    return Cijfers(web_data).opties


@pytest.fixture
def web(settings: Any, web_data: Path) -> Iterator[Path]:
    """Django pointed at the test region's store."""
    settings.DATA_DIR = web_data
    # Argon2 is slow on purpose; tests make many users (test_postgres checks the real hasher in a subprocess)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield web_data


@pytest.fixture
def rollen(opties: Opties) -> dict[str, dict[str, str]]:
    """The profile of each test user: two gemeente-analists (one per gemeente), a regio-analist, an aanbieder
    and a beheerder."""
    g1, g2 = opties.gemeenten[0].code, opties.gemeenten[1].code
    regio = (gemeente_info(g1).jeugdregio if gemeente_info(g1) else "") or opties.regios[0]
    return {
        "gemeente": {"rol": Rol.GEMEENTE.value, "gemeente": g1},
        "gemeente2": {"rol": Rol.GEMEENTE.value, "gemeente": g2},
        "regio": {"rol": Rol.REGIO.value, "regio": regio},
        "aanbieder": {"rol": Rol.AANBIEDER.value, "aanbieder": opties.aanbieders[0].code, "regio": regio},
        "beheerder": {"rol": Rol.BEHEERDER.value},
    }


def maak_gebruikers(rollen: dict[str, dict[str, str]]) -> dict[str, Any]:
    """One Django user per role (username = the key of ``rollen``), password ``WACHTWOORD``."""
    from django.contrib.auth.models import User

    from regiekamer.web.cli import maak_gebruiker

    uit = {}
    for naam, p in rollen.items():
        maak_gebruiker(naam, p["rol"], gemeente=p.get("gemeente", ""), aanbieder=p.get("aanbieder", ""),
                       regio=p.get("regio", ""), wachtwoord=WACHTWOORD)
        uit[naam] = User.objects.get(username=naam)
    return uit


@pytest.fixture
def gebruikers(db: Any, web: Path, rollen: dict[str, dict[str, str]]) -> dict[str, Any]:
    """One Django user per role, in the test's transaction."""
    return maak_gebruikers(rollen)
