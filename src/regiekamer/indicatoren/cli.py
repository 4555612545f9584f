"""``regiekamer indicators``: the catalogue as csv, parquet or xlsx, its list, and its generated docs page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

FORMATEN = ("csv", "parquet", "xlsx")


def _lijst(console: Console) -> None:
    from regiekamer.indicatoren.catalogus import ALLE, INDICATOREN
    from regiekamer.indicatoren.docs import EENHEDEN, RICHTING

    tabel = Table("id", "naam", "eenheid", "beter", "uitsplitsingen")
    for i in INDICATOREN:
        splits = "alle" if i.uitsplitsingen == ALLE else ", ".join(i.uitsplitsingen)
        tabel.add_row(i.id, i.naam, EENHEDEN[i.eenheid], RICHTING[i.beter], splits)
    console.print(tabel)


def schrijf(df: Any, out: Path, fmt: str) -> None:
    """Write the long table; xlsx gets a second sheet with every definition."""
    from regiekamer.indicatoren.docs import definities

    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(out, index=False)
    elif fmt == "parquet":
        df.to_parquet(out, index=False)
    else:
        with __import__("pandas").ExcelWriter(out, engine="openpyxl") as xl:
            df.to_excel(xl, sheet_name="indicatoren", index=False)
            definities().to_excel(xl, sheet_name="definities", index=False)


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators_cmd(
        period: Annotated[
            str | None,
            typer.Option(
                "--period",
                "-p",
                help="2025, 2025-Q2, 2025-03 of 2025-01-01..2025-06-30 "
                "(standaard: het kalenderjaar van het laatste bericht).",
            ),
        ] = None,
        by: Annotated[
            str,
            typer.Option("--by", help="Uitsplitsingen, komma-gescheiden: gemeente,aanbieder,… (zie --list)."),
        ] = "",
        per: Annotated[
            str | None, typer.Option("--per", help="Deel de periode op: maand, kwartaal of jaar.")
        ] = None,
        indicator: Annotated[
            str | None,
            typer.Option("--indicator", "-i", help="Alleen deze indicatoren (komma-gescheiden ids)."),
        ] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="csv, parquet of xlsx.")] = "csv",
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Doelbestand (standaard indicatoren.FORMAT).")
        ] = None,
        engine: Annotated[str, typer.Option("--engine", help="duckdb (standaard) of spark.")] = "duckdb",
        gap_dagen: Annotated[
            int, typer.Option("--gap-dagen", help="Dagen tussen twee perioden die nog één traject vormen.")
        ] = 0,
        lijst: Annotated[bool, typer.Option("--list", help="Toon de catalogus en stop.")] = False,
        docs: Annotated[
            Path | None,
            typer.Option("--docs", help="Schrijf de definitiepagina (markdown) naar dit bestand en stop."),
        ] = None,
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
    ) -> None:
        """Bereken de indicatoren uit de catalogus, met definities (zie --list en docs/indicatoren.md)."""
        from regiekamer.cli import _data_dir, console, err, fail

        if lijst:
            _lijst(console)
            return
        if docs is not None:
            from regiekamer.indicatoren.docs import markdown

            docs.write_text(markdown(), encoding="utf-8")
            console.print(f"definities geschreven naar {docs}")
            return
        if fmt not in FORMATEN:
            fail(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATEN)}")
        if per not in (None, "maand", "kwartaal", "jaar"):
            fail(f"--per {per!r}: kies maand, kwartaal of jaar")

        from regiekamer.indicatoren import Bronnen, bereken, parse_periode
        from regiekamer.indicatoren.service import controleer_uitsplitsingen, kies

        uitsplitsingen = [c.strip() for c in by.split(",") if c.strip()]
        ids = [c.strip() for c in indicator.split(",") if c.strip()] if indicator else None
        try:
            controleer_uitsplitsingen(uitsplitsingen)
            kies(ids)
            p = parse_periode(period) if period else None
        except (KeyError, ValueError) as exc:
            fail(str(exc.args[0]) if exc.args else str(exc))

        ddir = _data_dir(data_dir)
        if not (ddir / "regiekamer.duckdb").exists():
            fail(f"geen opslag in {ddir}: lees eerst berichten in met 'regiekamer ingest'")
        con = _verbind(engine, ddir, fail)
        bron = Bronnen(con, gap_dagen=gap_dagen)
        if p is None:
            p = parse_periode(str(bron.einde_gegevens.year))
        if ids is None:
            # the whole catalogue needs every source: build them all, then release the reconstruction steps, so
            # that the figures run on the sources alone (less memory, less spilling at national scale)
            bron.materialiseer()
        try:
            resultaat = bereken(bron, p, indicatoren=ids, by=uitsplitsingen, per=per)  # type: ignore[arg-type]
        except ValueError as exc:
            fail(str(exc))
        target = out or Path(f"indicatoren.{fmt}")
        schrijf(resultaat.tabel, target, fmt)
        for i, reden in resultaat.overgeslagen.items():
            err.print(f"[yellow]overgeslagen:[/] {i}: {reden}")
        console.print(
            f"{len(resultaat.tabel):,} regels ({resultaat.tabel['indicator'].nunique()} indicatoren, periode "
            f"{p.label}{', per ' + per if per else ''}) geschreven naar {target}"
        )


def _verbind(engine: str, ddir: Path, fail: Any) -> Any:
    if engine == "duckdb":
        from regiekamer.clientpaden import connect

        return connect(ddir)
    if engine == "spark":
        try:
            from regiekamer.clientpaden.motoren import spark_connect
        except ImportError as exc:
            fail(f"Spark is niet geïnstalleerd ({exc}); installeer met: uv sync --extra spark")
        return spark_connect(ddir)
    fail(f"onbekende engine {engine!r}; kies duckdb of spark")
