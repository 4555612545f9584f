from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from regiekamer.berichten.catalogus import BERICHTTYPEN
from regiekamer.generator import ConfigFout, GeneratorConfig, generate_region, is_test_bsn
from regiekamer.generator.archief import ZipSchrijver
from regiekamer.generator.bsn import TEST_POOL, BsnUitgifte, elfproef
from regiekamer.generator.kalibratie import ijkpunten

from .conftest import HOGE_RATES, berichten, naam_van
from .xsd import valideer, vereist_xsd

JAAR = 2025


@vereist_xsd
def test_every_zip_member_of_both_laws_is_xsd_valid(kleine_regio: Path) -> None:
    soorten: Counter[str] = Counter()
    fouten: dict[str, list[str]] = {}
    archieven = sorted((kleine_regio / "berichten").rglob("*"))
    assert archieven and all(p.is_dir() or p.suffix == ".zip" for p in archieven)
    for pad, data in berichten(kleine_regio):
        naam = naam_van(pad)
        soorten[naam] += 1
        e = valideer(naam, data)
        if e:
            fouten.setdefault(naam, e[:3])
    assert not fouten, fouten
    assert set(soorten) == {bt.naam_kort for bt in BERICHTTYPEN}


def test_zip_and_file_output_hold_the_same_messages(kleine_regio: Path, kleine_regio_bestanden: Path) -> None:
    def sleutel(pad: str) -> str:  # berichten/jw/0363/2025-03.zip!X.xml and berichten/jw/0363/2025-03/X.xml
        return pad.replace(".zip!", "/")

    in_zip = {sleutel(p): d for p, d in berichten(kleine_regio)}
    in_bestanden = dict(berichten(kleine_regio_bestanden))
    assert len(in_zip) > 1000 and in_zip == in_bestanden
    # the ground truth is the same apart from where a message is stored
    a = pd.read_parquet(kleine_regio / "grondwaarheid" / "berichten.parquet")
    b = pd.read_parquet(kleine_regio_bestanden / "grondwaarheid" / "berichten.parquet")
    assert list(a["pad"] + "!" + a["lid"]) == [".zip!".join(p.rsplit("/", 1)) for p in b["pad"]]
    assert b["lid"].isna().all()
    kolommen = [k for k in a.columns if k not in ("pad", "lid")]
    pd.testing.assert_frame_equal(a[kolommen], b[kolommen])
    for naam in ("trajecten", "declaratieregels", "personen"):
        assert (kleine_regio / "grondwaarheid" / f"{naam}.parquet").read_bytes() == (
            kleine_regio_bestanden / "grondwaarheid" / f"{naam}.parquet"
        ).read_bytes()


@vereist_xsd
def test_every_file_message_is_xsd_valid(kleine_regio_bestanden: Path) -> None:
    paden = sorted((kleine_regio_bestanden / "berichten").rglob("*.xml"))
    assert len(paden) > 1000
    for pad in paden[::25]:
        naam = pad.name.split("_")[0]
        assert not valideer(naam, pad.read_bytes()), pad


def test_zip_archives_are_ordered_and_dated(kleine_regio: Path) -> None:
    idx = pd.read_parquet(kleine_regio / "grondwaarheid" / "berichten.parquet")
    pad = idx["pad"].value_counts().index[0]
    rijen = idx[idx["pad"] == pad]
    with zipfile.ZipFile(kleine_regio / pad) as zf:
        infos = zf.infolist()
        assert zf.testzip() is None
    # members in sending order (as in the index), dated with their Dagtekening, stored
    assert [i.filename for i in infos] == list(rijen["lid"])
    assert [i.date_time[:3] for i in infos] == [(d.year, d.month, d.day) for d in rijen["dagtekening"]]
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    assert pad.endswith(f"{rijen['dagtekening'].iloc[0]:%Y-%m}.zip")


@vereist_xsd
def test_invalid_message_is_caught_by_the_validator(kleine_regio: Path) -> None:
    data = next(d for p, d in berichten(kleine_regio) if naam_van(p) == "JW301")
    kapot = data.replace(b"<jw301:Toewijzingsdatum>", b"<jw301:Toewijzingsdatum>x", 1)
    assert valideer("JW301", kapot)


