"""Ambities: the movement a gemeente or region wants to see, with an owner, partners and measurable goals.

Seed 000 (``../shared/seeds/000_d87ca22bb6cf660b.txt``) describes collaboration on a shared goal in three steps:
formulate the goal together, let each party pursue it in its own work, and align where their tasks meet. An
:class:`Ambitie` records exactly that — the text, the owner, each partner with the contribution it commits to, the
places where tasks meet (``raakvlakken``) — and ties it to the indicator catalogue through one or more
:class:`Doel` (indicator, baseline period, target, deadline) within a :class:`Bereik` (gemeente or regio, wet,
productcategorie, aanbieder, target group as age band).

Ambities are kept as YAML (import/export, docs/sturing.md shows the format); :func:`laad_ambities` checks every
key and value and names the path of the first problem (``ambities[2].doelen[0].deadline``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from regiekamer.cijfers.scope import FILTERS, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.indicatoren.periode import Periode, parse_periode
from regiekamer.sturing.lezen import SturingFout, datum, getal, laad_lijst, lijst, lijst_yaml, tabel, tekst

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


AmbitieFout = SturingFout
"""An ambitions file that cannot be read: says what is wrong and where (the key path)."""


@dataclass(frozen=True)
class Partner:
    """A party that commits to the ambition, and what it will do in its own work."""

    naam: str
    bijdrage: str


@dataclass(frozen=True)
class Bereik:
    """Where the ambition applies: a gemeente (CBS code) or a jeugdregio, and optionally one wet,
    productcategorie, aanbieder (AGB) or target group (``leeftijdsklasse`` as in the indicators)."""

    gemeente: str | None = None
    regio: str | None = None
    wet: str | None = None
    productcategorie: str | None = None
    aanbieder: str | None = None
    leeftijdsklasse: str | None = None

    def selectie(self) -> Selectie:
        return Selectie(wet=self.wet, gemeente=self.gemeente, aanbieder=self.aanbieder,
                        productcategorie=self.productcategorie, leeftijdsklasse=self.leeftijdsklasse)


@dataclass(frozen=True)
class Doel:
    """One measurable goal: ``indicator`` moves from its value in ``basisperiode`` to ``streefwaarde`` by
    ``deadline``. Progress is measured in periods as long as the baseline (a year, quarter or month)."""

    indicator: str
    basisperiode: str
    streefwaarde: float
    deadline: dt.date

    @property
    def basis(self) -> Periode:
        return parse_periode(self.basisperiode)


@dataclass(frozen=True)
class Ambitie:
    id: str
    tekst: str
    eigenaar: str
    bereik: Bereik
    doelen: tuple[Doel, ...]
    partners: tuple[Partner, ...] = ()
    raakvlakken: tuple[str, ...] = ()
    """Where the partners' tasks meet and must be aligned (step three of seed 000)."""
    toelichting: str = ""

    def als_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["bereik"] = {k: v for k, v in d["bereik"].items() if v is not None}
        d["doelen"] = [{**x, "deadline": x["deadline"].isoformat()} for x in d["doelen"]]
        d["partners"] = list(d["partners"])
        d["raakvlakken"] = list(d["raakvlakken"])
        if not d["toelichting"]:
            del d["toelichting"]
        return d


_AMBITIE_SLEUTELS = {"id", "tekst", "eigenaar", "bereik", "doelen", "partners", "raakvlakken", "toelichting"}
_BEREIK_SLEUTELS = {"gemeente", "regio", *FILTERS}
_DOEL_SLEUTELS = {"indicator", "basisperiode", "streefwaarde", "deadline"}


