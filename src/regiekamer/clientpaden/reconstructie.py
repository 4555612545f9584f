"""Reconstruction of allocations and deliveries from the stored messages, as engine-portable Ibis expressions.

Every function takes an Ibis backend over the store (:func:`connect`, or ``ibis.duckdb.from_connection`` on an open
store's connection; later a PySpark backend over the same tables) and returns an unexecuted table expression.
Nothing here depends on arrival order (OP080): versions are ordered by the dates inside the messages, and ties are
broken by content-derived values (the message's own Identificatie, the row position), never by ``ingest_run``.
Rows with ``afgekeurd`` (rejected message, client block or row: OP286, OP065) count as not sent and are left out.

The rules, with the standard's numbers, are in docs/reconstructie.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.tussen import gedeeld
from regiekamer.store import indeling
from regiekamer.store.service import MEMORY_ENV, open_store

DB_FILE = "regiekamer.duckdb"

TOEWIJZING_SLEUTEL = ("wet", "gemeente", "aanbieder", "toewijzingnummer")
"""An allocation: ToewijzingNummer is unique per gemeente per law (TR332); the aanbieder is kept for clarity."""

PRODUCT = ("productcategorie", "productcode")

REDEN_VERWIJDERD = "13"  # RedenWijziging 13: verwijderd, treat as never sent (CS335, TR384)
REDEN_TIJDELIJK = "20"  # RedenBeeindiging 20: tijdelijk (JZ588 and WMO588)
STATUS_NIEUW = "1"  # StatusAanlevering (COD467)
STATUS_VERWIJDEREN = "3"


ANALYSE_GEHEUGEN = "4GB"
"""DuckDB's memory limit for analysis unless ``$REGIEKAMER_DUCKDB_GEHEUGEN`` says otherwise: above it DuckDB
spills to disk, so a national refresh stays within a laptop's memory (docs/benchmarks.md)."""


def connect(data_dir: Path | str, *, geheugen: str | None = None, threads: int | None = None) -> Any:
    """A read-only Ibis DuckDB backend over the store in ``data_dir`` (the folder holding regiekamer.duckdb), with
    DuckDB's memory limited to ``geheugen`` (default ``$REGIEKAMER_DUCKDB_GEHEUGEN`` or 4GB) and, when given,
    its worker threads to ``threads`` (a web server keeps one query from taking every core)."""
    limiet = geheugen or os.environ.get(MEMORY_ENV) or ANALYSE_GEHEUGEN
    con = ibis.duckdb.connect(Path(data_dir) / DB_FILE, read_only=True)
    if not indeling.is_actueel(con.con):  # a store of an older layout is brought up to date once (store.indeling)
        con.disconnect()
        open_store(data_dir, read_only=True).close()
        con = ibis.duckdb.connect(Path(data_dir) / DB_FILE, read_only=True)
    # a SET, not a connect option: DuckDB refuses a second connection to one file with another configuration
    con.raw_sql(f"SET memory_limit = '{limiet}'")
    if threads is not None:
        con.raw_sql(f"SET threads = {int(threads)}")
    return con


BERICHTTYPE_VAN: dict[str, str] = {
    "toewijzing": "301",
    "start_product": "305",
    "stop_product": "307",
    "aangevraagd_product": "315",
    "verzoek": "317",
    "verzoek_product": "317",
    "antwoord": "319",
    "declaratie": "323",
    "prestatie": "323",
    "declaratie_antwoord": "325",
    "afgewezen_prestatie": "325",
}
"""The one message type whose rows each product-level table holds (berichten.parser, ingest STORE_TABLE)."""


def berichtkop(con: Any, berichttype: str | None = None) -> ir.Table:
    """Per message what its rows need: ``bericht_id, wet, gemeente, aanbieder, dagtekening`` and its own
    Identificatie as ``bericht_identificatie`` (the content-derived tie-break: never arrival order, OP080); only
    the messages of ``berichttype`` when given (a join then probes those instead of the whole message log)."""
    bericht = con.table("bericht")
    if berichttype is not None:
        bericht = bericht.filter(bericht.berichttype == berichttype)
    return bericht.select(
        "bericht_id",
        "wet",
        "gemeente",
        "aanbieder",
        "dagtekening",
        bericht_identificatie="eigen_identificatie",
    )


def _rows(con: Any, table: str, *columns: str, client: bool = True) -> ir.Table:
    """The accepted rows of a product-level table with their message's wet, gemeente, aanbieder and dates, and the
    client pseudonym of their client block, which the ingest writes on each row (``client=False``: without it, for
    callers that do not need it)."""
    rows = con.table(table).filter(ibis._.afgekeurd == False)  # noqa: E712 (an Ibis expression)
    # the rows of a table come from one message type only: joining those messages alone gives the same rows
    bericht = berichtkop(con, BERICHTTYPE_VAN.get(table))
    joined = rows.join(bericht, "bericht_id")
    return joined.select(
        "wet",
        "gemeente",
        "aanbieder",
        *(["client"] if client else []),
        "bericht_id",
        "dagtekening",
        "bericht_identificatie",
        "rij",
        *columns,
    )


