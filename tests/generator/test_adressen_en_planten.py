"""Household addresses in the 301s, the planted single provider and the youths per gemeente (docs/generator.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from regiekamer.generator import ConfigFout, GeneratorConfig, generate_region
from regiekamer.generator.adressen import BLOK, postcodeblok
from regiekamer.generator.producten import PRODUCTEN

from .conftest import berichten, naam_van

JAAR = 2025
_BSN = re.compile(rb"<\w+:Bsn>(\d{9})</\w+:Bsn>")
_ADRES = re.compile(
    rb"<\w+:Contact><\w+:Soort>01</\w+:Soort><\w+:Adres><\w+:Huis><\w+:Huisnummer>(\d+)</\w+:Huisnummer>"
    rb"(?:<\w+:Huisletter>([A-Z])</\w+:Huisletter>)?</\w+:Huis><\w+:Postcode>([0-9A-Z]+)</\w+:Postcode>"
    rb"<\w+:Straatnaam>[^<]+</\w+:Straatnaam><\w+:Plaatsnaam>([^<]+)</\w+:Plaatsnaam>"
    rb"<\w+:LandCode>NL</\w+:LandCode></\w+:Adres>"
)


def test_every_301_carries_the_household_address_of_the_truth(kleine_regio: Path) -> None:
    gw = kleine_regio / "grondwaarheid"
    personen = pd.read_parquet(gw / "personen.parquet")
    hh = pd.read_parquet(gw / "huishoudens.parquet").set_index("huishouden_id")
    gemeenten = pd.read_parquet(gw / "gemeenten.parquet").set_index("gemeente")
    per_bsn = personen.set_index("bsn")["huishouden_id"]  # one BSN domain: a BSN is one person (tested elsewhere)
    n = 0
    for pad, data in berichten(kleine_regio):
        if not naam_van(pad).endswith("301"):
            continue
        m = _ADRES.search(data)
        assert m is not None, pad
        h = hh.loc[per_bsn[_BSN.search(data).group(1).decode()]]  # type: ignore[union-attr]
        huisnummer, letter, postcode, plaats = (x.decode() if x else None for x in m.groups())
        assert (postcode, int(huisnummer), letter) == (h["postcode"], h["huisnummer"], h["huisletter"]), pad
        assert plaats == gemeenten.loc[h["gemeente"], "naam"]
        n += 1
    assert n > 500
    # CS089: a Dutch postcode; every household its own address; areas in the gemeente's own block
    assert hh["postcode"].str.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}").all()
    assert not hh.duplicated(["postcode", "huisnummer", "huisletter"]).any()
    assert (hh["postcodegebied"] == hh["postcode"].str[:4]).all()
    blokken = {}
    for g, d in hh.groupby("gemeente"):
        gebied = d["postcodegebied"].astype(int)
        start = postcodeblok(str(g))
        assert gebied.between(start, start + BLOK - 1).all()
        assert 2 <= gebied.nunique() <= BLOK
        blokken[g] = set(gebied)
    a, b = blokken.values()
    assert not a & b
    # the person's area is the household's
    p = personen.merge(hh[["postcodegebied"]], left_on="huishouden_id", right_index=True, suffixes=("", "_h"))
    assert len(p) == len(personen) and (p["postcodegebied"] == p["postcodegebied_h"]).all()


def test_addresses_off_change_nothing_but_the_contact(tmp_path: Path) -> None:
    cfg = {"seed": 8, "gemeenten": 1, "inwoners": 6_000}
    generate_region(tmp_path / "aan", GeneratorConfig(**cfg))  # type: ignore[arg-type]
    generate_region(tmp_path / "uit", GeneratorConfig(**cfg, adressen=False))  # type: ignore[arg-type]
    for t in ("trajecten", "declaratieregels", "toewijzingen", "berichten"):
        assert (tmp_path / "aan" / "grondwaarheid" / f"{t}.parquet").read_bytes() == (
            tmp_path / "uit" / "grondwaarheid" / f"{t}.parquet"
        ).read_bytes(), t
    aan = dict(berichten(tmp_path / "aan"))
    uit = dict(berichten(tmp_path / "uit"))
    assert aan.keys() == uit.keys()
    for pad, data in uit.items():
        if naam_van(pad).endswith("301"):
            assert b"Adres>" not in data and b"Postcode" not in data
            assert re.sub(rb"<(\w+):Adres>.*?</\1:Adres>", b"", aan[pad]) == data
        else:
            assert aan[pad] == data, pad
    assert pd.read_parquet(tmp_path / "uit" / "grondwaarheid" / "huishoudens.parquet")["postcode"].isna().all()


@pytest.fixture(scope="module")
def geplant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two jeugdregio's (so there are national aanbieders), Wmo beschermd wonen (15) planted."""
    uit = tmp_path_factory.mktemp("geplant") / "r"
    generate_region(
        uit,
        GeneratorConfig(
            seed=9,
            gemeentecodes=("0197", "0222", "0358"),
            inwoners=30_000,
            enige_aanbieder=(("wmo", "15"),),
            schrijf_berichten=False,
        ),
    )
    return uit


