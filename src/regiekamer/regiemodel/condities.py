"""The five conditions for collaboration: each party's score per condition, and where perceptions differ
(spread between the parties, flagged at or above the model's ``verschil_drempel``), not only the mean."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from regiekamer.regiemodel.model import Transitiemodel


def controleer(model: Transitiemodel, antwoorden: Mapping[str, int | None]) -> dict[str, int]:
    """The answered condition items of one party, after checking ids and range (ValueError, Dutch)."""
    bekend = {q.id for q in model.conditievragen}
    uit: dict[str, int] = {}
    for k, w in antwoorden.items():
        if k not in bekend:
            raise ValueError(f"onbekende conditievraag {k!r}")
        if w is None:
            continue
        if isinstance(w, bool) or not isinstance(w, int) or not model.schaal_min <= w <= model.schaal_max:
            raise ValueError(f"vraag {k}: antwoord moet {model.schaal_min} tot {model.schaal_max} zijn, niet {w!r}")
        uit[k] = w
    return uit


def scores(model: Transitiemodel, partijen: Mapping[str, Mapping[str, int | None]]) -> pd.DataFrame:
    """Long table: one row per party and condition with the party's mean answer (NaN if it answered none of
    that condition's items)."""
    rijen = []
    for partij, antw in partijen.items():
        a = controleer(model, antw)
        for c in model.condities:
            w = [a[q.id] for q in c.vragen if q.id in a]
            rijen.append({"partij": partij, "conditie": c.naam,
                          "score": sum(w) / len(w) if w else float("nan")})
    return pd.DataFrame(rijen, columns=["partij", "conditie", "score"])


def verschillen(model: Transitiemodel, partijen: Mapping[str, Mapping[str, int | None]]) -> pd.DataFrame:
    """Per condition: mean over the parties, lowest and highest party score (and who), spread = highest −
    lowest, standard deviation, and ``verschil`` = spread ≥ the model's threshold (with at least two parties)."""
    lang = scores(model, partijen).dropna(subset=["score"])
    rijen = []
    for c in model.condities:
        g = lang[lang["conditie"] == c.naam]
        if g.empty:
            rijen.append({"conditie": c.naam, "partijen": 0, "gemiddelde": float("nan"), "laagste": float("nan"),
                          "laagste_partij": "", "hoogste": float("nan"), "hoogste_partij": "",
                          "spreiding": float("nan"), "standaardafwijking": float("nan"), "verschil": False})
            continue
        waarden = g["score"].to_numpy()
        lo, hi = g.iloc[int(waarden.argmin())], g.iloc[int(waarden.argmax())]
        spreiding = float(hi["score"] - lo["score"])
        rijen.append({
            "conditie": c.naam, "partijen": len(g), "gemiddelde": float(g["score"].mean()),
            "laagste": float(lo["score"]), "laagste_partij": str(lo["partij"]),
            "hoogste": float(hi["score"]), "hoogste_partij": str(hi["partij"]),
            "spreiding": spreiding,
            "standaardafwijking": float(g["score"].std(ddof=0)),
            "verschil": len(g) >= 2 and spreiding >= model.verschil_drempel - 1e-9,
        })
    return pd.DataFrame(rijen)
