"""What a gemeente or regio records for steering: ambitions, contracts and its priority profile, each in the YAML
form of its :mod:`regiekamer.sturing` object as JSON, so one reader checks the form, the import and the stored rows
alike."""

from __future__ import annotations

from django.db import models

from regiekamer.sturing.ambities import Ambitie as AmbitieData
from regiekamer.sturing.ambities import ambitie_uit
from regiekamer.sturing.contracten import Contract as ContractData
from regiekamer.sturing.contracten import contract_uit


class Vastgelegd(models.Model):
    """What a gemeente or regio recorded (an ambition, a contract): its YAML form as JSON, under a short name
    that is unique within the organisation, with who changed it last."""

    organisatie = models.CharField(
        max_length=120, help_text="'gemeente:<CBS-code>' of 'regio:<jeugdregio>': wie dit vastlegt"
    )
    sleutel = models.SlugField(max_length=64)
    gegevens = models.JSONField(help_text="in de vorm van het YAML-bestand (docs/sturing.md)")
    gewijzigd = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.CharField(max_length=150, blank=True)

    class Meta:
        abstract = True
        ordering = ["organisatie", "sleutel"]

    def __str__(self) -> str:
        return f"{self.sleutel} ({self.organisatie})"


class Ambitie(Vastgelegd):
    class Meta(Vastgelegd.Meta):
        verbose_name = "ambitie"
        verbose_name_plural = "ambities"
        constraints = [models.UniqueConstraint(fields=["organisatie", "sleutel"], name="ambitie_uniek_per_org")]

    @property
    def ambitie(self) -> AmbitieData:
        return ambitie_uit(self.gegevens, self.sleutel)

    @classmethod
    def bewaar(cls, organisatie: str, a: AmbitieData, door: str) -> Ambitie:
        obj, _ = cls.objects.update_or_create(
            organisatie=organisatie, sleutel=a.id, defaults={"gegevens": a.als_dict(), "gewijzigd_door": door}
        )
        return obj


class Contract(Vastgelegd):
    """A contract of a gemeente or regio with one aanbieder (:class:`regiekamer.sturing.contracten.Contract`)."""

    aanbieder = models.CharField(max_length=8, db_index=True, help_text="AGB-code van de aanbieder")

    class Meta(Vastgelegd.Meta):
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        constraints = [models.UniqueConstraint(fields=["organisatie", "sleutel"], name="contract_uniek_per_org")]

    def __str__(self) -> str:
        return f"{self.sleutel} ({self.organisatie}, AGB {self.aanbieder})"

    @property
    def contract(self) -> ContractData:
        return contract_uit(self.gegevens, self.sleutel)

    @classmethod
    def bewaar(cls, organisatie: str, c: ContractData, door: str) -> Contract:
        obj, _ = cls.objects.update_or_create(
            organisatie=organisatie, sleutel=c.id,
            defaults={"gegevens": c.als_dict(), "aanbieder": c.aanbieder, "gewijzigd_door": door},
        )
        return obj


class Prioriteitenprofiel(models.Model):
    """The priority profile of a gemeente or regio: the YAML form of
    :class:`regiekamer.sturing.prioriteiten.Prioriteiten` as JSON."""

    organisatie = models.CharField(max_length=120, unique=True)
    gegevens = models.JSONField()
    gewijzigd = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "prioriteitenprofiel"
        verbose_name_plural = "prioriteitenprofielen"

    def __str__(self) -> str:
        return self.organisatie
