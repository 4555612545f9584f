"""Compute indicators from the catalogue for a period, split by the breakdowns the user asks for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ibis
import ibis.expr.operations as ops
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


SJABLOON: tuple[Periode, Periode] = (
    Periode(dt.date(1791, 3, 5), dt.date(1791, 4, 17), "sjabloon"),
    Periode(dt.date(1793, 8, 11), dt.date(1793, 11, 28), "controle"),
)
"""Two made-up periods, far from any data and unlike each other in year, month, day and length: an indicator's
SQL for the first, with its dates replaced by those of the second, must be exactly its SQL for the second before
that SQL serves as a template for real periods (:func:`_sjabloon`)."""

_DATUM_SQL = re.compile(r"MAKE_DATE\(\d+, \d+, \d+\)")


def _datum_sql(d: dt.date) -> str:
    """A date literal as Ibis writes it for DuckDB."""
    return f"MAKE_DATE({d.year}, {d.month}, {d.day})"


def _vul_in(sql: str, van: Periode, naar: Periode) -> str:
    """``sql`` with the date literals of period ``van`` replaced by those of ``naar`` (others untouched)."""
    vervang = {_datum_sql(van.van): _datum_sql(naar.van), _datum_sql(van.tot): _datum_sql(naar.tot)}
    return _DATUM_SQL.sub(lambda m: vervang.get(m[0], m[0]), sql)


def _sjabloon(ind: Indicator, b: Bronnen, groep: list[str]) -> tuple[str, pa.Schema] | None:
    """The DuckDB SQL of ``ind`` for :data:`SJABLOON`'s first period and the Arrow schema of its result, when it
    is a template: its SQL depends on the period only through the period's two dates as literals. Checked, not
    assumed: the SQL for the second made-up period must be the first with those dates replaced, so a figure that
    computes with the period in Python (a month number, a date derived from the period, a table materialised per
    date) is no template and gets None, as does one that reads an in-memory table (Ibis registers those only for
    its own queries). Cached per Bronnen, indicator and breakdown."""
    sleutel = (ind.id, tuple(groep))
    if sleutel not in b.sjablonen:
        gevonden = None
        if ind.sjabloon and getattr(b.con, "name", None) == "duckdb":
            een, twee = (ind.bereken(b, p, groep) for p in SJABLOON)
            sql = str(b.con.compile(een))
            if not een.op().find(ops.InMemoryTable) and _vul_in(sql, *SJABLOON) == str(b.con.compile(twee)):
                gevonden = (sql, een.schema().to_pyarrow())
        b.sjablonen[sleutel] = gevonden
    return b.sjablonen[sleutel]


def _per_periode(ind: Indicator, b: Bronnen, perioden: list[Periode], groep: list[str]) -> pa.Table:
    """``ind`` for every period as one query, each period's rows tagged with the period.

    Several periods (the months of a trend) are one UNION ALL, so that the engine plans and runs them together.
    On DuckDB the UNION ALL is written from the indicator's SQL template (:func:`_sjabloon`), the period's dates
    filled in: building and compiling the Ibis expression of each month was most of the month phase (about 21 of
    25 s on the 10 % region, docs/benchmarks.md). Other indicators, and Spark, get one Ibis expression per
    period, as the definitions are written."""
    if ind.voorbereiden is not None:
        ind.voorbereiden(b, perioden)
    sjabloon = _sjabloon(ind, b, groep) if len(perioden) > 1 else None
    if sjabloon is not None:
        sql, schema = sjabloon
        delen = [
            f"SELECT *, CAST({i} AS INTEGER) AS _periode FROM ({_vul_in(sql, SJABLOON[0], p)})"
            for i, p in enumerate(perioden)
        ]
        # the types Ibis would give (DuckDB sums BIGINTs as HUGEINT, for one); a relation, not an execute()
        # result, whose Arrow output DuckDB 2.0 copies once more
        tabel: pa.Table = (
            b.backend.con.sql("\nUNION ALL\n".join(delen))
            .to_arrow_table()
            .cast(schema.append(pa.field("_periode", pa.int32())))
        )
    else:
        exprs = [
            ind.bereken(b, p, groep).mutate(_periode=ibis.literal(i, type="int32"))
            for i, p in enumerate(perioden)
        ]
        tabel = (exprs[0] if len(exprs) == 1 else ibis.union(*exprs, distinct=False)).to_pyarrow()
    pos = tabel.column("_periode")
    tabel = tabel.drop_columns(["_periode"])
    kop: dict[str, pa.Array[Any]] = {
        "indicator": pa.array([ind.id] * len(tabel), pa.string()),
        "periode": pa.array([p.label for p in perioden], pa.string()).take(pos),
        "periode_van": pa.array([p.van for p in perioden], pa.date32()).take(pos),
        "periode_tot": pa.array([p.tot for p in perioden], pa.date32()).take(pos),
    }
    for i, (naam, kolom) in enumerate(kop.items()):
        tabel = tabel.add_column(i, naam, kolom)
    return tabel


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
    delen: list[pa.Table] = []
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
    return Resultaat(_samen(delen, kolommen), overgeslagen)


def _samen(delen: list[pa.Table], kolommen: list[str]) -> pd.DataFrame:
    """The indicators' tables as one, in the output's column order and sorted on every column but the values
    (stable, nulls last), converted to pandas once: in Arrow, because concatenating and sorting millions of rows
    (gemeente × aanbieder nationally) as pandas objects took longer than computing them. Each table holds one
    indicator, the first sort key, so the tables are put in the order of their ids and each is sorted on the rest:
    the same order as one sort of them all, in 0.4–0.55× the time on the national gemeente × aanbieder table
    (docs/benchmarks.md, issue 4)."""
    # Arrow's sort is stable and puts nulls last, as pandas' sort_values(kind="stable") did before
    sorteer: list[tuple[str, Literal["ascending", "descending"]]] = [
        (c, "ascending") for c in kolommen if c not in WAARDE_KOLOMMEN and c != "indicator"
    ]
    gesorteerd = []
    for deel in sorted(delen, key=lambda d: d.column("indicator")[0].as_py() if len(d) else ""):
        deel = deel.select([c for c in kolommen if c in deel.column_names])
        # a column a table lacks is null on all its rows: it does not change the order
        sleutels = [(c, richting) for c, richting in sorteer if c in deel.column_names]
        gesorteerd.append(deel.take(pc.sort_indices(deel, sort_keys=sleutels)))
    t = pa.concat_tables(gesorteerd, promote_options="permissive")
    for i, c in enumerate(kolommen):
        if c not in t.column_names:
            t = t.add_column(i, c, pa.nulls(len(t), pa.string()))
    tabel = t.select(kolommen).to_pandas(types_mapper=_pandas_type)
    tabel["waarde"] = tabel["waarde"].astype("float64")
    return tabel


def _pandas_type(t: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """Counts (teller, noemer) as nullable integers straight from Arrow, not floats converted afterwards."""
    return pd.Int64Dtype() if t == pa.int64() else None
