"""Benchmark the ingest against bare lxml parsing of the same bytes, and its memory for N and 10×N messages.

Run: ``uv run python benchmarks/bench_ingest.py [--n 3000] [--repeat 3] [--docs]`` (``make bench``).

Input: the official example messages (../shared/istandaarden, the XSD-valid ones), multiplied with a rewritten
own identity per copy (Identificatie, or IdentificatieRetour for a retour) in a mix weighted towards what a
gemeente receives most (301 toewijzingen and 323 declaraties), one file per message.

Measured in one run on the same files (best of ``--repeat``, page cache warm):

* ``bare_parse``: read each file and ``etree.fromstring`` it with the ingest's hardened parser, nothing else;
* ``parse_extract``: ``parse`` (hardened read + typed records, pseudonymised), no rules, no store;
* ``examine``: ``Ingester.examine`` (hash, parse, extract, rule checks), no store;
* ``ingest``: ``Ingester.run`` into a fresh DuckDB store, no XSD;
* ``ingest_xsd``: the same with validation against the official XSDs.

Memory: peak RSS (``ru_maxrss`` of that one child, via ``os.wait4``) of ``regiekamer ingest`` as a subprocess
for N and 10×N messages (and for an empty folder: the fixed cost of Python, DuckDB and Arrow). With
``--regio DIR`` also on two generated regions, zip deliveries as the generator writes them: 200,000 inhabitants
in 4 gemeenten (≈ 220,000 messages) and the 10 % region, 1,790,000 in 34 (≈ 2.0 M messages), generated into DIR
once (≈ 3 minutes, 5 GB) and reused by later runs.

Writes ``bench-out/ingest.json``; with ``--docs`` also rewrites the "Ingest" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from regiekamer.berichten.parser import make_xml_parser, parse
from regiekamer.ingest import Ingester
from regiekamer.ingest.sources import Bron
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import open_store
from regiekamer.store.service import INGEST_MEMORY
from regiekamer.validation.xsd import SchemaSet

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "istandaarden"
XSD_INVALID = {"JW315", "JW318"}
KEY_HEX = "5e" * 32
# relative frequency per message number (a gemeente's traffic: many toewijzingen, declaraties and retours)
WEIGHTS = {
    "301": 4,
    "302": 4,
    "305": 3,
    "306": 3,
    "307": 2,
    "308": 2,
    "315": 1,
    "316": 1,
    "317": 1,
    "318": 1,
    "319": 1,
    "320": 1,
    "323": 4,
    "325": 2,
}


def examples() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(SHARED.glob("*/berichten/*.xml")):
        if path.stem in XSD_INVALID:
            continue
        out.append((path.stem, path.read_bytes()))
    return out


def with_identity(data: bytes, ident: str) -> bytes:
    root = etree.fromstring(data)
    header = root[0]
    retour = [el for el in header if etree.QName(el).localname == "IdentificatieRetour"]
    if retour:
        retour[0].text = ident
    else:
        bid = next(el for el in header if etree.QName(el).localname == "BerichtIdentificatie")
        next(el for el in bid if etree.QName(el).localname == "Identificatie").text = ident
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def build_input(folder: Path, n: int, offset: int = 0) -> dict[str, int]:
    """``n`` files in ``folder`` (500 per sub-folder); returns the count per message type."""
    pool: list[tuple[str, bytes]] = []
    for stem, data in examples():
        number = stem[-3:]
        pool += [(stem, data)] * WEIGHTS.get(number, 1)
    mix: dict[str, int] = {}
    for i in range(n):
        stem, data = pool[i % len(pool)]
        sub = folder / f"{i // 500:04d}"
        if i % 500 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{stem}-{i:07d}.xml").write_bytes(with_identity(data, f"B{offset + i:09d}"[-12:]))
        mix[stem] = mix.get(stem, 0) + 1
    return mix


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.xml"))


def best(repeat: int, fn: Callable[[], int]) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        count = fn()
        times.append(time.perf_counter() - t)
    return min(times), count


def stage_bare(files: list[Path]) -> int:
    parser = make_xml_parser()
    n = 0
    for f in files:
        etree.fromstring(f.read_bytes(), parser)
        n += 1
    return n


def stage_extract(files: list[Path], pseudo: Pseudonymiser) -> int:
    n = 0
    for f in files:
        parse(f.read_bytes(), pseudo)
        n += 1
    return n


def stage_examine(files: list[Path], ingester: Ingester) -> int:
    examine = getattr(getattr(ingester, "examiner", ingester), "examine")  # noqa: B009
    n = 0
    for f in files:
        examine(Bron(str(f), None, f.read_bytes()))
        n += 1
    return n


class Stores:
    """Fresh stores as byte copies of one empty store (creating a DuckDB store costs ~1 s, not ingest)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.template = tmp / "template"
        open_store(self.template).close()
        self.n = 0

    def fresh(self) -> Path:
        self.n += 1
        d = self.tmp / f"store-{self.n}"
        d.mkdir()
        shutil.copy2(self.template / "regiekamer.duckdb", d / "regiekamer.duckdb")
        return d