def test_every_bsn_is_a_test_bsn(kleine_regio: Path) -> None:
    bsns: set[str] = set()
    for _, data in berichten(kleine_regio):
        bsns.update(re.findall(r"Bsn>(\d+)<", data.decode("utf-8")))
    assert bsns and all(is_test_bsn(b) for b in bsns)
    personen = pd.read_parquet(kleine_regio / "grondwaarheid" / "personen.parquet")
    assert all(is_test_bsn(b) for b in personen["bsn"])
    # the region fits in the pool: one domain, a BSN identifies one person in the whole region
    assert set(personen["bsn_domein"]) == {"regio"}
    assert personen["bsn"].is_unique
    assert not personen["bsn_hergebruikt"].any()


def test_bsn_pool_and_explicit_reuse() -> None:
    assert len(TEST_POOL) == 9_091 and all(elfproef(b) for b in TEST_POOL[:50])
    assert not elfproef("999900007")
    u = BsnUitgifte("0363", seed=1, plak=(0, 3))
    uitgegeven = [u.geef() for _ in range(7)]
    assert [d for _, d in uitgegeven[:3]] == ["regio"] * 3
    assert [d for _, d in uitgegeven[3:6]] == ["0363#1"] * 3
    assert uitgegeven[3][0] == uitgegeven[0][0]  # reuse is explicit: another domain


@pytest.mark.parametrize("formaat", ["zip", "bestanden"])
def test_same_seed_gives_byte_identical_output_with_1_and_2_processes(tmp_path: Path, formaat: str) -> None:
    cfg = GeneratorConfig(seed=21, gemeenten=3, inwoners=12_000, formaat=formaat)
    a, b = tmp_path / "a", tmp_path / "b"
    generate_region(a, cfg)
    generate_region(b, GeneratorConfig(seed=21, gemeenten=3, inwoners=12_000, formaat=formaat, processen=2))
    fa = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert fa == fb and len(fa) > 50
    assert sum(1 for _ in berichten(a)) > 1000
    verschil = [p for p in fa if (a / p).read_bytes() != (b / p).read_bytes()]
    assert not verschil, verschil[:5]
    c = tmp_path / "c"
    generate_region(c, GeneratorConfig(seed=22, gemeenten=3, inwoners=12_000, formaat=formaat))
    assert (c / "grondwaarheid" / "trajecten.parquet").read_bytes() != (
        a / "grondwaarheid" / "trajecten.parquet"
    ).read_bytes()


IJKPUNTEN = [
    "jeugd_met_jeugdzorg",
    "verblijf_onder_jeugdhulp",
    "trajecten_per_jongere",
    "herhaald_beroep",
    "verwijzer_02",
    "verwijzer_01",
    "verwijzer_06",
    "verwijzer_04",
    "wachtweken_ambulant",
    "wmo_clienten_per_1000",
    "wmo_mix_hulpmiddelen",
    "wmo_mix_huishouden",
    "wmo_mix_thuis",
    "wmo_mix_verblijf",
    "samenloop_huishoudens",
    "uitgaven_per_inwoner_jw",
    "uitgaven_per_inwoner_wmo",
]


@pytest.fixture(scope="module")
def gemeten(grote_regio: Path) -> dict[str, object]:
    return {i.naam: i for i in ijkpunten(grote_regio, JAAR)}


@pytest.mark.parametrize("naam", IJKPUNTEN)
def test_calibration_figure(gemeten: dict[str, object], naam: str) -> None:
    i = gemeten[naam]
    assert i.binnen_marge, f"{naam}: {i.waarde:.3f} not within {i.doel} ± {i.marge} ({i.bron})"  # type: ignore[attr-defined]


