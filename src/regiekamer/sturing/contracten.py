"""Contracten: per aanbieder the contracted tariffs, period, budget ceiling and KPIs linked to the ambitions, and
the figures a contract manager and the aanbieder look at together (docs/sturing.md, "Contracten").

:func:`contract_cijfers` answers, for one contract and period, within the user's scope:

- each KPI: the aanbieder's value with its 95 % interval, the value for all aanbieders in the same scope (the
  region or gemeente), the norm and whether it is met (``None`` when the value is not known);
- spending: what was paid to the aanbieder under the contract's scope in the period, against the budget ceiling
  (pro rata for a period shorter than the contract's);
- dependency both ways: the aanbieder's share of what the gemeente (or region) paid, and the gemeente's (region's)
  share of the aanbieder's paid turnover in the whole store;
- declared against contracted tariffs, per productcode: declared volume and amount (credits subtracted), the
  mean declared tariff, the contracted tariff, and the amount declared above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from regiekamer.cijfers import BuitenBereik, Cijfers, Rol, Scope, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.indicatoren.periode import Periode
from regiekamer.sturing.lezen import SturingFout, datum, getal, laad_lijst, lijst, lijst_yaml, tabel, tekst
from regiekamer.sturing.voortgang import interval

Richting = Literal["hoger", "lager"]


@dataclass(frozen=True)
class Tarief:
    productcode: str
    tarief: int
    """Eurocent per unit, as declared in the 303 (Tarief)."""


@dataclass(frozen=True)
class KPI:
    indicator: str
    norm: float
    richting: Richting
    """``hoger``: the norm is a minimum; ``lager``: a maximum."""
    ambitie: str | None = None
    """The id of the ambition this KPI serves (docs/sturing.md, Ambities)."""


@dataclass(frozen=True)
class Contract:
    id: str
    aanbieder: str
    naam: str
    van: dt.date
    tot: dt.date
    gemeente: str | None = None
    regio: str | None = None
    wet: str | None = None
    budgetplafond: int | None = None
    """Eurocent over the whole contract period."""
    tarieven: tuple[Tarief, ...] = ()
    kpis: tuple[KPI, ...] = ()

    def als_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "aanbieder": self.aanbieder, "naam": self.naam,
                             "van": self.van.isoformat(), "tot": self.tot.isoformat()}
        for k in ("gemeente", "regio", "wet", "budgetplafond"):
            if (v := getattr(self, k)) is not None:
                d[k] = v
        d["tarieven"] = [{"productcode": t.productcode, "tarief": t.tarief} for t in self.tarieven]
        d["kpis"] = [{k: v for k, v in (("indicator", x.indicator), ("norm", x.norm), ("richting", x.richting),
                                        ("ambitie", x.ambitie)) if v is not None} for x in self.kpis]
        return d


_SLEUTELS = {"id", "aanbieder", "naam", "van", "tot", "gemeente", "regio", "wet", "budgetplafond", "tarieven", "kpis"}


def contract_uit(v: Any, pad: str = "contract") -> Contract:
    m = tabel(v, pad, _SLEUTELS, ("id", "aanbieder", "naam", "van", "tot"))
    cid = tekst(m["id"], f"{pad}.id")
    agb = tekst(m["aanbieder"], f"{pad}.aanbieder")
    if not (agb.isdigit() and len(agb) == 8):
        raise SturingFout(f"{pad}.aanbieder", f"{agb!r} is geen AGB-code (8 cijfers)")
    van, tot = datum(m["van"], f"{pad}.van"), datum(m["tot"], f"{pad}.tot")
    if tot < van:
        raise SturingFout(f"{pad}.tot", f"{tot} ligt vóór het begin {van}")
    gemeente = tekst(m["gemeente"], f"{pad}.gemeente") if m.get("gemeente") is not None else None
    regio = tekst(m["regio"], f"{pad}.regio") if m.get("regio") is not None else None
    if not (gemeente or regio):
        raise SturingFout(pad, "noem de gemeente (CBS-code) of regio die het contract sluit")
    if gemeente and not (gemeente.isdigit() and len(gemeente) == 4):
        raise SturingFout(f"{pad}.gemeente", f"{gemeente!r} is geen CBS-gemeentecode (4 cijfers)")
    wet = tekst(m["wet"], f"{pad}.wet") if m.get("wet") is not None else None
    if wet not in (None, "jw", "wmo"):
        raise SturingFout(f"{pad}.wet", f"{wet!r}: jw of wmo")
    plafond = None
    if m.get("budgetplafond") is not None:
        plafond = round(getal(m["budgetplafond"], f"{pad}.budgetplafond"))
        if plafond < 0:
            raise SturingFout(f"{pad}.budgetplafond", "een plafond is niet negatief (eurocent)")
    tarieven = []
    for i, t in enumerate(lijst(m.get("tarieven"), f"{pad}.tarieven")):
        tp = f"{pad}.tarieven[{i}]"
        tm = tabel(t, tp, {"productcode", "tarief"}, ("productcode", "tarief"))
        bedrag = getal(tm["tarief"], f"{tp}.tarief")
        if bedrag < 0 or bedrag != int(bedrag):
            raise SturingFout(f"{tp}.tarief", "een tarief is een heel, niet-negatief aantal eurocent")
        tarieven.append(Tarief(tekst(tm["productcode"], f"{tp}.productcode"), int(bedrag)))
    codes = [t.productcode for t in tarieven]
    if len(set(codes)) != len(codes):
        raise SturingFout(f"{pad}.tarieven", "een productcode staat er twee keer in")
    kpis = []
    for i, k in enumerate(lijst(m.get("kpis"), f"{pad}.kpis")):
        kp = f"{pad}.kpis[{i}]"
        km = tabel(k, kp, {"indicator", "norm", "richting", "ambitie"}, ("indicator", "norm"))
        ind = tekst(km["indicator"], f"{kp}.indicator")
        if ind not in PER_ID or PER_ID[ind].extra_kolommen:
            raise SturingFout(f"{kp}.indicator", f"onbekende indicator {ind!r} (zie regiekamer indicators --list)")
        standaard = "lager" if PER_ID[ind].beter == "lager" else "hoger"
        richting = tekst(km.get("richting") or standaard, f"{kp}.richting")
        if richting not in ("hoger", "lager"):
            raise SturingFout(f"{kp}.richting", f"{richting!r}: hoger (norm is een minimum) of lager (een maximum)")
        amb = tekst(km["ambitie"], f"{kp}.ambitie") if km.get("ambitie") is not None else None
        kpis.append(KPI(ind, getal(km["norm"], f"{kp}.norm"), "hoger" if richting == "hoger" else "lager", amb))
    return Contract(cid, agb, tekst(m["naam"], f"{pad}.naam"), van, tot, gemeente, regio, wet, plafond,
                    tuple(tarieven), tuple(kpis))


def laad_contracten(bron: str | Path) -> list[Contract]:
    """Contracts from YAML text or a file: a top-level ``contracten:`` list (ids unique)."""
    return laad_lijst(bron, "contracten", contract_uit)


def contracten_yaml(contracten: Iterable[Contract]) -> str:
    return lijst_yaml("contracten", contracten)


# --- the figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractCijfers:
    contract: Contract
    periode: Periode
    kpis: pd.DataFrame
    """indicator, naam, eenheid, norm, richting, ambitie, waarde, onder, boven, vergelijking, gehaald."""
    betaald: int
    plafond_periode: int | None
    """The budget ceiling pro rata for the days of the period that fall in the contract."""
    aandeel_uitgaven: float | None
    """The aanbieder's share of what the gemeente (region) paid all aanbieders in the period."""
    aandeel_omzet: float | None
    """The gemeente's (region's) share of the aanbieder's paid turnover in the whole store in the period."""
    tarieven: pd.DataFrame
    """productcode, volume, gedeclareerd, gemiddeld_tarief, contracttarief, boven_contract, regels."""
    opmerkingen: tuple[str, ...] = field(default=())