def toewijzingen(con: Any, *, met_verwijderd: bool = False) -> ir.Table:
    """The current version of every allocation (ToegewezenProduct), one row per (wet, gemeente, aanbieder,
    toewijzingnummer).

    Current = the version with the latest Toewijzingsdatum + Toewijzingstijd (OP033x1, IV013), never the last to
    arrive (OP080); a 301 is a snapshot (OP087), so an allocation missing from a later 301 is not ended. An
    allocation whose current version has RedenWijziging 13 was deleted and counts as never sent (CS335, TR384):
    left out, or kept with ``verwijderd = true`` when ``met_verwijderd``.
    """
    # the live allocations are the full set less the deleted ones: when the steps are shared (clientpaden.tussen),
    # both variants read one materialised computation of the versions
    alle = _alle_toewijzingen(con)
    return alle if met_verwijderd else alle.filter(~alle.verwijderd)


@gedeeld
def _alle_toewijzingen(con: Any) -> ir.Table:
    """:func:`toewijzingen` with the deleted ones (``verwijderd``)."""
    tp = _rows(
        con,
        "toewijzing",
        "toewijzingnummer",
        "referentie_aanbieder",
        *PRODUCT,
        "toewijzingsdatum",
        "toewijzingstijd",
        "ingangsdatum",
        "einddatum",
        "reden_wijziging",
        "volume",
        "eenheid",
        "frequentie",
        "budget",
    )
    if tp.toewijzingstijd.type().is_time():
        # Spark has no TIME type, so its Parquet export carries the ISO text HH:MM:SS (docs/motoren.md); DuckDB
        # casts its TIME to that same text, so both engines order, count and return the same values
        tp = tp.mutate(toewijzingstijd=tp.toewijzingstijd.cast("string"))
    sleutel = list(TOEWIJZING_SLEUTEL)
    # The versions of an allocation in one total order (bericht_id and rij are unique per row): Toewijzingsdatum
    # + Toewijzingstijd, then — for a resend of the same version, which keeps datum/tijd (IV013) and normally its
    # content, should two differ anyway — the most recently dated message, then its own id; never arrival order.
    # The current version is the row with the largest key, the first version (whose ReferentieAanbieder answered
    # the request: VOT 315 or VOW 317, TR355/TR379) the row with the smallest; a later version may carry another
    # reference (an honoured VOW for an extension) or none (the gemeente's own change). Both come from
    # argmax/argmin inside the one grouping, each over a struct of the columns wanted (a struct is never null, so
    # a null reference is returned as it is). A row_number and a last-value window over the versions sorted
    # newest first did this before, with a grouping and a join beside them (docs/benchmarks.md, issue 4).
    volgorde = ibis.struct(
        {
            "datum": tp.toewijzingsdatum,  # required (parser), as are the others
            "tijd": tp.toewijzingstijd,
            "dagtekening": tp.dagtekening,
            "identificatie": tp.bericht_identificatie,
            "bericht": tp.bericht_id,
            "rij": tp.rij,
        }
    )
    velden = [
        "client",
        *PRODUCT,
        "ingangsdatum",
        "einddatum",
        "volume",
        "eenheid",
        "frequentie",
        "budget",
        "reden_wijziging",
        "toewijzingsdatum",
        "toewijzingstijd",
    ]
    versies = tp.group_by(sleutel).aggregate(
        _huidig=ibis.struct({**{k: tp[k] for k in velden}, "referentie": tp.referentie_aanbieder}).argmax(
            volgorde
        ),
        _eerste=ibis.struct({"referentie": tp.referentie_aanbieder}).argmin(volgorde),
        eerste_toewijzingsdatum=tp.toewijzingsdatum.min(),
        aantal_versies=(
            tp.toewijzingsdatum.cast("string") + " " + tp.toewijzingstijd.cast("string")
        ).nunique(),
    )
    huidig = versies.select(
        *sleutel,
        **{k: versies._huidig[k] for k in velden},
        eerste_toewijzingsdatum=versies.eerste_toewijzingsdatum,
        aantal_versies=versies.aantal_versies,
        referentie_aanbieder=versies._eerste["referentie"],
        referentie_aanbieder_huidig=versies._huidig["referentie"],
        verwijderd=versies._huidig["reden_wijziging"].fill_null("") == REDEN_VERWIJDERD,
    )
    return huidig


