"""The reconstructed tables the indicators read, each enriched with the breakdown columns (uitsplitsingen).

Every table here is an unexecuted Ibis expression over one backend, so the whole catalogue runs on DuckDB and on
Spark alike. Breakdown columns carry the same names everywhere (:data:`UITSPLITSINGEN`), so an indicator groups by
whatever the user asks for without knowing where the column came from.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

# functions by name: the package exports functions under its module names (clientpaden.declaraties …)
from regiekamer.clientpaden.declaraties import TOEGEKEND
from regiekamer.clientpaden.declaraties import declaraties as _declaraties
from regiekamer.clientpaden.paden import (
    AFSCHALING,
    GELIJKTIJDIG,
    HERAANMELDING_6M,
    HERAANMELDING_12M,
    OPSCHALING,
    REDEN_OVERSTAP,
    START,
    _clientpaden,
)
from regiekamer.clientpaden.reconstructie import TOEWIJZING_SLEUTEL, geldige_starts, geldige_stops
from regiekamer.clientpaden.reconstructie import leveringen as _leveringen
from regiekamer.clientpaden.reconstructie import toewijzingen as _toewijzingen
from regiekamer.clientpaden.termijnen import termijnen as _termijnen
from regiekamer.clientpaden.trajecten import BEEINDIGD, KETEN, OPEN_EINDE
from regiekamer.clientpaden.trajecten import trajecten as _trajecten
from regiekamer.clientpaden.tussen import Tussenresultaten
from regiekamer.clientpaden.verzoeken import verzoeken as _verzoeken
from regiekamer.codelijsten import gemeenten
from regiekamer.statistiek.werkdagen import kalender

UITSPLITSINGEN: dict[str, str] = {
    "periode": "de (deel)periode: jaar, kwartaal of maand (--per)",
    "wet": "jw (Jeugdwet) of wmo (Wmo 2015)",
    "gemeente": "CBS-gemeentecode van de toewijzende gemeente",
    "regio": "jeugdregio van die gemeente (CBS-indeling 2026)",
    "aanbieder": "AGB-code van de aanbieder",
    "productcategorie": "productcategorie (JZ020 / WMO020 via de productcode)",
    "leeftijdsklasse": "leeftijd op de begindatum van traject of prestatie, of op de verzoekdatum (Jw 0-3, 4-11, "
    "12-17, 18+; Wmo 0-17, 18-64, 65-74, 75-84, 85+); de opslag kent alleen de geboortemaand",
    "geslacht": "geslacht (COD046: 0 onbekend, 1 man, 2 vrouw)",
    "verwijzer": "verwijzer van het verzoek om toewijzing (COD327); 01 gemeentelijke toegang als er geen verzoek was",
    "postcodegebied": "postcode, 4 cijfers (uit het cliëntblok)",
}
"""Every breakdown the catalogue knows, with its meaning (Dutch: shown in --list and the docs)."""

DECLARATIE_KOLOMMEN = (
    "wet",
    "gemeente",
    "aanbieder",
    "toewijzingnummer",
    "client",
    "productcategorie",
    "productcode",
    "begindatum",
    "einddatum",
    "volume",
    "tarief",
    "bedrag",
    "debet_credit",
    "status",
    "betaald",
)
"""The columns of a declaration line the figures read (catalogue, dashboard, landscape, contracts). The source is
the largest table of a refresh (16 M lines in a national year); the other 15 columns of a line (its answer, the
credit that cancels it, the rejected amount and code) doubled its size and pushed the tables of a national refresh
out of DuckDB's memory (docs/benchmarks.md, issue 4). They stay available in ``clientpaden.declaraties``."""

TERMIJN_KOLOMMEN = (
    "wet",
    "gemeente",
    "aanbieder",
    "soort_termijn",
    "regel",
    "dagtekening_heen",
    "werkdagen",
    "termijn_werkdagen",
    "status",
    "binnen_termijn",
)
"""The columns of a deadline item the figures read; the message keys of each item (14 M in a national year) stay
available in ``clientpaden.termijnen``, as with :data:`DECLARATIE_KOLOMMEN`."""

