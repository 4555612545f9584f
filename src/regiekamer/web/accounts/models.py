"""A user's role and organisation (``Profiel``) and the access log of client-level views (``Toegangslog``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from regiekamer.cijfers import Rol, Scope
from regiekamer.codelijsten import gemeente as gemeente_info


class Profiel(models.Model):
    ROLLEN = [(r.value, r.value) for r in Rol]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiel")
    rol = models.CharField(max_length=32, choices=ROLLEN)
    gemeente = models.CharField(
        max_length=4, blank=True, help_text="CBS-gemeentecode (4 cijfers); verplicht voor gemeente-analist"
    )
    aanbieder = models.CharField(max_length=8, blank=True, help_text="AGB-code; verplicht voor aanbieder")
    regio = models.CharField(
        max_length=100, blank=True, help_text="Jeugdregio (CBS); leeg: de jeugdregio van de gemeente"
    )

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"

    def __str__(self) -> str:
        org = self.gemeente or self.aanbieder or self.regio
        return f"{self.user} ({self.rol} {org})".strip()

    def clean(self) -> None:
        if self.rol == Rol.GEMEENTE and not (self.gemeente and gemeente_info(self.gemeente)):
            raise ValidationError({"gemeente": "een gemeente-analist heeft een bestaande CBS-gemeentecode nodig"})
        if self.rol == Rol.AANBIEDER and not (self.aanbieder.isdigit() and len(self.aanbieder) == 8):
            raise ValidationError({"aanbieder": "een aanbieder-gebruiker heeft een AGB-code van 8 cijfers nodig"})
        if self.rol in (Rol.REGIO, Rol.AANBIEDER) and not self.regio:
            raise ValidationError({"regio": "kies de jeugdregio waarvan deze gebruiker de cijfers ziet"})

    @property
    def jeugdregio(self) -> str | None:
        if self.regio:
            return self.regio
        g = gemeente_info(self.gemeente) if self.gemeente else None
        return g.jeugdregio if g and g.jeugdregio else None

    def scope(self) -> Scope:
        zout = hashlib.sha256(f"aanbieder-labels|{settings.SECRET_KEY}".encode()).hexdigest()
        return Scope(
            Rol(self.rol),
            regio=self.jeugdregio,
            gemeente=self.gemeente or None,
            aanbieder=self.aanbieder or None,
            zout=zout,
        )


class Toegangslog(models.Model):
    """Who viewed which client-level data, when (privacy by design: the pseudonym only, never a BSN)."""

    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    gebruiker = models.CharField(max_length=150)
    rol = models.CharField(max_length=32)
    pad = models.CharField(max_length=500)
    wat = models.CharField(max_length=200)
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruiker}: {self.wat}"
