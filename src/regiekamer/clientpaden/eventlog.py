"""The path event log for process mining: case = client per law, events = allocations, starts and ends.

Built as an engine-portable Ibis table (:func:`eventlog`), with our own directly-follows counts and variants
(:func:`directly_follows`, :func:`varianten`: window functions, no Python loops) and exports for process-mining
tools: CSV (:func:`schrijf_csv`) and XES, IEEE 1849-2016 (:func:`schrijf_xes`), both streamed in batches.
Definitions and the formats are in docs/paden.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from regiekamer.clientpaden.reconstructie import toewijzingen
from regiekamer.clientpaden.sleutels import tekst
from regiekamer.clientpaden.trajecten import BEEINDIGD, GAP_DAGEN, LOPEND, ONDERBROKEN, trajecten, vorm_expr

KOLOMMEN = (
    "case_id",
    "activiteit",
    "tijdstip",
    "aanbieder",
    "volgnummer",
    "wet",
    "client",
    "gemeente",
    "vorm",
    "productcategorie",
    "traject_id",
    "toewijzingnummer",
    "reden_beeindiging",
)
"""Columns of the event log, in the order the CSV export writes them."""

FASE_TOEWIJZING, FASE_START, FASE_EINDE = 0, 1, 2  # the order of events on the same moment

# Short labels of RedenBeeindiging for activity names (JZ588 / WMO588; code 31 differs between the laws).
REDEN_LABEL: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "jw": {
            "02": "overlijden",
            "20": "tijdelijk",
            "31": "volgens plan",
            "32": "voortijdig door cliënt",
            "33": "voortijdig door aanbieder",
            "34": "voortijdig in overleg",
            "35": "externe oorzaak",
            "36": "door gemeente",
            "37": "wijzigingsverzoek",
            "38": "overstap",
            "39": "ander domein",
        },
        "wmo": {
            "02": "overlijden",
            "19": "volgens plan",
            "20": "tijdelijk",
            "21": "eenzijdig door cliënt",
            "22": "eenzijdig door aanbieder",
            "23": "in overeenstemming",
            "31": "verhuizing",
            "36": "door gemeente",
            "37": "wijzigingsverzoek",
            "38": "overstap",
            "39": "ander domein",
        },
    }
)
ONBEKEND = "onbekend"

PIJL = " → "
"""Separator of activities in a variant (no activity name contains it)."""

_XES_EXTENSIES = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
)
_EVENT_EXTRA = (
    "wet",
    "gemeente",
    "vorm",
    "productcategorie",
    "traject_id",
    "toewijzingnummer",
    "reden_beeindiging",
)


def _reden_label(wet: ir.StringValue, reden: ir.StringValue) -> ir.StringValue:
    sleutel = wet + ":" + reden.fill_null("")
    paren = {f"{w}:{c}": label for w, m in REDEN_LABEL.items() for c, label in m.items()}
    return sleutel.substitute(paren, else_=reden.fill_null(ONBEKEND))


def eventlog(con: Any, *, gap_dagen: int = GAP_DAGEN) -> ir.Table:
    """The path event log, one row per event:

    * ``toewijzing <vorm>`` — each current, not deleted allocation, at its first Toewijzingsdatum (00:00);
    * ``start <vorm>`` — each trajectory (:func:`~regiekamer.clientpaden.trajecten.trajecten`), at its
      begindatum (00:00);
    * ``einde <vorm> (<reden>)`` — each trajectory that is not running, at the end of its einddatum (23:59:59):
      the reason's short label (JZ588 / WMO588), ``tijdelijk`` for a trajectory that stopped temporarily
      (reden 20), ``onbekend`` when the end is known only as an upper bound. Running trajectories get no end
      event (censored).

    ``case_id`` = ``wet:client`` (the keyed pseudonym, never the BSN); ``aanbieder`` is the resource.
    ``volgnummer`` orders the events of a case: by ``tijdstip``, then toewijzing < start < einde, then content
    (activity, aanbieder, gemeente, traject_id, toewijzingnummer) — never arrival order.
    """
    tp = toewijzingen(con)
    tp_vorm = vorm_expr(tp.wet, tp.productcategorie)
    toewijzing = tp.select(
        "wet",
        "client",
        "gemeente",
        "aanbieder",
        "productcategorie",
        activiteit="toewijzing " + tp_vorm,
        tijdstip=tp.eerste_toewijzingsdatum.cast("timestamp"),
        vorm=tp_vorm,
        traject_id=ibis.null("string"),
        toewijzingnummer=tp.toewijzingnummer.cast("int64"),
        reden_beeindiging=ibis.null("string"),
        _fase=ibis.literal(FASE_TOEWIJZING, "int8"),
    )
    t = trajecten(con, gap_dagen=gap_dagen)
    gemeenschappelijk = ("wet", "client", "gemeente", "aanbieder", "productcategorie")
    start = t.select(
        *gemeenschappelijk,
        activiteit="start " + t.vorm,
        tijdstip=t.begindatum.cast("timestamp"),
        vorm=t.vorm,
        traject_id=t.traject_id,
        toewijzingnummer=t.eerste_toewijzingnummer.cast("int64"),
        reden_beeindiging=ibis.null("string"),
        _fase=ibis.literal(FASE_START, "int8"),
    )
    klaar = t.filter(t.status != LOPEND)
    label = ibis.cases(
        (klaar.status == ONDERBROKEN, ibis.literal(REDEN_LABEL["jw"]["20"])),
        (klaar.status == BEEINDIGD, _reden_label(klaar.wet, klaar.reden_beeindiging)),
        else_=ibis.literal(ONBEKEND),
    )
    einde = klaar.select(
        *gemeenschappelijk,
        activiteit="einde " + klaar.vorm + " (" + label + ")",
        # the einddatum is the last day of care: the event closes that day, so an adjacent start follows it
        tijdstip=klaar.einddatum.cast("timestamp") + ibis.interval(seconds=86_399),
        vorm=klaar.vorm,
        traject_id=klaar.traject_id,
        toewijzingnummer=klaar.laatste_toewijzingnummer.cast("int64"),
        reden_beeindiging=klaar.reden_beeindiging,
        _fase=ibis.literal(FASE_EINDE, "int8"),
    )
    log = toewijzing.union(start.select(*toewijzing.columns)).union(einde.select(*toewijzing.columns))
    # the pseudonym as text (clientpaden.sleutels): the case id and the exported column read the same everywhere
    log = log.mutate(client=tekst(log.client))
    log = log.mutate(case_id=log.wet + ":" + log.client)
    volgnummer = ibis.row_number().over(
        group_by="case_id",
        order_by=[
            "tijdstip",
            "_fase",
            "activiteit",
            "aanbieder",
            "gemeente",
            log.traject_id.fill_null(""),
            log.toewijzingnummer.fill_null(-1),
        ],
    )
    return log.mutate(volgnummer=volgnummer + 1).select(*KOLOMMEN)


def _log(log: Any) -> ir.Table:
    return log if isinstance(log, ir.Table) else eventlog(log)


def _volgorde(log: ir.Table) -> list[str]:
    """Event order within a case: timestamp, then ``volgnummer`` when the log has one, else the activity."""
    return ["tijdstip", "volgnummer" if "volgnummer" in log.columns else "activiteit"]


def directly_follows(log: Any) -> ir.Table:
    """Directly-follows counts of an event log (an Ibis table with ``case_id, activiteit, tijdstip`` and
    optionally ``volgnummer``, or a backend: then :func:`eventlog` of it): per pair of activities (``van``,
    ``naar``) how often ``naar`` directly follows ``van`` within a case (``aantal``). One ``lead`` over the case
    ordered by timestamp, ties broken by ``volgnummer`` (else the activity)."""
    t = _log(log)
    t = t.mutate(naar=t.activiteit.lead().over(group_by="case_id", order_by=_volgorde(t)))
    t = t.filter(t.naar.notnull())
    return t.group_by(van=t.activiteit, naar=t.naar).aggregate(aantal=ibis._.count())


_CODE_BITS = 12  # activities and events per case below 4096: then one int64 carries the whole order
_EPOCH_OFFSET = 1 << 34  # seconds added so timestamps from 1425 on give a non-negative key


def reeksen(log: Any) -> ir.Table:
    """The distinct activity sequences of the cases with how many cases follow each: ``reeks`` (array of
    activities in order) and ``aantal``. Variants and directly-follows counts both follow from it, and there are
    far fewer sequences than cases.

    Each event becomes one int64 that sorts as (timestamp, tie-break, activity): seconds, then ``volgnummer``
    (else the activity's rank), then the activity's code; each case's keys are collected and sorted, and the
    codes read back from the low bits — integer sorts are several times cheaper than sorting structs, and an
    ordered aggregate is not portable (Spark has none; DuckDB's is slower). Sequences are grouped as integer
    arrays and turned into names only once each. A log outside the key's range (4096 activities or events per
    case) takes the struct sort instead, with the same result."""
    t = _log(log)
    tijd, tiebreak = _volgorde(t)
    # codes numbered in the engine itself (a memtable does not survive every engine's cached plans)
    codes = t.select("activiteit").distinct()
    codes = codes.mutate(_code=(ibis.row_number().over(order_by="activiteit")).cast("int64"))
    namen = [str(a) for a in codes.order_by("_code").to_pandas()["activiteit"]]
    max_volg = int(t.volgnummer.max().execute() or 0) if tiebreak == "volgnummer" else 0
    grens = 1 << _CODE_BITS
    if len(namen) >= grens or max_volg >= grens:
        return _reeksen_structs(t, tijd, tiebreak)
    t = t.join(codes, "activiteit")
    orde = t.volgnummer.cast("int64") if tiebreak == "volgnummer" else t._code.cast("int64")
    sleutel = (
        (t[tijd].epoch_seconds().cast("int64") + _EPOCH_OFFSET) * (1 << (2 * _CODE_BITS))
        + orde * grens
        + t._code.cast("int64")
    )
    per_case = t.group_by("case_id").aggregate(_k=sleutel.collect())
    per_case = per_case.select(_c=per_case._k.sort().map(lambda k: (k % grens).cast("int32")))  # Spark indexes by INT
    r = per_case.group_by("_c").aggregate(aantal=ibis._.count())
    naam = ibis.literal(namen, type="array<string>")
    return r.select(reeks=r._c.map(lambda c: naam[c]), aantal=r.aantal)


def _reeksen_structs(t: ir.Table, tijd: str, tiebreak: str) -> ir.Table:
    per_case = t.group_by("case_id").aggregate(
        _r=ibis.struct({"t": t[tijd], "v": t[tiebreak], "a": t.activiteit}).collect(),
    )
    per_case = per_case.select(reeks=per_case._r.sort().map(lambda s: s["a"]))
    return per_case.group_by("reeks").aggregate(aantal=ibis._.count())


def varianten_uit(r: ir.Table) -> ir.Table:
    """Variants from :func:`reeksen`: activities joined by ``PIJL``, ``aantal`` (cases), ``lengte`` (events),
    most frequent first."""
    return (
        r.select(variant=r.reeks.join(PIJL), aantal=r.aantal, lengte=r.reeks.length().cast("int64"))
        .order_by([ibis.desc("aantal"), "variant"])
    )


def directly_follows_uit(r: ir.Table) -> ir.Table:
    """Directly-follows counts from :func:`reeksen`: each consecutive pair in a sequence counts as often as
    cases follow that sequence."""
    p = r.mutate(_i=ibis.range(1, r.reeks.length()).unnest())
    return p.group_by(van=p.reeks[p._i - 1], naar=p.reeks[p._i]).aggregate(aantal=p.aantal.sum().cast("int64"))


def varianten(log: Any) -> ir.Table:
    """Variants of an event log: the distinct activity sequences of the cases (activities joined by ``PIJL``),
    with ``aantal`` (cases) and ``lengte`` (events), most frequent first."""
    return varianten_uit(reeksen(log))


def df_en_varianten(log: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Directly-follows counts and variants together, from one pass over the log: the sequences are computed
    once (kept as a temporary table) and both results follow from them. The same results as
    :func:`directly_follows` and :func:`varianten`, fetched as pandas."""
    r = reeksen(log).cache()
    try:
        df: pd.DataFrame = directly_follows_uit(r).to_pandas()
        var: pd.DataFrame = varianten_uit(r).to_pandas()
    finally:
        r.release()
    return df, var


def _batches(log: ir.Table) -> Iterator[pa.RecordBatch]:
    ordening = (
        ["case_id", "volgnummer"] if "volgnummer" in log.columns else ["case_id", "tijdstip", "activiteit"]
    )
    yield from log.order_by(ordening).to_pyarrow_batches()


def schrijf_csv(table: ir.Table, path: Path | str) -> int:
    """Write an event log as CSV (UTF-8, header row, comma-separated, quoted where needed; timestamps
    ``YYYY-MM-DD HH:MM:SS``), sorted by case and event order, streamed in batches. Returns the number of
    events written."""
    n = 0
    writer: pacsv.CSVWriter | None = None
    try:
        for batch in _batches(table):
            if writer is None:
                writer = pacsv.CSVWriter(str(path), batch.schema)
            writer.write_batch(batch)
            n += batch.num_rows
        if writer is None:  # an empty log still gets its header
            schema = table.schema().to_pyarrow()
            writer = pacsv.CSVWriter(str(path), schema)
    finally:
        if writer is not None:
            writer.close()
    return n


def _xes_tijd(waarde: Any) -> str:
    # XES dates are xs:dateTime; the event log's timestamps carry no zone (they are dates), written as UTC so
    # that no tool shifts them to another day
    return f"{waarde.strftime('%Y-%m-%dT%H:%M:%S')}.000+00:00"


def _cases(table: ir.Table) -> Iterator[list[dict[str, Any]]]:
    """The events of the log, case by case (one case in memory at a time, across batch boundaries)."""
    case: list[dict[str, Any]] = []
    for batch in _batches(table):
        for rij in batch.to_pylist():
            if case and rij["case_id"] != case[0]["case_id"]:
                yield case
                case = []
            case.append(rij)
    if case:
        yield case


def schrijf_xes(table: ir.Table, path: Path | str) -> int:
    """Write an event log as XES (IEEE 1849-2016): ``log`` / ``trace`` / ``event`` with ``concept:name`` (case id,
    activity), ``time:timestamp`` and ``org:resource`` (aanbieder), plus the other columns as string attributes.
    Streamed with lxml's incremental writer (``etree.xmlfile``), so memory stays flat; lxml escapes every
    value. Returns the number of events written."""
    from lxml import etree

    def tag(naam: str) -> str:
        # no XML namespace: the IEEE schema declares none (OpenXES adds one, pm4py's exporter does not;
        # readers accept both), and it keeps every streamed element free of repeated declarations
        return naam

    def attr(ouder: etree._Element, soort: str, sleutel: str, waarde: Any) -> None:
        if waarde is not None:
            etree.SubElement(ouder, tag(soort), key=sleutel, value=str(waarde))

    n = 0
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(tag("log"), {"xes.version": "1849-2016", "xes.features": "nested-attributes"}):
            for naam, prefix, uri in _XES_EXTENSIES:
                xf.write(etree.Element(tag("extension"), name=naam, prefix=prefix, uri=uri))
            globaal = etree.Element(tag("global"), scope="trace")
            attr(globaal, "string", "concept:name", "__INVALID__")
            xf.write(globaal)
            globaal = etree.Element(tag("global"), scope="event")
            attr(globaal, "string", "concept:name", "__INVALID__")
            attr(globaal, "date", "time:timestamp", "1970-01-01T00:00:00.000+00:00")
            xf.write(globaal)
            xf.write(etree.Element(tag("classifier"), name="Activiteit", keys="concept:name"))
            for case in _cases(table):
                with xf.element(tag("trace")):
                    kop = etree.Element(tag("trace"))  # a scratch parent for the trace's own attributes
                    attr(kop, "string", "concept:name", case[0]["case_id"])
                    for k in ("wet", "client"):
                        attr(kop, "string", k, case[0].get(k))
                    for kind in kop:
                        xf.write(kind)
                    for rij in case:
                        event = etree.Element(tag("event"))
                        attr(event, "string", "concept:name", rij["activiteit"])
                        attr(event, "date", "time:timestamp", _xes_tijd(rij["tijdstip"]))
                        attr(event, "string", "org:resource", rij.get("aanbieder"))
                        for k in _EVENT_EXTRA:
                            attr(event, "string", k, rij.get(k))
                        xf.write(event)
                        n += 1
    return n
