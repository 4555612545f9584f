"""Working days (werkdagen) for the deadlines of iJw/iWmo 3.2, as a calendar table any Ibis engine can join.

A werkdag is Monday to Friday except the recognised public holidays (Begrippenlijst Jw en Wmo, "werkdag":
"maandag tot en met vrijdag, met uitzondering van erkende feestdagen"). The recognised holidays are those of the
Algemene termijnenwet, art. 3 lid 1: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, the day the
King's birthday is celebrated (Koningsdag), 5 mei (every year, not only in lustrum years) and both Kerstdagen.
Goede Vrijdag is only *equated* with them for the Atw's own termijnen (art. 3 lid 2), so it is a working day here
unless ``goede_vrijdag=True``; days equated by royal decree (art. 3 lid 3, e.g. the Friday after Hemelvaart) can be
passed as ``extra``.

Counting convention (docs/methoden-statistiek.md): ``werkdagen(van, tot)`` is the number of working days ``d`` with
``van < d <= tot``, so the day of receipt is day 0 and "binnen drie werkdagen na ontvangst" means ``<= 3``. A
message received on a non-working day is thereby counted from the next working day: received on Saturday, the
first working day after it (Monday) is day 1.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import holidays
import ibis
import ibis.expr.types as ir
import pyarrow as pa

KALENDER_VAN = dt.date(1970, 1, 1)  # long-running Wmo provisions carry old dates; the calendar costs little
KALENDER_TOT = dt.date(2050, 12, 31)


def pasen(jaar: int) -> dt.date:
    """Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    maand, dag = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(jaar, maand, dag + 1)


KALENDER_SCHEMA = pa.schema(
    [  # type: ignore[arg-type]  # pyarrow-stubs: pa.field(...) is typed as object
        pa.field("datum", pa.date32(), nullable=False),
        pa.field("werkdag", pa.bool_(), nullable=False),
        pa.field("werkdag_index", pa.int64(), nullable=False),
        pa.field("feestdag", pa.string()),
    ]
)


def feestdagen(
    jaren: Iterable[int], *, goede_vrijdag: bool = False, extra: Iterable[dt.date] = ()
) -> dict[dt.date, str]:
    """The recognised public holidays (Algemene termijnenwet art. 3 lid 1) in ``jaren``, with their Dutch name.

    Built on the ``holidays`` package for the moveable feasts and the Koningsdag rule (27 April, the 26th when the
    27th is a Sunday), corrected to the Atw: ``holidays`` lists Goede Vrijdag and lists 5 mei only in lustrum
    years; the Atw is the other way round.
    """
    jaren = sorted(set(jaren))
    nl = holidays.country_holidays("NL", years=jaren, language="nl")
    # Eerste Paasdag and Eerste Pinksterdag are not in the Atw list (Sundays anyway)
    zondagen = {pasen(j) + dt.timedelta(days=n) for j in jaren for n in (0, 49)}
    uit = {dag: str(naam) for dag, naam in nl.items() if dag not in zondagen}
    for jaar in jaren:
        vrijdag = pasen(jaar) - dt.timedelta(days=2)
        if goede_vrijdag:
            uit[vrijdag] = "Goede Vrijdag"
        else:
            uit.pop(vrijdag, None)
        uit[dt.date(jaar, 5, 5)] = "Bevrijdingsdag"
    for dag in extra:
        if dag.year in jaren:
            uit.setdefault(dag, "gelijkgestelde dag")
    return dict(sorted(uit.items()))


def kalender(
    van: dt.date = KALENDER_VAN,
    tot: dt.date = KALENDER_TOT,
    *,
    goede_vrijdag: bool = False,
    extra: Iterable[dt.date] = (),
) -> pa.Table:
    """One row per day from ``van`` to ``tot``: ``datum``, ``werkdag``, ``werkdag_index`` (the number of working
    days from ``van`` up to and including ``datum``) and ``feestdag`` (the holiday's name, else null)."""
    return _kalender(van, tot, goede_vrijdag, tuple(sorted(set(extra))))


@functools.lru_cache(maxsize=8)
def _kalender(van: dt.date, tot: dt.date, goede_vrijdag: bool, extra: tuple[dt.date, ...]) -> pa.Table:
    # cached: a pyarrow table is immutable, and every deadline query joins the same calendar
    if tot < van:
        raise ValueError(f"kalender: tot ({tot}) ligt voor van ({van})")
    vrij = feestdagen(range(van.year, tot.year + 1), goede_vrijdag=goede_vrijdag, extra=extra)
    datums: list[dt.date] = []
    werkdag: list[bool] = []
    index: list[int] = []
    naam: list[str | None] = []
    n = 0
    dag = van
    while dag <= tot:
        w = dag.weekday() < 5 and dag not in vrij
        n += w
        datums.append(dag)
        werkdag.append(w)
        index.append(n)
        naam.append(vrij.get(dag))
        dag += dt.timedelta(days=1)
    return pa.table(
        {"datum": datums, "werkdag": werkdag, "werkdag_index": index, "feestdag": naam},
        schema=KALENDER_SCHEMA,
    )


def kalender_tabel(
    van: dt.date = KALENDER_VAN,
    tot: dt.date = KALENDER_TOT,
    *,
    goede_vrijdag: bool = False,
    extra: Iterable[dt.date] = (),
) -> ir.Table:
    """:func:`kalender` as an Ibis in-memory table: joinable with tables of any backend (Ibis registers it there)."""
    return ibis.memtable(kalender(van, tot, goede_vrijdag=goede_vrijdag, extra=extra))


def werkdagen_tussen(
    t: ir.Table,
    van_kolom: str,
    tot_kolom: str,
    kalender_tabel: ir.Table,
    *,
    naam: str = "werkdagen",
) -> ir.Table:
    """``t`` with a column ``naam``: the working days ``d`` with ``van < d <= tot`` (negative when ``tot`` lies
    before ``van``; null when either date is null or outside the calendar).

    Portable: both dates are joined to the calendar and the running working-day indices subtracted, so no engine
    needs a working-day function of its own. The calendar is unique per ``datum``, so the joins keep every row of
    ``t`` exactly once.
    """
    # column names carry ``naam``, so two calls on one table join two distinct copies of the calendar
    vd, vi, td, ti = (f"_{naam}_{x}" for x in ("van_datum", "van_index", "tot_datum", "tot_index"))
    van = kalender_tabel.select(**{vd: "datum", vi: "werkdag_index"})
    tot = kalender_tabel.select(**{td: "datum", ti: "werkdag_index"})
    kolommen = t.columns
    joined = t.left_join(van, t[van_kolom] == van[vd])
    joined = joined.left_join(tot, joined[tot_kolom] == tot[td])
    return joined.select(*kolommen, **{naam: joined[ti] - joined[vi]})
