"""The catalogue of iJw 3.2 and iWmo 3.2 message types.

One place that knows, per law (wet) and message type, the BerichtCode (COD002), the XML namespace, the
direction of traffic and, for retour messages, which heenbericht they answer. The parser, the validator, the
store and the generator all take their facts from here (message-model.md §1, §2, §9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Wet(StrEnum):
    """The law a message belongs to; the value is the prefix used in namespaces (``ijw``/``iwmo``)."""

    JEUGDWET = "ijw"
    WMO = "iwmo"

    @property
    def prefix(self) -> str:
        """Message-name prefix: ``JW`` or ``WMO``."""
        return "JW" if self is Wet.JEUGDWET else "WMO"

    @property
    def kort(self) -> str:
        """Short name used in tables: ``jw`` or ``wmo``."""
        return "jw" if self is Wet.JEUGDWET else "wmo"


class Richting(StrEnum):
    """Direction of a message: gemeente → aanbieder or aanbieder → gemeente."""

    GEMEENTE_NAAR_AANBIEDER = "G>A"
    AANBIEDER_NAAR_GEMEENTE = "A>G"


@dataclass(frozen=True, slots=True)
class BerichtType:
    """One message type of one law, e.g. JW301 (Toewijzing)."""

    wet: Wet
    nummer: str  # "301"
    berichtcode: int  # COD002, e.g. 436
    naam: str
    richting: Richting
    heenbericht: str | None  # for a 30x retour: the number of the message it answers

    naam_kort: str = field(init=False)
    """``JW301``, ``WMO325``."""
    namespace: str = field(init=False)
    """The XML namespace of the message, e.g. ``http://www.istandaarden.nl/ijw/3_2/jw301/schema``."""

    def __post_init__(self) -> None:
        naam = f"{self.wet.prefix}{self.nummer}"
        object.__setattr__(self, "naam_kort", naam)
        object.__setattr__(self, "namespace", f"http://www.istandaarden.nl/{self.wet.value}/3_2/{naam.lower()}/schema")

    @property
    def is_retour(self) -> bool:
        """True for the technical retour messages 302/306/308/316/318/320 (IV028); 325 is not one."""
        return self.heenbericht is not None


BASISSCHEMA_NS = {w: f"http://www.istandaarden.nl/{w.value}/3_2/basisschema/schema" for w in Wet}

_G, _A = Richting.GEMEENTE_NAAR_AANBIEDER, Richting.AANBIEDER_NAAR_GEMEENTE

# number, name, direction, heenbericht, berichtcode Jw, berichtcode Wmo (message-model.md §1)
_TABEL: tuple[tuple[str, str, Richting, str | None, int, int], ...] = (
    ("301", "Toewijzing", _G, None, 436, 414),
    ("302", "Toewijzing retour", _A, "301", 437, 415),
    ("305", "Start zorg", _A, None, 438, 418),
    ("306", "Start zorg retour", _G, "305", 439, 419),
    ("307", "Stop zorg", _A, None, 440, 420),
    ("308", "Stop zorg retour", _G, "307", 441, 421),
    ("315", "Verzoek om toewijzing", _A, None, 446, 444),
    ("316", "Verzoek om toewijzing retour", _G, "315", 447, 445),
    ("317", "Verzoek om wijziging", _A, None, 486, 480),
    ("318", "Verzoek om wijziging retour", _G, "317", 487, 481),
    ("319", "Antwoordbericht", _G, None, 488, 482),
    ("320", "Antwoordbericht retour", _A, "319", 489, 483),
    ("323", "Declaratie", _A, None, 490, 484),
    ("325", "Declaratie-antwoord", _G, None, 491, 485),
)

BERICHTTYPEN: tuple[BerichtType, ...] = tuple(
    BerichtType(wet, nr, code_jw if wet is Wet.JEUGDWET else code_wmo, naam, richting, heen)
    for wet in Wet
    for nr, naam, richting, heen, code_jw, code_wmo in _TABEL
)

_OP_NAMESPACE = {bt.namespace: bt for bt in BERICHTTYPEN}
_OP_NAAM = {bt.naam_kort: bt for bt in BERICHTTYPEN}
_OP_CODE = {(bt.wet, bt.berichtcode): bt for bt in BERICHTTYPEN}


def bij_namespace(namespace: str) -> BerichtType | None:
    """The message type whose root namespace is ``namespace``, or None."""
    return _OP_NAMESPACE.get(namespace)


def bij_naam(naam: str) -> BerichtType:
    """``bij_naam("JW301")`` → the JW301 type. Raises KeyError for an unknown name."""
    return _OP_NAAM[naam.upper()]


def bij_code(wet: Wet, berichtcode: int) -> BerichtType | None:
    return _OP_CODE.get((wet, berichtcode))


def heen_type(bt: BerichtType) -> BerichtType:
    """For a retour type, the heenbericht type it answers; for any other type itself."""
    if bt.heenbericht is None:
        return bt
    return _OP_NAAM[f"{bt.wet.prefix}{bt.heenbericht}"]