def mag_zien(scope: Scope, c: Contract) -> None:
    """:class:`BuitenBereik` unless the contract belongs to the user's organisation: the gemeente that signed it
    (or, for a regio-analist, any in its region), or the aanbieder it is with."""
    if scope.rol == Rol.BEHEERDER:
        raise BuitenBereik("de rol beheerder ziet geen contracten")
    if scope.rol == Rol.AANBIEDER and c.aanbieder != scope.aanbieder:
        raise BuitenBereik("dit contract is met een andere aanbieder")
    if scope.rol == Rol.GEMEENTE and c.gemeente != scope.gemeente:
        raise BuitenBereik(f"dit contract is niet van gemeente {scope.gemeente}")
    if scope.rol == Rol.REGIO and c.regio not in (None, scope.regio):
        raise BuitenBereik(f"dit contract is niet van regio {scope.regio}")
    if scope.rol == Rol.REGIO and c.gemeente is not None:
        from regiekamer.codelijsten import gemeente as gemeente_info

        g = gemeente_info(c.gemeente)
        if g is None or g.jeugdregio != scope.regio:
            raise BuitenBereik(f"gemeente {c.gemeente} ligt niet in regio {scope.regio}")


def _binnen(p: Periode, c: Contract) -> int:
    """Days of ``p`` that fall within the contract."""
    return max(0, (min(p.tot, c.tot) - max(p.van, c.van)).days + 1)


