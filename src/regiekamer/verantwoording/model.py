"""The plain objects of the public report: its subject, the parties' narratives, its tables and the cells behind
them (docs/verantwoording.md). No web imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from regiekamer.cijfers import Rol, Scope, Selectie
from regiekamer.openbaarheid import Groep

Soort = Literal["gemeente", "regio", "aanbieder"]
ONDERDELEN: dict[str, str] = {
    "waarom": "Waarom we deden wat we deden",
    "reactie": "Onze reactie op de cijfers",
    "geleerd": "Wat we hebben geleerd",
}
"""The sections a party writes itself, with their heading."""


@dataclass(frozen=True)
class Onderwerp:
    """Whose report: a gemeente (CBS code), a jeugdregio (its name) or an aanbieder (AGB code) within a regio."""

    soort: Soort
    code: str
    regio: str | None
    naam: str = ""

    @property
    def organisatie(self) -> str:
        """'gemeente:0230', 'regio:Holland-Rijnland', 'aanbieder:12345678' (as the steering models store it)."""
        return f"{self.soort}:{self.code}"

    def scope(self, zout: str = "") -> Scope:
        if self.soort == "gemeente":
            return Scope(Rol.GEMEENTE, regio=self.regio, gemeente=self.code)
        if self.soort == "aanbieder":
            return Scope(Rol.AANBIEDER, regio=self.regio, aanbieder=self.code, zout=zout)
        return Scope(Rol.REGIO, regio=self.code)

    def selectie(self, wet: str | None = None) -> Selectie:
        if self.soort == "gemeente":
            return Selectie(wet=wet, gemeente=self.code)
        if self.soort == "aanbieder":
            return Selectie(wet=wet, aanbieder=self.code)
        return Selectie(wet=wet)

    @property
    def titel(self) -> str:
        wie = {"gemeente": "gemeente", "regio": "jeugdregio", "aanbieder": "aanbieder"}[self.soort]
        return f"{wie} {self.naam or self.code}"


@dataclass(frozen=True)
class Verhaal:
    """A published (approved) version of one party's own section."""

    partij: str
    """The author organisation, 'gemeente:0230' or 'aanbieder:12345678'."""
    partij_naam: str
    onderdeel: str
    """A key of :data:`ONDERDELEN`."""
    tekst: str
    versie: int
    gepubliceerd: dt.datetime


@dataclass
class Cel:
    """One number of the report: its raw value (never rendered) and what is published (``None``: suppressed)."""

    sleutel: str
    ruw: float
    soort: Literal["aantal", "bedrag"]
    getoond: float | None = None
    clienten: int | None = None
    """For an amount: the clients it was paid for (primary suppression below the threshold)."""


@dataclass
class Aandeel:
    """A published share (percent) and the counts it rests on, kept for the attack test and the colophon."""

    sleutel: str
    teller: int
    noemer: int
    getoond: float | None
    gekoppeld: tuple[str, ...] = ()
    """Count cells of this report the teller and noemer are sums of (``teller_cellen`` / ``noemer_cellen``)."""
    teller_cellen: tuple[str, ...] = ()
    noemer_cellen: tuple[str, ...] = ()


@dataclass
class Tabel:
    """A table as published: formatted cells, with its chart data (published values only) and caveats."""

    id: str
    titel: str
    kolommen: list[str]
    rijen: list[list[str]]
    toelichting: str = ""
    kanttekeningen: list[str] = field(default_factory=list)
    grafiek: list[tuple[str, float]] | None = None
    """(label, value) of the rows whose value is shown; ``None``: no chart."""
    grafiek_soort: Literal["staaf", "lijn"] = "staaf"
    grafiek_as: str = ""
    weggelaten: list[str] = field(default_factory=list)
    """Labels left out of the chart because their value is suppressed (said in the text alternative)."""


@dataclass
class Sectie:
    id: str
    titel: str
    inleiding: str = ""
    tabellen: list[Tabel] = field(default_factory=list)
    teksten: list[tuple[str, str]] = field(default_factory=list)
    """(heading, text) blocks in the words the parties wrote (ambitions, priority profile)."""
    verhalen: list[Verhaal] = field(default_factory=list)


@dataclass
class Rapport:
    onderwerp: Onderwerp
    periode: str
    periode_van: dt.date
    periode_tot: dt.date
    wet: str | None
    secties: list[Sectie]
    colofon: list[str]
    cellen: dict[str, Cel]
    groepen: list[Groep]
    aandelen: list[Aandeel]
    drempel: int
    afronding: int

    def sectie(self, id: str) -> Sectie:
        return next(s for s in self.secties if s.id == id)
