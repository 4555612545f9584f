"""``regiekamer eventlog``: the path event log for process-mining tools (CSV or XES)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("eventlog")
    def eventlog_cmd(
        fmt: Annotated[str, typer.Option("--format", "-f", help="csv of xes.")] = "csv",
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Doelbestand (standaard paden.FORMAT).")
        ] = None,
        wet: Annotated[str | None, typer.Option("--wet", help="Alleen jw of wmo.")] = None,
        gemeente: Annotated[str | None, typer.Option("--gemeente", help="Alleen deze gemeentecode.")] = None,
        gap_dagen: Annotated[
            int, typer.Option("--gap-dagen", help="Dagen tussen twee perioden die nog één traject vormen.")
        ] = 0,
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
    ) -> None:
        """Schrijf het event log van de cliëntpaden (toewijzing, start, einde per traject) als CSV of XES.

        Eén case per cliënt per wet (gepseudonimiseerd, nooit een BSN); te openen in ProM, Disco, Celonis of
        pm4py. Zie docs/paden.md.
        """
        from regiekamer.cli import _data_dir, console, fail
        from regiekamer.clientpaden import connect, eventlog, schrijf_csv, schrijf_xes

        if fmt not in ("csv", "xes"):
            fail(f"onbekend formaat {fmt!r}; kies csv of xes")
        if wet not in (None, "jw", "wmo"):
            fail(f"--wet {wet!r}: kies jw of wmo")
        ddir = _data_dir(data_dir)
        if not (ddir / "regiekamer.duckdb").exists():
            fail(f"geen opslag in {ddir}: lees eerst berichten in met 'regiekamer ingest'")
        log = eventlog(connect(ddir), gap_dagen=gap_dagen)
        if wet:
            log = log.filter(log.wet == wet)
        if gemeente:
            log = log.filter(log.gemeente == gemeente)
        target = out or Path(f"paden.{fmt}")
        n = (schrijf_csv if fmt == "csv" else schrijf_xes)(log, target)
        console.print(f"{n:,} gebeurtenissen geschreven naar {target}")