def test_planted_single_provider_keeps_the_function_alone(geplant: Path) -> None:
    gw = geplant / "grondwaarheid"
    a = pd.read_parquet(gw / "aanbieders.parquet")
    codes = {p.code for p in PRODUCTEN["wmo"] if p.categorie == "15"}
    wmo = a[a["wet"] == "wmo"]
    heeft = wmo[[bool(codes & set(p)) for p in wmo["portfolio"]]]
    # exactly one aanbieder per jeugdregio keeps the category, none of the national ones
    assert sorted(heeft["regio"]) == ["Achterhoek", "Amsterdam-Amstelland"]
    assert (wmo["regio"] == "").any()
    assert [list(e) for e in heeft["enige_voor"]] == [["15"], ["15"]]
    assert a.loc[~a.index.isin(heeft.index), "enige_voor"].map(len).eq(0).all()
    # the largest regional aanbieder that offered it (the three largest offer every product)
    for regio, d in wmo[wmo["regio"] != ""].groupby("regio"):
        assert heeft.set_index("regio").loc[regio, "agb"] == d.loc[d["grootte"].idxmax(), "agb"]
    # in the traffic every trajectory of the function went to the keeper of its gemeente's region
    tr = pd.read_parquet(gw / "trajecten.parquet")
    gem = pd.read_parquet(gw / "gemeenten.parquet").set_index("gemeente")["jeugdregio"]
    t = tr[(tr["wet"] == "wmo") & (tr["productcategorie"] == "15")]
    assert len(t) > 10
    houder = heeft.set_index("regio")["agb"]
    assert (t["aanbieder"] == t["gemeente"].map(gem).map(houder)).all()
    # other functions keep several aanbieders
    ander = tr[(tr["wet"] == "wmo") & (tr["productcategorie"] == "01")]
    assert ander.groupby("gemeente")["aanbieder"].nunique().min() > 1


def test_unknown_single_provider_is_refused(tmp_path: Path) -> None:
    for paar, fout in ((("jw", "99"), "productcategorie '99'"), (("zvw", "45"), "wet 'zvw'")):
        with pytest.raises(ConfigFout, match=fout):
            generate_region(
                tmp_path / "x", GeneratorConfig(gemeenten=1, inwoners=2_000, enige_aanbieder=(paar,))
            )
    assert not (tmp_path / "x").exists()


def test_youths_per_gemeente_fit_the_youth_prevalence(grote_regio: Path) -> None:
    """``jeugdigen`` (0–17) against the published prevalence: 10.6 % of the under-23s have jeugdzorg in a year and
    1.4 % of the 18–22-year-olds (figures.md), so (23 × 10.6 − 5 × 1.4) / 18 = 13.2 % of the 0–17-year-olds."""
    gw = grote_regio / "grondwaarheid"
    g = pd.read_parquet(gw / "gemeenten.parquet")
    assert (g["jeugdigen"] > 0).all() and (g["jeugdigen"] < 0.25 * g["inwoners"]).all()
    tr = pd.read_parquet(gw / "trajecten.parquet")
    p = pd.read_parquet(gw / "personen.parquet").set_index("persoon_id")
    jw = tr[(tr["wet"] == "jw") & tr["begindatum"].notna()]
    jw = jw[(jw["begindatum"] <= pd.Timestamp(JAAR, 12, 31).date())
            & (jw["einddatum"].isna() | (jw["einddatum"] >= pd.Timestamp(JAAR, 1, 1).date()))]
    geboren = pd.to_datetime(jw["persoon_id"].map(p["geboortedatum"]))
    leeftijd = (pd.Timestamp(JAAR, 7, 1) - geboren).dt.days / 365.25
    clienten = jw.loc[leeftijd.to_numpy() < 18, "persoon_id"].nunique()
    verwacht = (23 * 0.106 - 5 * 0.014) / 18
    assert abs(clienten / g["jeugdigen"].sum() - verwacht) < 0.015, clienten / g["jeugdigen"].sum()


def test_cli_options_for_addresses_and_single_provider(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from regiekamer.cli import app

    uit = tmp_path / "r"
    r = CliRunner().invoke(
        app,
        ["generate", "--out", str(uit), "--gemeenten", "1", "--inwoners", "3000", "--geen-adressen",
         "--enige-aanbieder", "jw:44", "--enige-aanbieder", "wmo:15"],
    )
    assert r.exit_code == 0, r.output
    a = pd.read_parquet(uit / "grondwaarheid" / "aanbieders.parquet")
    assert sorted((w, list(e)) for w, e in zip(a["wet"], a["enige_voor"], strict=True) if len(e)) == [
        ("jw", ["44"]),
        ("wmo", ["15"]),
    ]
    assert pd.read_parquet(uit / "grondwaarheid" / "huishoudens.parquet")["postcode"].isna().all()
    fout = CliRunner().invoke(app, ["generate", "--out", str(tmp_path / "x"), "--enige-aanbieder", "jw"])
    assert fout.exit_code == 2 and "wet:productcategorie" in fout.output