def stage_ingest(
    folder: Path, stores: Stores, pseudo: Pseudonymiser, schemas: SchemaSet | None, timings: list[float]
) -> int:
    d = stores.fresh()
    with open_store(d) as store:
        ingester = Ingester(store, pseudo, schemas=schemas)
        t = time.perf_counter()
        summary = ingester.run([folder])
        timings.append(time.perf_counter() - t)
    shutil.rmtree(d)
    assert summary.aantal_afgewezen == 0, summary.afgewezen
    return summary.geaccepteerd


def peak_rss(folder: Path, data_dir: Path, **env_extra: str) -> tuple[float, float]:
    """(peak RSS in MiB, seconds) of ``regiekamer ingest folder`` as its own process."""
    script = Path(sys.executable).with_name("regiekamer")
    cmd = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from regiekamer.cli import main; main()"]
    )
    env = dict(os.environ, REGIEKAMER_SLEUTEL=KEY_HEX, **env_extra)
    t = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "ingest", str(folder), "-d", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err}")
    return usage.ru_maxrss / 1024, seconds


REGIONS = {"N": (4, 200_000), "10N": (34, 1_790_000)}
"""(gemeenten, inwoners) of the two generated regions: the generator benchmark's small region and its 10 % region."""
OTHER_DUCKDB_MEMORY = "1GB"
"""A second DuckDB memory limit for the regions, the store's general one (``store.service.DEFAULT_MEMORY``): the
ingest used it until it got its own, lower one (``INGEST_MEMORY``), because what DuckDB caches grows up to its
limit."""


REGIO_TARGET = "memory_flat_for_10x_regions (growth <= 1.25)"
"""The memory target judged on the two regions, which are larger than the run's fixed units."""


