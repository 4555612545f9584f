"""Crash safety of ``regiekamer ingest``: a run stages its rows in parts, each committed, and changes the store's
tables in one last transaction, so SIGKILL at any moment leaves the store's tables exactly as they were before the
run, and running the same command again gives the store a clean run gives.

The batch is a few thousand real messages: the official examples copied many times, each copy with its own
Identificatie (IdentificatieRetour for retours), plus exact duplicates, a conflicting re-use of an identity
(TR056), not-well-formed files and JW315 (invalid date). The last source on the command line is a named pipe
(FIFO). The ingest reads its sources in command-line order, so while it waits on the pipe it has staged and
committed the folder's parts that were ready (the part size is made small, COMMIT_PARTS), but cannot have
reached its last transaction: a kill there is certainly mid-run, after staged commits. The random kills (seeded delays) land anywhere from interpreter start-up to that point, and
none can land after the commit because the run cannot finish until the test writes into the pipe.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

N_MESSAGES = 2400
N_DUPLICATES = 30
SEED = 20260401
RANDOM_KILLS = 5
TIMESTAMPS = {"gestart", "beeindigd"}
"""The only columns that may differ from a clean run: the wall-clock start and end of the ingest run. Input
paths are the same in both runs (same folder, same pipe), so even ``bron_bestand`` and the run numbers must
match; killed runs are rolled back, so the completing run gets the same run number as in the clean store."""
COMMIT_PARTS = "400"
"""Messages per staged commit (``REGIEKAMER_INLEZEN_COMMIT``) in every run of this test, killed, completed and
clean alike."""


class Batch:
    def __init__(self, root: Path, rk: object) -> None:
        self.root = root
        self.folder = root / "berichten"
        self.fifo = root / "pijp" / "laatste.xml"
        self.examples_dirs = [rk.istandaarden / "ijw" / "berichten", rk.istandaarden / "iwmo" / "berichten"]  # type: ignore[attr-defined]
        self.tail = b""
        self.distinct = 0
        self.rejected = 0
        self.duplicates = 0


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, rk) -> Batch:  # type: ignore[no-untyped-def]
    b = Batch(tmp_path_factory.mktemp("crash"), rk)
    b.folder.mkdir()
    rng = random.Random(SEED)
    sources = [(p.stem, p.read_bytes()) for p in rk.valid_examples]
    written: list[Path] = []
    for i in range(N_MESSAGES):
        stem, data = sources[i % len(sources)]
        sub = b.folder / f"{i // 400:02d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{stem}-{i:05d}.xml"
        path.write_bytes(rk.with_identity(data, f"K{i:07d}"))
        written.append(path)
    b.distinct = N_MESSAGES
    # exact re-deliveries: the same bytes under another name (dubbel, not stored twice)
    dup = b.folder / "herlevering"
    dup.mkdir()
    for path in rng.sample(written, N_DUPLICATES):
        (dup / f"kopie-{path.name}").write_bytes(path.read_bytes())
    b.duplicates = N_DUPLICATES
    # the rejected: two not-well-formed files, JW315 (2027-06-31) and a conflicting re-use of an identity
    bad = b.folder / "fout"
    bad.mkdir()
    (bad / "afgebroken.xml").write_bytes(written[7].read_bytes()[:900])
    (bad / "leeg.xml").write_bytes(b"")
    jw315 = rk.istandaarden / "ijw" / "berichten" / "JW315.xml"
    (bad / "JW315-kopie.xml").write_bytes(rk.with_identity(jw315.read_bytes(), "K9999999"))
    conflict = rk.tree(written[3].read_bytes())
    rk.first(conflict.getroot(), "Dagtekening").text = "2026-01-02"
    (bad / "zelfde-id-andere-inhoud.xml").write_bytes(rk.serialise(conflict.getroot()))
    b.rejected = 4
    b.fifo.parent.mkdir()
    os.mkfifo(b.fifo)
    b.tail = rk.with_identity(rk.valid_examples[0].read_bytes(), "STAART01")
    return b


def _command(rk, batch: Batch, data_dir: Path) -> list[str]:  # type: ignore[no-untyped-def]
    return rk.command("ingest", batch.folder, batch.fifo, "-d", data_dir, "--accepteer-afwijzingen")


def _wait_for_reader(fifo: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """Block until ``proc`` opens the pipe for reading; return our write end (O_NONBLOCK open succeeds only
    once a reader is there)."""
    end = time.monotonic() + timeout
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(
                f"ingest ended ({proc.returncode}) before reading the pipe:\n{out!r}\n{err!r}"
            )
        if time.monotonic() > end:
            raise AssertionError("ingest did not reach the pipe in time")
        time.sleep(0.005)


def _start(rk, batch: Batch, data_dir: Path) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    """The ingest in its own process group, so that its worker processes (if any) can be found."""
    return subprocess.Popen(
        _command(rk, batch, data_dir),
        env=rk.env(REGIEKAMER_INLEZEN_COMMIT=COMMIT_PARTS),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the ingest process only (as the OOM killer or a power cut would), then require that any
    worker processes it started go away by themselves: a killed ingest must not leave strays behind."""
    assert proc.poll() is None, f"ingest ended by itself ({proc.returncode}): a kill after commit is no test"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    end = time.monotonic() + 10
    while True:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > end:
            os.killpg(proc.pid, signal.SIGKILL)  # our own group: clean up, then fail
            raise AssertionError("worker processes of the killed ingest are still running after 10 s")
        time.sleep(0.05)


