"""A gemeente's inventory (arrangements with both questionnaires, and conditions surveys) as YAML: read with
validation (Dutch errors naming the key path, nothing half-read) and write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from regiekamer.regiemodel.condities import controleer as controleer_condities
from regiekamer.regiemodel.model import Transitiemodel
from regiekamer.regiemodel.score import AntwoordFout, Voorziening, controleer_antwoorden

FORMAAT = "regiekamer-regiemodel-inventaris"
VOORBEELD = Path(__file__).parent / "data" / "voorbeeldscan.yaml"
PARTIJSOORTEN = ("gemeente", "zorgverzekeraar", "aanbieder")


class InventarisFout(ValueError):
    """The inventory file is not valid; the (Dutch) message names the key path."""


@dataclass
class Partij:
    naam: str
    soort: str
    antwoorden: dict[str, int] = field(default_factory=dict)


@dataclass
class Enquete:
    titel: str
    partijen: list[Partij] = field(default_factory=list)


@dataclass
class Inventaris:
    voorzieningen: list[Voorziening] = field(default_factory=list)
    enquetes: list[Enquete] = field(default_factory=list)


def _tekst(d: dict[str, Any], k: str, pad: str, *, verplicht: bool = True) -> str:
    w = d.get(k)
    if w is None or (isinstance(w, str) and not w.strip()):
        if verplicht:
            raise InventarisFout(f"{pad}.{k}: ontbreekt")
        return ""
    if not isinstance(w, str | int | float):
        raise InventarisFout(f"{pad}.{k}: verwacht een tekst")
    return " ".join(str(w).split())


def _dict(w: Any, pad: str) -> dict[str, Any]:
    if w is None:
        return {}
    if not isinstance(w, dict):
        raise InventarisFout(f"{pad}: verwacht een mapping (sleutel: waarde)")
    return w


def inventaris_uit(model: Transitiemodel, ruw: Any, gemeente: str) -> Inventaris:
    """Validate parsed YAML into an :class:`Inventaris` for ``gemeente`` (the file's own gemeente is ignored:
    an inventory can be loaded into another gemeente, e.g. the demo's)."""
    d = _dict(ruw, "(bestand)")
    if d.get("formaat") not in (None, FORMAAT):
        raise InventarisFout(f"formaat: verwacht {FORMAAT!r}, niet {d.get('formaat')!r}")
    vz = d.get("voorzieningen") or []
    if not isinstance(vz, list):
        raise InventarisFout("voorzieningen: verwacht een lijst")
    uit = Inventaris()
    for i, v in enumerate(vz):
        p = f"voorzieningen[{i}]"
        vd = _dict(v, p)
        soort = _tekst(vd, "soort", p, verplicht=False) or "anders"
        if soort not in model.soorten:
            raise InventarisFout(f"{p}.soort: {soort!r} is geen soort; kies uit {', '.join(model.soorten)}")
        meting: dict[str, dict[str, int]] = {}
        bron: dict[str, str] = {}
        for m in ("ambitie", "praktijk"):
            md = _dict(vd.get(m), f"{p}.{m}")
            antw = _dict(md.get("antwoorden"), f"{p}.{m}.antwoorden")
            try:
                meting[m] = controleer_antwoorden(model, antw)
            except AntwoordFout as e:
                raise InventarisFout(f"{p}.{m}.antwoorden: {e}") from None
            if m == "ambitie":
                bron = {"document": _tekst(md, "document", f"{p}.{m}", verplicht=False),
                        "passage": _tekst(md, "passage", f"{p}.{m}", verplicht=False)}
        uit.voorzieningen.append(Voorziening(
            gemeente=gemeente, domein=_tekst(vd, "domein", p), naam=_tekst(vd, "naam", p), soort=soort,
            omschrijving=_tekst(vd, "omschrijving", p, verplicht=False), ambitie=meting["ambitie"],
            praktijk=meting["praktijk"], ambitie_document=bron["document"], ambitie_passage=bron["passage"]))
    en = d.get("enquetes") or []
    if not isinstance(en, list):
        raise InventarisFout("enquetes: verwacht een lijst")
    for i, enq_ruw in enumerate(en):
        p = f"enquetes[{i}]"
        ed = _dict(enq_ruw, p)
        enq = Enquete(_tekst(ed, "titel", p))
        partijen = ed.get("partijen") or []
        if not isinstance(partijen, list):
            raise InventarisFout(f"{p}.partijen: verwacht een lijst")
        for j, pa in enumerate(partijen):
            pp = f"{p}.partijen[{j}]"
            pd_ = _dict(pa, pp)
            soort = _tekst(pd_, "soort", pp)
            if soort not in PARTIJSOORTEN:
                raise InventarisFout(f"{pp}.soort: kies uit {', '.join(PARTIJSOORTEN)}, niet {soort!r}")
            try:
                antw = controleer_condities(model, _dict(pd_.get("antwoorden"), f"{pp}.antwoorden"))
            except ValueError as ex:
                raise InventarisFout(f"{pp}.antwoorden: {ex}") from None
            enq.partijen.append(Partij(_tekst(pd_, "naam", pp), soort, antw))
        uit.enquetes.append(enq)
    return uit


def lees_inventaris(model: Transitiemodel, tekst: str, gemeente: str) -> Inventaris:
    try:
        ruw = yaml.safe_load(tekst)
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f"regel {plek.line + 1}, kolom {plek.column + 1}: " if plek else ""
        raise InventarisFout(f"{waar}geen geldige YAML ({getattr(e, 'problem', e)})") from None
    return inventaris_uit(model, ruw, gemeente)


def schrijf_inventaris(inventaris: Inventaris) -> str:
    """YAML text that :func:`lees_inventaris` reads back to the same inventory."""
    d: dict[str, Any] = {"formaat": FORMAAT, "versie": 1, "voorzieningen": [], "enquetes": []}
    for v in inventaris.voorzieningen:
        d["voorzieningen"].append({
            "naam": v.naam, "domein": v.domein, "soort": v.soort, "omschrijving": v.omschrijving,
            "ambitie": {"document": v.ambitie_document, "passage": v.ambitie_passage,
                        "antwoorden": dict(v.ambitie)},
            "praktijk": {"antwoorden": dict(v.praktijk)},
        })
    for e in inventaris.enquetes:
        d["enquetes"].append({"titel": e.titel, "partijen": [
            {"naam": p.naam, "soort": p.soort, "antwoorden": dict(p.antwoorden)} for p in e.partijen]})
    return yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=110)