def regio_memory(folder: Path, tmp: Path) -> dict[str, dict[str, float]]:
    """Peak RSS of ``regiekamer ingest`` on the two generated regions (generated into ``folder`` if absent)."""
    from regiekamer.generator import GeneratorConfig, generate_region

    out: dict[str, dict[str, float]] = {}
    for label, (gemeenten, inwoners) in REGIONS.items():
        region = folder / f"{label.lower()}-{inwoners}"
        if not (region / "manifest.json").exists():
            shutil.rmtree(region, ignore_errors=True)
            t = time.perf_counter()
            cfg = GeneratorConfig(seed=1, gemeenten=gemeenten, inwoners=inwoners, processen=2)
            generate_region(region, cfg)
            print(f"region {label} generated in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        messages = json.loads((region / "manifest.json").read_text()).get("aantal_berichten")
        for limit in (None, OTHER_DUCKDB_MEMORY):
            env = {"REGIEKAMER_DUCKDB_GEHEUGEN": limit} if limit else {}
            rss, secs = peak_rss(region / "berichten", tmp / f"mem-regio-{label}", **env)
            shutil.rmtree(tmp / f"mem-regio-{label}", ignore_errors=True)
            key = label if limit is None else f"{label}, DuckDB {limit}"
            out[key] = {
                "inwoners": inwoners,
                "messages": messages,
                "peak_rss_mib": round(rss, 1),
                "seconds": round(secs, 2),
            }
            print(
                f"  memory region {key:18s} {messages} msgs  peak RSS {rss:7.1f} MiB  {secs:6.1f} s",
                file=sys.stderr,
            )
    return out


def machine() -> dict[str, object]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import duckdb
    import lxml

    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "lxml": lxml.__version__,
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--n", type=int, default=3000, help="messages for the speed run and memory run N (10×N too)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="repetitions per stage; the best is reported")
    ap.add_argument(
        "--regio", type=Path, help="folder for two generated regions (N and ≈ 10×N) to measure memory on"
    )
    ap.add_argument("--docs", action="store_true", help="rewrite the Ingest section of docs/benchmarks.md")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "ingest.json")
    args = ap.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found: the official examples are needed")

    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        n = args.n
        small, large = tmp / "n", tmp / "n10"
        t = time.perf_counter()
        mix = build_input(small, n)
        files = files_of(small)
        total_bytes = sum(f.stat().st_size for f in files)
        print(
            f"input: {n} messages, {total_bytes / 1e6:.1f} MB, built in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )

        pseudo = Pseudonymiser(bytes.fromhex(KEY_HEX))
        schemas = SchemaSet(SHARED)
        stores = Stores(tmp)
        stage_bare(files)  # warm the page cache
        results: dict[str, dict[str, float]] = {}

        def record(name: str, seconds: float, count: int) -> None:
            assert count == n, (name, count)
            results[name] = {"seconds": round(seconds, 4), "messages_per_s": round(count / seconds, 1)}
            print(f"  {name:14s} {count / seconds:10,.0f} msg/s", file=sys.stderr)

        record("bare_parse", *best(args.repeat, lambda: stage_bare(files)))
        record("parse_extract", *best(args.repeat, lambda: stage_extract(files, pseudo)))
        with open_store(stores.fresh()) as scratch:
            examiner = Ingester(scratch, pseudo)
            workers = getattr(examiner, "workers", 1)
            record("examine", *best(args.repeat, lambda: stage_examine(files, examiner)))
        for name, sch in (("ingest", None), ("ingest_xsd", schemas)):
            runs: list[float] = []
            count = 0
            for _ in range(args.repeat):
                count = stage_ingest(small, stores, pseudo, sch, runs)
            record(name, min(runs), count)

        bare = results["bare_parse"]["messages_per_s"]
        ratios = {k: round(results[k]["messages_per_s"] / bare, 4) for k in results if k != "bare_parse"}

        t = time.perf_counter()
        build_input(large, 10 * n, offset=10 * n)
        print(f"input 10×N built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        empty = tmp / "leeg"
        empty.mkdir()
        memory = {}
        for label, folder, count in (("empty", empty, 0), ("N", small, n), ("10N", large, 10 * n)):
            rss, secs = peak_rss(folder, tmp / f"mem-{label}")
            memory[label] = {"messages": count, "peak_rss_mib": round(rss, 1), "seconds": round(secs, 2)}
            print(
                f"  memory {label:5s} {count:7d} msgs  peak RSS {rss:7.1f} MiB  {secs:6.1f} s",
                file=sys.stderr,
            )
        growth = memory["10N"]["peak_rss_mib"] / memory["N"]["peak_rss_mib"]
        regio = regio_memory(args.regio, tmp) if args.regio else None
        regio_growth = (
            {
                limit: round(regio[f"10N{suffix}"]["peak_rss_mib"] / regio[f"N{suffix}"]["peak_rss_mib"], 3)
                for limit, suffix in ((INGEST_MEMORY, ""), (OTHER_DUCKDB_MEMORY, f", DuckDB {OTHER_DUCKDB_MEMORY}"))
            }
            if regio
            else None
        )

        report = {
            "command": "uv run python benchmarks/bench_ingest.py" + (f" --n {n}" if n != 3000 else ""),
            "machine": machine(),
            "input": {"messages": n, "bytes": total_bytes, "mix": mix, "repeat": args.repeat},
            "ingest_workers": workers,
            "throughput": results,
            "ratio_to_bare_parse": ratios,
            "memory": memory,
            "memory_growth_10x": round(growth, 3),
            "memory_regions": regio,
            "memory_growth_10x_regions": regio_growth,
            "targets": {
                "ingest_over_bare_parse>=0.5": ratios["ingest"] >= 0.5,
                "ingest_xsd_over_bare_parse>=0.33": ratios["ingest_xsd"] >= 0.33,
                "memory_flat_for_10x (growth <= 1.25)": growth <= 1.25,
                # the file pair's N (20,000 by `make bench`) is below the run's fixed units (32,768 messages per
                # part, 131,072 per DuckDB transaction), so its 10N measures those filling up; the regions
                # (220,556 and 2,026,757 messages) are both beyond them: growth with the input itself
                **(
                    {REGIO_TARGET: regio_growth[INGEST_MEMORY] <= 1.25}
                    if regio_growth
                    else {}
                ),
            },
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print_table(report)
        if args.docs:
            write_docs(report)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_table(r: dict) -> None:  # type: ignore[type-arg]
    print(f"\nIngest benchmark — {r['input']['messages']} messages, best of {r['input']['repeat']}")
    print(f"{'stage':16s} {'msg/s':>10s} {'ratio to bare parse':>20s}")
    for name, v in r["throughput"].items():
        ratio = r["ratio_to_bare_parse"].get(name, 1.0)
        print(f"{name:16s} {v['messages_per_s']:10,.0f} {ratio:20.3f}")
    print(f"\n{'memory run':16s} {'messages':>10s} {'peak RSS MiB':>14s} {'seconds':>9s}")
    for label, m in r["memory"].items():
        print(f"{label:16s} {m['messages']:10,d} {m['peak_rss_mib']:14.1f} {m['seconds']:9.1f}")
    print(f"\nmemory growth for 10× input: ×{r['memory_growth_10x']:.2f}")
    for label, m in (r.get("memory_regions") or {}).items():
        print(f"region {label:9s} {m['messages']:10,d} {m['peak_rss_mib']:14.1f} {m['seconds']:9.1f}")
    if r.get("memory_growth_10x_regions"):
        print(f"memory growth for the regions{regio_growth_text(r)[len('; for the regions') :]}")
    for target, ok in r["targets"].items():
        print(f"target {target}: {'met' if ok else 'NOT met'}")


def docs_section(r: dict) -> str:  # type: ignore[type-arg]
    m, t, q = r["machine"], r["throughput"], r["ratio_to_bare_parse"]
    rows = "\n".join(
        f"| {name} | {v['messages_per_s']:,.0f} | {q.get(name, 1.0):.3f} |" for name, v in t.items()
    )
    mem = "\n".join(
        f"| {label} | {v['messages']:,} | {v['peak_rss_mib']:.0f} MiB | {v['seconds']:.1f} s |"
        for label, v in r["memory"].items()
    )
    regions = r.get("memory_regions") or {}
    regio = "\n".join(
        f"| region {label}: {v['inwoners']:,} inwoners (zip) | {v['messages']:,} | {v['peak_rss_mib']:.0f} MiB | "
        f"{v['seconds']:.1f} s |"
        for label, v in regions.items()
    )
    ok = r["targets"]
    verdict = lambda b: "met" if b else "**not met**"  # noqa: E731
    return f"""## Ingest

Command: `make bench` (runs `uv run python benchmarks/bench_ingest.py`; `--n` sets N, `--docs` rewrites this
section; figures also in `bench-out/ingest.json`). Machine: {m["cpus"]} cores ({m["cpu"]}), Python {m["python"]},
lxml {m["lxml"]} (libxml2 {m["libxml2"]}), DuckDB {m["duckdb"]}. Input: N = {r["input"]["messages"]:,} files
({r["input"]["bytes"] / 1e6:.1f} MB), the XSD-valid official examples multiplied with a rewritten identity each,
weighted towards 301/302/323; best of {r["input"]["repeat"]} in one run on the same files, page cache warm.
Absolute rates move with the load on this shared machine; the ratios are measured side by side.

| stage | messages/s | ratio to bare parse |
|---|---|---|
{rows}

`bare_parse` = read file + `etree.fromstring` with the hardened parser; `parse_extract` = + typed records and
pseudonyms; `examine` = + SHA-256 and the rule checks; `ingest` = `Ingester.run` into a fresh DuckDB store
(identity check, Arrow batches, staged and committed every 131,072 messages, moved into the store's tables in
one last transaction, DuckDB limited to {INGEST_MEMORY}; {r.get("ingest_workers", 1)} examine worker process(es) by
default, while the other stages run in one process); `ingest_xsd` = the same with XSD validation.

Peak RSS of `regiekamer ingest` as a subprocess (`ru_maxrss` via `os.wait4`):

| input | messages | peak RSS | time |
|---|---|---|---|
{mem}
{regio}

Targets: ingest/bare parse ≥ 0.5 without validation: {verdict(ok["ingest_over_bare_parse>=0.5"])}
({q["ingest"]:.3f}); ≥ 0.33 with validation: {verdict(ok["ingest_xsd_over_bare_parse>=0.33"])}
({q["ingest_xsd"]:.3f}); memory flat for 10× input (≤ ×1.25): {verdict(ok["memory_flat_for_10x (growth <= 1.25)"])}
(×{r["memory_growth_10x"]:.2f}){regio_growth_text(r)}.{regio_verdict(r)}
"""


def regio_verdict(r: dict) -> str:  # type: ignore[type-arg]
    ok = r["targets"].get(REGIO_TARGET)
    if ok is None:
        return ""
    return (
        f" On the regions, both larger than the run's fixed units (32,768 messages per part, 131,072 per DuckDB"
        f" transaction), memory flat for 10× input: {'met' if ok else '**not met**'}; on the files, N is below"
        " those units, so their 10N shows the units filling up."
    )


def regio_growth_text(r: dict) -> str:  # type: ignore[type-arg]
    growth = r.get("memory_growth_10x_regions")
    if not growth:
        return ""
    parts = [f"×{g:.2f} with DuckDB at {limit}" for limit, g in growth.items()]
    return "; for the regions " + " and ".join(parts)


def write_docs(r: dict) -> None:  # type: ignore[type-arg]
    """Replace only the "## Ingest" section of docs/benchmarks.md (other sections belong to others)."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    section = docs_section(r)
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Ingest"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        text = "".join(lines[:start]) + section + ("\n" if end < len(lines) else "") + "".join(lines[end:])
    path.write_text(text)


if __name__ == "__main__":
    main()