def _geldig(rows: ir.Table, sleutel: list[str]) -> ir.Table:
    """The rows of a 305/307 that stand after StatusAanlevering corrections (COD467, TR063/TR074): per logical
    key the latest event in message order (Dagtekening, then the sender's own Identificatie, then the row) decides;
    a 3 removes the earlier status-1 row, a repeated 1 is a duplicate of the same row."""
    laatste = ibis.row_number().over(
        group_by=sleutel,
        order_by=[
            ibis.desc("dagtekening"),
            ibis.desc("bericht_identificatie"),
            ibis.desc("rij"),
        ],
    )
    return (
        rows.mutate(_laatste=laatste)
        .filter((ibis._._laatste == 0) & (ibis._.status_aanlevering == STATUS_NIEUW))
        .drop("_laatste")
    )


PERIODE = (*TOEWIJZING_SLEUTEL, "client", *PRODUCT, "begindatum")
"""The logical key of a 305 (Bsn, ToewijzingNummer, Product, Begindatum), which the 307 copies (TR382)."""


@gedeeld
def geldige_starts(con: Any) -> ir.Table:
    """The 305 rows that stand after StatusAanlevering corrections (COD467, TR063/TR074), one per period."""
    rows = _rows(con, "start_product", "toewijzingnummer", *PRODUCT, "begindatum", "status_aanlevering")
    return _geldig(rows, list(PERIODE))


@gedeeld
def geldige_stops(con: Any) -> ir.Table:
    """The 307 rows that stand after StatusAanlevering corrections; a period may have several (temporary, then
    definitive: TR413–415)."""
    rows = _rows(
        con,
        "stop_product",
        "toewijzingnummer",
        *PRODUCT,
        "begindatum",
        "reden_beeindiging",
        "einddatum",
        "status_aanlevering",
    )
    return _geldig(rows, [*PERIODE, "reden_beeindiging", "einddatum"])


@gedeeld
def leveringen(con: Any) -> ir.Table:
    """Delivery periods per allocation from the 305/307 traffic, plus one row per allocation that never started.

    A period is one Begindatum of a product on an allocation (the logical key of the 305, which the 307 copies
    unchanged: TR382). It is known from its start, or — when the start never arrived — from its stop
    (``start_ontvangen = false``). Its end is the stop with the latest Einddatum (a definitive stop after a
    temporary one keeps the Begindatum: TR413–415); reden 20 = temporary (``tijdelijk``), a restart is a new
    period. ``einddatum`` null = no stop received: ``lopend`` (still running, censored) unless a later period of
    the same allocation started, in which case the end is unknown (``lopend = false``, ``einddatum`` null).
    Allocations (current, not deleted) without any period have ``gestart = false`` and null dates.
    """
    allocatie = [*TOEWIJZING_SLEUTEL, "client", *PRODUCT]
    periode = list(PERIODE)
    starts = geldige_starts(con)
    stops = geldige_stops(con)

    eind = ibis.row_number().over(
        group_by=periode,
        order_by=[
            ibis.desc("einddatum"),
            ibis.asc((ibis._.reden_beeindiging == REDEN_TIJDELIJK).cast("int8")),
            ibis.asc("reden_beeindiging"),
        ],
    )
    stop = (
        stops.mutate(_eind=eind)
        .filter(ibis._._eind == 0)
        .select(*periode, "einddatum", "reden_beeindiging", stop_ontvangen=ibis.literal(True))
    )
    start = starts.select(*periode).distinct().mutate(start_ontvangen=ibis.literal(True))

    perioden = start.select(*periode).union(stop.select(*periode), distinct=True)
    perioden = perioden.left_join(start, periode).select(perioden, start.start_ontvangen)
    perioden = perioden.left_join(stop, periode).select(
        perioden, stop.einddatum, stop.reden_beeindiging, stop.stop_ontvangen
    )
    volgende = ibis._.begindatum.lead().over(group_by=allocatie, order_by="begindatum")
    perioden = perioden.mutate(_volgende=volgende).select(
        *periode,
        "einddatum",
        "reden_beeindiging",
        tijdelijk=ibis._.reden_beeindiging.fill_null("") == REDEN_TIJDELIJK,
        lopend=ibis._.einddatum.isnull() & ibis._._volgende.isnull(),
        gestart=ibis.literal(True),
        start_ontvangen=ibis._.start_ontvangen.fill_null(False),
        stop_ontvangen=ibis._.stop_ontvangen.fill_null(False),
    )

    tp = toewijzingen(con)
    gestart = perioden.select(*TOEWIJZING_SLEUTEL).distinct()
    nooit = tp.anti_join(gestart, list(TOEWIJZING_SLEUTEL)).select(
        *TOEWIJZING_SLEUTEL,
        "client",
        *PRODUCT,
        begindatum=ibis.null("date"),
        einddatum=ibis.null("date"),
        reden_beeindiging=ibis.null("string"),
        tijdelijk=ibis.literal(False),
        lopend=ibis.literal(False),
        gestart=ibis.literal(False),
        start_ontvangen=ibis.literal(False),
        stop_ontvangen=ibis.literal(False),
    )
    return perioden.union(nooit.select(*perioden.columns), distinct=False)
