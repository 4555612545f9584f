"""Tests for regiekamer.codelijsten: shipped CSVs vs. source, XSD enumerations, spot checks."""

from __future__ import annotations

import importlib.util
import re
import sys
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

from regiekamer.codelijsten import (
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

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
ISTANDAARDEN = SHARED / "istandaarden"
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_codelijsten.py"

needs_shared = pytest.mark.skipif(
    not (ISTANDAARDEN / "ijw" / "codelijsten").is_dir(),
    reason=f"iStandaarden reference material not present at {ISTANDAARDEN}",
)

WETTEN = {"jw": "ijw", "wmo": "iwmo"}


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_codelijsten", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_codelijsten", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _build_module()


@pytest.fixture(scope="module")
def xsd_enums(build: ModuleType) -> dict[str, dict[str, dict[str, str]]]:
    return {w: build.xsd_enumeraties(ISTANDAARDEN / w / "xsd" / "Basisschema.xsd") for w in ("ijw", "iwmo")}


def _shipped() -> dict[str, bytes]:
    data = files("regiekamer.codelijsten").joinpath("data")
    return {p.name: p.read_bytes() for p in data.iterdir() if p.name.endswith(".csv")}


# ------------------------------------------------------------------------------- (1) CSVs == derived


@needs_shared
def test_shipped_csvs_equal_what_the_build_script_derives(build: ModuleType, tmp_path: Path) -> None:
    build.bouw(ISTANDAARDEN, tmp_path)
    derived = {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")}
    shipped = _shipped()
    assert sorted(shipped) == sorted(derived), "set of CSV files differs; rerun scripts/build_codelijsten.py"
    verschillend = [naam for naam in derived if derived[naam] != shipped[naam]]
    assert not verschillend, f"stale CSVs {verschillend}; rerun `uv run python scripts/build_codelijsten.py`"


def test_csvs_are_utf8_with_code_omschrijving_header() -> None:
    for naam, inhoud in _shipped().items():
        kop = inhoud.decode("utf-8").splitlines()[0]
        if naam == "gemeenten.csv":
            assert kop == "code,naam,provincie,jeugdregio"
        elif naam != "_index.csv":
            assert kop.startswith("code,omschrijving"), naam


# ------------------------------------------------------------------------------ (2) XSD enumerations


def _index_met_xsd() -> list[tuple[str, str]]:
    uit = []
    for lijst in lijsten():
        info = lijst_info(lijst)
        if info["xsd_type"]:
            for standaard in info["standaard"].split(";"):
                uit.append((lijst, standaard.lower()))
    return uit


@needs_shared
@pytest.mark.parametrize(("lijst", "wet"), _index_met_xsd())
def test_list_codes_equal_xsd_enumeration(
    lijst: str, wet: str, xsd_enums: dict[str, dict[str, dict[str, str]]]
) -> None:
    xsd_type = lijst_info(lijst)["xsd_type"]
    xsd_codes = set(xsd_enums[wet][xsd_type])
    lijst_codes = set(codelijst(lijst))
    assert xsd_codes - lijst_codes == set(), f"{lijst}: codes in {wet} XSD {xsd_type} but not in the list"
    assert lijst_codes - xsd_codes == set(), f"{lijst}: codes in the list but not in {wet} XSD {xsd_type}"


@needs_shared
@pytest.mark.parametrize("wet", ["jw", "wmo"])
@pytest.mark.parametrize("element", sorted(set(ELEMENTEN) - {"berichtcode"}))  # COD002: see below
def test_lijst_voor_matches_the_xsd_of_that_wet(
    wet: str, element: str, xsd_enums: dict[str, dict[str, dict[str, str]]]
) -> None:
    lijst = lijst_voor(wet, element)
    xsd_type = lijst_info(lijst)["xsd_type"]
    assert xsd_type, f"{lijst} has no XSD type in _index.csv"
    assert set(codelijst(lijst)) == set(xsd_enums[WETTEN[wet]][xsd_type])


@needs_shared
def test_every_enumerating_xsd_type_has_a_code_list(xsd_enums: dict[str, dict[str, dict[str, str]]]) -> None:
    gedekt = {(wet, lijst_info(lijst)["xsd_type"]) for lijst, wet in _index_met_xsd()}
    for wet, types in xsd_enums.items():
        for xsd_type in types:
            assert (wet, xsd_type) in gedekt, f"{wet} XSD enumerates {xsd_type} but no code list covers it"


@needs_shared
def test_berichtcodes_equal_the_message_xsds(build: ModuleType) -> None:
    cod002 = codelijst("COD002")
    gezien = 0
    for wet in ("ijw", "iwmo"):
        for berichttype, code in build.xsd_berichtcodes(ISTANDAARDEN / wet / "xsd").items():
            assert cod002.get(code) == berichttype, f"{berichttype}.xsd fixes BerichtCode {code}"
            gezien += 1
    assert gezien >= 21  # 14 iJw + 7 iWmo message XSDs


# ---------------------------------------------------------------------------------- (3) spot checks


def test_spot_checks_known_values() -> None:
    assert "volgens plan" in (omschrijving("JZ588", "31") or "")
    assert "verhuizing" in (omschrijving("WMO588", "31") or "").lower()
    assert "volgens plan" in (omschrijving("WMO588", "19") or "")
    assert omschrijving("WJ756", "83") == "Euro's"
    assert omschrijving("COD002", "436") == "JW301"
    assert omschrijving("COD002", "414") == "WMO301"
    assert omschrijving("JZ020", "55") == "Landelijk ingekochte zorg"
    assert omschrijving("WMO020", "01") == "Hulp bij het huishouden"
    assert omschrijving("JZ002", "13") == "Verwijderd"
    assert omschrijving("COD043", "C") == "Creditbedrag en aantal"
    assert is_geldig("JZ588", "31")
    assert not is_geldig("JZ588", "19")
    assert not is_geldig("JZ588", "031")
    assert omschrijving("WJ756", "99") is None


def test_extra_columns() -> None:
    retour = rij("WJ001", "9019")
    assert retour is not None and retour["regel"] == "TR019"
    assert retour["berichttypen"] == "JW305;JW307"
    wmo_retour = rij(lijst_voor("wmo", "retourcode"), "9019")
    assert wmo_retour is not None and wmo_retour["berichttypen"] == "WMO305;WMO307"
    assert (rij("WJ001", "0200") or {})["regel"] == ""
    assert (rij("WJ001", "9355") or {})["regel"] == "TR355"  # supplemented from the XSD, see docs
    assert (rij("JZ588", "36") or {})["reden_wijziging_toewijzing"] == "03;05;08;10;11"
    assert (rij("WMO002", "06") or {})["reden_beeindiging"] == "39"
    assert rij("JZ588", "99") is None
    assert all("omschrijving" in r for r in rijen("WJ003"))


def test_lijst_voor() -> None:
    assert lijst_voor("jw", "productcategorie") == "JZ020"
    assert lijst_voor("wmo", "productcategorie") == "WMO020"
    assert lijst_voor("jw", "reden_beeindiging") == "JZ588"
    assert lijst_voor("wmo", "reden_beeindiging") == "WMO588"
    assert lijst_voor("jw", "reden_wijziging") == "JZ002"
    assert lijst_voor("wmo", "reden_wijziging") == "WMO002"
    assert lijst_voor("jw", "eenheid") == lijst_voor("wmo", "eenheid") == "WJ756"
    assert lijst_voor("wmo", "frequentie") == "WMO757"
    assert lijst_voor("jw", "retourcode") == "WJ001"
    assert lijst_voor("wmo", "retourcode") == "WJ001_WMO"
    assert lijst_voor("jw", "berichtcode") == lijst_voor("wmo", "berichtcode") == "COD002"
    for wet in ("jw", "wmo"):
        for element in ELEMENTEN:
            assert lijst_voor(wet, element) in lijsten()
    with pytest.raises(KeyError, match="onbekend element 'bestaat_niet'"):
        lijst_voor("jw", "bestaat_niet")
    with pytest.raises(KeyError, match="onbekende wet"):
        lijst_voor("wlz", "eenheid")
    with pytest.raises(KeyError, match="onbekende codelijst"):
        codelijst("XX999")
    with pytest.raises(KeyError, match="onbekende codelijst"):
        codelijst("../gemeenten")


def test_required_lists_are_shipped() -> None:
    vereist = {
        "JZ020",
        "WMO020",
        "JZ588",
        "WMO588",
        "JZ002",
        "WMO002",
        "WJ756",
        "WMO757",
        "COD327",
        "COD467",
        "WJ001",
        "WJ758",
        "WJ759",
        "WJ760",
        "COD046",
        "WJ232",
        "WJ003",
        "COD043",
        "COD757",
        "COD472",
        "COD002",
    }
    assert vereist <= set(lijsten())
    for lijst in lijsten():
        assert len(codelijst(lijst)) == int(lijst_info(lijst)["aantal"]) > 0
        assert all(codelijst(lijst).values()), f"{lijst} has a code without description"


def test_mappings_are_read_only() -> None:
    lijst = codelijst("JZ588")
    with pytest.raises(TypeError):
        lijst["99"] = "x"  # type: ignore[index]


# ---------------------------------------------------------------------------------------- gemeenten


def test_gemeenten() -> None:
    alle = gemeenten()
    assert len(alle) == 342
    assert len({g.code for g in alle}) == 342
    assert all(re.fullmatch(r"\d{4}", g.code) for g in alle)
    assert all(g.naam and g.provincie for g in alle)
    assert all(g.jeugdregio for g in alle), "every gemeente in the 2026 list has a jeugdregio"
    diemen = gemeente("0384")
    assert diemen is not None and diemen.jeugdregio
    assert gemeente("0363") == Gemeente("0363", "Amsterdam", "Noord-Holland", "Amsterdam-Amstelland")
    assert gemeente("384") is None
    assert gemeente("9999") is None


def test_jeugdregios() -> None:
    regios = jeugdregios()
    assert sum(len(g) for g in regios.values()) == 342
    amsterdam = gemeente("0363")
    assert amsterdam is not None and amsterdam in regios["Amsterdam-Amstelland"]
    for regio, leden in regios.items():
        assert all(g.jeugdregio == regio for g in leden)
