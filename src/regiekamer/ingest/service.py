"""The ingest: read messages, check them, pseudonymise, and store each exactly once — atomically per batch.

For every message: read (size-limited, hardened parser) → optional XSD validation → parse into records with
the BSN replaced by a keyed pseudonym → intra-message rule findings → identity check → store.

* **Exactly once.** A message's identity is (law, message type, sender, own Identificatie) (TR056; for a retour
  the sender is the header Ontvanger and the identity IdentificatieRetour, IV028). A stored identity with the
  same content hash is a re-delivery and changes nothing; with different content it is a protocol violation
  (TR056, retourcode 9056) and goes to quarantine.
* **Atomic.** A run stages its rows in the schema ``inlezen``, committing every COMMIT_MESSAGES messages so that
  DuckDB's memory stays bounded; one last transaction writes the run's row and moves the staged rows into the
  store's tables. Killed half-way, the store's tables are as before the run (the next run drops the staged
  leftovers), and running the same command again completes it.
* **Loses nothing.** A message that cannot be accepted is recorded in ``quarantaine`` with file, zip member,
  content hash, reason and element; the good messages of the same batch still land. Its content is not kept
  (it may hold a BSN); the hash identifies the original in the gemeente's own archive.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from regiekamer.berichten.errors import BerichtFout, ProtocolViolation
from regiekamer.berichten.parser import MAX_BERICHT_BYTES, ParsedBericht, parse_tree, read_xml
from regiekamer.berichten.records import Bevinding
from regiekamer.ingest import sources
from regiekamer.privacy import Pseudonymiser, scrub
from regiekamer.store import Store, StoreError
from regiekamer.store.indeling import AANVULLING
from regiekamer.store.links import LINK_RULES
from regiekamer.store.schema import DROP_STAGING, STAGED_TABLES, STAGING, arrow_schema, staging_ddl
from regiekamer.store.service import INGEST_MEMORY, MEMORY_ENV
from regiekamer.validation import rules
from regiekamer.validation.xsd import SchemaSet

PARALLEL_THRESHOLD = 200
"""Below this many messages the ingest parses in-process (a pool costs more than it saves)."""


@dataclass
class IngestSummary:
    """What one ingest run did."""

    ingest_run: int = 0
    gelezen: int = 0
    geaccepteerd: int = 0
    dubbel: int = 0
    afgewezen: Counter[str] = field(default_factory=Counter)
    per_berichttype: Counter[str] = field(default_factory=Counter)
    bevindingen: Counter[str] = field(default_factory=Counter)
    koppeling: Counter[str] = field(default_factory=Counter)
    koppeling_fout: str | None = None
    """Why the cross-message findings could not be counted after the commit (the run itself is stored)."""
    xsd_gevalideerd: int = 0
    seconden: float = 0.0

    @property
    def aantal_afgewezen(self) -> int:
        return sum(self.afgewezen.values())


@dataclass(slots=True)
class _Accepted:
    bericht_id: str
    sha: str
    bron: sources.Bron
    msg: ParsedBericht
    findings: list[Bevinding]
    xsd_ok: bool


@dataclass(slots=True)
class _Rejected:
    sha: str
    bron: sources.Bron
    fout: BerichtFout
    berichtnaam: str | None = None
    verzender: str | None = None
    identificatie: str | None = None


def bericht_id(wet: str, berichttype: str, verzender: str, identificatie: str) -> str:
    """Stable id of a message identity (TR056): the same message gets the same id in every store. The first 96
    bits of a SHA-256 as 32 hexadecimal digits, the last eight zero: the store keeps it as a ``UUID``
    (store.schema.SLEUTELS), and a store of layout 2, which kept the 24 digits as text, converts row by row."""
    key = f"{wet}|{berichttype}|{verzender}|{identificatie}".encode()
    return hashlib.sha256(key).hexdigest()[:24] + AANVULLING


class Examiner:
    """Reads, validates, parses and checks one message at a time; holds no store, so it runs in worker
    processes too."""

    def __init__(
        self, pseudo: Pseudonymiser, schemas: SchemaSet | None, max_bytes: int, today: dt.date
    ) -> None:
        self.pseudo = pseudo
        self.schemas = schemas
        self.max_bytes = max_bytes
        self.today = today

    def examine(self, bron: sources.Bron) -> _Accepted | _Rejected:
        """Never raises for bad input. The returned item no longer carries the message bytes."""
        sha = hashlib.sha256(bron.data).hexdigest()
        light = sources.Bron(bron.bestand, bron.lid, b"", bron.fout)
        if bron.fout is not None:
            return _Rejected(sha, light, bron.fout)
        try:
            root = read_xml(bron.data, max_bytes=self.max_bytes)
            xsd_ok = False
            if self.schemas is not None:
                xsd_ok = self.schemas.validate(root)
            msg = parse_tree(root, self.pseudo, bron.data)
        except BerichtFout as fout:
            known = _bsn_values(bron.data)
            fout.detail = scrub(fout.detail, known)
            fout.element = scrub(fout.element, known)
            return _Rejected(sha, light, fout)
        findings = rules.check(msg, self.today)
        bid = bericht_id(msg.type.wet.kort, msg.type.nummer, msg.verzender, msg.eigen_identificatie)
        return _Accepted(bid, sha, light, msg, findings, xsd_ok)


class _Meta(NamedTuple):
    """What the writing process needs to know of one accepted message of a chunk (its rows travel as Arrow).
    A tuple, so that thousands of them cross the process boundary as plain tuples (see ``_Chunk``)."""

    seq: int
    bericht_id: str
    sha: str
    bestand: str
    lid: str | None
    berichtnaam: str
    verzender: str
    eigen_identificatie: str
    xsd_ok: bool
    regels: tuple[str, ...]


@dataclass(slots=True)
class _Chunk:
    """A group of examined messages: small metadata per message plus, per table, one Arrow table with the
    rows of all accepted messages (first column ``_seq``: the message's position in the chunk). Arrow
    crosses a process boundary far cheaper than thousands of Python records."""

    accepted: list[_Meta]
    rejected: list[_Rejected]
    tables: dict[str, pa.Table]

    def __getstate__(self) -> tuple[Any, ...]:
        # plain tuples pickle about 20x faster than objects (≈ 0.2 µs a message instead of ≈ 5)
        return [tuple(m) for m in self.accepted], self.rejected, self.tables

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        accepted, self.rejected, self.tables = state
        self.accepted = [_Meta._make(m) for m in accepted]


def examine_chunk(examiner: Examiner, run_id: int, bronnen: Iterable[sources.Bron]) -> _Chunk:
    """Examine a group of messages and build their rows (without knowing which are new). ``bronnen`` may be
    a generator: only the message being examined is held in memory, not the group's bytes.

    Python's cyclic garbage collector is paused meanwhile: the records hold no reference cycles (reference
    counting frees them), and its passes over the many young objects of a chunk cost about 5 % of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _examine_chunk(examiner, run_id, bronnen)
    finally:
        if enabled:
            gc.enable()


