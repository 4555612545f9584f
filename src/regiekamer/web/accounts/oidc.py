"""OIDC login (mozilla-django-oidc), switched on by setting OIDC_RP_CLIENT_ID and the endpoints (docs/web.md).

The identity provider states the role and organisation in claims: ``regiekamer_rol`` (gemeente-analist,
regio-analist, aanbieder, beheerder; the claim name is OIDC_ROL_CLAIM), ``gemeente`` (CBS code), ``aanbieder``
(AGB code), ``regio``. A user without a known role claim is refused.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from regiekamer.cijfers import Rol
from regiekamer.web.accounts.models import Profiel


def profiel_uit_claims(user: User, claims: dict[str, Any]) -> Profiel:
    rol = claims.get(getattr(settings, "OIDC_ROL_CLAIM", "regiekamer_rol"))
    if rol not in {r.value for r in Rol}:
        raise PermissionDenied(f"onbekende of ontbrekende rol in de OIDC-claims: {rol!r}")
    p, _ = Profiel.objects.get_or_create(user=user, defaults={"rol": rol})
    p.rol = rol
    p.gemeente = str(claims.get("gemeente", ""))
    p.aanbieder = str(claims.get("aanbieder", ""))
    p.regio = str(claims.get("regio", ""))
    p.full_clean(exclude=["user"])
    p.save()
    user.is_staff = rol == Rol.BEHEERDER
    user.save(update_fields=["is_staff"])
    return p


class RegiekamerOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def create_user(self, claims: dict[str, Any]) -> User:
        # atomic: a refused role or invalid organisation leaves no account behind
        with transaction.atomic():
            user = super().create_user(claims)
            profiel_uit_claims(user, claims)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        profiel_uit_claims(user, claims)
        return user
