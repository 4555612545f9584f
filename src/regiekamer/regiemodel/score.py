"""Scoring: questionnaire answers → a position (x, y) in [-1, 1]² → the form (quadrant) of the transition model;
and the analyses of a gemeente's inventory (gap, spaghetti, region) as pandas tables."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from regiekamer.regiemodel.model import Transitiemodel, Vorm

METINGEN = ("ambitie", "praktijk")


class AntwoordFout(ValueError):
    """Answers that do not fit the questionnaire (Dutch message naming the item)."""


@dataclass(frozen=True)
class Positie:
    x: float
    """-1 = cocreatie … +1 = controle"""
    y: float
    """-1 = decentraal … +1 = centraal"""
    vorm: Vorm | None
    """None when the point lies on an axis (between two forms)."""

    @property
    def vorm_naam(self) -> str:
        return self.vorm.naam if self.vorm else "op de grens"


def controleer_antwoorden(model: Transitiemodel, antwoorden: Mapping[str, int | None]) -> dict[str, int]:
    """The answered items (``None`` = no answer) after checking ids and range."""
    bekend = {v.id for v in model.vragen}
    uit: dict[str, int] = {}
    for k, w in antwoorden.items():
        if k not in bekend:
            raise AntwoordFout(f"onbekende vraag {k!r}")
        if w is None:
            continue
        if isinstance(w, bool) or not isinstance(w, int) or not model.schaal_min <= w <= model.schaal_max:
            raise AntwoordFout(f"vraag {k}: antwoord moet {model.schaal_min} tot {model.schaal_max} zijn, niet {w!r}")
        uit[k] = w
    return uit


def bekende_antwoorden(model: Transitiemodel, antwoorden: Mapping[str, object], *,
                       condities: bool = False) -> dict[str, int]:
    """Stored answers reduced to what the current model knows: items it still has, values on its scale. After
    someone edits the model file, older answers keep working instead of failing."""
    ids = {q.id for q in model.conditievragen} if condities else {v.id for v in model.vragen}
    uit: dict[str, int] = {}
    for k, w in antwoorden.items():
        try:
            getal = int(str(w))
        except ValueError:
            continue
        if k in ids and model.schaal_min <= getal <= model.schaal_max:
            uit[k] = getal
    return uit


def as_score(model: Transitiemodel, antwoorden: Mapping[str, int | None], as_: str) -> float | None:
    """Mean signed, normalised answer on one axis (None when no item of that axis is answered)."""
    antw = controleer_antwoorden(model, antwoorden)
    midden = (model.schaal_min + model.schaal_max) / 2
    half = (model.schaal_max - model.schaal_min) / 2
    waarden = [v.richting * (antw[v.id] - midden) / half for v in model.vragen_op(as_) if v.id in antw]
    return sum(waarden) / len(waarden) if waarden else None


def positie(model: Transitiemodel, antwoorden: Mapping[str, int | None]) -> Positie | None:
    """The position of one set of answers, or None when an axis has no answer at all."""
    x, y = as_score(model, antwoorden, "x"), as_score(model, antwoorden, "y")
    if x is None or y is None:
        return None
    return Positie(x, y, kwadrant(model, x, y))


def kwadrant(model: Transitiemodel, x: float, y: float) -> Vorm | None:
    if math.isclose(x, 0, abs_tol=1e-9) or math.isclose(y, 0, abs_tol=1e-9):
        return None
    return model.vorm_in(model.x.negatief if x < 0 else model.x.positief,
                         model.y.negatief if y < 0 else model.y.positief)


@dataclass
class Voorziening:
    """One regie arrangement of a gemeente, with its two questionnaires (plain data: from the web app's
    database, a YAML file or a notebook)."""

    gemeente: str
    domein: str
    naam: str
    soort: str = "anders"
    omschrijving: str = ""
    ambitie: dict[str, int] = field(default_factory=dict)
    praktijk: dict[str, int] = field(default_factory=dict)
    ambitie_document: str = ""
    ambitie_passage: str = ""


POSITIE_KOLOMMEN = ["gemeente", "domein", "voorziening", "soort", "meting", "x", "y", "vorm"]


def posities(model: Transitiemodel, voorzieningen: Iterable[Voorziening]) -> pd.DataFrame:
    """One row per arrangement and measurement (ambitie, praktijk) that has a position."""
    rijen = []
    for v in voorzieningen:
        for meting in METINGEN:
            p = positie(model, getattr(v, meting))
            if p is not None:
                rijen.append({"gemeente": v.gemeente, "domein": v.domein, "voorziening": v.naam,
                              "soort": v.soort, "meting": meting, "x": p.x, "y": p.y, "vorm": p.vorm_naam})
    return pd.DataFrame(rijen, columns=POSITIE_KOLOMMEN)


def gat(model: Transitiemodel, voorzieningen: Iterable[Voorziening]) -> pd.DataFrame:
    """Per arrangement with both measurements: ambition and practice position and form, and the gap (distance
    and whether the form differs)."""
    rijen = []
    for v in voorzieningen:
        a, p = positie(model, v.ambitie), positie(model, v.praktijk)
        if a is None or p is None:
            continue
        rijen.append({"gemeente": v.gemeente, "domein": v.domein, "voorziening": v.naam, "soort": v.soort,
                      "x_ambitie": a.x, "y_ambitie": a.y, "vorm_ambitie": a.vorm_naam,
                      "x_praktijk": p.x, "y_praktijk": p.y, "vorm_praktijk": p.vorm_naam,
                      "afstand": math.hypot(p.x - a.x, p.y - a.y),
                      "andere_vorm": a.vorm_naam != p.vorm_naam})
    return pd.DataFrame(rijen, columns=["gemeente", "domein", "voorziening", "soort", "x_ambitie", "y_ambitie",
                                        "vorm_ambitie", "x_praktijk", "y_praktijk", "vorm_praktijk", "afstand",
                                        "andere_vorm"])


def spaghetti(model: Transitiemodel, voorzieningen: Iterable[Voorziening]) -> pd.DataFrame:
    """Per gemeente, domain and measurement: how many different forms are in use, and which (the seed's
    "spaghetti van regie- en coördinatiemiddelen"). Points on an axis count as no form."""
    df = posities(model, voorzieningen)
    kolommen = ["gemeente", "domein", "meting", "voorzieningen", "aantal_vormen", "vormen"]
    if df.empty:
        return pd.DataFrame(columns=kolommen)
    volgorde = {v.naam: i for i, v in enumerate(model.vormen)}
    rijen = []
    for (g, d, m), groep in df.groupby(["gemeente", "domein", "meting"], sort=True):
        vormen = sorted({str(v) for v in groep["vorm"] if v in volgorde}, key=volgorde.__getitem__)
        rijen.append({"gemeente": g, "domein": d, "meting": m, "voorzieningen": len(groep),
                      "aantal_vormen": len(vormen), "vormen": ", ".join(vormen) or "–"})
    return pd.DataFrame(rijen, columns=kolommen)


def regio(model: Transitiemodel, voorzieningen: Iterable[Voorziening], domein: str) -> pd.DataFrame:
    """For one domain: per gemeente the forms of its arrangements in practice (and ambition), i.e. what a
    provider working across the region's gemeenten meets."""
    df = posities(model, [v for v in voorzieningen if v.domein == domein])
    kolommen = ["gemeente", "meting", "voorzieningen", "vormen", "x_gemiddeld", "y_gemiddeld"]
    if df.empty:
        return pd.DataFrame(columns=kolommen)
    volgorde = {v.naam: i for i, v in enumerate(model.vormen)}
    rijen = []
    for (g, m), groep in df.groupby(["gemeente", "meting"], sort=True):
        vormen = sorted({str(v) for v in groep["vorm"] if v in volgorde}, key=volgorde.__getitem__)
        rijen.append({"gemeente": g, "meting": m, "voorzieningen": len(groep), "vormen": ", ".join(vormen) or "–",
                      "x_gemiddeld": float(groep["x"].mean()), "y_gemiddeld": float(groep["y"].mean())})
    return pd.DataFrame(rijen, columns=kolommen)
