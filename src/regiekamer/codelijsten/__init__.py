"""iJw 3.2 / iWmo 3.2 code lists with their Dutch descriptions, and the CBS gemeenten with jeugdregio.

>>> from regiekamer.codelijsten import codelijst, omschrijving, is_geldig, lijst_voor, gemeente
>>> omschrijving("JZ588", "31")
'Levering is volgens plan beëindigd'
>>> lijst_voor("wmo", "reden_beeindiging")
'WMO588'
"""

from regiekamer.codelijsten.service import (
    ELEMENTEN,
    Gemeente,
    codelijst,
    gemeente,
    gemeenten,
    is_geldig,
    jeugdregios,
    lijst_info,
    lijst_voor,
    lijsten,
    omschrijving,
    rij,
    rijen,
)

__all__ = [
    "ELEMENTEN",
    "Gemeente",
    "codelijst",
    "gemeente",
    "gemeenten",
    "is_geldig",
    "jeugdregios",
    "lijst_info",
    "lijst_voor",
    "lijsten",
    "omschrijving",
    "rij",
    "rijen",
]
