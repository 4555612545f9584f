"""Benchmark the synthetic-region generator: messages per second written to disk, 1 vs 2 processes, peak RSS.

Run: ``uv run python benchmarks/bench_generator.py [--inwoners 1790000] [--gemeenten 34] [--formaat zip bestanden]
[--zip-niveau 1] [--processen 1 2]``; the default region is 10 % of the country (both laws, one year). Prints
Markdown rows. Every configuration runs in a fresh subprocess, one after the other in the same invocation, so the
1 vs 2 process ratio is measured under the same machine load; peak RSS is the largest single process (parent or
worker), CPU is user + system time of all processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from regiekamer.generator import GeneratorConfig, generate_region


def _een(args: argparse.Namespace) -> None:
    """Generate once and print a JSON line (runs in the subprocess)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-gen-"))
    try:
        cfg = GeneratorConfig(
            seed=args.seed,
            gemeenten=args.gemeenten,
            inwoners=args.inwoners,
            processen=args.processen[0],
            formaat=args.formaat[0],
            zip_niveau=args.zip_niveau,
        )
        s = generate_region(tmp / "r", cfg)
        schijf = sum(p.stat().st_size for p in (tmp / "r" / "berichten").rglob("*") if p.is_file())
        eigen = resource.getrusage(resource.RUSAGE_SELF)
        werkers = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            json.dumps(
                {
                    "berichten": s.aantal_berichten,
                    "seconden": s.seconden,
                    "rss_mb": max(eigen.ru_maxrss, werkers.ru_maxrss) / 1024,
                    "cpu_s": sum(r.ru_utime + r.ru_stime for r in (eigen, werkers)),
                    "schijf_mb": schijf / 2**20,
                }
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inwoners", type=int, default=1_790_000)
    ap.add_argument("--gemeenten", type=int, default=34)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formaat", nargs="+", default=["zip"], choices=["zip", "bestanden"])
    ap.add_argument("--zip-niveau", type=int, default=0)
    ap.add_argument("--processen", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--een", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.een:
        _een(args)
        return
    print("| region | format | processes | messages | time | CPU | messages/s | peak RSS | on disk |")
    print("|---|---|---|---|---|---|---|---|---|")
    eerste: float | None = None
    for formaat in args.formaat:
        for processen in args.processen:
            cmd = [
                sys.executable,
                __file__,
                "--een",
                f"--inwoners={args.inwoners}",
                f"--gemeenten={args.gemeenten}",
                f"--seed={args.seed}",
                f"--formaat={formaat}",
                f"--zip-niveau={args.zip_niveau}",
                f"--processen={processen}",
            ]
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            rate = r["berichten"] / r["seconden"]
            eerste = eerste or rate
            naam = (
                formaat
                if formaat == "bestanden" or not args.zip_niveau
                else f"zip (deflate {args.zip_niveau})"
            )
            print(
                f"| {args.inwoners:,} inwoners, {args.gemeenten} gemeenten | {naam} | {processen} | "
                f"{r['berichten']:,} | {r['seconden']:.1f} s | {r['cpu_s']:.0f} s | {rate:,.0f} ({rate / eerste:.2f}×) | "
                f"{r['rss_mb']:,.0f} MB | {r['schijf_mb']:,.0f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