BRONNEN = (
    "toewijzingen",
    "verzoeken",
    "trajecten",
    "overgangen",
    "heraanmeldingen",
    "_met_eerste_start",
    "termijnen",
    "declaraties",
    "uitputting",
)
"""Every materialised source of the catalogue, in the order :meth:`Bronnen.materialiseer` builds them: those that
need the shared reconstruction steps first, so that the steps can be released before the two largest tables
(deadline items, declaration lines) are built."""

_VRIJGEVEN_VOOR: dict[str, tuple[str, ...]] = {
    # the deadlines of start and stop reports need these two steps (named as the shared steps' memo names them)
    "termijnen": (geldige_starts.__qualname__, geldige_stops.__qualname__),
    # declarations and exhaustion need only other sources
    "declaraties": (),
}
"""Before building a source: release every shared step except these."""

FREQUENTIE_DAG, FREQUENTIE_WEEK, FREQUENTIE_MAAND, FREQUENTIE_TOTAAL = "1", "2", "4", "6"  # WMO757
GEEN_VERZOEK_VERWIJZER = (
    "01"  # COD327 01 Gemeente (gemeentelijke toegang): an allocation not asked for by a VOT
)


class Bronnen:
    """The sources of the indicators over one Ibis backend: built once, shared by every indicator."""

    def __init__(self, con: Any, *, gap_dagen: int = 0, cache: bool = True) -> None:
        # with cache, every reconstruction step (allocations, deliveries, trajectories, paths) is materialised
        # once and shared by all sources (clientpaden.tussen); without, each figure computes from the store
        self.con = Tussenresultaten(con) if cache and not isinstance(con, Tussenresultaten) else con
        self.gap_dagen = gap_dagen
        self.cache = cache
        self._wachtend: dict[dt.date, ir.Table] = {}
        self.sjablonen: dict[tuple[str, tuple[str, ...]], tuple[str, pa.Schema] | None] = {}
        """SQL templates of the indicators per breakdown (indicatoren.service._sjabloon)."""

    @property
    def backend(self) -> Any:
        """The Ibis backend itself, without the shared reconstruction steps around it (for engine settings and
        SQL of its own)."""
        return self.con.con if isinstance(self.con, Tussenresultaten) else self.con

    def materialiseer(self) -> dict[str, float]:
        """Build every source of the catalogue now (:data:`BRONNEN`) and release the reconstruction steps they
        were built from (deliveries, trajectory periods, raw allocations and trajectories …): the figures read
        only the sources, and the steps are about a third of what a refresh materialises; kept, they would stay
        for the life of the connection (releasing them did not measurably shorten a national refresh, whose
        sources spill by themselves: docs/benchmarks.md, issue 4). A step needed later (e.g.
        :attr:`leveringen`) is computed again. Returns the seconds per source (a shared step counts with the
        first source that needs it) and for the release (``vrijgeven``); without ``cache`` nothing is built."""
        gemeten: dict[str, float] = {}
        if not self.cache:
            return gemeten
        for naam in BRONNEN:
            if naam in _VRIJGEVEN_VOOR:
                t = time.perf_counter()
                self.vrijgeven(behalve=_VRIJGEVEN_VOOR[naam])
                gemeten["vrijgeven"] = gemeten.get("vrijgeven", 0.0) + time.perf_counter() - t
            t = time.perf_counter()
            # count: Spark persists lazily, and a step may only be released once the source is really built
            getattr(self, naam).count().execute()
            gemeten[naam] = time.perf_counter() - t
        return gemeten

    def vrijgeven(self, behalve: Collection[str] = ()) -> int:
        """Release the shared reconstruction steps (:meth:`Tussenresultaten.vrijgeven`; ``behalve``: steps to keep,
        by function name); the sources built so far stay. Returns how many tables were dropped."""
        if not isinstance(self.con, Tussenresultaten):
            return 0
        if _leveringen.__qualname__ not in behalve:
            self.__dict__.pop("leveringen", None)  # the step itself, not a source of its own
        return self.con.vrijgeven(behalve=behalve)

    # --- the reconstruction (regiekamer.clientpaden) --------------------------------------------------------

    @cached_property
    def toewijzingen(self) -> ir.Table:
        tp = _toewijzingen(self.con)
        # the verwijzer (COD327) of the request the allocation answered, by its ReferentieAanbieder (TR355)
        verwijzer = self.verzoeken.select("wet", "gemeente", "aanbieder", "referentie_aanbieder", "verwijzer")
        tp = tp.left_join(
            verwijzer,
            [
                tp.wet == verwijzer.wet,
                tp.gemeente == verwijzer.gemeente,
                tp.aanbieder == verwijzer.aanbieder,
                tp.referentie_aanbieder == verwijzer.referentie_aanbieder,
            ],
        ).select(tp, verwijzer=verwijzer.verwijzer.fill_null(GEEN_VERZOEK_VERWIJZER))
        return self._cache(self._met_client(tp, "ingangsdatum"))

    @cached_property
    def leveringen(self) -> ir.Table:
        return _leveringen(self.con)

    @cached_property
    def trajecten(self) -> ir.Table:
        """Trajectories (docs/paden.md) with the breakdown columns: age at the begindatum, the verwijzer of the
        first allocation's request, and ``eerste_van_client`` (the client's first trajectory under the law)."""
        t = _trajecten(self.con, gap_dagen=self.gap_dagen)
        tp = self.toewijzingen.select(
            "wet", "gemeente", "aanbieder", eerste_toewijzingnummer="toewijzingnummer", verwijzer="verwijzer"
        )
        t = t.left_join(tp, ["wet", "gemeente", "aanbieder", "eerste_toewijzingnummer"]).select(
            t, verwijzer=tp.verwijzer.fill_null(GEEN_VERZOEK_VERWIJZER)
        )
        # the client's first trajectory under the law: the smallest (begindatum, traject_id) per client, found by
        # one grouping and joined back (a row_number window over the clients took about twice as long on a
        # national year, docs/benchmarks.md, issue 4); traject_id is unique, so exactly one per client
        klant = ["wet", "client"]
        e = t.group_by(klant).aggregate(
            _eerste=t.traject_id.argmin(ibis.struct({"b": t.begindatum, "t": t.traject_id}))
        )
        t = t.left_join(e, [t.wet == e.wet, t.client.identical_to(e.client)]).select(
            t, eerste_van_client=(t.traject_id == e._eerste).fill_null(False)
        )
        # a start with retroactive effect (Begindatum before the Toewijzingsdatum) waited 0 days, not less
        t = t.mutate(wachtdagen=ibis.greatest(t.wachtdagen, 0))
        return self._cache(self._met_client(t, "begindatum"))

    @cached_property
    def overgangen(self) -> ir.Table:
        """The transitions of the cliëntpaden (docs/paden.md) into a trajectory after an earlier one of the same
        client that it follows (not a first start, not concurrent care), dated by the new begindatum."""
        # only the transitions are kept: the paths of every trajectory are not materialised on their own
        p = _clientpaden(self.con, gap_dagen=self.gap_dagen)
        p = p.filter(~p.overgang.isin([START, GELIJKTIJDIG]))
        t = self.trajecten.select(
            "traject_id", "verwijzer", "regio", "geslacht", "postcodegebied", "leeftijdsklasse"
        )
        p = p.join(t, "traject_id")
        return self._cache(
            p.mutate(
                datum=p.begindatum,
                opschaling=p.overgang == OPSCHALING,
                afschaling=p.overgang == AFSCHALING,
            )
        )

    @cached_property
    def heraanmeldingen(self) -> ir.Table:
        """Per end of all care of a client under one law (the islands of their trajectories; running ones never
        end), whether care started again within 183 and 365 days (paden.HERAANMELDING_6M/_12M). An end by
        overstap (38) or a temporary stop (20) is not an end of care: it is left out, as in the cliëntpaden.
        The breakdown columns are those of the trajectory that ended last."""
        volledig = self.trajecten
        # the islands from the few columns they need; the breakdown columns are joined to the ends found
        t = volledig.select(
            "wet", "client", "traject_id", "begindatum", "einddatum", "status", "reden_beeindiging"
        )
        klant = ["wet", "client"]
        volg = ["begindatum", "traject_id"]
        t = t.mutate(_eind=t.einddatum.fill_null(ibis.literal(OPEN_EINDE)))
        # the latest end of the earlier ones (the frame stops one row short: null on the first)
        eerder = t._eind.max().over(ibis.window(group_by=klant, order_by=volg, rows=(None, -1)))
        t = t.mutate(_nieuw=(eerder.isnull() | (t.begindatum > eerder + ibis.interval(days=1))).cast("int64"))
        t = t.mutate(_eiland=t._nieuw.sum().over(ibis.cumulative_window(group_by=klant, order_by=volg)))
        laatste = ibis.row_number().over(
            group_by=[*klant, "_eiland"],
            order_by=[ibis.desc("_eind"), ibis.desc("begindatum"), ibis.desc("traject_id")],
        )
        eilanden = t.mutate(_laatste=laatste)
        starts = (
            eilanden.group_by([*klant, "_eiland"])
            .aggregate(_begin=eilanden.begindatum.min())
            .mutate(_eiland=ibis._._eiland - 1)
        )
        e = eilanden.filter(eilanden._laatste == 0)
        e = e.left_join(starts, [*klant, "_eiland"]).select(e, volgende_begin=starts._begin)
        e = e.filter((e.status == BEEINDIGD) & (e.reden_beeindiging.fill_null("") != REDEN_OVERSTAP))
        e = e.select("traject_id", "volgende_begin")
        r = volledig.join(e, "traject_id").select(volledig, e.volgende_begin)  # traject_id is unique
        na = r.volgende_begin.delta(r.einddatum, unit="day")
        return self._cache(
            r.mutate(
                heraanmelding_6m=(na <= HERAANMELDING_6M).fill_null(False),
                heraanmelding_12m=(na <= HERAANMELDING_12M).fill_null(False),
            )
        )

    @cached_property
    def _eerste_start(self) -> ir.Table:
        """Per allocation its first delivered start (``_start``), for :meth:`wachtend_op` at every date."""
        lev = self.leveringen.filter(ibis._.gestart)
        return self._cache(lev.group_by(list(TOEWIJZING_SLEUTEL)).aggregate(_start=lev.begindatum.min()))

    @cached_property
    def _met_eerste_start(self) -> ir.Table:
        """The allocations with their first delivered start (``_start``, null when none): joined once, then
        filtered per date by :meth:`wachtend_op`."""
        tp = self.toewijzingen
        eerste_start = self._eerste_start
        return self._cache(
            tp.left_join(eerste_start, list(TOEWIJZING_SLEUTEL)).select(tp, eerste_start._start)
        )

    def wachtend_op(self, datum: dt.date) -> ir.Table:
        """Allocations current on ``datum`` (Toewijzingsdatum and Ingangsdatum on or before it, Einddatum not
        before it) that had not started by then, of clients without a running trajectory at that aanbieder in that
        productcategorie; ``wachtdagen`` since the first Toewijzingsdatum. Materialised once per date (see
        :meth:`wachtend_op_data`): the three wachtend_* indicators of a period share it."""
        if datum not in self._wachtend:
            self.wachtend_op_data([datum])
        return self._wachtend[datum]

    def wachtend_op_data(self, data: Iterable[dt.date]) -> None:
        """Materialise who waits on each of ``data`` at once, for :meth:`wachtend_op`: one table with the date as
        a column (``peildatum``), of which each date's rows are a filter. A month trend asks for twelve dates; built
        one by one, each date hashed the running trajectories again for its anti-join (8.0 s against 2.9 s for
        the twelve month ends of a national year, identical rows: docs/benchmarks.md, issue 4)."""
        nieuw = sorted({d for d in data if d not in self._wachtend})
        if not nieuw:
            return
        alle = self._cache(self._wachtend_op(nieuw))
        kolommen = [c for c in alle.columns if c != "peildatum"]
        for d in nieuw:
            self._wachtend[d] = alle.filter(alle.peildatum == ibis.literal(d)).select(*kolommen)

    def _wachtend_op(self, data: list[dt.date]) -> ir.Table:
        tp = self._met_eerste_start
        # a lookup table of its own per call (a memtable fails on Spark, see _opzoektabel), under a name never used
        # before on the connection: a table built from an earlier one may still read it, and Ibis would take an
        # expression over the same name for one it already materialised
        pd_ = self._opzoektabel(
            f"regiekamer_peildata_{uuid.uuid4().hex}", pa.table({"peildatum": pa.array(data, pa.date32())})
        )
        d = pd_.peildatum
        # the allocations current and not yet started on each date: a small inequality join (one row per date)
        w = tp.join(
            pd_,
            [
                tp.eerste_toewijzingsdatum <= d,
                tp.ingangsdatum <= d,
                tp.einddatum.isnull() | (tp.einddatum >= d),
                tp._start.isnull() | (tp._start > d),
            ],
        )
        t = self.trajecten
        # in care on the date at that chain; the conditions are plain comparisons, so that the anti-join is one
        # hash join on the chain (a running trajectory's open end as the largest date: the same test for every
        # date a Python date can be). No DISTINCT: an anti-join keeps the same rows whether a chain is in care
        # once or twice.
        keten = list(KETEN)
        z = t.select(*keten, _zb=t.begindatum, _ze=t.einddatum.fill_null(ibis.literal(dt.date.max)))
        w = w.anti_join(z, [*(w[k] == z[k] for k in keten), z._zb <= w.peildatum, z._ze >= w.peildatum])
        return w.mutate(wachtdagen=w.peildatum.delta(w.eerste_toewijzingsdatum, unit="day")).drop("_start")

    @cached_property
    def verzoeken(self) -> ir.Table:
        """Requests (315/317) with their answer and lead time (docs/reconstructie.md), with breakdown columns; the
        verwijzer of a VOW is that of the VOT of the allocation it asks to change (a VOW carries none)."""
        v = _verzoeken(self.con)
        v = v.mutate(verwijzer=v.verwijzer.fill_null(GEEN_VERZOEK_VERWIJZER))
        return self._cache(self._met_client(v, "verzoekdatum"))

    @cached_property
    def declaraties(self) -> ir.Table:
        """Declaration lines with what was paid (docs/reconstructie.md), with the allocation's verwijzer; only the
        columns of :data:`DECLARATIE_KOLOMMEN` (the full lines, with their answer and credit: clientpaden's
        ``declaraties``)."""
        d = _declaraties(self.con).select(*DECLARATIE_KOLOMMEN)
        tp = self.toewijzingen.select("wet", "gemeente", "aanbieder", "toewijzingnummer", "verwijzer")
        d = d.left_join(tp, ["wet", "gemeente", "aanbieder", "toewijzingnummer"]).select(
            d, verwijzer=tp.verwijzer.fill_null(GEEN_VERZOEK_VERWIJZER)
        )
        with self._joins_zoals_geschreven():
            return self._cache(self._met_client(d, "begindatum"))

    @cached_property
    def termijnen(self) -> ir.Table:
        """Every item with a deadline of the standard (retour, decision, declaration answer, start/stop report) in
        working days (docs/methoden-statistiek.md), with the gemeente's regio; open items are judged on the last
        day of the data."""
        t = _termijnen(self.con, self.kalender, peildatum=self.einde_gegevens).select(*TERMIJN_KOLOMMEN)
        r = self.regio
        t = t.left_join(r, t.gemeente == r.gemeente).select(t, regio=r.regio.fill_null("onbekend"))
        return self._cache(t)

    @cached_property
    def uitputting(self) -> ir.Table:
        """Per allocation with an Einddatum: its budget and allocated volume over the whole validity, against
        what was paid and the accepted declared volume (signed: a credit subtracts)."""
        tp = self.toewijzingen.filter(ibis._.einddatum.notnull())
        dagen = (tp.einddatum.delta(tp.ingangsdatum, unit="day") + 1).cast("float64")
        factor = ibis.cases(
            (tp.frequentie == FREQUENTIE_DAG, dagen),
            (tp.frequentie == FREQUENTIE_WEEK, dagen / 7.0),
            (tp.frequentie == FREQUENTIE_MAAND, dagen * 12.0 / 365.25),
            (tp.frequentie == FREQUENTIE_TOTAAL, 1.0),
            else_=ibis.null("float64"),
        )
        tp = tp.mutate(toegewezen_volume=(tp.volume.cast("float64") * factor).round().cast("int64"))
        d = self.declaraties.filter(ibis._.status == TOEGEKEND)
        teken = ibis.ifelse(d.debet_credit == "C", -1, 1)
        d = d.mutate(_volume=d.volume.cast("int64") * teken)
        per_tp = d.group_by(["wet", "gemeente", "aanbieder", "toewijzingnummer"]).aggregate(
            gedeclareerd_volume=d._volume.sum(), betaald=d.betaald.sum()
        )
        u = tp.left_join(per_tp, ["wet", "gemeente", "aanbieder", "toewijzingnummer"]).select(
            tp,
            gedeclareerd_volume=per_tp.gedeclareerd_volume.fill_null(0),
            betaald=per_tp.betaald.fill_null(0),
        )
        return self._cache(u)

    @cached_property
    def einde_gegevens(self) -> dt.date:
        """The last Dagtekening in the store: running care is censored here (nothing is known after it)."""
        waarde = self.con.table("bericht").dagtekening.max().execute()
        if waarde is None:
            raise ValueError("de opslag bevat geen berichten")
        return _als_datum(waarde)

    # --- client attributes ----------------------------------------------------------------------------------

    @cached_property
    def clienten(self) -> ir.Table:
        """Per (wet, gemeente, client) each attribute from the most recently dated client block that has it
        (Dagtekening, then the message's own Identificatie — never arrival order, OP080): birth month, sex,
        postcode area. Not every message type carries every attribute, so each is taken on its own."""
        client = self.con.table("client").filter(ibis._.afgekeurd == False)  # noqa: E712
        bericht = self.con.table("bericht").select(
            "bericht_id", "wet", "gemeente", "dagtekening", ident="eigen_identificatie"
        )
        c = client.join(bericht, "bericht_id")
        # the order as a struct, compared field by field (DuckDB and Spark alike): about half the time of one text
        # key built from the four on the 24 M client blocks of a national year (docs/benchmarks.md, issue 4)
        c = c.mutate(
            _volgorde=ibis.struct(
                {
                    "dagtekening": c.dagtekening,
                    "ident": c.ident,
                    "bericht_id": c.bericht_id,
                    "client_index": c.client_index,
                }
            )
        )

        def laatste(kolom: ir.Column) -> ir.Value:
            return kolom.argmax(c._volgorde, where=kolom.notnull())

        # as written, the join hashes the messages: DuckDB takes the filtered client blocks for a fifth of what
        # they are and would hash those, the larger and wider side (0.6-0.7x the time on a national year)
        with self._joins_zoals_geschreven():
            return self._cache(
                c.group_by(["wet", "gemeente", "client"]).aggregate(
                    geboortemaand=laatste(c.geboortemaand),
                    geslacht=laatste(c.geslacht).fill_null("0"),
                    postcodegebied=laatste(c.postcode4).fill_null("onbekend"),
                )
            )

    @cached_property
    def regio(self) -> ir.Table:
        rijen = pa.table(
            {
                "gemeente": [g.code for g in gemeenten()],
                "regio": [g.jeugdregio or "onbekend" for g in gemeenten()],
            }
        )
        return self._opzoektabel("regiekamer_regio", rijen)

    @cached_property
    def kalender(self) -> ir.Table:
        """The working-day calendar (docs/methoden-statistiek.md) as a table of this backend."""
        return self._opzoektabel("regiekamer_kalender", kalender())

    def _opzoektabel(self, naam: str, rijen: pa.Table) -> ir.Table:
        """A small lookup table (gemeente → regio, the calendar) created on the backend itself, as a temporary
        table: a materialised source joined with an ``ibis.memtable`` fails on Spark (the memtable is not
        registered when a cached table is built), and a temp table works on a read-only DuckDB too."""
        con = self.backend
        if con.name == "pyspark":  # Ibis has no temporary tables on Spark: a temp view of the session
            con._session.createDataFrame(rijen.to_pandas()).createOrReplaceTempView(naam)
            return con.table(naam)
        return con.create_table(naam, rijen, temp=True, overwrite=True)

    @contextmanager
    def _joins_zoals_geschreven(self) -> Iterator[None]:
        """On DuckDB, keep each join's sides as written while a source is materialised: every left join here has
        its lookup on the right, but DuckDB estimates the rows of a join on several columns far too low and would
        then hash the large side of the joins after it — the 16 M declaration lines at national scale instead of
        the allocations and clients they are enriched with (docs/benchmarks.md, issue 4); likewise it takes the
        filtered client blocks for a fifth of what they are. Only the plan changes,
        never the result; other engines (Spark) plan as they do."""
        con = self.backend
        if not self.cache or getattr(con, "name", None) != "duckdb":
            yield
            return
        vorige = con.raw_sql("SELECT current_setting('disabled_optimizers')").fetchone()[0]
        # nested (a source built while another is): the optimizer named once
        uit = ",".join(dict.fromkeys(o for o in (*vorige.split(","), "build_side_probe_side") if o))
        con.raw_sql(f"SET disabled_optimizers = '{uit}'")
        try:
            yield
        finally:
            con.raw_sql(f"SET disabled_optimizers = '{vorige}'")

    def _cache(self, t: ir.Table) -> ir.Table:
        """Materialise a source once (a temp table on DuckDB, a persisted frame on Spark): every indicator reads
        it, and recomputing the reconstruction per indicator would cost minutes at national scale."""
        return t.cache() if self.cache else t

    def _met_client(self, t: ir.Table, datum: str) -> ir.Table:
        """``t`` with regio, geslacht, postcodegebied and leeftijdsklasse (age at ``datum``) added."""
        c = self.clienten
        r = self.regio
        t = t.left_join(c, [t.wet == c.wet, t.gemeente == c.gemeente, t.client == c.client]).select(
            t, c.geboortemaand, c.geslacht, c.postcodegebied
        )
        t = t.left_join(r, t.gemeente == r.gemeente).select(t, regio=r.regio.fill_null("onbekend"))
        leeftijd = _leeftijd(t.geboortemaand, t[datum])
        return t.mutate(
            geslacht=t.geslacht.fill_null("0"),
            postcodegebied=t.postcodegebied.fill_null("onbekend"),
            leeftijdsklasse=leeftijdsklasse(t.wet, leeftijd),
        ).drop("geboortemaand")


