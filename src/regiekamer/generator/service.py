"""Generate a synthetic region: messages on disk plus the ground truth they encode.

>>> from regiekamer.generator import GeneratorConfig, generate_region
>>> samenvatting = generate_region(Path("regio"), GeneratorConfig(seed=7, gemeenten=3, inwoners=30_000))
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import multiprocessing
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from regiekamer.codelijsten import Gemeente, gemeenten, jeugdregios
from regiekamer.generator.aanbieders import Aanbieder, maak_aanbieders, plant_enige_aanbieder, seed_voor
from regiekamer.generator.adressen import Adressen
from regiekamer.generator.berichten import FORMATEN, INDEX_KOLOMMEN, Schrijver
from regiekamer.generator.bsn import TEST_POOL, BsnUitgifte
from regiekamer.generator.config import GeneratorConfig
from regiekamer.generator.producten import PRODUCTEN
from regiekamer.generator.simulatie import (
    JEUGD_AANDEEL,
    WMO_PER_INWONER,
    Gemeentesimulatie,
    PersonenBron,
    declaraties,
    jeugdigen,
    regie_en_toewijzingsberichten,
    simuleer_jw,
    simuleer_wmo,
    waarheid,
)

BERICHTEN_SCHEMA = pa.schema(
    [pa.field(k, pa.string()) for k in INDEX_KOLOMMEN[:8]]
    + [pa.field("dagtekening", pa.date32()), pa.field("duplicaat", pa.bool_())]
)
TABELLEN = (
    "personen",
    "huishoudens",
    "trajecten",
    "toewijzingen",
    "leveringen",
    "verzoeken",
    "declaratieregels",
    "berichten",
)


@dataclass
class GenerationSummary:
    """What was generated: counts per message type, gemeenten, timing."""

    uitvoer: str
    seed: int
    gemeenten: list[str]
    inwoners: dict[str, int]
    aanbieders: int
    berichten: dict[str, int] = field(default_factory=dict)
    personen: int = 0
    trajecten: int = 0
    seconden: float = 0.0

    @property
    def aantal_berichten(self) -> int:
        return sum(self.berichten.values())


class ConfigFout(ValueError):
    """The configuration names a region or gemeenten that do not exist."""


def kies_gemeenten(cfg: GeneratorConfig) -> list[Gemeente]:
    """The gemeenten of the region (see GeneratorConfig)."""
    alle = gemeenten()
    per_code = {g.code: g for g in alle}
    if cfg.gemeentecodes:
        onbekend = [c for c in cfg.gemeentecodes if c not in per_code]
        if onbekend:
            raise ConfigFout(f"onbekende gemeentecode(s): {', '.join(onbekend)}")
        return sorted((per_code[c] for c in cfg.gemeentecodes), key=lambda g: g.code)
    regios = jeugdregios()
    if cfg.regio:
        namen = {n.lower(): n for n in regios}
        if cfg.regio.lower() not in namen:
            raise ConfigFout(f"onbekende jeugdregio: {cfg.regio!r} (kies uit: {', '.join(sorted(regios))})")
        leden = sorted(regios[namen[cfg.regio.lower()]], key=lambda g: g.code)
        return leden[: cfg.gemeenten] if cfg.gemeenten else leden
    n = cfg.gemeenten or 4
    if n >= len(alle):
        return sorted(alle, key=lambda g: g.code)
    geschikt = sorted(r for r, leden in regios.items() if len(leden) >= n)
    if geschikt:
        regio = random.Random(seed_voor(cfg.seed, "regio", n)).choice(geschikt)
        return sorted(regios[regio], key=lambda g: g.code)[:n]
    # more gemeenten than any jeugdregio: whole regions in a seeded order
    volgorde = sorted(regios)
    random.Random(seed_voor(cfg.seed, "regio", n)).shuffle(volgorde)
    uit: list[Gemeente] = []
    for r in volgorde:
        uit.extend(sorted(regios[r], key=lambda g: g.code))
        if len(uit) >= n:
            break
    return sorted(uit[:n], key=lambda g: g.code)


def verdeel_inwoners(cfg: GeneratorConfig, leden: Sequence[Gemeente]) -> dict[str, int]:
    """Spread ``cfg.inwoners`` over the gemeenten with skewed (lognormal) sizes, fixed per gemeente code."""
    gew = {g.code: math.exp(random.Random(seed_voor("grootte", g.code)).gauss(0, 0.8)) for g in leden}
    totaal = sum(gew.values())
    return {c: max(500, round(cfg.inwoners * w / totaal)) for c, w in gew.items()}


def _geschatte_personen(cfg: GeneratorConfig, inwoners: int) -> float:
    jw = inwoners * JEUGD_AANDEEL * 0.106 * (1 + 0.35 * (cfg.jaren - 1)) * 1.35 if "jw" in cfg.wetten else 0
    wmo = inwoners * WMO_PER_INWONER * (0.8 + 0.45 * cfg.jaren) * 1.15 if "wmo" in cfg.wetten else 0
    return jw + wmo


def bsn_plakken(cfg: GeneratorConfig, inwoners: dict[str, int]) -> dict[str, tuple[int, int] | None]:
    """Disjoint slices of the test pool when the whole region fits, else None (one domain per gemeente)."""
    schat = {c: _geschatte_personen(cfg, n) for c, n in inwoners.items()}
    if sum(schat.values()) > len(TEST_POOL):
        return dict.fromkeys(inwoners)
    uit: dict[str, tuple[int, int] | None] = {}
    start = 0
    totaal = sum(schat.values()) or 1.0
    for c in sorted(inwoners):
        lengte = int(len(TEST_POOL) * schat[c] / totaal)
        uit[c] = (start, lengte)
        start += lengte
    return uit


@dataclass(frozen=True)
class _Taak:
    cfg: GeneratorConfig
    gemeente: str
    inwoners: int
    plak: tuple[int, int] | None
    aanbieders: dict[str, tuple[Aanbieder, ...]]
    andere: tuple[str, ...]
    uit: str


def _gemeente(taak: _Taak) -> tuple[str, dict[str, int], int, int]:
    # a gemeente builds millions of long-lived objects: the cyclic GC would traverse them again and again
    # (≈ 5 % of the time); collect once per gemeente instead
    gc.disable()
    try:
        return _gemeente_zonder_gc(taak)
    finally:
        gc.enable()
        gc.collect()


def _gemeente_zonder_gc(taak: _Taak) -> tuple[str, dict[str, int], int, int]:
    cfg, g = taak.cfg, taak.gemeente
    uit = Path(taak.uit)
    rng = random.Random(seed_voor(cfg.seed, "personen", g))
    bron = PersonenBron(
        g,
        rng,
        BsnUitgifte(g, seed_voor(cfg.seed, "bsn", "regio" if taak.plak else g), taak.plak),
        Adressen(cfg.seed, g, taak.inwoners) if cfg.adressen else None,
    )
    schrijver = Schrijver(uit, cfg.schrijf_berichten, cfg.formaat, cfg.zip_niveau)
    rijen: dict[str, list[dict[str, Any]]] = {t: [] for t in TABELLEN}
    n_traj = 0
    clienten: dict[str, set[str]] = {"jw": set(), "wmo": set()}
    for wet in ("jw", "wmo"):
        if wet not in cfg.wetten:
            continue
        sim = Gemeentesimulatie(cfg, g, taak.inwoners, wet, taak.aanbieders[wet], bron, taak.andere)
        if wet == "jw":
            simuleer_jw(sim)
        else:
            simuleer_wmo(sim, cfg.samenloop_aandeel if "jw" in cfg.wetten else 0.0)
        regie_en_toewijzingsberichten(sim)
        declaraties(sim)
        waarheid(sim)
        n_traj += len(sim.trajecten)
        for tr in sim.trajecten:
            if tr.begindatum is not None:
                clienten[wet].add(tr.persoon.persoon_id)
        schrijver.schrijf_uitkomst(sim.uit)
        for t, r in sim.uit.rijen.items():
            rijen[t].extend(r)
    bsn_telling = Counter(p.bsn for p in bron.personen)
    per_hh: dict[str, Counter[str]] = {}
    for p in bron.personen:
        c = per_hh.setdefault(p.huishouden_id, Counter())
        c["jw"] += p.persoon_id in clienten["jw"]
        c["wmo"] += p.persoon_id in clienten["wmo"]
        rijen["personen"].append(
            {
                "persoon_id": p.persoon_id,
                "gemeente": g,
                "huishouden_id": p.huishouden_id,
                "postcodegebied": p.adres.postcodegebied if p.adres is not None else None,
                "bsn": p.bsn,
                "bsn_domein": p.bsn_domein,
                "bsn_hergebruikt": bsn_telling[p.bsn] > 1,
                "geboortedatum": p.geboortedatum,
                "geslacht": p.geslacht,
                "client_jw": p.persoon_id in clienten["jw"],
                "client_wmo": p.persoon_id in clienten["wmo"],
            }
        )
    for hid, info in bron.huishoudens.items():
        c = per_hh.get(hid, Counter())
        adres = info["adres"]
        rijen["huishoudens"].append(
            {
                "huishouden_id": hid,
                "gemeente": g,
                "postcode": adres.postcode if adres is not None else None,
                "huisnummer": adres.huisnummer if adres is not None else None,
                "huisletter": adres.huisletter if adres is not None else None,
                "postcodegebied": adres.postcodegebied if adres is not None else None,
                "grootte": max(int(info["grootte"]), c["jw"] + c["wmo"]),
                "clienten_jw": c["jw"],
                "clienten_wmo": c["wmo"],
                "samenloop": c["jw"] > 0 and c["wmo"] > 0,
            }
        )
    delen = uit / "grondwaarheid" / ".delen"
    for t, r in rijen.items():
        if t == "berichten":
            tabel = pa.Table.from_pydict(schrijver.index_kolommen(), schema=BERICHTEN_SCHEMA)
        elif r:
            tabel = pa.Table.from_pylist(r)
        else:
            continue
        if tabel.num_rows:
            (delen / t).mkdir(parents=True, exist_ok=True)
            pq.write_table(tabel, delen / t / f"{g}.parquet")
    return g, dict(schrijver.telling), len(bron.personen), n_traj


def _voeg_samen(map_: Path, doel: Path) -> None:
    delen = sorted(map_.glob("*.parquet"))
    if not delen:
        return
    schema = pa.unify_schemas([pq.read_schema(d) for d in delen], promote_options="permissive")
    with pq.ParquetWriter(doel, schema) as w:
        for d in delen:
            w.write_table(pq.read_table(d).cast(schema))


def _aanbieder_rij(a: Aanbieder) -> dict[str, Any]:
    d = asdict(a)
    d["portfolio"] = list(a.portfolio)
    d["enige_voor"] = list(a.enige_voor)
    return d


def _controleer_enige_aanbieder(config: GeneratorConfig) -> dict[str, list[str]]:
    """``config.enige_aanbieder`` per wet; a ConfigFout names an unknown law or category."""
    uit: dict[str, list[str]] = {}
    for paar in config.enige_aanbieder:
        if len(paar) != 2:
            raise ConfigFout(f"enige_aanbieder: verwacht (wet, productcategorie), niet {paar!r}")
        wet, cat = paar
        if wet not in PRODUCTEN or wet not in config.wetten:
            raise ConfigFout(
                f"enige_aanbieder: wet {wet!r} wordt niet gegenereerd (kies uit: {', '.join(config.wetten)})"
            )
        bekend = sorted({p.categorie for p in PRODUCTEN[wet]})
        if cat not in bekend:
            raise ConfigFout(
                f"enige_aanbieder: productcategorie {cat!r} komt voor {wet} niet voor (kies uit: {', '.join(bekend)})"
            )
        uit.setdefault(wet, []).append(cat)
    return uit


def generate_region(
    out: Path, config: GeneratorConfig, voortgang: Callable[[str, int, int], None] | None = None
) -> GenerationSummary:
    """Generate a region into ``out`` (created; must be empty or absent) and return a summary."""
    begin = time.perf_counter()
    out = Path(out)
    if config.formaat not in FORMATEN:
        raise ConfigFout(f"onbekend formaat {config.formaat!r} (kies uit: {', '.join(FORMATEN)})")
    if not 0 <= config.zip_niveau <= 9:
        raise ConfigFout(f"zip_niveau moet 0–9 zijn, niet {config.zip_niveau}")
    laatste = date(config.startjaar + config.jaren - 1, 12, 31)
    if laatste > date.today():
        # every message is dated on or before the last day of the period; a receiver rejects a Dagtekening in
        # the future (TR135, retourcode 8848): refuse rather than cut the last year short
        raise ConfigFout(
            f"startjaar {config.startjaar} met {config.jaren} jaar loopt tot {laatste}, in de toekomst "
            f"(vandaag {date.today()}): berichten met een Dagtekening na vandaag breken TR135; "
            f"kies een eerder startjaar of minder jaren"
        )
    if out.exists() and any(out.iterdir()):
        raise ConfigFout(f"uitvoermap is niet leeg: {out}")
    enige = _controleer_enige_aanbieder(config)
    out.mkdir(parents=True, exist_ok=True)
    leden = kies_gemeenten(config)
    inwoners = verdeel_inwoners(config, leden)
    regio_namen = sorted(jeugdregios())
    regio_inw: Counter[str] = Counter()
    for g in leden:
        regio_inw[g.jeugdregio] += inwoners[g.code]
    aanbieders: dict[str, dict[str, list[Aanbieder]]] = {}
    for wet in ("jw", "wmo"):
        per_regio: dict[str, list[Aanbieder]] = {
            r: maak_aanbieders(config.seed, wet, r, regio_namen.index(r), n)
            for r, n in sorted(regio_inw.items())
        }
        if len(regio_inw) > 1:
            per_regio[""] = maak_aanbieders(config.seed, wet, "landelijk", 99, sum(regio_inw.values()), True)
        if enige.get(wet):
            per_regio = plant_enige_aanbieder(per_regio, wet, enige[wet])
        aanbieders[wet] = per_regio
    plakken = bsn_plakken(config, inwoners)
    codes = tuple(g.code for g in gemeenten())
    taken = [
        _Taak(
            config,
            g.code,
            inwoners[g.code],
            plakken[g.code],
            {w: tuple(aanbieders[w][g.jeugdregio] + aanbieders[w].get("", [])) for w in ("jw", "wmo")},
            tuple(c for c in codes if c != g.code),
            str(out),
        )
        for g in leden
    ]
    samenvatting = GenerationSummary(
        str(out),
        config.seed,
        [g.code for g in leden],
        inwoners,
        sum(len(v) for w in aanbieders.values() for v in w.values()),
    )
    telling: Counter[str] = Counter()

    # pyarrow imports pandas on first use (≈ 1 s): do it once here, before the workers are forked
    pa.Table.from_pylist([{"_": 1}])

    gw = out / "grondwaarheid"
    samenvoegen = [(gw / ".delen" / t, gw / f"{t}.parquet") for t in TABELLEN]
    parallel = config.processen > 1 and len(taken) > 1
    with (
        multiprocessing.get_context("fork").Pool(min(config.processen, len(taken)))
        if parallel
        else contextlib.nullcontext()
    ) as pool:
        if pool is not None:
            # largest gemeenten first, results in completion order: each worker writes its own gemeente's
            # archives and ground-truth parts, so the output does not depend on the order or the process count
            grootste_eerst = sorted(taken, key=lambda t: (-t.inwoners, t.gemeente))
            resultaten: Iterator[tuple[str, dict[str, int], int, int]] = pool.imap_unordered(
                _gemeente, grootste_eerst
            )
        else:
            resultaten = map(_gemeente, taken)
        for i, (code, t, n_pers, n_traj) in enumerate(resultaten, 1):
            telling.update(t)
            samenvatting.personen += n_pers
            samenvatting.trajecten += n_traj
            if voortgang:
                voortgang(code, i, len(taken))
        # the tables are merged independently (each part in gemeente-code order): in parallel when possible
        if pool is not None:
            pool.starmap(_voeg_samen, samenvoegen)
        else:
            for map_, doel in samenvoegen:
                _voeg_samen(map_, doel)
    shutil.rmtree(gw / ".delen", ignore_errors=True)
    tabel = pa.Table.from_pylist(
        [_aanbieder_rij(a) for w in aanbieders.values() for v in w.values() for a in v]
    )
    for k in ("portfolio", "enige_voor"):  # list<string> also when every list is empty
        i = tabel.schema.get_field_index(k)
        tabel = tabel.set_column(i, k, tabel.column(k).cast(pa.list_(pa.string())))
    pq.write_table(tabel, gw / "aanbieders.parquet")
    pq.write_table(
        pa.Table.from_pylist(
            [
                {
                    "gemeente": g.code,
                    "naam": g.naam,
                    "provincie": g.provincie,
                    "jeugdregio": g.jeugdregio,
                    "inwoners": inwoners[g.code],
                    "jeugdigen": jeugdigen(inwoners[g.code]),
                    "bsn_plak_start": (plakken[g.code] or (None, None))[0],
                    "bsn_plak_lengte": (plakken[g.code] or (None, None))[1],
                }
                for g in leden
            ]
        ),
        gw / "gemeenten.parquet",
    )
    samenvatting.berichten = dict(sorted(telling.items()))
    manifest = {
        "generator": "regiekamer.generator",
        "versie": 1,
        "config": config.als_dict(),
        "gemeenten": [
            {
                "code": g.code,
                "naam": g.naam,
                "jeugdregio": g.jeugdregio,
                "inwoners": inwoners[g.code],
                "jeugdigen": jeugdigen(inwoners[g.code]),
            }
            for g in leden
        ],
        "bsn": {
            "bereik": "999900006-999999990 (elfproef)",
            "pool": len(TEST_POOL),
            "domein": "regio" if all(plakken.values()) else "gemeente",
        },
        "berichten": samenvatting.berichten,
        "aantal_berichten": samenvatting.aantal_berichten,
        "personen": samenvatting.personen,
        "trajecten": samenvatting.trajecten,
        "aanbieders": samenvatting.aanbieders,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
    samenvatting.seconden = time.perf_counter() - begin
    return samenvatting
