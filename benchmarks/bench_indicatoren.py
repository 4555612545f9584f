"""Benchmark a full refresh of the cliëntpaden and the indicator catalogue over an ingested store.

Run: ``uv run python benchmarks/bench_indicatoren.py --opslag DIR [--engine duckdb|spark] [--jaar 2025]
[--out bench-out/indicatoren.jsonl]``.

A full refresh is what the dashboard needs each morning, from the store alone:

1. ``bronnen``: reconstruct and materialise every source of the catalogue once (``Bronnen.materialiseer``, which
   then releases the reconstruction steps) — allocations, deliveries,
   trajectories, cliëntpaden transitions, re-entries, requests, declarations, deadlines, exhaustion;
2. ``jaar``: every indicator for the year, no breakdown;
3. ``gemeente_aanbieder``: every indicator for the year by gemeente × aanbieder (the provider pages);
4. ``maand``: every indicator per month of the year by gemeente (the trends).

Each run is a fresh child process; wall and CPU time (``*_cpu_s``, all threads of the process) per phase are
measured inside it, with the peak RSS reached so far after each phase (``rss_hoogste_na_*_mb``); peak RSS and
total CPU (``cpu_s``) of that child (incl. the DuckDB buffer pool or the Spark driver's Python side; the JVM of
Spark is a separate process) by ``os.wait4``.
Before and after the refresh, a fixed reference workload (``referentie``: a DuckDB join and grouping of 30 M
generated rows on 2 threads, three times, in a child of its own) measures how fast the machine is at that
moment. This shared machine's speed moves by 2× between hours, so a refresh is also given as a multiple of the
reference (``totaal_per_referentie``), meant for comparing runs across days (docs/benchmarks.md says how well it does).
Prints one JSON line; ``--out`` appends it to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _hoogste_rss_mb() -> int:
    """This process's peak RSS so far: which phase first reached the run's peak."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _kind(opslag: Path, engine: str, jaar: int) -> dict[str, Any]:
    from regiekamer.indicatoren import Bronnen, bereken, parse_periode
    from regiekamer.indicatoren.bronnen import BRONNEN

    gemeten: dict[str, Any] = {}
    t0 = time.perf_counter()
    if engine == "duckdb":
        from regiekamer.clientpaden import connect

        con = connect(opslag)
    else:
        from regiekamer.clientpaden.motoren import spark_connect

        con = spark_connect(opslag)
    gemeten["verbinden_s"] = round(time.perf_counter() - t0, 2)

    t, c = time.perf_counter(), time.process_time()
    b = Bronnen(con)
    # every source built, then the reconstruction steps released (Bronnen.materialiseer); a shared step counts
    # with the first source that needs it
    per_bron = {naam: round(s, 2) for naam, s in b.materialiseer().items()}
    gemeten["bronnen_s"] = round(time.perf_counter() - t, 2)
    gemeten["bronnen_cpu_s"] = round(time.process_time() - c, 2)
    gemeten["rss_hoogste_na_bronnen_mb"] = _hoogste_rss_mb()
    gemeten["rijen"] = {naam: int(getattr(b, naam).count().execute()) for naam in BRONNEN}
    gemeten["bronnen_per_bron_s"] = per_bron

    p = parse_periode(str(jaar))
    for fase, kwargs in (
        ("jaar", {}),
        ("gemeente_aanbieder", {"by": ["gemeente", "aanbieder"]}),
        ("maand", {"by": ["gemeente"], "per": "maand"}),
    ):
        t, c = time.perf_counter(), time.process_time()
        r = bereken(b, p, **kwargs)  # type: ignore[arg-type]
        gemeten[f"{fase}_s"] = round(time.perf_counter() - t, 2)
        gemeten[f"{fase}_cpu_s"] = round(time.process_time() - c, 2)
        gemeten[f"rss_hoogste_na_{fase}_mb"] = _hoogste_rss_mb()
        gemeten[f"{fase}_regels"] = len(r.tabel)
    gemeten["totaal_s"] = round(time.perf_counter() - t0, 2)
    return gemeten