def _leeftijd(geboortemaand: ir.DateValue, op: ir.DateValue) -> ir.IntegerValue:
    """Whole years between the birth month (the store keeps only the month: first day of it) and ``op``."""
    jaren = op.year() - geboortemaand.year()
    nog_niet_jarig = (op.month() < geboortemaand.month()).cast("int32")
    return jaren - nog_niet_jarig


def leeftijdsklasse(wet: ir.StringValue, leeftijd: ir.IntegerValue) -> ir.StringValue:
    """Age bands: Jeugdwet as CBS Jeugdzorg (0-3, 4-11, 12-17, 18+), Wmo as CBS Monitor Wmo (0-17 … 85+)."""
    jw = ibis.cases(
        (leeftijd < 4, "0-3"),
        (leeftijd < 12, "4-11"),
        (leeftijd < 18, "12-17"),
        else_="18+",
    )
    wmo = ibis.cases(
        (leeftijd < 18, "0-17"),
        (leeftijd < 65, "18-64"),
        (leeftijd < 75, "65-74"),
        (leeftijd < 85, "75-84"),
        else_="85+",
    )
    return ibis.cases((leeftijd.isnull(), "onbekend"), (wet == "jw", jw), else_=wmo)


def _als_datum(waarde: Any) -> dt.date:
    if isinstance(waarde, dt.datetime):
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    return dt.date.fromisoformat(str(waarde)[:10])