def test_age_and_sex_pattern(grote_regio: Path) -> None:
    tr = pd.read_parquet(grote_regio / "grondwaarheid" / "trajecten.parquet")
    jw = tr[(tr["wet"] == "jw") & tr["begindatum"].notna()]
    p = jw.drop_duplicates("persoon_id")
    leeftijd = p["leeftijd_bij_aanvraag"]
    aantal = Counter(pd.cut(leeftijd, [-1, 3, 7, 12, 17, 30], labels=["0-3", "4-7", "8-12", "13-17", "18+"]))
    # peak at 8–12 per year of age; few clients 18+
    per_jaar = {k: aantal[k] / w for k, w in (("0-3", 4), ("4-7", 4), ("8-12", 5), ("13-17", 5), ("18+", 5))}
    assert per_jaar["8-12"] == max(per_jaar.values())
    assert per_jaar["18+"] < per_jaar["0-3"]
    jongens_8_12 = ((p["geslacht"] == "1") & leeftijd.between(8, 12)).sum()
    meisjes_8_12 = ((p["geslacht"] == "2") & leeftijd.between(8, 12)).sum()
    assert jongens_8_12 > 1.3 * meisjes_8_12


def _spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


def test_planted_provider_effects_are_in_the_ground_truth(grote_regio: Path) -> None:
    gw = grote_regio / "grondwaarheid"
    a = pd.read_parquet(gw / "aanbieders.parquet")
    tr = pd.read_parquet(gw / "trajecten.parquet")
    assert {"effect_wachttijd", "effect_volgens_plan", "effect_heraanmelding", "effect_kosten"} <= set(
        a.columns
    )
    nul = a[~a["heeft_effect"]]
    assert len(nul) > 0 and (nul["effect_wachttijd"] == 1.0).all() and (nul["effect_volgens_plan"] == 0).all()
    jw = tr[(tr["wet"] == "jw") & (tr["hulpvorm"] == "ambulant") & tr["wachtdagen"].notna()]
    per = jw.groupby("aanbieder")["wachtdagen"].agg(["mean", "size"])
    per = per[per["size"] >= 30].join(a.set_index("agb")["effect_wachttijd"])
    assert len(per) >= 5
    assert _spearman(per["mean"], per["effect_wachttijd"]) > 0.6
    eind = tr[(tr["wet"] == "jw") & tr["reden_beeindiging"].notna() & (tr["reden_beeindiging"] != "36")]
    vp = eind.groupby("aanbieder")["volgens_plan"].agg(["mean", "size"])
    vp = vp[vp["size"] >= 40].join(a.set_index("agb")["effect_volgens_plan"])
    assert _spearman(vp["mean"], vp["effect_volgens_plan"]) > 0.4


def test_imperfection_rates_are_as_configured(rommelige_regio: Path) -> None:
    gw = rommelige_regio / "grondwaarheid"
    idx = pd.read_parquet(gw / "berichten.parquet")
    heen = idx[idx["berichttype"].str[-3:].isin(["301", "305", "307", "315", "317", "319", "323"])]
    dup = heen["duplicaat"].sum() / (~heen["duplicaat"]).sum()
    assert abs(dup - HOGE_RATES.duplicaat) < 0.02
    for _, rij in heen[heen["duplicaat"]].head(20).iterrows():
        with zipfile.ZipFile(rommelige_regio / rij["pad"]) as zf:
            assert zf.read(rij["lid"]) == zf.read(rij["lid"].replace("~2.xml", ".xml"))
    tr = pd.read_parquet(gw / "trajecten.parquet")
    nieuw = tr[~tr["in_voorraad"] & (tr["status"] != "afgewezen")]
    nooit = (nieuw["status"] == "nooit_gestart").mean()
    assert abs(nooit - HOGE_RATES.nooit_gestart) < 0.03
    tw = pd.read_parquet(gw / "toewijzingen.parquet")
    verwijderd = tw["verwijderd"].sum() / max(1, len(nieuw))
    assert abs(verwijderd - HOGE_RATES.correctie_toewijzing) < 0.03
    lev = pd.read_parquet(gw / "leveringen.parquet")
    geeindigd = lev[lev["einddatum"].notna() & ~lev["reden_beeindiging"].isin(["20", "37"])]
    zonder_stop = (~geeindigd["stop_verzonden"]).mean()
    assert abs(zonder_stop - HOGE_RATES.geen_stopbericht) < 0.04
    starts = [d for p, d in berichten(rommelige_regio) if naam_van(p).endswith("305") and "~2" not in p]
    met_verwijdering = sum(b"StatusAanlevering>3<" in d for d in starts)
    assert abs(met_verwijdering / len(lev) - HOGE_RATES.verwijderen_herzenden) < 0.03
    regels = pd.read_parquet(gw / "declaratieregels.parquet")
    debet = regels[(regels["debet_credit"] == "D") & regels["beantwoord"]]
    assert abs(debet["afgewezen"].mean() - HOGE_RATES.declaratie_afgewezen) < 0.03
    assert (regels["debet_credit"] == "C").sum() > 0


