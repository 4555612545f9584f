"""Local or regional: which functions (wet + productcategorie) the region organises together and which a
gemeente organises itself, with the YAML form it is kept and exchanged in, and the client paths that cross the
boundary (docs/landschap.md, "Lokaal of regionaal").

The YAML::

    regio: Holland-Rijnland
    regionaal:            # organised by the region for all its gemeenten
      jw: ["43", "44"]
    lokaal:               # organised by the gemeente itself (also: an exception to a regional function)
      "0484":
        jw: ["45"]

A function of a gemeente is *lokaal* when the gemeente lists it, else *regionaal* when the region lists it, else
*onbekend* (not recorded). Transitions touching an unrecorded function are not counted as crossing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import yaml

WETTEN = ("jw", "wmo")
LOKAAL, REGIONAAL, ONBEKEND = "lokaal", "regionaal", "onbekend"

Functie = tuple[str, str]
"""(wet, productcategorie)"""


class InrichtingFout(ValueError):
    """A YAML file that does not describe an inrichting; the message says what and where (in Dutch)."""


@dataclass(frozen=True)
class Inrichting:
    regio: str
    regionaal: frozenset[Functie] = frozenset()
    lokaal: dict[str, frozenset[Functie]] = field(default_factory=dict)

    def niveau(self, gemeente: str | None, wet: str, productcategorie: str | None) -> str:
        f = (wet, productcategorie or "")
        if gemeente is not None and f in self.lokaal.get(gemeente, frozenset()):
            return LOKAAL
        if f in self.regionaal:
            return REGIONAAL
        return ONBEKEND

    def als_yaml(self) -> str:
        def per_wet(fs: frozenset[Functie]) -> dict[str, list[str]]:
            return {w: sorted(c for ww, c in fs if ww == w) for w in WETTEN if any(ww == w for ww, _ in fs)}

        data: dict[str, Any] = {"regio": self.regio, "regionaal": per_wet(self.regionaal),
                                "lokaal": {g: per_wet(fs) for g, fs in sorted(self.lokaal.items()) if fs}}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    @classmethod
    def uit_yaml(cls, tekst: str, *, regio: str, gemeenten: set[str] | None = None,
                 categorieen: dict[str, set[str]] | None = None) -> Inrichting:
        """Parse and check the YAML: the regio must be ``regio``; gemeenten (when given) must belong to it;
        productcategorieën (when given, per wet) must exist. Every problem is named with its place."""
        try:
            data = yaml.safe_load(tekst)
        except yaml.YAMLError as e:
            plek = getattr(e, "problem_mark", None)
            waar = f" (regel {plek.line + 1}, kolom {plek.column + 1})" if plek is not None else ""
            raise InrichtingFout(f"geen geldige YAML{waar}: {getattr(e, 'problem', None) or e}") from None
        if not isinstance(data, dict):
            raise InrichtingFout("het bestand moet een YAML-mapping zijn met de sleutels regio, regionaal en lokaal")
        onbekend = set(data) - {"regio", "regionaal", "lokaal"}
        if onbekend:
            raise InrichtingFout(f"onbekende sleutel(s) bovenaan: {', '.join(sorted(map(str, onbekend)))} "
                                 "(toegestaan: regio, regionaal, lokaal)")
        if str(data.get("regio", "")) != regio:
            raise InrichtingFout(f"regio: het bestand is voor {data.get('regio')!r}, niet voor uw regio {regio!r}")
        fouten: list[str] = []

        def functies(waarde: Any, waar: str) -> frozenset[Functie]:
            if waarde is None:
                return frozenset()
            if not isinstance(waarde, dict):
                fouten.append(f"{waar}: verwacht per wet (jw, wmo) een lijst productcategorieën")
                return frozenset()
            uit: set[Functie] = set()
            for wet, cats in waarde.items():
                if wet not in WETTEN:
                    fouten.append(f"{waar}.{wet}: onbekende wet (jw of wmo)")
                    continue
                if not isinstance(cats, list):
                    fouten.append(f"{waar}.{wet}: verwacht een lijst productcategorieën, bijvoorbeeld [\"43\"]")
                    continue
                for i, c in enumerate(cats):
                    code = f"{c:02d}" if isinstance(c, int) else str(c)
                    if categorieen is not None and code not in categorieen.get(wet, set()):
                        fouten.append(f"{waar}.{wet}[{i}]: onbekende productcategorie {code!r} voor {wet}")
                    uit.add((wet, code))
            return frozenset(uit)

        regionaal = functies(data.get("regionaal"), "regionaal")
        lokaal: dict[str, frozenset[Functie]] = {}
        lok = data.get("lokaal") or {}
        if not isinstance(lok, dict):
            fouten.append("lokaal: verwacht per gemeentecode de functies per wet")
            lok = {}
        for g, waarde in lok.items():
            if isinstance(g, int):
                fouten.append(f"lokaal.{g}: zet de gemeentecode tussen aanhalingstekens (\"0484\"), anders leest "
                              "YAML er een getal in en verdwijnt de voorloopnul")
                continue
            code = str(g)
            if gemeenten is not None and code not in gemeenten:
                fouten.append(f"lokaal.{code}: gemeente hoort niet bij regio {regio}")
                continue
            lokaal[code] = functies(waarde, f"lokaal.{code}")
        if fouten:
            raise InrichtingFout("; ".join(fouten))
        return cls(regio, regionaal, lokaal)


def grensovergangen(overgangen: pd.DataFrame, inrichting: Inrichting) -> pd.DataFrame:
    """Per wet and crossing (``lokaal → regionaal``, ``regionaal → lokaal``) the number of transitions and of
    clients, plus the clients whose path went local → regional → local (``heen en terug``).

    ``overgangen``: one row per transition (wet, gemeente, client, van_productcategorie, productcategorie,
    datum), as :attr:`regiekamer.indicatoren.bronnen.Bronnen.overgangen`."""
    kolommen = ["wet", "grens", "overgangen", "clienten"]
    if overgangen.empty:
        return pd.DataFrame(columns=kolommen)
    o = overgangen.copy()
    o["van_niveau"] = [inrichting.niveau(g, w, c) for g, w, c in
                       zip(o["gemeente"], o["wet"], o["van_productcategorie"], strict=True)]
    o["naar_niveau"] = [inrichting.niveau(g, w, c) for g, w, c in
                        zip(o["gemeente"], o["wet"], o["productcategorie"], strict=True)]
    o = o[(o["van_niveau"] != ONBEKEND) & (o["naar_niveau"] != ONBEKEND) & (o["van_niveau"] != o["naar_niveau"])]
    o["grens"] = o["van_niveau"] + " → " + o["naar_niveau"]
    df = o.groupby(["wet", "grens"]).agg(overgangen=("client", "size"), clienten=("client", "nunique"))
    rijen = df.reset_index()
    # local → regional, later followed by regional → local for the same client and law
    heen = o[o["grens"] == f"{LOKAAL} → {REGIONAAL}"].groupby(["wet", "client"]).datum.min()
    terug = o[o["grens"] == f"{REGIONAAL} → {LOKAAL}"].groupby(["wet", "client"]).datum.max()
    beide = pd.concat([heen.rename("heen"), terug.rename("terug")], axis=1).dropna()
    beide = beide[beide["heen"] <= beide["terug"]].reset_index()
    rond = beide.groupby("wet").client.nunique()
    extra = pd.DataFrame({"wet": rond.index, "grens": f"{LOKAAL} → {REGIONAAL} → {LOKAAL}",
                          "overgangen": rond.values, "clienten": rond.values})
    return pd.concat([rijen, extra], ignore_index=True)[kolommen].sort_values(["wet", "grens"]).reset_index(
        drop=True)