def _examine_chunk(examiner: Examiner, run_id: int, bronnen: Iterable[sources.Bron]) -> _Chunk:
    accepted: list[_Meta] = []
    rejected: list[_Rejected] = []
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for bron in bronnen:
        item = examiner.examine(bron)
        if isinstance(item, _Rejected):
            rejected.append(item)
            continue
        seq = len(accepted)
        msg = item.msg
        accepted.append(
            _Meta(
                seq,
                item.bericht_id,
                item.sha,
                item.bron.bestand,
                item.bron.lid,
                msg.type.naam_kort,
                msg.verzender,
                msg.eigen_identificatie,
                item.xsd_ok,
                tuple([f.regel for f in item.findings]),
            )
        )
        _message_rows(seq, item, run_id, rows)
    return _Chunk(accepted, rejected, {t: _arrow(t, r) for t, r in rows.items() if r})


def _message_rows(seq: int, item: _Accepted, run_id: int, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    """The rows one accepted message contributes to each table, each prefixed with ``seq``."""
    msg, h = item.msg, item.msg.header
    findings = item.findings
    whole = any(f.gevolg == "bericht" for f in findings)
    clients_out = {f.client_index for f in findings if f.gevolg == "client"}
    rows_out = {(f.tabel, f.rij) for f in findings if f.gevolg in ("regel", "bericht") and f.rij is not None}
    bid = item.bericht_id
    tables.setdefault("bericht", []).append(
        (
            seq,
            bid,
            msg.type.wet.kort,
            msg.type.nummer,
            msg.type.naam_kort,
            h.berichtcode,
            msg.verzender,
            msg.eigen_identificatie,
            msg.eigen_dagtekening,
            h.afzender,
            h.ontvanger,
            h.identificatie,
            h.dagtekening,
            msg.heen_identificatie,
            msg.gemeente,
            msg.aanbieder,
            h.basisschema_xsd_versie,
            h.bericht_xsd_versie,
            list(h.retourcodes),
            item.xsd_ok,
            whole,
            len(findings),
            item.sha,
            scrub(item.bron.bestand),
            scrub(item.bron.lid) if item.bron.lid else None,
            run_id,
        )
    )
    if msg.type.is_retour:
        retour = tables.setdefault("retourcode", [])
        for row in _retour_rows(bid, msg):
            retour.append((seq, *row))
        stored: tuple[str, ...] = ("client",)
    else:
        stored = tuple(msg.rows)
    for table in stored:
        out = tables.setdefault(STORE_TABLE.get((msg.type.nummer, table), table), [])
        for rec in msg.rows.get(table, ()):
            ci = getattr(rec, "client_index", None)
            rij = getattr(rec, "rij", None)
            afgekeurd = whole or ci in clients_out or (table, rij) in rows_out
            out.append((seq, bid, *rec, afgekeurd))
    if findings:
        bev = tables.setdefault("bevinding", [])
        for f in findings:
            bev.append((seq, bid, *f))


_WORKER: Examiner | None = None


def _init_worker(examiner: Examiner, parent: int) -> None:
    global _WORKER
    _WORKER = examiner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and rolls back
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the ingest process dies (``PR_SET_PDEATHSIG``). A worker waiting
    for its next window notices a dead parent by itself, but one that is reading a source (a slow disk, a
    named pipe nobody writes to) would otherwise outlive a killed ingest. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _chunk_in_worker(run_id: int, window: list[sources.Deel]) -> _Chunk:
    assert _WORKER is not None
    return _examine_window(_WORKER, run_id, window)


def _examine_window(examiner: Examiner, run_id: int, window: list[sources.Deel]) -> _Chunk:
    """Read the parts of one window (in this process: the bytes never cross a process boundary) and
    examine their messages."""
    bronnen = (bron for deel in window for bron in sources.read_deel(deel, examiner.max_bytes))
    return examine_chunk(examiner, run_id, bronnen)


class Ingester:
    """Reads sources into a store. Reusable for several runs on one store."""

    def __init__(
        self,
        store: Store,
        pseudo: Pseudonymiser,
        *,
        schemas: SchemaSet | None = None,
        max_bytes: int = MAX_BERICHT_BYTES,
        today: dt.date | None = None,
        workers: int | None = None,
        commit_messages: int | None = None,
    ) -> None:
        self.store = store
        self.schemas = schemas
        self.max_bytes = max_bytes
        self.examiner = Examiner(pseudo, schemas, max_bytes, today or dt.date.today())
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.commit_messages = commit_messages or _commit_messages_from_env()
        self.check_messages = min(CHECK_MESSAGES, self.commit_messages)
        self._new_quarantine = 0
        store.bind_key(pseudo)

    def run(self, paths: Sequence[Path], *, progress: Callable[[int], None] | None = None) -> IngestSummary:
        started = dt.datetime.now()
        files = sources.expand(paths)
        summary = IngestSummary()
        con = self.store.con
        self._new_quarantine = 0
        self._pending: list[_Chunk] = []
        ingest_memory = os.environ.get(MEMORY_ENV) or INGEST_MEMORY
        con.execute(f"SET memory_limit = '{ingest_memory}'")
        try:
            return self._run(paths, files, summary, started, progress)
        finally:
            con.execute(f"SET memory_limit = '{self.store.memory_limit}'")

    def _run(
        self,
        paths: Sequence[Path],
        files: Iterable[Path],
        summary: IngestSummary,
        started: dt.datetime,
        progress: Callable[[int], None] | None,
    ) -> IngestSummary:
        con = self.store.con
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in staging_ddl():  # also drops what a killed run left behind
                con.execute(stmt)
            rows = con.execute("SELECT coalesce(max(ingest_run), 0) + 1 FROM ingest_run").fetchall()
            summary.ingest_run = run_id = int(rows[0][0])
            self._commit_stage()  # DuckDB cannot drop a table that its own open transaction wrote to
            uncommitted = 0
            for chunk in self._chunks(files, run_id):
                self._pending.append(chunk)
                if (n := sum(len(c.accepted) for c in self._pending)) >= self.check_messages:
                    self._write(run_id, summary)
                    uncommitted += n
                    if uncommitted >= self.commit_messages:
                        self._commit_stage()
                        uncommitted = 0
                if progress:
                    progress(len(chunk.accepted) + len(chunk.rejected))
            # the one transaction that changes the store's tables: the staged rows move in, the last part is
            # written straight into them (a small run never stages: the log would get its rows twice), and the
            # run's row is written
            for table in STAGED_TABLES:
                con.execute(f"INSERT INTO {table} SELECT * FROM {STAGING}.{table}")
            self._write(run_id, summary, staged=False)
            if summary.geaccepteerd or self._new_quarantine:
                con.execute(
                    "INSERT INTO ingest_run VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        run_id,
                        started,
                        dt.datetime.now(),
                        scrub("; ".join(str(p) for p in paths)),
                        str(self.schemas.folder) if self.schemas else None,
                        summary.geaccepteerd,
                        summary.dubbel,
                        summary.aantal_afgewezen,
                    ],
                )
            _assert_unique(con, run_id)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        # after the commit (see above); should it fail, the next run drops the staged rows before it starts
        with contextlib.suppress(duckdb.Error):
            con.execute(DROP_STAGING)
        summary.seconden = (dt.datetime.now() - started).total_seconds()
        self._count_links(summary)
        return summary

    def _commit_stage(self) -> None:
        """Commit the rows staged so far and go on in a new transaction. The store's own tables are not
        touched until the run's last transaction, so a kill at any moment still leaves them as they were; but
        DuckDB keeps every block an uncommitted transaction wrote in memory until the commit, so staging in
        one transaction made the memory of a run grow with its input."""
        self.store.con.execute("COMMIT")
        self.store.con.execute("BEGIN TRANSACTION")

    def _count_links(self, summary: IngestSummary) -> None:
        """Count the cross-message findings of the whole store (``koppeling_bevinding``), after the commit.
        One query per rule: the view's branches then run one at a time (a constant ``regel`` prunes the
        others), so the memory they need is that of the largest rule, not of all of them at once. The
        messages are stored whatever happens here; a failure (e.g. a memory limit too low for the store) is
        reported in the summary, not raised.

        Unlike the rest of the run, these joins grow with the store, not with the input: when the ingest's
        memory limit is too small for them (a national store at 300 MB), they are counted again at the
        store's own limit."""
        limits = [None] if os.environ.get(MEMORY_ENV) else [None, self.store.memory_limit]
        for limit in limits:
            if limit is not None:
                self.store.con.execute(f"SET memory_limit = '{limit}'")
            summary.koppeling.clear()
            summary.koppeling_fout = None
            try:
                for regel in LINK_RULES:
                    # a literal (the rule codes are ours): a bound parameter may not prune the other branches
                    n = self.store.con.execute(
                        f"SELECT count(*) FROM koppeling_bevinding WHERE regel = '{regel}'"
                    ).fetchall()[0][0]
                    if n:
                        summary.koppeling[regel] = int(n)
            except duckdb.Error as exc:
                summary.koppeling.clear()
                summary.koppeling_fout = str(exc).splitlines()[0]
                if isinstance(exc, duckdb.OutOfMemoryException):
                    continue
            return

    def _chunks(self, files: Iterable[Path], run_id: int) -> Iterator[_Chunk]:
        """Examined chunks in input order. With more than one worker, reading and examining run in a
        process pool (fork: the examiner, with its key and compiled schemas, is inherited, not pickled) while
        this process only hands out windows of file names and writes the store; at most two windows per
        worker are in flight, so memory stays bounded whatever the size of the input."""
        windows = _windows(sources.delen(files, WINDOW_MESSAGES))
        first: list[list[sources.Deel]] = []
        seen = 0
        for window in windows:  # a small input is examined in this process: a pool costs more than it saves
            first.append(window)
            seen += sum(d.aantal for d in window)
            if seen >= PARALLEL_THRESHOLD:
                break
        if self.workers <= 1 or seen < PARALLEL_THRESHOLD:
            for window in itertools.chain(first, windows):
                yield _examine_window(self.examiner, run_id, window)
            return
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.examiner, os.getpid())) as pool:
            pending: deque[AsyncResult[_Chunk]] = deque()
            for window in itertools.chain(first, windows):
                pending.append(pool.apply_async(_chunk_in_worker, (run_id, window)))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()

    def _write(self, run_id: int, summary: IngestSummary, *, staged: bool = True) -> None:
        """Keep the new messages of the pending chunks (exactly once: TR056), append their rows, quarantine
        the rest; into the staging schema, or with ``staged=False`` (once the staged rows have moved) into the
        store's tables. The identities of several chunks are looked up in one query: each look-up reads the
        whole identity column of the store, so it is done once per CHECK_MESSAGES messages, not per chunk."""
        target = f"{STAGING}." if staged else ""
        chunks, self._pending = self._pending, []
        con = self.store.con
        rejected: list[_Rejected] = []
        first: dict[str, tuple[int, _Meta]] = {}
        for ci, chunk in enumerate(chunks):
            summary.gelezen += len(chunk.accepted) + len(chunk.rejected)
            rejected.extend(chunk.rejected)
            for meta in chunk.accepted:
                earlier = first.get(meta.bericht_id)
                if earlier is None:
                    first[meta.bericht_id] = (ci, meta)
                elif earlier[1].sha == meta.sha:
                    summary.dubbel += 1
                else:
                    rejected.append(_violation(meta))
        if first:
            # a hash join against the pending ids: one pass over the identity column, not ids × rows
            con.register("_rk_ids", pa.table({"bericht_id": pa.array(list(first), pa.string())}))
            try:
                # the ids as the ingest spelled them (32 digits), matched against the stored UUIDs
                known = con.execute(
                    f"SELECT i.bericht_id, b.sha256 FROM {_stored('bericht', staged)} b "
                    "JOIN _rk_ids i ON b.bericht_id = CAST(i.bericht_id AS UUID)"
                ).fetchall()
            finally:
                con.unregister("_rk_ids")
            for bid, sha in known:
                meta = first.pop(bid)[1]
                if sha == meta.sha:
                    summary.dubbel += 1
                else:
                    rejected.append(_violation(meta))
        keep: list[set[int]] = [set() for _ in chunks]
        for ci, meta in first.values():
            keep[ci].add(meta.seq)
            summary.geaccepteerd += 1
            summary.per_berichttype[meta.berichtnaam] += 1
            summary.xsd_gevalideerd += meta.xsd_ok
            if meta.regels:
                summary.bevindingen.update(meta.regels)
        new_rows: dict[str, list[pa.Table]] = {}
        for chunk, kept in zip(chunks, keep, strict=True):
            if not kept:
                continue
            everything = len(kept) == len(chunk.accepted)
            for table in ("bericht", *(t for t in chunk.tables if t != "bericht")):
                data = chunk.tables.get(table)
                if data is None:
                    continue
                if not everything:
                    data = data.filter(pc.is_in(data["_seq"], value_set=pa.array(sorted(kept), pa.int32())))
                if data.num_rows:
                    new_rows.setdefault(table, []).append(data.drop_columns(["_seq"]))
        # one append per table: each costs a statement, whatever its size
        for table, parts in new_rows.items():
            con.from_arrow(pa.concat_tables(parts)).insert_into(f"{target}{table}")
        q_rows = []
        for rej in rejected:
            summary.afgewezen[rej.fout.reden] += 1
            qid = hashlib.sha256(
                f"{rej.sha}|{rej.fout.reden}|{rej.bron.bestand}|{rej.bron.lid}".encode()
            ).hexdigest()
            q_rows.append(
                (
                    qid[:32],
                    rej.sha,
                    scrub(rej.bron.bestand),
                    scrub(rej.bron.lid) if rej.bron.lid else None,
                    rej.fout.reden,
                    rej.fout.element,
                    rej.fout.detail,
                    rej.berichtnaam,
                    rej.verzender,
                    rej.identificatie,
                    run_id,
                )
            )
        if q_rows:
            q_rows = list({row[0]: row for row in q_rows}.values())  # the same file named twice in one chunk
            self._new_quarantine += _insert(con, "quarantaine", q_rows, staged=staged)


