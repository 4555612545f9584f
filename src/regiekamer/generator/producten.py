"""The product catalogue of the synthetic region: what is allocated, in which unit, at what price.

Product codes are contract-specific (IV075); the categories, units and frequencies are the official code lists
(JZ020/WMO020, WJ756, WMO757). Shares, durations and waits are calibrated in docs/generator.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

INSPANNING = "inspanningsgericht"
OUTPUT = "outputgericht"


@dataclass(frozen=True, slots=True)
class Product:
    wet: str  # "jw" | "wmo"
    categorie: str
    code: str
    naam: str
    eenheid: str  # WJ756
    frequentie: str  # WMO757
    volume: int  # allocated volume per frequentie (for eenheid 83: eurocent)
    tarief: int  # eurocent per eenheid (0 for eenheid 83)
    duur_dagen: float  # mean duration of care (days)
    wacht_dagen: float  # mean wait from allocation to start (days)
    gewicht: float  # share among new starts (Jw: per hulpvorm; Wmo: per voorziening draw)
    groep: str  # hulpvorm / Wmo mix group
    verblijf: bool = False

    @property
    def variant(self) -> str:
        return OUTPUT if self.eenheid in ("82", "83") else INSPANNING


_jw = partial(Product, "jw")
_wmo = partial(Product, "wmo")


# Weights of new Jw starts follow CBS Jeugdhulp 2021 starts by hulpvorm (figures.md): wijkteam 10.7, ambulant
# 60.8 (split over 45A01 and the 54G01 ggz-traject), netwerk 17.3, daghulp 5.1, pleegzorg 1.4, gezinsgericht 0.8,
# gesloten 0.5, overig residentieel 3.5. Jeugdbescherming/-reclassering follow from the verwijzer (GI, rechter).
JW_PRODUCTEN: tuple[Product, ...] = (
    _jw("45", "45A01", "Ambulante jeugdhulp individueel", "04", "2", 3, 9_500, 330, 94, 40.8, "ambulant"),
    _jw("54", "54G01", "Jeugd-ggz behandeltraject", "83", "6", 680_000, 0, 270, 94, 20.0, "ambulant"),
    _jw("45", "45W01", "Lichte ambulante ondersteuning", "82", "4", 1, 52_000, 200, 21, 10.7, "wijkteam"),
    _jw("45", "45N01", "Ambulante hulp in het netwerk", "04", "4", 8, 8_800, 300, 60, 17.3, "netwerk"),
    _jw("41", "41D01", "Dagbehandeling", "16", "2", 4, 11_500, 360, 80, 5.1, "daghulp"),
    _jw("44", "44P01", "Pleegzorg", "14", "4", 31, 5_800, 900, 40, 1.4, "pleegzorg", True),
    _jw("44", "44G01", "Gezinshuis", "14", "4", 31, 19_500, 750, 77, 0.8, "gezinsgericht", True),
    _jw("43", "43G01", "Gesloten jeugdhulp", "14", "4", 31, 62_000, 210, 30, 0.5, "gesloten", True),
    _jw("43", "43R01", "Residentiële jeugdhulp", "14", "4", 31, 33_000, 420, 77, 3.5, "residentieel", True),
    _jw("48", "48B01", "Jeugdbescherming", "82", "4", 1, 165_000, 600, 7, 0.0, "jeugdbescherming"),
    _jw("47", "47R01", "Jeugdreclassering", "82", "4", 1, 140_000, 300, 7, 0.0, "jeugdreclassering"),
)

# Wmo voorzieningen; groups follow the CBS 2019 mix (hulpmiddelen & diensten, hulp bij het huishouden,
# ondersteuning thuis, verblijf & opvang).
WMO_PRODUCTEN: tuple[Product, ...] = (
    _wmo("01", "01H01", "Hulp bij het huishouden", "04", "2", 3, 3_600, 1300, 28, 21.0, "huishouden"),
    _wmo("02", "02B01", "Begeleiding individueel", "04", "2", 2, 6_600, 800, 42, 14.0, "thuis"),
    _wmo("03", "03P01", "Persoonlijke verzorging", "04", "2", 3, 5_600, 600, 21, 4.0, "thuis"),
    _wmo("07", "07D01", "Dagbesteding", "16", "2", 3, 5_200, 900, 35, 7.0, "thuis"),
    _wmo("08", "08V01", "Collectief vervoer (pas)", "82", "4", 1, 2_600, 1500, 21, 24.0, "hulpmiddelen"),
    _wmo("11", "11R01", "Rolstoel (huur)", "82", "4", 1, 6_500, 1400, 30, 12.0, "hulpmiddelen"),
    _wmo("12", "12V01", "Scootmobiel (huur)", "82", "4", 1, 5_200, 1400, 30, 12.0, "hulpmiddelen"),
    _wmo("13", "13W01", "Woningaanpassing", "83", "6", 450_000, 0, 1500, 60, 6.0, "hulpmiddelen"),
    _wmo("14", "14O01", "Overige hulpmiddelen", "83", "6", 90_000, 0, 1500, 30, 9.0, "hulpmiddelen"),
    _wmo("04", "04K01", "Kortdurend verblijf", "14", "4", 4, 16_000, 300, 30, 1.0, "verblijf", True),
    _wmo("15", "15B01", "Beschermd wonen", "14", "4", 31, 15_500, 1300, 60, 1.4, "verblijf", True),
    _wmo("16", "16O01", "Maatschappelijke opvang", "14", "4", 31, 9_000, 150, 14, 0.8, "verblijf", True),
)

PRODUCTEN: dict[str, tuple[Product, ...]] = {"jw": JW_PRODUCTEN, "wmo": WMO_PRODUCTEN}
PER_CODE: dict[str, Product] = {p.code: p for ps in PRODUCTEN.values() for p in ps}
