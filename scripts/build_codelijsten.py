"""Build the iJw 3.2 / iWmo 3.2 code list CSVs shipped in ``regiekamer.codelijsten``.

Reads the Markdown (and one JSON) code lists under ``<istandaarden>/{ijw,iwmo}/codelijsten/`` and writes
UTF-8 CSV files (header row ``code,omschrijving`` plus list specific columns) to
``src/regiekamer/codelijsten/data/``.  Only derived code lists are written; XSDs and example messages are
never copied.  The XSD ``Basisschema.xsd`` is *read* for one purpose only: the description of a code that
the XSD enumerates but the Markdown list lacks, for the explicitly listed gaps in ``AANVULLINGEN``.

Usage::

    uv run python scripts/build_codelijsten.py [ISTANDAARDEN_DIR] [--uit DATA_DIR]

``ISTANDAARDEN_DIR`` defaults to ``../shared/istandaarden`` relative to the repository root.

Output naming: a list used by both standards whose derived content is identical is written once as
``<ID>.csv``.  When the iJw and iWmo content differ, the iJw version is ``<ID>.csv`` and the iWmo version
``<ID>_WMO.csv``.  ``COD002`` (Vektis berichtcodes) is one list split over two files in the source; both
halves are merged into ``COD002.csv`` with a ``standaard`` column.  ``gemeenten.csv`` holds the CBS
gemeentecodes with their jeugdregio.  ``_index.csv`` describes every list (standaard, XSD type, source URL).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ISTANDAARDEN = REPO_ROOT.parent / "shared" / "istandaarden"
DEFAULT_UIT = REPO_ROOT / "src" / "regiekamer" / "codelijsten" / "data"

WETTEN = ("ijw", "iwmo")
STANDAARD_NAAM = {"ijw": "iJw", "iwmo": "iWmo"}
XS = "{http://www.w3.org/2001/XMLSchema}"

Rij = dict[str, str]


@dataclass(frozen=True)
class LijstBron:
    """One code list and the source file(s) it is derived from."""

    lijst: str
    naam: str
    bestanden: Mapping[str, str]  # wet ("ijw"/"iwmo") -> file name inside <wet>/codelijsten/
    xsd_type: str = ""  # simpleType in Basisschema.xsd that enumerates the codes ("" = none)
    kolommen: tuple[str, ...] = field(default=())  # expected extra columns (after code, omschrijving)


LIJSTEN: tuple[LijstBron, ...] = (
    LijstBron(
        "JZ020", "Productcategorie (Jeugdwet)", {"ijw": "JZ020_Productcategorie"}, "LDT_ProductCategorie"
    ),
    LijstBron(
        "WMO020", "Productcategorie (Wmo)", {"iwmo": "WMO020_Productcategorie.md"}, "LDT_ProductCategorie"
    ),
    LijstBron(
        "JZ588",
        "Reden beëindiging (Jeugdwet)",
        {"ijw": "JZ588_Reden_beeindiging.md"},
        "LDT_RedenBeeindiging",
        ("gebruik", "reden_wijziging_toewijzing", "initiatief_aanbieder", "mutatiedatum", "ingangsdatum"),
    ),
    LijstBron(
        "WMO588",
        "Reden beëindiging (Wmo)",
        {"iwmo": "WMO588_Reden_beeindiging.md"},
        "LDT_RedenBeeindiging",
        ("gebruik", "reden_wijziging_toewijzing", "initiatief_aanbieder"),
    ),
    LijstBron(
        "JZ002",
        "Reden wijziging toewijzing (Jeugdwet)",
        {"ijw": "JZ002_Reden_wijziging_toewijzing.md"},
        "LDT_RedenWijziging",
        ("toelichting", "reden_beeindiging"),
    ),
    LijstBron(
        "WMO002",
        "Reden wijziging toewijzing (Wmo)",
        {"iwmo": "WMO002_Reden_wijziging toewijzing.md"},
        "LDT_RedenWijziging",
        ("toelichting", "reden_beeindiging"),
    ),
    LijstBron("WJ756", "Eenheid", {"ijw": "WJ756_Eenheid.md", "iwmo": "WJ756_Eenheid.md"}, "LDT_Eenheid"),
    LijstBron(
        "WMO757",
        "Frequentie",
        {"ijw": "WMO757_Frequentie.md", "iwmo": "WMO757_Frequentie.md"},
        "LDT_Frequentie",
    ),
    LijstBron(
        "COD327",
        "Code verwijzer",
        {"ijw": "COD327_Code_verwijzer.md", "iwmo": "COD327_Code_verwijzer.md"},
        "LDT_TypeVerwijzer",
    ),
    LijstBron(
        "COD467",
        "Status aanlevering",
        {"ijw": "COD467_Status_aanlevering.md", "iwmo": "COD467_Status_aanlevering.md"},
        "LDT_StatusAanlevering",
    ),
    LijstBron(
        "WJ001",
        "Retourcode",
        {"ijw": "WJ001_Retourcode.md", "iwmo": "WJ001_Retourcode.md"},
        "LDT_RetourCode",
        ("regel", "berichttypen"),
    ),
    LijstBron(
        "WJ758",
        "Reden verzoek",
        {"ijw": "WJ758_Reden_verzoek.md", "iwmo": "WJ758_Reden verzoek.md"},
        "LDT_RedenVerzoek",
    ),
    LijstBron(
        "WJ759",
        "Reden afwijzing verzoek",
        {"ijw": "WJ759_Reden_afwijzing_verzoek.md", "iwmo": "WJ759_Reden_afwijzing_verzoek.md"},
        "LDT_RedenAfwijzingVerzoek",
    ),
    LijstBron(
        "WJ760",
        "Verzoek antwoord",
        {"ijw": "WJ760_Verzoek_antwoord.md", "iwmo": "WJ760_Verzoek antwoord.md"},
        "LDT_VerzoekAntwoord",
    ),
    LijstBron(
        "COD046", "Geslacht", {"ijw": "COD046_Geslacht.md", "iwmo": "COD046_Geslacht.md"}, "LDT_Geslacht"
    ),
    LijstBron(
        "WJ232",
        "Juridische status",
        {"ijw": "WJ232_Juridische_status", "iwmo": "WJ232_Juridische_status.md"},
        "LDT_JuridischeStatus",
    ),
    LijstBron(
        "WJ003",
        "Wettelijke vertegenwoordiging",
        {"ijw": "WJ003_wettelijke_vertegenwoordiging.md", "iwmo": "WJ003_Wettelijke_vertegenwoordiging.md"},
        "LDT_WettelijkeVertegenwoordiging",
        ("toelichting",),
    ),
    LijstBron(
        "COD043",
        "Indicatie debet/credit",
        {"ijw": "COD043_Indicatie_debet_credit.md", "iwmo": "COD043_Indicatie_debet_credit.md"},
        "LDT_DebetCredit",
    ),
    LijstBron(
        "COD757",
        "Soort adres",
        {"ijw": "COD757_Soort_adres.md", "iwmo": "COD757_Soort_adres.md"},
        "LDT_AdresSoort",
    ),
    LijstBron(
        "COD472",
        "Soort relatie",
        {"ijw": "COD472_Soort_relatie.md", "iwmo": "COD472_Soort_relatie.md"},
        "LDT_SoortRelatie",
    ),
    LijstBron(
        "COD170",
        "Datumgebruik",
        {"ijw": "COD170_Datumgebruik.md", "iwmo": "COD170_Datumgebruik.md"},
        "LDT_DatumGebruik",
    ),
    LijstBron("COD260", "Ja of nee", {"ijw": "COD260_Ja_nee.md", "iwmo": "COD260_Ja_of_nee.md"}, "LDT_JaNee"),
    LijstBron(
        "COD700",
        "Naamgebruik",
        {"ijw": "COD700_Naamgebruik.md", "iwmo": "COD700_Naamgebruik.md"},
        "LDT_NaamGebruik",
    ),
    LijstBron(
        "COD747",
        "Communicatievorm",
        {"ijw": "COD747_Communicatievorm.md", "iwmo": "COD747_Communicatievorm.md"},
        "LDT_Communicatievorm",
    ),
    LijstBron(
        "NUM061",
        "Aanduiding woonadres",
        {"ijw": "NUM061_Aanduiding_woonadres.md", "iwmo": "NUM061_Aanduiding_woonadres.md"},
        "LDT_AanduidingWoonadres",
    ),
    LijstBron("COD032", "Land", {"ijw": "COD032_Land.json", "iwmo": "COD032_Land.json"}, "LDT_LandCode"),
)

COD002_BESTAND = "COD002VEKTIS_Berichtcode"
GEMEENTEN_BESTAND = "CBS_Gemeentecodes.md"

# Codes that the XSD enumerates but the Markdown list lacks.  Each gap is listed explicitly (so an unknown
# new mismatch still fails the XSD test); the description is taken from the XSD <xs:documentation>, the
# other columns from the named technische regel.
AANVULLINGEN: Mapping[str, Sequence[Rij]] = {
    "WJ001": ({"code": "9355", "regel": "TR355", "berichttypen": "{prefix}319"},),
}

# Markdown header text (lower case) -> CSV column name.
KOPPEN: Mapping[str, str] = {
    "code": "code",
    "reden wijziging": "code",
    "omschrijving": "omschrijving",
    "betekenis": "omschrijving",
    "waarde": "omschrijving",
    "gebruik": "gebruik",
    "reden wijziging toewijzing": "reden_wijziging_toewijzing",
    "initiatief aanbieder": "initiatief_aanbieder",
    "mutatiedatum": "mutatiedatum",
    "ingangsdatum": "ingangsdatum",
    "toelichting": "toelichting",
    "omschrijving gebruik": "toelichting",
    "reden beëindiging": "reden_beeindiging",
    "reden beeindiging (wmo307)": "reden_beeindiging",
    "tr-regel": "regel",
    "berichttypen": "berichttypen",
}
# Columns holding a list of codes: normalised to ";"-separated values.
LIJST_KOLOMMEN = frozenset({"reden_wijziging_toewijzing", "reden_beeindiging", "berichttypen"})
LEEG = frozenset({"", "—", "–", "-"})


class BronFout(ValueError):
    """The source does not have the expected shape."""


# --------------------------------------------------------------------------------------------- markdown


def _cellen(regel: str) -> list[str]:
    inhoud = regel.strip()
    if inhoud.startswith("|"):
        inhoud = inhoud[1:]
    if inhoud.endswith("|"):
        inhoud = inhoud[:-1]
    return [c.strip() for c in inhoud.split("|")]


def _is_scheiding(cellen: Sequence[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cellen if c) and any(cellen)


def markdown_tabellen(tekst: str) -> list[tuple[list[str], list[list[str]]]]:
    """All pipe tables in ``tekst`` as (header cells, body rows)."""
    tabellen: list[tuple[list[str], list[list[str]]]] = []
    regels = tekst.splitlines()
    i = 0
    while i < len(regels):
        if (
            regels[i].lstrip().startswith("|")
            and i + 1 < len(regels)
            and regels[i + 1].lstrip().startswith("|")
        ):
            kop = _cellen(regels[i])
            if _is_scheiding(_cellen(regels[i + 1])):
                rijen: list[list[str]] = []
                j = i + 2
                while j < len(regels) and regels[j].lstrip().startswith("|"):
                    rijen.append(_cellen(regels[j]))
                    j += 1
                tabellen.append((kop, rijen))
                i = j
                continue
        i += 1
    return tabellen


def _schoon(waarde: str) -> str:
    waarde = waarde.strip().strip("`").strip()
    return re.sub(r"\s+", " ", waarde)


def _lijstwaarde(waarde: str) -> str:
    if waarde.lower() == "nvt":
        return "nvt"
    delen = [d for d in re.split(r"[,;\s]+", waarde) if d]
    return ";".join(delen)


def metadata(tekst: str) -> dict[str, str]:
    """Key/value pairs from the metadata table(s) (``Veld``/``Eigenschap`` | ``Waarde``)."""
    uit: dict[str, str] = {}
    for kop, rijen in markdown_tabellen(tekst):
        if len(kop) >= 2 and kop[0].lower() in {"veld", "eigenschap"} and kop[1].lower() == "waarde":
            for rij in rijen:
                if len(rij) >= 2 and rij[0]:
                    uit.setdefault(rij[0].lower(), _schoon(rij[1]))
    return uit


def bron_url(tekst: str) -> str:
    """The source URL from the metadata (``Bron``), without markdown debris."""
    waarde = metadata(tekst).get("bron", "")
    gevonden = re.search(r"https?://[^\s)\]]+", waarde)
    return gevonden.group(0) if gevonden else ""


def _kolomnamen(kop: Sequence[str]) -> list[str] | None:
    namen = [KOPPEN.get(_schoon(k).lower(), "") for k in kop]
    if not namen or namen[0] != "code":
        return None
    if "" in namen:
        raise BronFout(f"onbekende kolomkop in codetabel: {list(kop)}")
    return namen


def codetabel(tekst: str, bestand: str) -> tuple[list[str], list[Rij], list[str]]:
    """Rows of every code table in a Markdown code list, merged per code.

    Returns (column names, rows sorted by code, repair notes).
    """
    kolommen: list[str] | None = None
    per_code: dict[str, Rij] = {}
    notities: list[str] = []
    for kop, rijen in markdown_tabellen(tekst):
        namen = _kolomnamen(kop)
        if namen is None:
            continue
        if kolommen is None:
            kolommen = namen
        elif namen != kolommen:
            raise BronFout(f"{bestand}: codetabellen met verschillende kolommen: {kolommen} / {namen}")
        for cellen in rijen:
            cellen = [_schoon(c) for c in cellen]
            if len(cellen) == len(namen) - 1:
                # A row whose last column leaked into the previous cell ("... toewijzing.  39").
                gevonden = re.fullmatch(r"(.*\S)\s+(\d{2})", cellen[-1])
                if namen[-1] in LIJST_KOLOMMEN and gevonden:
                    cellen = [*cellen[:-1], gevonden.group(1), gevonden.group(2)]
                    notities.append(
                        f"{bestand}: code {cellen[0]}: kolom {namen[-1]!r} ontbrak, "
                        f"waarde {gevonden.group(2)!r} uit het einde van de vorige cel gehaald"
                    )
            if len(cellen) != len(namen):
                raise BronFout(f"{bestand}: rij heeft {len(cellen)} cellen, verwacht {len(namen)}: {cellen}")
            rij: Rij = {}
            for naam, waarde in zip(namen, cellen, strict=True):
                if naam in LIJST_KOLOMMEN:
                    waarde = _lijstwaarde(waarde)
                elif naam == "regel" and waarde in LEEG:
                    waarde = ""
                rij[naam] = waarde
            if not rij["code"]:
                raise BronFout(f"{bestand}: lege code in {cellen}")
            eerder = per_code.get(rij["code"])
            if eerder is None:
                per_code[rij["code"]] = rij
                continue
            # The same code in several sections (WJ001): identical apart from the message types.
            for naam in namen:
                if naam == "berichttypen":
                    samen = eerder[naam].split(";") + rij[naam].split(";")
                    eerder[naam] = ";".join(sorted({s for s in samen if s}))
                elif eerder[naam] != rij[naam]:
                    raise BronFout(f"{bestand}: code {rij['code']} twee keer met verschillende {naam!r}")
    if kolommen is None:
        raise BronFout(f"{bestand}: geen codetabel gevonden")
    if "omschrijving" not in kolommen:
        raise BronFout(f"{bestand}: codetabel zonder omschrijving")
    for rij in per_code.values():
        if "berichttypen" in rij:
            rij["berichttypen"] = ";".join(sorted(s for s in rij["berichttypen"].split(";") if s))
    kolommen = ["code", "omschrijving", *[k for k in kolommen if k not in {"code", "omschrijving"}]]
    return kolommen, [per_code[c] for c in sorted(per_code)], notities


# ---------------------------------------------------------------------------------------------- XSD


def xsd_enumeraties(xsd: Path) -> dict[str, dict[str, str]]:
    """simpleType name -> {enumeration value: documentation} for every enumerating simpleType."""
    boom = ET.parse(xsd)
    uit: dict[str, dict[str, str]] = {}
    for st in boom.iter(f"{XS}simpleType"):
        naam = st.get("name")
        if not naam:
            continue
        waarden: dict[str, str] = {}
        for en in st.iter(f"{XS}enumeration"):
            doc = en.find(f"{XS}annotation/{XS}documentation")
            waarden[en.get("value", "")] = _schoon(doc.text or "") if doc is not None else ""
        if waarden:
            uit[naam] = waarden
    return uit


def xsd_berichtcodes(xsd_map: Path) -> dict[str, str]:
    """Message type (e.g. ``JW301``) -> the BerichtCode its message XSD fixes (``<xs:pattern>``)."""
    uit: dict[str, str] = {}
    for xsd in sorted(xsd_map.glob("*.xsd")):
        if xsd.stem.lower() == "basisschema":
            continue
        boom = ET.parse(xsd)
        for el in boom.iter(f"{XS}element"):
            if el.get("name") == "BerichtCode":
                patroon = el.find(f".//{XS}pattern")
                if patroon is not None:
                    uit[xsd.stem] = patroon.get("value", "")
                break
    return uit


# ----------------------------------------------------------------------------------------- builders


@dataclass
class Resultaat:
    """A derived CSV: file stem, columns, rows and index metadata."""

    lijst: str
    kolommen: list[str]
    rijen: list[Rij]
    naam: str = ""
    standaard: str = ""
    xsd_type: str = ""
    bron: str = ""
    bronbestand: str = ""


def _lees_lijst(istandaarden: Path, wet: str, bron: LijstBron) -> tuple[list[str], list[Rij], str, list[str]]:
    pad = istandaarden / wet / "codelijsten" / bron.bestanden[wet]
    tekst = pad.read_text(encoding="utf-8")
    if pad.suffix == ".json":
        data = json.loads(tekst)
        lijst = data["codelijst"]
        rijen = [
            {"code": _schoon(c["code"]), "omschrijving": _schoon(c["omschrijving"])} for c in lijst["codes"]
        ]
        rijen.sort(key=lambda r: r["code"])
        return ["code", "omschrijving"], rijen, str(lijst.get("Bron-link", "")), []
    kolommen, rijen, notities = codetabel(tekst, f"{wet}/codelijsten/{bron.bestanden[wet]}")
    verwacht = ["code", "omschrijving", *bron.kolommen]
    if kolommen != verwacht:
        raise BronFout(f"{bron.lijst} ({wet}): kolommen {kolommen}, verwacht {verwacht}")
    aanvullingen = AANVULLINGEN.get(bron.lijst, ())
    if aanvullingen:
        documentatie = xsd_enumeraties(istandaarden / wet / "xsd" / "Basisschema.xsd").get(bron.xsd_type, {})
        prefix = "JW" if wet == "ijw" else "WMO"
        bekend = {r["code"] for r in rijen}
        for extra in aanvullingen:
            if extra["code"] in bekend:
                continue  # the Markdown list has been fixed
            rij = {k: v.format(prefix=prefix) for k, v in extra.items()}
            rij["omschrijving"] = documentatie.get(extra["code"], "")
            rijen.append({k: rij.get(k, "") for k in kolommen})
            notities.append(
                f"{bron.lijst} ({wet}): code {extra['code']} ontbreekt in de Markdown-lijst maar staat in de "
                f"XSD ({bron.xsd_type}); aangevuld met de XSD-omschrijving"
            )
        rijen.sort(key=lambda r: r["code"])
    return kolommen, rijen, bron_url(tekst), notities


def bouw_lijsten(istandaarden: Path) -> tuple[list[Resultaat], list[str]]:
    """Derive all code lists (not yet written).  Returns (results, notes about repairs and merges)."""
    resultaten: list[Resultaat] = []
    notities: list[str] = []
    for bron in LIJSTEN:
        per_wet: dict[str, tuple[list[str], list[Rij], str]] = {}
        for wet in WETTEN:
            if wet in bron.bestanden:
                kolommen, rijen, url, extra = _lees_lijst(istandaarden, wet, bron)
                per_wet[wet] = (kolommen, rijen, url)
                notities.extend(extra)
        wetten = list(per_wet)
        eerste = per_wet[wetten[0]]
        if all(per_wet[w][:2] == eerste[:2] for w in wetten):
            resultaten.append(
                Resultaat(
                    bron.lijst,
                    eerste[0],
                    eerste[1],
                    bron.naam,
                    ";".join(STANDAARD_NAAM[w] for w in wetten),
                    bron.xsd_type,
                    " ".join(dict.fromkeys(per_wet[w][2] for w in wetten if per_wet[w][2])),
                    " ".join(f"{w}/codelijsten/{bron.bestanden[w]}" for w in wetten),
                )
            )
            continue
        notities.append(f"{bron.lijst}: iJw- en iWmo-versie verschillen; beide opgeslagen ({bron.lijst}_WMO)")
        for wet in wetten:
            kolommen, rijen, url = per_wet[wet]
            resultaten.append(
                Resultaat(
                    bron.lijst if wet == "ijw" else f"{bron.lijst}_WMO",
                    kolommen,
                    rijen,
                    bron.naam,
                    STANDAARD_NAAM[wet],
                    bron.xsd_type,
                    url,
                    f"{wet}/codelijsten/{bron.bestanden[wet]}",
                )
            )
    resultaten.append(_bouw_cod002(istandaarden))
    return resultaten, notities


def _bouw_cod002(istandaarden: Path) -> Resultaat:
    rijen: dict[str, Rij] = {}
    urls: list[str] = []
    for wet in WETTEN:
        tekst = (istandaarden / wet / "codelijsten" / COD002_BESTAND).read_text(encoding="utf-8")
        urls.append(bron_url(tekst))
        gevonden = False
        for kop, body in markdown_tabellen(tekst):
            koppen = [_schoon(k).lower() for k in kop]
            if koppen not in (["berichttype", "berichtcode"], ["bericht", "code"]):
                continue
            gevonden = True
            for cellen in body:
                berichttype, code = (_schoon(c) for c in cellen)
                if code in rijen and rijen[code]["omschrijving"] != berichttype:
                    raise BronFout(f"COD002: code {code} voor {rijen[code]['omschrijving']} en {berichttype}")
                rijen[code] = {"code": code, "omschrijving": berichttype, "standaard": STANDAARD_NAAM[wet]}
        if not gevonden:
            raise BronFout(f"{wet}/codelijsten/{COD002_BESTAND}: geen berichtcodetabel")
    return Resultaat(
        "COD002",
        ["code", "omschrijving", "standaard"],
        [rijen[c] for c in sorted(rijen)],
        "Berichtcode (Vektis COD002); omschrijving = berichttype",
        "iJw;iWmo",
        "",
        " ".join(dict.fromkeys(urls)),
        " ".join(f"{w}/codelijsten/{COD002_BESTAND}" for w in WETTEN),
    )


def bouw_gemeenten(istandaarden: Path) -> tuple[list[Rij], list[str]]:
    """CBS gemeentecodes (iJw list with jeugdregio, checked against the iWmo list)."""
    per_wet: dict[str, dict[str, Rij]] = {}
    notities: list[str] = []
    for wet in WETTEN:
        tekst = (istandaarden / wet / "codelijsten" / GEMEENTEN_BESTAND).read_text(encoding="utf-8")
        gemeenten: dict[str, Rij] = {}
        for kop, body in markdown_tabellen(tekst):
            koppen = [_schoon(k).lower() for k in kop]
            if not koppen or koppen[0] != "gemeentecode":
                continue
            for cellen in body:
                waarden = [_schoon(c) for c in cellen] + [""] * (4 - len(cellen))
                code = waarden[0].zfill(4)
                if not re.fullmatch(r"\d{4}", code):
                    raise BronFout(f"{wet}: ongeldige gemeentecode {waarden[0]!r}")
                gemeenten[code] = {
                    "code": code,
                    "naam": waarden[1],
                    "provincie": waarden[2],
                    "jeugdregio": waarden[3] if len(koppen) > 3 else "",
                }
        per_wet[wet] = gemeenten
    samen: dict[str, Rij] = {}
    for wet in WETTEN:
        for code, rij in per_wet[wet].items():
            if code not in samen:
                samen[code] = dict(rij)
                if wet != WETTEN[0]:
                    notities.append(f"gemeente {code} staat alleen in de {wet}-lijst")
                continue
            bestaand = samen[code]
            for kolom in ("naam", "provincie"):
                if bestaand[kolom] != rij[kolom]:
                    notities.append(
                        f"gemeente {code}: {kolom} {bestaand[kolom]!r} ({WETTEN[0]}) / {rij[kolom]!r}"
                    )
            if not bestaand["jeugdregio"] and rij["jeugdregio"]:
                bestaand["jeugdregio"] = rij["jeugdregio"]
    for code in samen:
        if code not in per_wet[WETTEN[1]]:
            notities.append(f"gemeente {code} staat alleen in de {WETTEN[0]}-lijst")
    return [samen[c] for c in sorted(samen)], notities


# ------------------------------------------------------------------------------------------- output


def _schrijf_csv(pad: Path, kolommen: Sequence[str], rijen: Iterable[Mapping[str, str]]) -> None:
    with pad.open("w", encoding="utf-8", newline="") as f:
        schrijver = csv.DictWriter(f, fieldnames=list(kolommen), lineterminator="\n")
        schrijver.writeheader()
        for rij in rijen:
            schrijver.writerow({k: rij.get(k, "") for k in kolommen})


def bouw(istandaarden: Path, uit: Path) -> dict[str, int]:
    """Write every CSV into ``uit`` (stale ``*.csv`` there are removed).  Returns file name -> row count."""
    istandaarden = Path(istandaarden)
    if not (istandaarden / "ijw" / "codelijsten").is_dir():
        raise FileNotFoundError(f"geen istandaarden-map met ijw/codelijsten: {istandaarden}")
    resultaten, notities = bouw_lijsten(istandaarden)
    gemeenten, gemeente_notities = bouw_gemeenten(istandaarden)
    notities.extend(gemeente_notities)
    uit.mkdir(parents=True, exist_ok=True)
    geschreven: dict[str, int] = {}
    for res in resultaten:
        _schrijf_csv(uit / f"{res.lijst}.csv", res.kolommen, res.rijen)
        geschreven[f"{res.lijst}.csv"] = len(res.rijen)
    _schrijf_csv(uit / "gemeenten.csv", ["code", "naam", "provincie", "jeugdregio"], gemeenten)
    geschreven["gemeenten.csv"] = len(gemeenten)
    index = [
        {
            "lijst": r.lijst,
            "naam": r.naam,
            "standaard": r.standaard,
            "xsd_type": r.xsd_type,
            "aantal": str(len(r.rijen)),
            "kolommen": ";".join(r.kolommen),
            "bron": r.bron,
            "bronbestand": r.bronbestand,
        }
        for r in sorted(resultaten, key=lambda r: r.lijst)
    ]
    _schrijf_csv(
        uit / "_index.csv",
        ["lijst", "naam", "standaard", "xsd_type", "aantal", "kolommen", "bron", "bronbestand"],
        index,
    )
    geschreven["_index.csv"] = len(index)
    for oud in uit.glob("*.csv"):
        if oud.name not in geschreven:
            oud.unlink()
    for notitie in notities:
        print(f"let op: {notitie}", file=sys.stderr)
    return geschreven


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("istandaarden", nargs="?", type=Path, default=DEFAULT_ISTANDAARDEN)
    parser.add_argument("--uit", type=Path, default=DEFAULT_UIT, help="output directory for the CSVs")
    args = parser.parse_args(argv)
    geschreven = bouw(args.istandaarden, args.uit)
    for naam, aantal in sorted(geschreven.items()):
        print(f"{naam:20} {aantal:4}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