def test_ground_truth_matches_the_messages(kleine_regio: Path) -> None:
    gw = kleine_regio / "grondwaarheid"
    tw = pd.read_parquet(gw / "toewijzingen.parquet")
    regels = pd.read_parquet(gw / "declaratieregels.parquet")
    in_301: set[tuple[str, int]] = set()
    for pad, data in berichten(kleine_regio):
        if naam_van(pad).endswith("301"):
            wet = "jw" if naam_van(pad).startswith("JW") else "wmo"
            in_301.update((wet, int(n)) for n in re.findall(r"ToewijzingNummer>(\d+)<", data.decode()))
    gem = tw["gemeente"].iloc[0]
    eigen = tw[tw["gemeente"] == gem]
    assert {(w, int(n)) for w, n in zip(eigen["wet"], eigen["toewijzingnummer"], strict=True)} <= in_301
    # no declaration on a deleted allocation (TR384)
    sleutel = ["gemeente", "wet", "toewijzingnummer"]
    verwijderd = set(tw.loc[tw["verwijderd"], sleutel].itertuples(index=False, name=None))
    assert verwijderd
    assert not verwijderd & set(regels[sleutel].itertuples(index=False, name=None))
    # paid = declared debit − credit of lines not rejected, for answered declarations
    beantwoord = regels[regels["beantwoord"] & ~regels["afgewezen"]]
    verwacht = (beantwoord["bedrag"] * beantwoord["debet_credit"].map({"D": 1, "C": -1})).sum()
    assert regels["betaald"].sum() == verwacht
    assert (regels["bedrag"] >= 0).all()


def test_zip_writer_streams_zip64_when_an_archive_has_many_members(tmp_path: Path) -> None:
    pad = tmp_path / "groot.zip"
    with ZipSchrijver(pad) as z:
        for i in range(70_000):
            z.voeg_toe(f"m{i:05d}.xml", b"<a/>", date(2025, 1, 2))
    with zipfile.ZipFile(pad) as zf:
        assert len(zf.infolist()) == 70_000 and zf.testzip() is None
        assert zf.read("m69999.xml") == b"<a/>"
    d = tmp_path / "deflate.zip"
    with ZipSchrijver(d, niveau=1) as z:
        z.voeg_toe("a.xml", b"<a>" + b"x" * 1000 + b"</a>", date(1970, 1, 1))
    with zipfile.ZipFile(d) as zf:
        assert zf.read("a.xml").startswith(b"<a>xx") and zf.infolist()[0].date_time[:3] == (1980, 1, 1)
        assert zf.infolist()[0].compress_size < 100


def test_ingest_reads_the_zips_and_reports_duplicates_as_dubbel(tmp_path: Path) -> None:
    from regiekamer.cli import run_ingest  # the consumer of the generator's output

    uit = tmp_path / "r"
    generate_region(uit, GeneratorConfig(seed=4, gemeenten=1, inwoners=8_000, imperfecties=HOGE_RATES))
    idx = pd.read_parquet(uit / "grondwaarheid" / "berichten.parquet")
    assert idx["duplicaat"].sum() > 10
    samenvatting = run_ingest([uit / "berichten"], tmp_path / "opslag", None, quiet=True)
    assert samenvatting.gelezen == len(idx)
    assert samenvatting.dubbel == idx["duplicaat"].sum()
    assert samenvatting.geaccepteerd == len(idx) - samenvatting.dubbel


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigFout, match="formaat"):
        generate_region(tmp_path / "x", GeneratorConfig(gemeenten=1, inwoners=2_000, formaat="tar"))
    with pytest.raises(ConfigFout, match="zip_niveau"):
        generate_region(tmp_path / "y", GeneratorConfig(gemeenten=1, inwoners=2_000, zip_niveau=12))
