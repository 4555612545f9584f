"""Compute indicators from the catalogue for a period, split by the breakdowns the user asks for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa

from regiekamer.indicatoren.bronnen import UITSPLITSINGEN, Bronnen
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID, Indicator
from regiekamer.indicatoren.periode import Granulariteit, Periode

UITVOER_KOLOMMEN = ("indicator", "periode", "periode_van", "periode_tot")
WAARDE_KOLOMMEN = ("waarde", "teller", "noemer")


@dataclass
class Resultaat:
    """The long table of figures plus the indicators left out because they do not support a breakdown."""

    tabel: pd.DataFrame
    overgeslagen: dict[str, str] = field(default_factory=dict)

    def arrow(self) -> pa.Table:
        """The same table as Arrow (for Polars, DuckDB, R's arrow package)."""
        return pa.Table.from_pandas(self.tabel, preserve_index=False)


def kies(ids: Iterable[str] | None) -> list[Indicator]:
    """The indicators by id (all when ``ids`` is None); an unknown id is an error that lists the known ones."""
    if ids is None:
        return list(INDICATOREN)
    gekozen = []
    for i in ids:
        if i not in PER_ID:
            raise KeyError(f"onbekende indicator {i!r}; bekend: {', '.join(PER_ID)}")
        gekozen.append(PER_ID[i])
    return gekozen


def _per_periode(ind: Indicator, b: Bronnen, perioden: list[Periode], groep: list[str]) -> pd.DataFrame:
    """``ind`` for every period as one query: the periods' expressions in one UNION ALL, each tagged with its
    position, so that the engine runs and plans them together (one round trip instead of one per month)."""
    delen = [ind.bereken(b, p, groep).mutate(_periode=ibis.literal(i, type="int32")) for i, p in enumerate(perioden)]
    df: pd.DataFrame = (delen[0] if len(delen) == 1 else ibis.union(*delen, distinct=False)).to_pandas()
    pos = df.pop("_periode").to_numpy()
    df.insert(0, "periode_tot", [perioden[i].tot for i in pos])
    df.insert(0, "periode_van", [perioden[i].van for i in pos])
    df.insert(0, "periode", [perioden[i].label for i in pos])
    df.insert(0, "indicator", ind.id)
    return df


def controleer_uitsplitsingen(by: Sequence[str]) -> None:
    onbekend = [b for b in by if b not in UITSPLITSINGEN]
    if onbekend:
        raise ValueError(
            f"onbekende uitsplitsing {', '.join(onbekend)}; mogelijk: {', '.join(UITSPLITSINGEN)}"
        )


def bereken(
    bron: Bronnen | Any,
    periode: Periode,
    *,
    indicatoren: Iterable[str] | None = None,
    by: Sequence[str] = (),
    per: Granulariteit | None = None,
) -> Resultaat:
    """Every chosen indicator for ``periode`` (or each month/quarter/year of it with ``per``), grouped by ``by``.

    ``bron`` is a :class:`Bronnen` or an Ibis backend over the store. The result is one long table:
    indicator, periode, periode_van, periode_tot, the breakdown columns, extra columns (e.g. reden_beeindiging),
    waarde, teller, noemer. Indicators that do not support a requested breakdown are left out and named in
    ``overgeslagen``; when they were asked for by id, that is an error.
    """
    b = bron if isinstance(bron, Bronnen) else Bronnen(bron)
    by = [c for c in dict.fromkeys(by)]
    controleer_uitsplitsingen(by)
    expliciet = indicatoren is not None
    gekozen = kies(indicatoren)
    groep = [c for c in by if c != "periode"]
    perioden = periode.deel(per) if per else [periode]

    overgeslagen: dict[str, str] = {}
    delen: list[pd.DataFrame] = []
    for ind in gekozen:
        niet = [c for c in by if c not in ind.uitsplitsingen]
        if niet:
            reden = f"geen uitsplitsing naar {', '.join(niet)}"
            if expliciet:
                raise ValueError(f"indicator {ind.id}: {reden}")
            overgeslagen[ind.id] = reden
            continue
        delen.append(_per_periode(ind, b, perioden, groep))
    extra = [c for ind in gekozen for c in ind.extra_kolommen if ind.id not in overgeslagen]
    kolommen = [*UITVOER_KOLOMMEN, *groep, *dict.fromkeys(extra), *WAARDE_KOLOMMEN]
    if not delen:
        return Resultaat(pd.DataFrame(columns=kolommen), overgeslagen)
    tabel = pd.concat(delen, ignore_index=True).reindex(columns=kolommen)
    tabel["teller"] = tabel["teller"].astype("Int64")
    tabel["noemer"] = tabel["noemer"].astype("Int64")
    tabel["waarde"] = tabel["waarde"].astype("float64")
    sorteer = [c for c in kolommen if c not in WAARDE_KOLOMMEN]
    tabel = tabel.sort_values(sorteer, kind="stable", na_position="last").reset_index(drop=True)
    return Resultaat(tabel, overgeslagen)
