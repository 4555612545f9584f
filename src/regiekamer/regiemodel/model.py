"""The transition model as data: axes, the four forms with roles and examples, the questionnaire and the five
conditions, loaded from an editable YAML file and validated (a clear Dutch error names the key path)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PAKKET_MODEL = Path(__file__).parent / "data" / "transitiemodel.yaml"
OMGEVING = "REGIEKAMER_REGIEMODEL"
ROLLEN = ("financier", "kaders", "contractering", "toezicht", "aanbieders_leveren")
KWADRANTEN = {("cocreatie", "decentraal"), ("controle", "decentraal"), ("cocreatie", "centraal"),
              ("controle", "centraal")}


class ModelFout(ValueError):
    """The model file is not valid; the message (Dutch) names the file and the key path."""


@dataclass(frozen=True)
class As:
    id: str
    naam: str
    negatief: str
    positief: str
    vraag: str


@dataclass(frozen=True)
class Vraag:
    id: str
    as_: str
    richting: int
    tekst: str


@dataclass(frozen=True)
class Voorbeeld:
    naam: str
    antwoorden: dict[str, int]


@dataclass(frozen=True)
class Vorm:
    id: str
    naam: str
    x: str
    y: str
    omschrijving: str
    gemeente: str
    aanbieders: str
    inhoudelijke_visie: str
    rollen: dict[str, str]
    voorbeelden: tuple[Voorbeeld, ...]


@dataclass(frozen=True)
class ConditieVraag:
    id: str
    tekst: str


@dataclass(frozen=True)
class Conditie:
    id: str
    naam: str
    omschrijving: str
    vragen: tuple[ConditieVraag, ...]


@dataclass(frozen=True)
class Transitiemodel:
    bron: str
    schaal_min: int
    schaal_max: int
    schaal_labels: dict[int, str]
    x: As
    y: As
    domeinen: tuple[str, ...]
    soorten: tuple[str, ...]
    vragen: tuple[Vraag, ...]
    vormen: tuple[Vorm, ...]
    rollen_labels: dict[str, str]
    condities: tuple[Conditie, ...]
    verschil_drempel: float
    pad: str

    def vorm(self, vorm_id: str) -> Vorm:
        for v in self.vormen:
            if v.id == vorm_id:
                return v
        raise KeyError(vorm_id)

    def vorm_in(self, x_pool: str, y_pool: str) -> Vorm:
        """The form in the quadrant (x pole, y pole), e.g. ("controle", "centraal") → Sturen."""
        for v in self.vormen:
            if (v.x, v.y) == (x_pool, y_pool):
                return v
        raise KeyError((x_pool, y_pool))

    def vragen_op(self, as_: str) -> tuple[Vraag, ...]:
        return tuple(v for v in self.vragen if v.as_ == as_)

    @property
    def conditievragen(self) -> tuple[ConditieVraag, ...]:
        return tuple(q for c in self.condities for q in c.vragen)


class _Lezer:
    """Walks the parsed YAML with the current key path, so every error says where it is."""

    def __init__(self, bestand: str) -> None:
        self.bestand = bestand

    def fout(self, pad: str, wat: str) -> ModelFout:
        return ModelFout(f"{self.bestand}: {pad}: {wat}")

    def dict_(self, d: Any, pad: str) -> dict[str, Any]:
        if not isinstance(d, dict):
            raise self.fout(pad, "verwacht een mapping (sleutel: waarde)")
        return d

    def lijst(self, d: Any, pad: str) -> list[Any]:
        if not isinstance(d, list) or not d:
            raise self.fout(pad, "verwacht een niet-lege lijst")
        return d

    def sleutel(self, d: dict[str, Any], sleutel: str, pad: str) -> Any:
        if sleutel not in d or d[sleutel] is None:
            raise self.fout(f"{pad}.{sleutel}" if pad else sleutel, "ontbreekt")
        return d[sleutel]

    def tekst(self, d: dict[str, Any], sleutel: str, pad: str) -> str:
        w = self.sleutel(d, sleutel, pad)
        if not isinstance(w, str) or not w.strip():
            raise self.fout(f"{pad}.{sleutel}" if pad else sleutel, "verwacht een niet-lege tekst")
        return " ".join(w.split())

    def getal(self, d: dict[str, Any], sleutel: str, pad: str) -> float:
        w = self.sleutel(d, sleutel, pad)
        if isinstance(w, bool) or not isinstance(w, int | float):
            raise self.fout(f"{pad}.{sleutel}" if pad else sleutel, f"verwacht een getal, niet {w!r}")
        return float(w)


def lees_model(pad: str | Path) -> Transitiemodel:
    """Read and validate a model file. Raises :class:`ModelFout` naming the file and key path."""
    pad = Path(pad)
    try:
        ruw = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except OSError as e:
        raise ModelFout(f"{pad}: kan het bestand niet lezen ({e.strerror})") from None
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f"regel {plek.line + 1}, kolom {plek.column + 1}: " if plek else ""
        raise ModelFout(f"{pad}: {waar}geen geldige YAML ({getattr(e, 'problem', e)})") from None
    return model_uit(ruw, str(pad))


def model_uit(ruw: Any, bestand: str = "model") -> Transitiemodel:
    """Validate parsed YAML (a dict) into a :class:`Transitiemodel`."""
    lz = _Lezer(bestand)
    d = lz.dict_(ruw, "(bestand)")
    schaal = lz.dict_(lz.sleutel(d, "schaal", ""), "schaal")
    smin, smax = int(lz.getal(schaal, "min", "schaal")), int(lz.getal(schaal, "max", "schaal"))
    if smax - smin < 2:
        raise lz.fout("schaal", f"max ({smax}) moet minstens 2 groter zijn dan min ({smin})")
    labels_ruw = lz.dict_(schaal.get("labels") or {}, "schaal.labels")
    labels = {int(k): str(v) for k, v in labels_ruw.items()}
    for w in range(smin, smax + 1):
        labels.setdefault(w, str(w))

    assen_ruw = lz.dict_(lz.sleutel(d, "assen", ""), "assen")
    assen: dict[str, As] = {}
    for a, polen in (("x", ("cocreatie", "controle")), ("y", ("decentraal", "centraal"))):
        p = f"assen.{a}"
        ad = lz.dict_(lz.sleutel(assen_ruw, a, "assen"), p)
        neg, pos = lz.tekst(ad, "negatief", p), lz.tekst(ad, "positief", p)
        if (neg, pos) != polen:
            raise lz.fout(p, f"de polen van as {a} zijn '{polen[0]}' (negatief) en '{polen[1]}' (positief), "
                             f"niet '{neg}' en '{pos}'")
        assen[a] = As(a, lz.tekst(ad, "naam", p), neg, pos, lz.tekst(ad, "vraag", p))

    domeinen = tuple(str(x) for x in lz.lijst(d.get("domeinen"), "domeinen"))
    soorten = tuple(str(x) for x in lz.lijst(d.get("soorten"), "soorten"))

    vragen: list[Vraag] = []
    for i, v in enumerate(lz.lijst(d.get("vragen"), "vragen")):
        p = f"vragen[{i}]"
        vd = lz.dict_(v, p)
        as_ = lz.tekst(vd, "as", p)
        if as_ not in ("x", "y"):
            raise lz.fout(f"{p}.as", f"moet x of y zijn, niet {as_!r}")
        richting = lz.getal(vd, "richting", p)
        if richting not in (1, -1):
            raise lz.fout(f"{p}.richting", f"moet 1 of -1 zijn, niet {richting:g}")
        vragen.append(Vraag(lz.tekst(vd, "id", p), as_, int(richting), lz.tekst(vd, "tekst", p)))
    ids = [v.id for v in vragen]
    if len(set(ids)) != len(ids):
        raise lz.fout("vragen", f"dubbele id: {sorted({i for i in ids if ids.count(i) > 1})}")
    for a in ("x", "y"):
        if not any(v.as_ == a for v in vragen):
            raise lz.fout("vragen", f"geen enkele vraag op as {a}")

    vormen: list[Vorm] = []
    for i, v in enumerate(lz.lijst(d.get("vormen"), "vormen")):
        p = f"vormen[{i}]"
        vd = lz.dict_(v, p)
        x, y = lz.tekst(vd, "x", p), lz.tekst(vd, "y", p)
        if (x, y) not in KWADRANTEN:
            raise lz.fout(p, f"x moet cocreatie of controle zijn en y decentraal of centraal, niet {x!r}/{y!r}")
        rollen_d = lz.dict_(lz.sleutel(vd, "rollen", p), f"{p}.rollen")
        rollen = {r: lz.tekst(rollen_d, r, f"{p}.rollen") for r in ROLLEN}
        voorbeelden = []
        for j, vb in enumerate(vd.get("voorbeelden") or []):
            pv = f"{p}.voorbeelden[{j}]"
            vbd = lz.dict_(vb, pv)
            antw = lz.dict_(vbd.get("antwoorden") or {}, f"{pv}.antwoorden")
            voorbeelden.append(Voorbeeld(lz.tekst(vbd, "naam", pv),
                                         _antwoorden(lz, antw, set(ids), smin, smax, f"{pv}.antwoorden")))
        vormen.append(Vorm(
            id=lz.tekst(vd, "id", p), naam=lz.tekst(vd, "naam", p), x=x, y=y,
            omschrijving=lz.tekst(vd, "omschrijving", p), gemeente=lz.tekst(vd, "gemeente", p),
            aanbieders=lz.tekst(vd, "aanbieders", p), inhoudelijke_visie=lz.tekst(vd, "inhoudelijke_visie", p),
            rollen=rollen, voorbeelden=tuple(voorbeelden)))
    kw = [(v.x, v.y) for v in vormen]
    if len(vormen) != 4 or set(kw) != KWADRANTEN:
        raise lz.fout("vormen", "er moeten precies vier vormen zijn, één per kwadrant "
                                f"(nu: {', '.join(f'{v.naam} {v.x}/{v.y}' for v in vormen)})")

    rl = lz.dict_(d.get("rollen_labels") or {}, "rollen_labels")
    rollen_labels = {r: str(rl.get(r) or r.replace("_", " ").capitalize()) for r in ROLLEN}

    cd = lz.dict_(lz.sleutel(d, "condities", ""), "condities")
    drempel = lz.getal(cd, "verschil_drempel", "condities")
    if not 0 < drempel <= smax - smin:
        raise lz.fout("condities.verschil_drempel", f"moet tussen 0 en {smax - smin} liggen, niet {drempel:g}")
    condities: list[Conditie] = []
    for i, c in enumerate(lz.lijst(cd.get("lijst"), "condities.lijst")):
        p = f"condities.lijst[{i}]"
        ccd = lz.dict_(c, p)
        cvr = []
        for j, q in enumerate(lz.lijst(ccd.get("vragen"), f"{p}.vragen")):
            pq = f"{p}.vragen[{j}]"
            qd = lz.dict_(q, pq)
            cvr.append(ConditieVraag(lz.tekst(qd, "id", pq), lz.tekst(qd, "tekst", pq)))
        condities.append(Conditie(lz.tekst(ccd, "id", p), lz.tekst(ccd, "naam", p),
                                  lz.tekst(ccd, "omschrijving", p), tuple(cvr)))
    cids = [q.id for c in condities for q in c.vragen]
    if len(set(cids)) != len(cids):
        raise lz.fout("condities.lijst", f"dubbele vraag-id: {sorted({i for i in cids if cids.count(i) > 1})}")

    return Transitiemodel(
        bron=" ".join(str(d.get("bron", "")).split()), schaal_min=smin, schaal_max=smax, schaal_labels=labels,
        x=assen["x"], y=assen["y"], domeinen=domeinen, soorten=soorten, vragen=tuple(vragen),
        vormen=tuple(vormen), rollen_labels=rollen_labels, condities=tuple(condities), verschil_drempel=drempel,
        pad=bestand)


def _antwoorden(lz: _Lezer, antw: dict[str, Any], ids: set[str], smin: int, smax: int,
                pad: str) -> dict[str, int]:
    uit: dict[str, int] = {}
    for k, w in antw.items():
        if k not in ids:
            raise lz.fout(f"{pad}.{k}", "onbekende vraag")
        if isinstance(w, bool) or not isinstance(w, int) or not smin <= w <= smax:
            raise lz.fout(f"{pad}.{k}", f"antwoord moet een geheel getal van {smin} tot {smax} zijn, niet {w!r}")
        uit[str(k)] = w
    return uit


def model_pad() -> Path:
    """The model file in use: ``REGIEKAMER_REGIEMODEL`` when set, else the packaged one."""
    return Path(os.environ.get(OMGEVING) or PAKKET_MODEL)


def laad_model(pad: str | Path | None = None) -> Transitiemodel:
    """The model from ``pad``, or from :func:`model_pad` (cached per path and modification time)."""
    p = Path(pad) if pad is not None else model_pad()
    try:
        mtime = p.stat().st_mtime
    except OSError as e:
        raise ModelFout(f"{p}: kan het bestand niet lezen ({e.strerror})") from None
    return _laad(str(p.resolve()), mtime)


@cache
def _laad(pad: str, mtime: float) -> Transitiemodel:
    del mtime
    return lees_model(pad)
