"""Prioriteren vs optimaliseren (issue 6, point 3): the gemeente's priority profile — the mix of forms of care and
target groups it wants — against the mix each aanbieder realises, and its drift over time (docs/sturing.md).

A provider optimises its own care; a gemeente has to prioritise (seed 000). The profile states the priority as
shares: per form of care (the intensity ladder of docs/paden.md: huishoudelijke hulp, ambulant, daghulp,
verblijf, and the forms outside it) and, optionally, per target group (age band). The realised mix of an
aanbieder is the share of its trajectories running in a period per form (or age band). The distance to the
profile is the total variation distance: half the sum of the absolute differences of the shares, in percentage
points — 0 when the mix equals the profile, 100 when they have nothing in common; it is the share of the
trajectories that would have to move to another form to match the profile. Drift is the change of that distance
from the first to the last period: positive moves away from the profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from regiekamer.cijfers import Cijfers, Scope, Selectie
from regiekamer.clientpaden.trajecten import VORM, vorm
from regiekamer.indicatoren.periode import Periode
from regiekamer.landschap import basis
from regiekamer.sturing.lezen import SturingFout, getal, tabel, tekst, yaml_laden

VORMEN: tuple[str, ...] = tuple(sorted({v for per_wet in VORM.values() for v in per_wet.values()}))
"""The forms of care a profile can name (docs/paden.md)."""
ALLE = "alle aanbieders"


@dataclass(frozen=True)
class Prioriteiten:
    vormen: Mapping[str, float]
    """Percent per form of care; together 100."""
    doelgroepen: Mapping[str, float] = field(default_factory=dict)
    """Percent per age band (leeftijdsklasse); together 100, or empty."""
    wet: str | None = None
    toelichting: str = ""

    def als_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"vormen": dict(self.vormen)}
        if self.doelgroepen:
            d["doelgroepen"] = dict(self.doelgroepen)
        if self.wet:
            d["wet"] = self.wet
        if self.toelichting:
            d["toelichting"] = self.toelichting
        return d


def _verdeling(v: Any, pad: str, toegestaan: Iterable[str] | None) -> dict[str, float]:
    if not isinstance(v, Mapping) or not v:
        raise SturingFout(pad, "verwacht een tabel van categorie naar percentage")
    uit = {}
    for k, x in v.items():
        naam = tekst(k, pad)
        if toegestaan is not None and naam not in toegestaan:
            raise SturingFout(f"{pad}.{naam}", f"onbekende vorm; kies uit {', '.join(toegestaan)}")
        w = getal(x, f"{pad}.{naam}")
        if w < 0:
            raise SturingFout(f"{pad}.{naam}", "een percentage is niet negatief")
        uit[naam] = w
    som = sum(uit.values())
    if abs(som - 100) > 0.5:
        raise SturingFout(pad, f"de percentages tellen op tot {som:g}, niet tot 100")
    return uit


def prioriteiten_uit(v: Any, pad: str = "prioriteiten") -> Prioriteiten:
    m = tabel(v, pad, {"vormen", "doelgroepen", "wet", "toelichting"}, ("vormen",))
    wet = tekst(m["wet"], f"{pad}.wet") if m.get("wet") is not None else None
    if wet not in (None, "jw", "wmo"):
        raise SturingFout(f"{pad}.wet", f"{wet!r}: jw of wmo")
    doel = _verdeling(m["doelgroepen"], f"{pad}.doelgroepen", None) if m.get("doelgroepen") else {}
    return Prioriteiten(_verdeling(m["vormen"], f"{pad}.vormen", VORMEN), doel, wet,
                        tekst(m.get("toelichting"), f"{pad}.toelichting", leeg=True))


def lees_prioriteiten(bron: str | Path) -> Prioriteiten:
    data = yaml_laden(bron.read_text(encoding="utf-8") if isinstance(bron, Path) else bron)
    top = tabel(data, "", {"prioriteiten"}, ("prioriteiten",))
    return prioriteiten_uit(top["prioriteiten"])


def prioriteiten_yaml(p: Prioriteiten) -> str:
    import yaml

    return yaml.safe_dump({"prioriteiten": p.als_dict()}, allow_unicode=True, sort_keys=False, width=100)


def mix(cijfers: Cijfers, scope: Scope, selectie: Selectie, perioden: Sequence[Periode],
        kenmerk: str = "vorm") -> pd.DataFrame:
    """Per aanbieder (and for all aanbieders together, ``aanbieder`` = :data:`ALLE`), period and category
    (``kenmerk``: ``vorm`` or ``leeftijdsklasse``): the trajectories running in the period and their share of the
    aanbieder's trajectories in that period, in percent. Within the user's scope; other aanbieders keep their
    neutral labels for an aanbieder user."""
    scope.controleer(selectie)
    delen = []
    for p in perioden:
        t = basis.trajecten(cijfers, scope.regio, p)
        for k in ("wet", "gemeente", "productcategorie", "leeftijdsklasse"):
            if (v := getattr(selectie, k)) is not None:
                t = t[t[k] == v]
        if t.empty:
            continue
        t = t.assign(vorm=[vorm(w, c) for w, c in zip(t["wet"], t["productcategorie"], strict=True)])
        per = t.groupby(["aanbieder", kenmerk]).size().rename("trajecten").reset_index()
        alle = t.groupby(kenmerk).size().rename("trajecten").reset_index().assign(aanbieder=ALLE)
        d = pd.concat([per, alle], ignore_index=True).rename(columns={kenmerk: "categorie"})
        d["aandeel"] = 100 * d["trajecten"] / d.groupby("aanbieder")["trajecten"].transform("sum")
        delen.append(d.assign(periode=p.label))
    if not delen:
        return pd.DataFrame(columns=["aanbieder", "periode", "categorie", "trajecten", "aandeel"])
    df = pd.concat(delen, ignore_index=True)[["aanbieder", "periode", "categorie", "trajecten", "aandeel"]]
    eigen = df[df["aanbieder"] != ALLE]
    return pd.concat([df[df["aanbieder"] == ALLE], scope.beperk(eigen)], ignore_index=True)


def afstand(m: pd.DataFrame, profiel: Mapping[str, float]) -> pd.DataFrame:
    """Per aanbieder and period the total variation distance (percentage points) between its mix and the profile,
    and the number of trajectories it rests on."""
    rijen = []
    for (a, p), g in m.groupby(["aanbieder", "periode"], sort=False):
        gerealiseerd = dict(zip(g["categorie"], g["aandeel"], strict=True))
        cats = set(gerealiseerd) | set(profiel)
        tvd = 0.5 * sum(abs(gerealiseerd.get(c, 0.0) - profiel.get(c, 0.0)) for c in cats)
        rijen.append({"aanbieder": a, "periode": p, "afstand": tvd, "trajecten": int(g["trajecten"].sum())})
    return pd.DataFrame(rijen, columns=["aanbieder", "periode", "afstand", "trajecten"])


def drift(a: pd.DataFrame, perioden: Sequence[str]) -> pd.DataFrame:
    """Per aanbieder: the distance in the first and the last period and the change (positive: away from the
    profile); aanbieders absent in either period get no drift."""
    if a.empty:
        return pd.DataFrame(columns=["aanbieder", "eerste", "laatste", "drift"])
    breed = a.pivot_table(index="aanbieder", columns="periode", values="afstand", aggfunc="first")
    eerste, laatste = perioden[0], perioden[-1]
    uit = pd.DataFrame({"aanbieder": breed.index,
                        "eerste": breed.get(eerste, pd.Series(index=breed.index, dtype=float)).to_numpy(),
                        "laatste": breed.get(laatste, pd.Series(index=breed.index, dtype=float)).to_numpy()})
    uit["drift"] = uit["laatste"] - uit["eerste"]
    return uit.sort_values(["laatste", "aanbieder"], na_position="last").reset_index(drop=True)
