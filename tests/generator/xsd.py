"""Validate generated messages against the official XSDs in ../shared/istandaarden (never copied)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from regiekamer.berichten.catalogus import bij_naam

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ISTANDAARDEN = SHARED / "istandaarden"

vereist_xsd = pytest.mark.skipif(
    not ISTANDAARDEN.is_dir(), reason="../shared/istandaarden is not beside the repository"
)
"""For tests that validate against the official XSDs: skipped, like the other reference-data tests, when the
reference material is absent (CI has it)."""


@cache
def schema(naam: str) -> etree.XMLSchema:
    wet = "ijw" if naam.startswith("JW") else "iwmo"
    pad = ISTANDAARDEN / wet / "xsd" / f"{naam}.xsd"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(pad), parser))


@cache
def wmo_categorieen() -> frozenset[str]:
    tekst = (ISTANDAARDEN / "iwmo" / "xsd" / "Basisschema.xsd").read_text(encoding="utf-8")
    blok = tekst[tekst.index('name="LDT_ProductCategorie"') :]
    blok = blok[: blok.index("</xs:simpleType>")]
    return frozenset(re.findall(r'value="(\w+)"', blok))


def heeft_xsd(naam: str) -> bool:
    wet = "ijw" if naam.startswith("JW") else "iwmo"
    return (ISTANDAARDEN / wet / "xsd" / f"{naam}.xsd").exists()


def valideer(naam: str, data: bytes) -> list[str]:
    """Errors of ``data`` (message type ``naam``) against its XSD; iWmo retours against the iJw structure."""
    if not heeft_xsd(naam):
        # iWmo retour: no XSD published; its structure is that of iJw (message-model.md §1)
        jw = "JW" + naam[3:]
        bt_w, bt_j = bij_naam(naam), bij_naam(jw)
        tekst = data.decode()
        tekst = tekst.replace(bt_w.namespace, bt_j.namespace).replace(
            "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
            "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        )
        tekst = tekst.replace(f"BerichtCode>{bt_w.berichtcode}<", f"BerichtCode>{bt_j.berichtcode}<")
        # WMO020 categories are not in the iJw enumeration: check them against the iWmo basisschema, then
        # substitute a valid iJw category so the rest of the structure is checked by the iJw XSD
        for cat in re.findall(r"ProductCategorie>(\d+)<", tekst):
            if cat not in wmo_categorieen():
                return [f"onbekende WMO020 ProductCategorie {cat}"]
        tekst = re.sub(r"ProductCategorie>\d+<", "ProductCategorie>45<", tekst)
        data = tekst.encode()
        naam = jw
    s = schema(naam)
    doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if s.validate(doc):
        return []
    return [str(e) for e in s.error_log]
