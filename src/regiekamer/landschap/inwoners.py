"""Inhabitants per gemeente, a setting of the region (the store has no population): read from CSV
(``gemeente,inwoners[,jeugdigen]`` with a header; ``;`` also accepted) or YAML (a mapping gemeentecode → number, or
gemeentecode → {inwoners: n, jeugdigen: m}), with a Dutch error naming the line when something is wrong.
``jeugdigen`` (inhabitants aged 0-17) is optional."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import yaml


class InwonersFout(ValueError):
    """Input that is not a list of inhabitants per gemeente; the message says what and where."""


def lees_inwoners(tekst: str, *, gemeenten: set[str] | None = None) -> dict[str, int]:
    """``{gemeentecode: inwoners}`` from CSV or YAML text; gemeenten (when given) must be those of the region."""
    return lees_bevolking(tekst, gemeenten=gemeenten)[0]


def lees_bevolking(tekst: str, *, gemeenten: set[str] | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """``({gemeentecode: inwoners}, {gemeentecode: jeugdigen})``; the second is empty when not given."""
    tekst = tekst.strip()
    if not tekst:
        raise InwonersFout("het bestand is leeg")
    uit: dict[str, int] = {}
    jong: dict[str, int] = {}
    eerste = tekst.splitlines()[0]
    if ("," in eerste or ";" in eerste) and ":" not in eerste:
        scheiding = ";" if ";" in eerste else ","
        rijen = list(csv.reader(io.StringIO(tekst), delimiter=scheiding))
        kop = [k.strip().lower() for k in rijen[0]]
        if "gemeente" not in kop or "inwoners" not in kop:
            raise InwonersFout("regel 1: de kop moet de kolommen 'gemeente' en 'inwoners' hebben")
        gi, ii = kop.index("gemeente"), kop.index("inwoners")
        ji = kop.index("jeugdigen") if "jeugdigen" in kop else None
        for nr, rij in enumerate(rijen[1:], 2):
            if not any(c.strip() for c in rij):
                continue
            if len(rij) <= max(gi, ii, ji or 0):
                raise InwonersFout(f"regel {nr}: te weinig kolommen")
            code = _code(rij[gi], nr)
            uit[code] = _aantal(rij[ii], nr)
            if ji is not None and rij[ji].strip():
                jong[code] = _aantal(rij[ji], nr)
    else:
        try:
            data = yaml.safe_load(tekst)
        except yaml.YAMLError as e:
            raise InwonersFout(f"geen geldige CSV of YAML: {getattr(e, 'problem', None) or e}") from None
        if not isinstance(data, dict):
            raise InwonersFout("YAML: verwacht een lijst 'gemeentecode: inwoners', bijvoorbeeld \"0484\": 112000")
        for g, n in data.items():
            if isinstance(g, int):
                raise InwonersFout(f"YAML: zet gemeentecode {g} tussen aanhalingstekens (\"0484\"), anders "
                                   "verdwijnt de voorloopnul")
            code = _code(str(g), str(g))
            if isinstance(n, dict):
                if "inwoners" not in n:
                    raise InwonersFout(f"regel {g}: verwacht 'inwoners' (en eventueel 'jeugdigen')")
                uit[code] = _aantal(n["inwoners"], str(g))
                if n.get("jeugdigen") is not None:
                    jong[code] = _aantal(n["jeugdigen"], str(g))
            else:
                uit[code] = _aantal(n, str(g))
    if gemeenten is not None:
        vreemd = sorted(set(uit) - gemeenten)
        if vreemd:
            raise InwonersFout(f"gemeente(n) {', '.join(vreemd)} horen niet bij deze regio")
    for g, j in jong.items():
        if j > uit[g]:
            raise InwonersFout(f"gemeente {g}: meer jeugdigen ({j}) dan inwoners ({uit[g]})")
    return uit, jong


def _code(waarde: str, waar: object) -> str:
    c = waarde.strip()
    if not (c.isdigit() and len(c) == 4):
        raise InwonersFout(f"regel {waar}: gemeentecode {c!r} is geen CBS-code van 4 cijfers")
    return c


def _aantal(waarde: object, waar: object) -> int:
    try:
        n = int(str(waarde).strip().replace(".", "").replace("_", ""))
    except ValueError:
        raise InwonersFout(f"regel {waar}: {waarde!r} is geen aantal inwoners") from None
    if n <= 0:
        raise InwonersFout(f"regel {waar}: het aantal inwoners moet positief zijn")
    return n


def inwoners_uit_grondwaarheid(map_: Path) -> dict[str, int]:
    """Inhabitants per gemeente from a generated region's ground truth (``grondwaarheid/gemeenten.parquet``)."""
    return bevolking_uit_grondwaarheid(map_)[0]


def bevolking_uit_grondwaarheid(map_: Path) -> tuple[dict[str, int], dict[str, int]]:
    """``({gemeentecode: inwoners}, {gemeentecode: jeugdigen})`` from a generated region's ground truth (the region
    folder, its ``grondwaarheid`` folder or ``gemeenten.parquet``), as :func:`lees_bevolking` gives them; the
    second is empty for a ground truth written before the generator recorded youths (0-17)."""
    pad = Path(map_)
    if pad.is_dir():
        pad = pad / "gemeenten.parquet" if (pad / "gemeenten.parquet").exists() else pad / "grondwaarheid" / (
            "gemeenten.parquet")
    df = pd.read_parquet(pad)
    inwoners = {str(g): int(n) for g, n in zip(df["gemeente"], df["inwoners"], strict=True)}
    jeugdigen: dict[str, int] = {}
    if "jeugdigen" in df.columns:
        jeugdigen = {str(g): int(n) for g, n in zip(df["gemeente"], df["jeugdigen"], strict=True) if pd.notna(n)}
    return inwoners, jeugdigen