REFERENTIE_SQL = """
SELECT count(*), sum(n), sum(s) FROM (
    SELECT g.k, count(*) AS n, sum(g.i + h.w) AS s FROM ref_g g JOIN ref_h h ON g.k = h.k GROUP BY g.k
)
"""
"""The reference workload: hashing, a join and a grouping (the operators a refresh spends its CPU in) over tables
built first and not timed (DuckDB's ``range`` is read by one thread)."""

_REFERENTIE_KIND = """
import duckdb, json, sys, time
c = duckdb.connect()
c.execute("SET threads = 2")
c.execute("SET enable_progress_bar = false")
c.execute("CREATE TABLE ref_g AS SELECT i, i % 3000000 AS k FROM range(30000000) t(i)")
c.execute("CREATE TABLE ref_h AS SELECT j AS k, j * 7 AS w FROM range(3000000) u(j)")
t, p = time.perf_counter(), time.process_time()
for _ in range(3):
    c.execute(sys.argv[1]).fetchall()
print(json.dumps({"s": round(time.perf_counter() - t, 2), "cpu_s": round(time.process_time() - p, 2)}))
"""


def _referentie() -> dict[str, float]:
    """Run :data:`REFERENTIE_SQL` three times in a fresh child: the wall and CPU seconds of the three."""
    uit = subprocess.run(
        [sys.executable, "-c", _REFERENTIE_KIND, REFERENTIE_SQL], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(uit.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opslag", type=Path, required=True, help="folder of an ingested store")
    ap.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    ap.add_argument("--jaar", type=int, help="year of the figures (default: the year of the last message)")
    ap.add_argument("--out", type=Path, help="append the JSON line to this file")
    ap.add_argument("--kind", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.kind:
        print(json.dumps(_kind(args.opslag, args.engine, args.jaar)))
        return 0

    if args.jaar is None:
        import duckdb

        with duckdb.connect(str(args.opslag / "regiekamer.duckdb"), read_only=True) as c:
            rij = c.execute("SELECT max(dagtekening), count(*) FROM bericht").fetchone()
        assert rij is not None
        args.jaar = rij[0].year
        berichten = int(rij[1])
    else:
        berichten = -1
    cmd = [
        sys.executable,
        __file__,
        "--kind",
        "--opslag",
        str(args.opslag),
        "--engine",
        args.engine,
        "--jaar",
        str(args.jaar),
    ]
    ref_voor = _referentie()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    _, status, rusage = os.wait4(proc.pid, 0)
    ref_na = _referentie()
    uit = proc.stdout.read() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        print(uit, file=sys.stderr)
        return 1
    gemeten = json.loads(uit.strip().splitlines()[-1])
    regel = {
        "opslag": str(args.opslag),
        "berichten": berichten,
        "engine": args.engine,
        "jaar": args.jaar,
        **gemeten,
        "piek_rss_mb": round(rusage.ru_maxrss / 1024),
        # CPU of the child (every DuckDB thread): less sensitive than wall time to other work on the machine
        "cpu_s": round(rusage.ru_utime + rusage.ru_stime, 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "referentie_voor_s": ref_voor["s"],
        "referentie_na_s": ref_na["s"],
        "referentie_cpu_s": round((ref_voor["cpu_s"] + ref_na["cpu_s"]) / 2, 2),
    }
    # the refresh in units of the machine's speed at that time (the mean of the two reference runs)
    regel["totaal_per_referentie"] = round(gemeten["totaal_s"] / ((ref_voor["s"] + ref_na["s"]) / 2), 1)
    tekst = json.dumps(regel, ensure_ascii=False)
    print(tekst)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a", encoding="utf-8") as f:
            f.write(tekst + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
