"""The transition model file: the four forms sit in the quadrants the seed article names, every example of the
seed scores into its form's quadrant, and a broken model file gives a Dutch error naming the key path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from regiekamer.regiemodel import ModelFout, laad_model, lees_model, positie
from regiekamer.regiemodel.model import PAKKET_MODEL

MODEL = laad_model(PAKKET_MODEL)
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_e8b380198e049972.txt"

# The seed (001_e8b380198e049972.txt, "Vier vormen van regie"): which choice each form makes on both axes.
SEED_KWADRANTEN = {
    "Afspreken": ("cocreatie", "decentraal"),   # "Gemeente kiest voor cocreatie en decentrale uitvoering"
    "Afstemmen": ("controle", "decentraal"),    # "trekt de controle naar zich toe … contracteert … een voor een"
    "Coördineren": ("cocreatie", "centraal"),   # "in cocreatie … één frontoffice"
    "Sturen": ("controle", "centraal"),         # "Gemeente centraliseert én acteert vanuit controle"
}


def test_forms_sit_in_the_seeds_quadrants() -> None:
    assert {v.naam: (v.x, v.y) for v in MODEL.vormen} == SEED_KWADRANTEN


@pytest.mark.skipif(not SEED.exists(), reason="seed-artikel niet aanwezig")
def test_examples_and_wording_come_from_the_seed() -> None:
    """Every form's examples are named in the seed under that form (the paragraph up to the next form)."""
    tekst = " ".join(SEED.read_text(encoding="utf-8").split()).lower()
    namen = [v.naam for v in MODEL.vormen]
    for i, v in enumerate(MODEL.vormen):
        begin = tekst.index(f"{i + 1} {v.naam.lower()}")
        eind = tekst.index(f"{i + 2} {namen[i + 1].lower()}") if i + 1 < len(namen) else len(tekst)
        alinea = tekst[begin:eind]
        voorbeelden = alinea[alinea.index("voorbeelden:"):]
        for vb in v.voorbeelden:
            kern = vb.naam.lower().replace("geïntegreerde eerste lijn ", "").replace("sociaal wijkteam",
                                                                                    "sociale wijkteams")
            for woord in kern.split():
                assert woord in voorbeelden, f"{v.naam}: {vb.naam!r} ({woord!r}) staat niet bij de voorbeelden"
        assert v.inhoudelijke_visie.lower()[:25] in alinea.replace("door centrale", "door de centrale")


ALLE_VOORBEELDEN = [(v.naam, vb.naam, vb.antwoorden) for v in MODEL.vormen for vb in v.voorbeelden]


@pytest.mark.parametrize(("vorm", "voorbeeld", "antwoorden"), ALLE_VOORBEELDEN,
                         ids=[f"{v}-{vb}" for v, vb, _ in ALLE_VOORBEELDEN])
def test_each_example_scores_into_its_quadrant(vorm: str, voorbeeld: str, antwoorden: dict[str, int]) -> None:
    p = positie(MODEL, antwoorden)
    assert p is not None and p.vorm is not None
    x_pool, y_pool = SEED_KWADRANTEN[vorm]
    assert (p.x < 0) == (x_pool == "cocreatie") and (p.y < 0) == (y_pool == "decentraal"), (voorbeeld, p.x, p.y)
    assert p.vorm.naam == vorm
    assert len(antwoorden) == len(MODEL.vragen)  # every example answers every item


def test_every_form_has_an_example() -> None:
    assert all(v.voorbeelden for v in MODEL.vormen)
    assert len(ALLE_VOORBEELDEN) == 14  # 4 + 3 + 3 + 4 in the seed


def test_scoring_arithmetic() -> None:
    """Extremes land on the corners, the neutral answer in the centre, signs follow 'richting'."""
    hoog = {v.id: (MODEL.schaal_max if v.richting == 1 else MODEL.schaal_min) for v in MODEL.vragen}
    p = positie(MODEL, hoog)
    assert p is not None and (p.x, p.y) == (1.0, 1.0) and p.vorm is not None and p.vorm.naam == "Sturen"
    laag = {v.id: (MODEL.schaal_min if v.richting == 1 else MODEL.schaal_max) for v in MODEL.vragen}
    p = positie(MODEL, laag)
    assert p is not None and (p.x, p.y) == (-1.0, -1.0) and p.vorm is not None and p.vorm.naam == "Afspreken"
    midden = {v.id: 3 for v in MODEL.vragen}
    p = positie(MODEL, midden)
    assert p is not None and (p.x, p.y) == (0.0, 0.0) and p.vorm is None and p.vorm_naam == "op de grens"
    assert positie(MODEL, {"x1": 5}) is None  # no y item answered: no position


def _ruw() -> dict[str, Any]:
    return yaml.safe_load(PAKKET_MODEL.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _schrijf(tmp_path: Path, d: Any) -> Path:
    p = tmp_path / "model.yaml"
    p.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize(("wijziging", "verwacht"), [
    (lambda d: d["vragen"][3].update({"as": "z"}), "vragen[3].as: moet x of y zijn"),
    (lambda d: d["vragen"][0].update({"richting": 2}), "vragen[0].richting: moet 1 of -1 zijn"),
    (lambda d: d["vormen"][1].update({"x": "cocreatie"}), "vormen: er moeten precies vier vormen zijn"),
    (lambda d: d["vormen"][2]["rollen"].pop("toezicht"), "vormen[2].rollen.toezicht: ontbreekt"),
    (lambda d: d["vormen"][0]["voorbeelden"][1]["antwoorden"].update({"x1": 9}),
     "vormen[0].voorbeelden[1].antwoorden.x1: antwoord moet een geheel getal van 1 tot 5 zijn"),
    (lambda d: d["vormen"][0]["voorbeelden"][0]["antwoorden"].update({"q9": 3}),
     "vormen[0].voorbeelden[0].antwoorden.q9: onbekende vraag"),
    (lambda d: d["condities"].update({"verschil_drempel": "hoog"}), "condities.verschil_drempel: verwacht een getal"),
    (lambda d: d["condities"]["lijst"][4]["vragen"][0].pop("tekst"), "condities.lijst[4].vragen[0].tekst: ontbreekt"),
    (lambda d: d["assen"]["x"].update({"negatief": "controle"}), "assen.x: de polen van as x"),
    (lambda d: d.pop("schaal"), "schaal: ontbreekt"),
])
def test_invalid_model_names_the_key_path(tmp_path: Path, wijziging: Any, verwacht: str) -> None:
    d = _ruw()
    wijziging(d)
    with pytest.raises(ModelFout) as e:
        lees_model(_schrijf(tmp_path, d))
    assert verwacht in str(e.value)
    assert str(tmp_path) in str(e.value)


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "kapot.yaml"
    p.write_text("vragen:\n  - id: x1\n   as: x\n", encoding="utf-8")
    with pytest.raises(ModelFout, match=r"regel \d+, kolom \d+: geen geldige YAML"):
        lees_model(p)
    with pytest.raises(ModelFout, match="kan het bestand niet lezen"):
        laad_model(tmp_path / "bestaat-niet.yaml")


def test_own_copy_via_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """REGIEKAMER_REGIEMODEL points at an edited copy; its wording is what the model gives."""
    d = _ruw()
    d["vormen"][3]["naam"] = "Regisseren"
    monkeypatch.setenv("REGIEKAMER_REGIEMODEL", str(_schrijf(tmp_path, d)))
    m = laad_model()
    assert m.vorm_in("controle", "centraal").naam == "Regisseren"