def _arrow(table: str, rows: list[tuple[Any, ...]]) -> pa.Table:
    """Rows (``_seq`` first, then the table's columns in order) as an Arrow table of the table's schema."""
    return _to_arrow(arrow_schema(table).insert(0, pa.field("_seq", pa.int32())), rows)


def _to_arrow(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> pa.Table:
    """Row tuples as a columnar Arrow table of ``schema``. A tuple value (retour codes) converts to an Arrow
    list as it is: copying each into a Python list first cost six times as much."""
    columns = list(zip(*rows, strict=True))
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


WINDOW_MESSAGES = 2000
"""Messages per window: the unit of work of one worker."""
CHECK_MESSAGES = 32_768
"""Examined messages whose identities are looked up in the store together and whose rows are then staged: the
unit that bounds the rows a run holds in Python."""
COMMIT_MESSAGES = 4 * CHECK_MESSAGES
"""Staged messages per commit, the unit that bounds what DuckDB holds for a run. Within a transaction DuckDB
writes each table's full row groups (122,880 rows) straight to the database file, but keeps those blocks in
memory until the commit; what is left over goes to the write-ahead log. Fewer commits send less through the log
(committing every 32,768 messages sent all their rows through it: 47 s of commits for two million messages,
against 23 s), more commits hold less.
``$REGIEKAMER_INLEZEN_COMMIT`` sets another number."""
COMMIT_ENV = "REGIEKAMER_INLEZEN_COMMIT"


def _commit_messages_from_env() -> int:
    raw = os.environ.get(COMMIT_ENV, "").strip()
    if not raw:
        return COMMIT_MESSAGES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise StoreError(f"{COMMIT_ENV} moet een positief aantal berichten zijn, niet '{raw}'")
    return value


def _windows(delen: Iterable[sources.Deel]) -> Iterator[list[sources.Deel]]:
    """Consecutive groups of parts holding at most WINDOW_MESSAGES messages together (a part is never
    split; :func:`sources.delen` cuts zip archives to that size)."""
    window: list[sources.Deel] = []
    size = 0
    for deel in delen:
        if window and size + deel.aantal > WINDOW_MESSAGES:
            yield window
            window, size = [], 0
        window.append(deel)
        size += deel.aantal
    if window:
        yield window


STORE_TABLE = {("325", "declaratie"): "declaratie_antwoord", ("325", "prestatie"): "afgewezen_prestatie"}
"""Rows of a 325 are the gemeente's answer, not declared care: they get tables of their own, so summing
``prestatie`` never mixes declared lines with rejected ones."""

_RETOUR_KEY = {
    "toewijzing": "toewijzingnummer",
    "start_product": "toewijzingnummer",
    "stop_product": "toewijzingnummer",
    "aangevraagd_product": "referentie_aanbieder",
    "verzoek": "referentie_aanbieder",
    "verzoek_product": "toewijzingnummer",
    "antwoord": "referentie_aanbieder",
    "prestatie": "referentienummer",
    "declaratie": "declaratienummer",
}


def _retour_rows(bid: str, msg: ParsedBericht) -> Iterator[tuple[Any, ...]]:
    """A retour (302…320) copies the heenbericht's content with RetourCodes at each level (IV028). Only
    the codes are stored, one row per code, with the element they judge; the copied content is not stored
    again, so the allocation, start/stop and request tables hold heenberichten only."""
    clients = {c.client_index: c.client for c in msg.rows.get("client", [])}
    for table, rows in msg.rows.items():
        key = _RETOUR_KEY.get(table)
        for rec in rows:
            ci = getattr(rec, "client_index", None)
            sleutel = getattr(rec, key) if key else None
            for code in rec.retourcodes:
                yield (
                    bid,
                    table,
                    ci,
                    clients.get(ci) if ci is not None else None,
                    getattr(rec, "rij", None),
                    None if sleutel is None else str(sleutel),
                    code,
                )


def _violation(meta: _Meta) -> _Rejected:
    retour = meta.berichtnaam[-3:] in RETOUR_NUMMERS
    fout = ProtocolViolation(
        f"{meta.berichtnaam} met Identificatie '{meta.eigen_identificatie}' van {meta.verzender} is al "
        "ontvangen met een andere inhoud (TR056: Identificatie moet uniek zijn; retourcode 9056)",
        "Header/IdentificatieRetour" if retour else "Header/BerichtIdentificatie/Identificatie",
    )
    bron = sources.Bron(meta.bestand, meta.lid, b"")
    return _Rejected(meta.sha, bron, fout, meta.berichtnaam, meta.verzender, meta.eigen_identificatie)


RETOUR_NUMMERS = frozenset({"302", "306", "308", "316", "318", "320"})


def _insert(con: Any, table: str, rows: Iterable[tuple[Any, ...]], *, staged: bool) -> int:
    """Append to ``table`` (its staged version if ``staged``) the rows (tuples in the table's column order)
    whose first column (the table's id) is neither stored nor staged; returns the rows written."""
    rows = list(rows)
    if not rows:
        return 0
    schema = arrow_schema(table)
    key = schema.names[0]
    con.register("_rk_batch", _to_arrow(schema, rows))
    try:
        # a relation, not an execute() result: DuckDB 2.0 copies the rows of the latter into Arrow once more
        batch = con.sql(
            f"SELECT * FROM _rk_batch WHERE {key} NOT IN (SELECT {key} FROM {_stored(table, staged)})"
        ).to_arrow_table()
    finally:
        con.unregister("_rk_batch")
    if batch.num_rows:
        con.from_arrow(batch).insert_into(f"{STAGING}.{table}" if staged else table)
    return int(batch.num_rows)


def _stored(table: str, staged: bool) -> str:
    """What a run must check new rows of ``table`` against: the store's table, and while the run stages, its
    staged rows too."""
    return f"(FROM {table} UNION ALL FROM {STAGING}.{table})" if staged else table


def _rollback(con: Any) -> None:
    """Roll back the open transaction, if any (a failed COMMIT has already rolled it back), then drop what
    the run staged; the next run would drop it too."""
    for stmt in ("ROLLBACK", DROP_STAGING):
        with contextlib.suppress(duckdb.Error):
            con.execute(stmt)


def _assert_unique(con: Any, run_id: int) -> None:
    """Exactly-once, checked before every commit: no identity of this run is stored twice (identities of
    earlier runs were looked up before writing, so this run's rows are the only ones that could clash)."""
    dup = con.execute(
        "SELECT bericht_id FROM bericht WHERE bericht_id IN (SELECT bericht_id FROM bericht WHERE ingest_run = ?) "
        "GROUP BY bericht_id HAVING count(*) > 1 LIMIT 1",
        [run_id],
    ).fetchall()
    if dup:
        raise RuntimeError(
            f"bericht {dup[0][0]} zou twee keer worden opgeslagen; de inleesronde is teruggedraaid"
        )


def _bsn_values(data: bytes) -> list[str]:
    """BSN values in raw bytes, found without trusting the XML to parse: text between Bsn tags."""
    out: list[str] = []
    start = 0
    while (i := data.find(b"Bsn>", start)) != -1:
        j = data.find(b"<", i + 4)
        if j == -1:
            break
        value = data[i + 4 : j].strip()
        if value:
            out.append(value.decode("utf-8", "replace"))
        start = j
    return out


def ingest(
    store: Store,
    paths: Sequence[Path],
    pseudo: Pseudonymiser,
    *,
    xsd_dir: Path | SchemaSet | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> IngestSummary:
    """Ingest ``paths`` (XML files, folders, zip archives) into ``store``; see :class:`Ingester`.
    ``xsd_dir`` is a folder of XSDs (or an already loaded :class:`SchemaSet`)."""
    schemas = SchemaSet(xsd_dir) if isinstance(xsd_dir, Path) else xsd_dir
    return Ingester(store, pseudo, schemas=schemas, workers=workers).run(paths, progress=progress)
