"""Gap, spaghetti, region and the five conditions, on the packaged example scan; expected values are computed
here from the answers by hand-written arithmetic, independent of the scoring code's vectorisation."""

from __future__ import annotations

import pytest

from regiekamer.regiemodel import (
    InventarisFout,
    conditiescores,
    gat,
    laad_model,
    lees_inventaris,
    regio,
    schrijf_inventaris,
    spaghetti,
    verschillen,
)
from regiekamer.regiemodel.inventaris import VOORBEELD
from regiekamer.regiemodel.model import PAKKET_MODEL

MODEL = laad_model(PAKKET_MODEL)
INV = lees_inventaris(MODEL, VOORBEELD.read_text(encoding="utf-8"), "0344")


def _as(antw: dict[str, int], as_: str) -> float:
    w = [v.richting * (antw[v.id] - 3) / 2 for v in MODEL.vragen if v.as_ == as_]
    return sum(w) / len(w)


def test_gap_per_arrangement() -> None:
    df = gat(MODEL, INV.voorzieningen).set_index("voorziening")
    assert len(df) == 3
    for v in INV.voorzieningen:
        r = df.loc[v.naam]
        assert r["x_ambitie"] == pytest.approx(_as(v.ambitie, "x"))
        assert r["y_praktijk"] == pytest.approx(_as(v.praktijk, "y"))
        dx = _as(v.praktijk, "x") - _as(v.ambitie, "x")
        dy = _as(v.praktijk, "y") - _as(v.ambitie, "y")
        assert r["afstand"] == pytest.approx((dx * dx + dy * dy) ** 0.5)
    # the seed's pattern: every ambition in Sturen, practice elsewhere
    assert set(df["vorm_ambitie"]) == {"Sturen"}
    assert "Sturen" not in set(df["vorm_praktijk"]) and df["andere_vorm"].all()


def test_spaghetti_counts_distinct_forms() -> None:
    df = spaghetti(MODEL, INV.voorzieningen).set_index(["domein", "meting"])
    assert df.loc[("Jeugd", "praktijk"), "aantal_vormen"] == 2
    assert df.loc[("Jeugd", "praktijk"), "vormen"] == "Afstemmen, Coördineren"  # model order
    assert df.loc[("Jeugd", "ambitie"), "aantal_vormen"] == 1
    assert df.loc[("Wmo", "praktijk"), "voorzieningen"] == 1


def test_region_view_per_gemeente() -> None:
    ander = lees_inventaris(MODEL, VOORBEELD.read_text(encoding="utf-8"), "0307").voorzieningen
    ander[0].praktijk = {v.id: (5 if v.richting == 1 else 1) for v in MODEL.vragen}  # Sturen
    df = regio(MODEL, [*INV.voorzieningen, *ander], "Jeugd")
    assert set(df["gemeente"]) == {"0307", "0344"}
    praktijk = df[df["meting"] == "praktijk"].set_index("gemeente")
    assert praktijk.loc["0307", "vormen"] == "Coördineren, Sturen"
    assert praktijk.loc["0344", "vormen"] == "Afstemmen, Coördineren"


def test_conditions_show_each_party_and_the_spread() -> None:
    partijen = {p.naam: p.antwoorden for p in INV.enquetes[0].partijen}
    lang = conditiescores(MODEL, partijen)
    assert len(lang) == 3 * 5
    v = verschillen(MODEL, partijen).set_index("conditie")
    amb = v.loc["Gedeelde ambitie"]
    per_partij = {n: (a["a1"] + a["a2"]) / 2 for n, a in partijen.items()}
    assert amb["hoogste"] == max(per_partij.values()) and amb["laagste"] == min(per_partij.values())
    assert amb["spreiding"] == pytest.approx(max(per_partij.values()) - min(per_partij.values()))
    assert amb["gemiddelde"] == pytest.approx(sum(per_partij.values()) / 3)
    assert amb["laagste_partij"] == "Stichting Welzijn Samen"
    for naam, r in v.iterrows():
        assert r["verschil"] == (r["spreiding"] >= MODEL.verschil_drempel), naam
    assert v["verschil"].any() and not v["verschil"].all()


def test_one_party_has_no_perception_gap() -> None:
    v = verschillen(MODEL, {"Gemeente": {"a1": 5, "a2": 1}})
    assert not v["verschil"].any()


def test_inventory_round_trip_and_errors() -> None:
    tekst = schrijf_inventaris(INV)
    terug = lees_inventaris(MODEL, tekst, "0344")
    assert terug == INV
    with pytest.raises(InventarisFout, match=r"voorzieningen\[0\]\.soort: 'kasteel' is geen soort"):
        lees_inventaris(MODEL, tekst.replace("soort: CJG", "soort: kasteel"), "0344")
    with pytest.raises(InventarisFout, match=r"voorzieningen\[1\]\.praktijk\.antwoorden: vraag x1: antwoord moet"):
        lees_inventaris(MODEL, tekst.replace("x1: 2", "x1: 7", 1), "0344")
    with pytest.raises(InventarisFout, match=r"enquetes\[0\]\.partijen\[1\]\.soort"):
        lees_inventaris(MODEL, tekst.replace("soort: zorgverzekeraar", "soort: bank"), "0344")
    with pytest.raises(InventarisFout, match="geen geldige YAML"):
        lees_inventaris(MODEL, "voorzieningen: [\n", "0344")
