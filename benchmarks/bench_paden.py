"""Benchmark directly-follows counts and variants of a path event log: ours (Ibis on DuckDB) against pm4py.

Run: ``uv run python benchmarks/bench_paden.py [--n 300000] [--store DIR] [--herhaal 3] [--out FILE]``.

The event log is either synthetic — ``--n`` cases, each a random walk over the activities of the path event log
(``toewijzing <vorm>``, ``start <vorm>``, ``einde <vorm> (<reden>)``), 1 to 12 events, many sharing a day — or,
with ``--store``, the event log of an ingested store (:func:`regiekamer.clientpaden.eventlog.eventlog`). The same
log is timed in the same run on the same machine: ours on a DuckDB table (:func:`df_en_varianten`: both from one
pass over the case sequences, results fetched to pandas; ``ons_los_s`` times :func:`directly_follows` and
:func:`varianten` called separately), pm4py on the pandas DataFrame, already sorted by case, timestamp and
volgnummer (pm4py needs that; the sort is not timed, which favours pm4py). The results must be identical. Best of
``--herhaal`` runs each; prints one JSON line with the times and the ratio (target: at least 10× faster).
pm4py is AGPL and a test-only peer: it is imported here, never by the package.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd

from regiekamer.clientpaden.eventlog import PIJL, df_en_varianten, directly_follows, eventlog, varianten

VORMEN = ("ambulant", "daghulp", "verblijf", "huishoudelijke hulp", "hulpmiddel", "jeugdbescherming")
REDENEN = ("volgens plan", "voortijdig door cliënt", "in overleg", "overstap", "door gemeente", "onbekend")


def synthetisch(n: int, seed: int) -> pd.DataFrame:
    """``n`` cases shaped like cliëntpaden: 1–4 trajectories one after another, each an allocation, mostly a
    start and often an end with a reason; days between events drawn from 0 (the same day: a tie that volgnummer
    orders) to a few months. Vectorised, so a national-size log takes seconds."""
    rng = np.random.default_rng(seed)
    vorm_p = np.array([0.45, 0.08, 0.05, 0.22, 0.15, 0.05])
    reden_p = np.array([0.45, 0.15, 0.15, 0.08, 0.07, 0.10])
    k = rng.geometric(0.55, size=n).clip(1, 4)  # trajectories per case
    traj_case = np.repeat(np.arange(n), k)
    m = len(traj_case)
    vorm = rng.choice(len(VORMEN), size=m, p=vorm_p)
    gestart = rng.random(m) < 0.92
    geeindigd = gestart & (rng.random(m) < 0.6)
    reden = rng.choice(len(REDENEN), size=m, p=reden_p)
    per_traj = 1 + gestart + geeindigd  # events per trajectory: toewijzing, start, einde
    fase = np.arange(int(per_traj.sum())) - np.repeat(np.cumsum(per_traj) - per_traj, per_traj)
    t = np.repeat(np.arange(m), per_traj)
    namen = np.where(
        fase == 0,
        np.char.add("toewijzing ", np.array(VORMEN)[vorm[t]]),
        np.where(
            fase == 1,
            np.char.add("start ", np.array(VORMEN)[vorm[t]]),
            np.char.add(
                np.char.add(np.char.add("einde ", np.array(VORMEN)[vorm[t]]), " ("),
                np.array(REDENEN)[reden[t]],
            )
            + ")",
        ),
    )
    case = traj_case[t]
    totaal = len(case)
    eerste = np.r_[0, np.flatnonzero(np.diff(case)) + 1]
    lengte = np.diff(np.r_[eerste, totaal])
    stap = rng.choice([0, 1, 7, 30, 90], size=totaal, p=[0.15, 0.15, 0.3, 0.3, 0.1]) * rng.integers(
        1, 3, size=totaal
    )
    dag = np.cumsum(stap)
    dag = dag - np.repeat(dag[eerste], lengte)
    volgnummer = np.arange(totaal) - np.repeat(eerste, lengte) + 1
    return pd.DataFrame(
        {
            "case_id": np.char.add("jw:", case.astype(str)),
            "activiteit": namen,
            "tijdstip": pd.Timestamp("2024-01-01") + pd.to_timedelta(dag, unit="D"),
            "volgnummer": volgnummer,
            "aanbieder": np.char.add("4212", (vorm[t] % 7).astype(str)),
        }
    )


def _best(f: Any, herhaal: int) -> tuple[float, Any]:
    beste, uit = float("inf"), None
    for _ in range(herhaal):
        t0 = time.perf_counter()
        uit = f()
        beste = min(beste, time.perf_counter() - t0)
    return beste, uit


def _zelfde(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    k = [c for c in a.columns if c != "aantal"]
    return bool(
        a.sort_values(k).reset_index(drop=True).astype({"aantal": "int64"})
        .equals(b.sort_values(k).reset_index(drop=True).astype({"aantal": "int64"}))
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=300_000, help="cases in the synthetic log (default 300000)")
    ap.add_argument("--store", type=Path, help="use the event log of this store folder instead")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--herhaal", type=int, default=2, help="runs per side; the best counts")
    ap.add_argument("--out", type=Path, help="append the JSON line to this file")
    args = ap.parse_args(argv)

    if args.store is not None:
        from regiekamer.clientpaden import connect

        df = eventlog(connect(args.store)).to_pandas()[
            ["case_id", "activiteit", "tijdstip", "volgnummer", "aanbieder"]
        ]
    else:
        df = synthetisch(args.n, args.seed)
    df = df.sort_values(["case_id", "tijdstip", "volgnummer"], kind="mergesort").reset_index(drop=True)

    con = ibis.duckdb.connect()
    log = con.create_table("paden", df)  # materialised: both sides start from a log in memory

    def ons() -> tuple[pd.DataFrame, pd.DataFrame]:
        return df_en_varianten(log)  # both from one pass over the case sequences

    def ons_los() -> tuple[pd.DataFrame, pd.DataFrame]:
        return directly_follows(log).to_pandas(), varianten(log).to_pandas()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pm4py

        pm = df.rename(
            columns={
                "case_id": "case:concept:name",
                "activiteit": "concept:name",
                "tijdstip": "time:timestamp",
            }
        )
        sleutels = {
            "case_id_key": "case:concept:name",
            "activity_key": "concept:name",
            "timestamp_key": "time:timestamp",
        }

        def peer() -> tuple[dict[Any, int], dict[Any, int]]:
            dfg, _, _ = pm4py.discover_dfg(pm, **sleutels)
            return dict(dfg), dict(pm4py.get_variants(pm, **sleutels))

        t_ons, (dfg_ons, var_ons) = _best(ons, args.herhaal)
        t_los, (dfg_los, var_los) = _best(ons_los, args.herhaal)
        t_pm, (dfg_pm, var_pm) = _best(peer, args.herhaal)

    gelijk_dfg = {(r.van, r.naar): int(r.aantal) for r in dfg_ons.itertuples()} == {
        k: int(v) for k, v in dfg_pm.items()
    }
    gelijk_var = {
        tuple(v.split(PIJL)): int(n) for v, n in zip(var_ons["variant"], var_ons["aantal"], strict=True)
    } == {k: int(v) for k, v in var_pm.items()}
    uit = {
        "bron": str(args.store) if args.store else f"synthetisch n={args.n}",
        "cases": int(df["case_id"].nunique()),
        "events": len(df),
        "dfg_paren": len(dfg_ons),
        "varianten": len(var_ons),
        "ons_s": round(t_ons, 3),
        "ons_los_s": round(t_los, 3),
        "pm4py_s": round(t_pm, 3),
        "verhouding": round(t_pm / t_ons, 1),
        "identiek": gelijk_dfg and gelijk_var and _zelfde(dfg_ons, dfg_los) and _zelfde(var_ons, var_los),
    }
    regel = json.dumps(uit, ensure_ascii=False)
    print(regel)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a", encoding="utf-8") as f:
            f.write(regel + "\n")
    return 0 if uit["identiek"] else 1


if __name__ == "__main__":
    sys.exit(main())