def _doel(v: Any, pad: str) -> Doel:
    m = tabel(v, pad, _DOEL_SLEUTELS, _DOEL_SLEUTELS)
    ind = tekst(m["indicator"], f"{pad}.indicator")
    if ind not in PER_ID:
        raise AmbitieFout(f"{pad}.indicator", f"onbekende indicator {ind!r} (zie regiekamer indicators --list)")
    basis = tekst(m["basisperiode"], f"{pad}.basisperiode")
    try:
        p = parse_periode(basis)
    except ValueError as exc:
        raise AmbitieFout(f"{pad}.basisperiode", str(exc)) from None
    if basis != p.label or ".." in basis:
        raise AmbitieFout(f"{pad}.basisperiode", "een jaar (2024), kwartaal (2024-Q4) of maand (2024-10)")
    streef = getal(m["streefwaarde"], f"{pad}.streefwaarde")
    deadline = datum(m["deadline"], f"{pad}.deadline")
    if PER_ID[ind].extra_kolommen:
        raise AmbitieFout(f"{pad}.indicator", f"{ind} geeft meer rijen per periode "
                          f"({', '.join(PER_ID[ind].extra_kolommen)}); kies een indicator met één waarde")
    if deadline <= p.tot:
        raise AmbitieFout(f"{pad}.deadline", f"{deadline} ligt niet na het einde van de basisperiode ({p.tot})")
    return Doel(ind, basis, streef, deadline)


def ambitie_uit(v: Any, pad: str = "ambitie") -> Ambitie:
    """One ambition from its parsed YAML/JSON form; :class:`AmbitieFout` names the key path of a problem."""
    m = tabel(v, pad, _AMBITIE_SLEUTELS, ("id", "tekst", "eigenaar", "bereik", "doelen"))
    aid = tekst(m["id"], f"{pad}.id")
    if not _ID.match(aid):
        raise AmbitieFout(f"{pad}.id", f"{aid!r}: kleine letters, cijfers en '-' (hoogstens 64 tekens)")
    b = tabel(m["bereik"], f"{pad}.bereik", _BEREIK_SLEUTELS)
    bereik = Bereik(**{k: (tekst(b[k], f"{pad}.bereik.{k}") if b.get(k) is not None else None)
                       for k in _BEREIK_SLEUTELS})
    if not (bereik.gemeente or bereik.regio):
        raise AmbitieFout(f"{pad}.bereik", "noem een gemeente (CBS-code) of een regio")
    if bereik.gemeente and not re.fullmatch(r"\d{4}", bereik.gemeente):
        raise AmbitieFout(f"{pad}.bereik.gemeente", f"{bereik.gemeente!r} is geen CBS-gemeentecode (4 cijfers)")
    if bereik.wet and bereik.wet not in ("jw", "wmo"):
        raise AmbitieFout(f"{pad}.bereik.wet", f"{bereik.wet!r}: jw of wmo")
    doelen = tuple(_doel(d, f"{pad}.doelen[{i}]") for i, d in enumerate(lijst(m["doelen"], f"{pad}.doelen")))
    if not doelen:
        raise AmbitieFout(f"{pad}.doelen", "ten minste één doel (indicator, basisperiode, streefwaarde, deadline)")
    partners = []
    for i, p in enumerate(lijst(m.get("partners"), f"{pad}.partners")):
        pm = tabel(p, f"{pad}.partners[{i}]", {"naam", "bijdrage"}, ("naam", "bijdrage"))
        partners.append(Partner(tekst(pm["naam"], f"{pad}.partners[{i}].naam"),
                                tekst(pm["bijdrage"], f"{pad}.partners[{i}].bijdrage")))
    raak = tuple(tekst(r, f"{pad}.raakvlakken[{i}]")
                 for i, r in enumerate(lijst(m.get("raakvlakken"), f"{pad}.raakvlakken")))
    return Ambitie(aid, tekst(m["tekst"], f"{pad}.tekst"), tekst(m["eigenaar"], f"{pad}.eigenaar"), bereik,
                   doelen, tuple(partners), raak, tekst(m.get("toelichting"), f"{pad}.toelichting", leeg=True))


def laad_ambities(bron: str | Path) -> list[Ambitie]:
    """Ambitions from YAML text or a ``.yaml`` file: a top-level ``ambities:`` list (ids unique)."""
    return laad_lijst(bron, "ambities", ambitie_uit)


def ambities_yaml(ambities: Iterable[Ambitie]) -> str:
    """The YAML form that :func:`laad_ambities` reads back to equal objects."""
    return lijst_yaml("ambities", ambities)
