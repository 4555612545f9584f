"""The scan's own state: a gemeente's regie arrangements with both questionnaires, and conditions surveys with
one invited party (own unguessable link) per row."""

from __future__ import annotations

import secrets

from django.db import models

from regiekamer.regiemodel import Transitiemodel
from regiekamer.regiemodel import Voorziening as KernVoorziening
from regiekamer.regiemodel.score import bekende_antwoorden


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class Voorziening(models.Model):
    gemeente = models.CharField(max_length=4, db_index=True, help_text="CBS-gemeentecode")
    domein = models.CharField(max_length=100)
    naam = models.CharField(max_length=200)
    soort = models.CharField(max_length=32, default="anders")
    omschrijving = models.TextField(blank=True)
    ambitie = models.JSONField(default=dict, blank=True)
    praktijk = models.JSONField(default=dict, blank=True)
    ambitie_document = models.CharField(max_length=300, blank=True)
    ambitie_passage = models.TextField(blank=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "regievoorziening"
        verbose_name_plural = "regievoorzieningen"
        ordering = ["gemeente", "domein", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeente}, {self.domein})"

    def kern(self, model: Transitiemodel) -> KernVoorziening:
        """As plain data for the core, with only the answers the current model knows."""
        return KernVoorziening(
            gemeente=self.gemeente, domein=self.domein, naam=self.naam, soort=self.soort,
            omschrijving=self.omschrijving, ambitie=bekende_antwoorden(model, self.ambitie),
            praktijk=bekende_antwoorden(model, self.praktijk), ambitie_document=self.ambitie_document,
            ambitie_passage=self.ambitie_passage)


class Enquete(models.Model):
    gemeente = models.CharField(max_length=4, db_index=True)
    titel = models.CharField(max_length=200)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "condities-enquête"
        verbose_name_plural = "condities-enquêtes"
        ordering = ["-aangemaakt"]

    def __str__(self) -> str:
        return f"{self.titel} ({self.gemeente})"


class Deelnemer(models.Model):
    SOORTEN = [("gemeente", "gemeente"), ("zorgverzekeraar", "zorgverzekeraar"), ("aanbieder", "aanbieder")]

    enquete = models.ForeignKey(Enquete, on_delete=models.CASCADE, related_name="deelnemers")
    naam = models.CharField(max_length=200)
    soort = models.CharField(max_length=32, choices=SOORTEN)
    token = models.CharField(max_length=64, unique=True, default=nieuw_token, editable=False)
    antwoorden = models.JSONField(default=dict, blank=True)
    beantwoord = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "deelnemer"
        verbose_name_plural = "deelnemers"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.soort})"
