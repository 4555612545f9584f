"""OIDC login by configuration: the backend of mozilla-django-oidc with our claim mapping, on the real DB."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

OIDC = {
    "OIDC_RP_CLIENT_ID": "regiekamer",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_ROL_CLAIM": "regiekamer_rol",
}


@pytest.fixture
def backend(settings: Any, db: Any) -> Any:
    for k, v in OIDC.items():
        setattr(settings, k, v)
    from regiekamer.web.accounts.oidc import RegiekamerOIDCBackend

    return RegiekamerOIDCBackend()


def test_new_user_gets_role_and_scope_from_claims(backend: Any) -> None:
    user = backend.create_user({"email": "analist@elburg.example", "sub": "1",
                                "regiekamer_rol": "gemeente-analist", "gemeente": "0230"})
    scope = user.profiel.scope()
    assert scope.rol == "gemeente-analist" and scope.gemeente == "0230" and scope.regio == "Noord Veluwe"
    assert not user.is_staff
    # a later login with other claims updates the profile (the identity provider is the source)
    backend.update_user(user, {"regiekamer_rol": "beheerder"})
    user.refresh_from_db()
    assert user.profiel.rol == "beheerder" and user.is_staff


def test_unknown_or_missing_role_is_refused(backend: Any) -> None:
    with pytest.raises(PermissionDenied):
        backend.create_user({"email": "x@example.org", "sub": "2", "regiekamer_rol": "superuser"})
    with pytest.raises(ValidationError):
        backend.create_user({"email": "y@example.org", "sub": "3", "regiekamer_rol": "aanbieder", "aanbieder": "12"})
    from django.contrib.auth.models import User

    assert not User.objects.filter(email__in=["x@example.org", "y@example.org"]).exists()
