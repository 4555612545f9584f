"""State of the public report (docs/verantwoording.md): a report (subject and period, with its stable public
slug), each party's draft sections, the published versions of those sections, and the published snapshots of the
report. Published rows are never changed: a new version is a new row."""

from __future__ import annotations

import secrets

from django.db import models

from regiekamer.verantwoording import ONDERDELEN


def nieuwe_slug() -> str:
    """An unguessable public address: 16 random bytes, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class Rapport(models.Model):
    onderwerp = models.CharField(max_length=120, help_text="'gemeente:<CBS>', 'regio:<jeugdregio>', 'aanbieder:<AGB>'")
    regio = models.CharField(max_length=100, help_text="jeugdregio waarbinnen de cijfers worden berekend")
    periode = models.CharField(max_length=16)
    wet = models.CharField(max_length=3, blank=True)
    slug = models.CharField(max_length=40, unique=True, default=nieuwe_slug)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "verantwoordingsrapport"
        verbose_name_plural = "verantwoordingsrapporten"
        ordering = ["onderwerp", "-periode"]
        constraints = [models.UniqueConstraint(fields=["onderwerp", "regio", "periode", "wet"],
                                               name="rapport_uniek")]

    def __str__(self) -> str:
        return f"{self.onderwerp} {self.periode}"

    @property
    def laatste_publicatie(self) -> Publicatie | None:
        return Publicatie.objects.filter(rapport=self).order_by("-versie").first()


ONDERDEEL_KEUZES = list(ONDERDELEN.items())


class Verhaal(models.Model):
    """The draft of one party's section: edited freely, sent for review, then approved (which publishes it)."""

    CONCEPT, TER_BEOORDELING = "concept", "ter beoordeling"
    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="verhalen")
    partij = models.CharField(max_length=120)
    onderdeel = models.CharField(max_length=16, choices=ONDERDEEL_KEUZES)
    tekst = models.TextField(blank=True)
    status = models.CharField(max_length=20, default=CONCEPT)
    gewijzigd = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "verhaal (concept)"
        verbose_name_plural = "verhalen (concept)"
        constraints = [models.UniqueConstraint(fields=["rapport", "partij", "onderdeel"], name="verhaal_uniek")]


class VerhaalVersie(models.Model):
    """A published version of a party's section, approved by the party itself; kept for good."""

    rapport = models.ForeignKey(Rapport, on_delete=models.PROTECT, related_name="versies")
    partij = models.CharField(max_length=120)
    onderdeel = models.CharField(max_length=16, choices=ONDERDEEL_KEUZES)
    tekst = models.TextField()
    versie = models.PositiveIntegerField()
    gepubliceerd = models.DateTimeField(auto_now_add=True)
    goedgekeurd_door = models.CharField(max_length=150)

    class Meta:
        verbose_name = "gepubliceerde versie van een verhaal"
        verbose_name_plural = "gepubliceerde versies van verhalen"
        ordering = ["rapport", "partij", "onderdeel", "-versie"]
        constraints = [models.UniqueConstraint(fields=["rapport", "partij", "onderdeel", "versie"],
                                               name="verhaalversie_uniek")]


class Publicatie(models.Model):
    """A published snapshot of the whole report (HTML and PDF as they were on that day)."""

    rapport = models.ForeignKey(Rapport, on_delete=models.PROTECT, related_name="publicaties")
    versie = models.PositiveIntegerField()
    gepubliceerd = models.DateTimeField(auto_now_add=True)
    door = models.CharField(max_length=150)
    html = models.TextField()
    pdf = models.BinaryField()

    class Meta:
        verbose_name = "publicatie"
        verbose_name_plural = "publicaties"
        ordering = ["rapport", "-versie"]
        constraints = [models.UniqueConstraint(fields=["rapport", "versie"], name="publicatie_uniek")]