def _complete(rk, batch: Batch, data_dir: Path) -> subprocess.CompletedProcess[bytes]:  # type: ignore[no-untyped-def]
    """Run the command to the end, feeding the pipe its one message."""

    def feed() -> None:
        with open(batch.fifo, "wb") as fh:  # blocks until the ingest opens the pipe
            fh.write(batch.tail)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        proc = subprocess.run(
            _command(rk, batch, data_dir),
            env=rk.env(REGIEKAMER_INLEZEN_COMMIT=COMMIT_PARTS),
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        if writer.is_alive():  # the ingest never opened the pipe: release the writer
            fd = os.open(batch.fifo, os.O_RDONLY | os.O_NONBLOCK)
            writer.join(5)
            os.close(fd)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc


def _wait_for_staged_commits(wal: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Block until the run has committed staged rows: its write-ahead log holds more than the staging schema's
    tables (a few kB) and has stopped growing (a commit writes the log as it goes; killed during that write,
    the commit did not happen). The log is the only sign another process can see, the database file being
    locked; the run itself cannot end before the test writes into the pipe."""
    end = time.monotonic() + timeout
    size, still_since = -1, time.monotonic()
    while True:
        assert proc.poll() is None, f"ingest ended by itself ({proc.returncode})"
        assert time.monotonic() < end, "the ingest committed no staged part in time"
        now = wal.stat().st_size if wal.exists() else 0
        if now != size:
            size, still_since = now, time.monotonic()
        elif size > 256 * 1024 and time.monotonic() - still_since > 1.0:
            return
        time.sleep(0.01)


def _baseline(rk, data_dir: Path, batch: Batch) -> None:  # type: ignore[no-untyped-def]
    """A committed earlier run (the official examples), so 'as before' is not just 'empty'."""
    rk.cli("ingest", *batch.examples_dirs, "-d", data_dir, "--accepteer-afwijzingen", check=True)


def test_sigkill_leaves_store_as_before_and_rerun_completes(rk, batch: Batch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "opslag"
    _baseline(rk, data, batch)
    before = rk.digests(data)
    assert before["bericht"][0] == 20  # 21 examples minus JW315 (2027-06-31); no XSD, so JW318 lands
    assert before["ingest_run"][0] == 1

    # 1. certainly mid-run: the run waits on the pipe and has committed staged parts (its write-ahead log grew)
    started = time.monotonic()
    proc = _start(rk, batch, data)
    fd = _wait_for_reader(batch.fifo, proc)
    reach = time.monotonic() - started
    try:
        _wait_for_staged_commits(data / f"{rk.db_file}.wal", proc)
        _kill(proc)
    finally:
        os.close(fd)
    assert rk.digests(data) == before
    con = rk.connect(data)
    try:  # the staged parts are in the file, committed, and none of it in the store's tables
        staged = con.execute("SELECT count(*) FROM inlezen.bericht").fetchone()[0]
        assert staged >= int(COMMIT_PARTS)
    finally:
        con.close()

    # 2. seeded random moments between start-up and the pipe
    rng = random.Random(SEED)
    for delay in sorted(rng.uniform(0.02, reach) for _ in range(RANDOM_KILLS)):
        proc = _start(rk, batch, data)
        time.sleep(delay)
        _kill(proc)
        assert rk.digests(data) == before, f"store changed by a run killed after {delay:.2f} s"

    # 3. the same command to completion equals a clean run into a fresh store
    done = _complete(rk, batch, data)
    assert b"Traceback" not in done.stderr
    after = rk.digests(data, ignore=TIMESTAMPS)

    clean = tmp_path / "schoon"
    _baseline(rk, clean, batch)
    _complete(rk, batch, clean)
    reference = rk.digests(clean, ignore=TIMESTAMPS)
    assert after == reference

    # and the completed store holds what the batch says, once
    con = rk.connect(data)
    try:
        n_bericht = con.execute("SELECT count(*) FROM bericht").fetchone()[0]
        assert n_bericht == before["bericht"][0] + batch.distinct + 1
        runs = con.execute(
            "SELECT ingest_run, geaccepteerd, dubbel, afgewezen FROM ingest_run ORDER BY 1"
        ).fetchall()
        assert runs[-1] == (2, batch.distinct + 1, batch.duplicates, batch.rejected)
        reasons = sorted(
            r[0] for r in con.execute("SELECT reden FROM quarantaine WHERE ingest_run = 2").fetchall()
        )
        assert reasons == sorted(
            ["xml-onleesbaar", "xml-onleesbaar", "ongeldige-waarde", "TR056-identificatie-niet-uniek"]
        )
        ids = con.execute(
            "SELECT count(DISTINCT eigen_identificatie) FROM bericht WHERE eigen_identificatie LIKE 'K%'"
        ).fetchone()[0]
        assert ids == batch.distinct
    finally:
        con.close()