def contract_cijfers(cijfers: Cijfers, scope: Scope, c: Contract, periode: Periode) -> ContractCijfers:
    mag_zien(scope, c)
    basis = Selectie(wet=c.wet, gemeente=c.gemeente)
    eigen = Selectie(wet=c.wet, gemeente=c.gemeente, aanbieder=c.aanbieder)
    opmerkingen: list[str] = []
    if _binnen(periode, c) < periode.dagen:
        opmerkingen.append(f"de periode {periode.label} valt niet helemaal binnen het contract "
                           f"({c.van} tot en met {c.tot})")

    rijen = []
    ids = [k.indicator for k in c.kpis]
    w_eigen: dict[str, Any] = {}
    w_alle: dict[str, Any] = {}
    if ids:
        w_eigen = {r["indicator"]: r for r in cijfers.indicatoren(scope, eigen, periode, ids).to_dict("records")}
        w_alle = {r["indicator"]: r for r in cijfers.indicatoren(scope, basis, periode, ids).to_dict("records")}
    for k in c.kpis:
        ind = PER_ID[k.indicator]
        r = w_eigen.get(k.indicator)
        waarde = float(r["waarde"]) if r is not None and pd.notna(r["waarde"]) else None
        onder, boven = interval(ind.eenheid, waarde, r["teller"], r["noemer"]) if waarde is not None and r is not None \
            else (None, None)
        alle = w_alle.get(k.indicator, {}).get("waarde")
        gehaald = None if waarde is None else (waarde >= k.norm if k.richting == "hoger" else waarde <= k.norm)
        rijen.append({"indicator": k.indicator, "naam": ind.naam, "eenheid": ind.eenheid, "norm": k.norm,
                      "richting": k.richting, "ambitie": k.ambitie, "waarde": waarde, "onder": onder,
                      "boven": boven, "vergelijking": float(alle) if alle is not None and pd.notna(alle) else None,
                      "gehaald": gehaald})
    kpis = pd.DataFrame(rijen, columns=["indicator", "naam", "eenheid", "norm", "richting", "ambitie", "waarde",
                                        "onder", "boven", "vergelijking", "gehaald"])

    d = cijfers.bron.declaraties
    d = d.filter((d.begindatum >= periode.van) & (d.begindatum <= periode.tot))
    regio = scope.regio or c.regio
    if regio:
        d = d.filter(d.regio == regio)
    if c.wet:
        d = d.filter(d.wet == c.wet)
    if c.gemeente:
        d = d.filter(d.gemeente == c.gemeente)
    per_aanbieder = d.group_by("aanbieder").aggregate(betaald=d.betaald.sum()).to_pandas()
    eigen_betaald = int(per_aanbieder.loc[per_aanbieder["aanbieder"] == c.aanbieder, "betaald"].fillna(0).sum())
    totaal = int(per_aanbieder["betaald"].fillna(0).sum())
    o = cijfers.bron.declaraties
    o = o.filter((o.begindatum >= periode.van) & (o.begindatum <= periode.tot) & (o.aanbieder == c.aanbieder))
    omzet = int(o.aggregate(n=o.betaald.sum()).to_pandas()["n"].fillna(0).iloc[0])

    plafond = None
    if c.budgetplafond is not None:
        plafond = round(c.budgetplafond * _binnen(periode, c) / ((c.tot - c.van).days + 1))

    regels = d.filter(d.aanbieder == c.aanbieder).select("productcode", "volume", "tarief", "bedrag",
                                                         "debet_credit").to_pandas()
    tarieven = _tarieven(regels, c)
    return ContractCijfers(c, periode, kpis, eigen_betaald, plafond,
                           eigen_betaald / totaal if totaal else None, eigen_betaald / omzet if omzet else None,
                           tarieven, tuple(opmerkingen))


def _tarieven(regels: pd.DataFrame, c: Contract) -> pd.DataFrame:
    """Declared against contracted tariffs per productcode; credit lines count negative."""
    kolommen = ["productcode", "volume", "gedeclareerd", "gemiddeld_tarief", "contracttarief", "boven_contract",
                "regels"]
    contract = {t.productcode: t.tarief for t in c.tarieven}
    if regels.empty:
        return pd.DataFrame(columns=kolommen)
    r = regels.copy()
    teken = r["debet_credit"].map({"C": -1}).fillna(1).astype("int64")
    r["v"] = r["volume"].fillna(0).astype("int64") * teken
    r["b"] = r["bedrag"].fillna(0).astype("int64") * teken
    r["ct"] = r["productcode"].map(contract)
    boven = (r["tarief"].astype("float64") - r["ct"]).clip(lower=0) * r["v"]
    r["boven"] = boven.where(r["ct"].notna())
    g = r.groupby("productcode", sort=True)
    uit = pd.DataFrame({
        "volume": g["v"].sum(),
        "gedeclareerd": g["b"].sum(),
        "boven_contract": g["boven"].sum(min_count=1),
        "regels": g.size(),
    }).reset_index()
    uit["gemiddeld_tarief"] = uit["gedeclareerd"] / uit["volume"].where(uit["volume"] != 0)
    uit["contracttarief"] = uit["productcode"].map(contract)
    ontbreekt = [p for p in contract if p not in set(uit["productcode"])]
    if ontbreekt:  # contracted but not declared in the period
        uit = pd.concat([uit, pd.DataFrame({"productcode": ontbreekt, "volume": 0, "gedeclareerd": 0, "regels": 0,
                                            "contracttarief": [contract[p] for p in ontbreekt]})],
                        ignore_index=True)
    return uit[kolommen].sort_values("productcode").reset_index(drop=True)
