"""The ``regiekamer`` command line: ingest, export, demo (and the commands of later capabilities).

Bad input gives a one-line error on stderr and exit code 2, never a traceback; ``ingest`` exits 1 when any
message was rejected (``--accepteer-afwijzingen`` relaxes that).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from regiekamer.ingest import IngestSummary, ingest
from regiekamer.ingest.sources import SourceError, check, count_messages, expand
from regiekamer.privacy import KEY_FILE_NAME, KeyError_, load_or_create_key
from regiekamer.store import Store, StoreError, default_data_dir, open_store
from regiekamer.store.indeling import INDELING
from regiekamer.validation.xsd import SchemaFolderError, SchemaSet

app = typer.Typer(
    help="Regiekamer: eigen informatiepositie op Jeugdwet en Wmo uit het iJw/iWmo 3.2-berichtenverkeer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", "-d", help="Map van de opslag (standaard $REGIEKAMER_DATA of ./regiekamer-data)."
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]fout:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _data_dir(value: Path | None) -> Path:
    return value if value is not None else default_data_dir()


def _open(data_dir: Path | None, *, read_only: bool = False) -> Store:
    try:
        store = open_store(_data_dir(data_dir), read_only=read_only)
    except StoreError as exc:
        fail(str(exc))
    if store.bijgewerkt:
        err.print(
            f"De opslag is bijgewerkt naar indeling {INDELING} (eenmalig): {', '.join(store.bijgewerkt)}.",
            highlight=False,
        )
    return store


def print_summary(summary: IngestSummary, store: Store) -> None:
    table = Table(title=f"Inleesronde {summary.ingest_run}", show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("aantal", justify="right")
    table.add_row("berichten gelezen", str(summary.gelezen))
    table.add_row("geaccepteerd (nieuw)", str(summary.geaccepteerd))
    table.add_row("dubbel (al opgeslagen, genegeerd)", str(summary.dubbel))
    table.add_row("afgewezen (quarantaine)", str(summary.aantal_afgewezen))
    for reden, n in sorted(summary.afgewezen.items()):
        table.add_row(f"  waarvan {reden}", str(n))
    table.add_row("XSD-gevalideerd", str(summary.xsd_gevalideerd))
    console.print(table)
    if summary.per_berichttype:
        console.print(
            "Nieuw per berichttype: "
            + ", ".join(f"{k} {v}" for k, v in sorted(summary.per_berichttype.items()))
        )
    if summary.bevindingen:
        console.print(
            "Regelbevindingen (bericht bewaard, toegepast zoals de ontvanger zou doen): "
            + ", ".join(f"{k} {v}" for k, v in sorted(summary.bevindingen.items()))
        )
    if summary.koppeling:
        console.print(
            "Koppelingsbevindingen over de hele opslag: "
            + ", ".join(f"{k} {v}" for k, v in sorted(summary.koppeling.items()))
        )
    if summary.koppeling_fout:
        err.print(
            "[yellow]let op:[/] de berichten zijn opgeslagen, maar de koppelingsbevindingen over de hele opslag "
            f"konden niet worden geteld: {summary.koppeling_fout} (meer geheugen: REGIEKAMER_DUCKDB_GEHEUGEN)"
        )
    console.print(
        f"Opslag: {store.path} — {store.count('bericht')} berichten, "
        f"{store.count('quarantaine')} in quarantaine. ({summary.seconden:.1f} s)"
    )


def run_ingest(
    paths: list[Path], data_dir: Path | None, xsd: Path | None, *, quiet: bool = False
) -> IngestSummary:
    ddir = _data_dir(data_dir)
    if xsd is None and os.environ.get("REGIEKAMER_XSD"):
        xsd = Path(os.environ["REGIEKAMER_XSD"])
    try:
        check(paths)
        schemas = SchemaSet(xsd) if xsd is not None else None
        pseudo = load_or_create_key(ddir / KEY_FILE_NAME)
    except (SourceError, KeyError_, SchemaFolderError) as exc:
        fail(str(exc))
    with _open(ddir) as store:
        try:
            total = count_messages(expand(paths))  # a second, lazy walk: the listing is never held whole
            with Progress(
                TextColumn("[bold]Inlezen"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
                disable=quiet or not err.is_terminal,
            ) as bar:
                task = bar.add_task("inlezen", total=total)
                summary = ingest(store, paths, pseudo, xsd_dir=schemas, progress=lambda n: bar.advance(task, n))
        except (StoreError, SourceError) as exc:
            fail(str(exc))
        except duckdb.Error as exc:  # e.g. the disk is full or the memory limit is too low
            fail(f"de opslag kon de inleesronde niet verwerken (niets is opgeslagen): {str(exc).splitlines()[0]}")
        print_summary(summary, store)
    return summary


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="XML-bestanden, mappen (recursief) en zip-archieven.")],
    xsd: Annotated[
        Path | None,
        typer.Option(
            "--xsd", help="Map met de officiële XSD's (recursief, op namespace); ook $REGIEKAMER_XSD."
        ),
    ] = None,
    data_dir: DataDir = None,
    accepteer_afwijzingen: Annotated[
        bool, typer.Option("--accepteer-afwijzingen", help="Exitcode 0, ook als berichten zijn afgewezen.")
    ] = False,
) -> None:
    """Lees iJw/iWmo 3.2-berichten in: valideren, pseudonimiseren, precies één keer opslaan."""
    summary = run_ingest(paths, data_dir, xsd)
    if summary.aantal_afgewezen and not accepteer_afwijzingen:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    table: Annotated[str, typer.Argument(help="Tabel of view, bijv. toewijzing, prestatie, quarantaine.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv of parquet.")] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Doelbestand (standaard TABEL.FORMAT).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Exporteer een tabel (alleen pseudoniemen, nooit een BSN)."""
    target = out or Path(f"{table}.{fmt}")
    with _open(data_dir, read_only=True) as store:
        try:
            n = store.export(table, target, fmt)
        except StoreError as exc:
            fail(str(exc))
    console.print(f"{n} rijen van '{table}' geschreven naar {target}")


@app.command("tabellen")
def tables_cmd(data_dir: DataDir = None) -> None:
    """Toon de tabellen van de opslag met hun aantal rijen."""
    with _open(data_dir, read_only=True) as store:
        table = Table("tabel", "rijen")
        for name in store.tables():
            table.add_row(name, str(store.count(name)))
        console.print(table)


@app.command("regels")
def rules_cmd() -> None:
    """Toon welke regels van de standaard bij het inlezen worden gecontroleerd."""
    from regiekamer.store.links import LINK_RULES
    from regiekamer.validation.rules import CHECKED_RULES

    table = Table("regel", "wat", "wanneer")
    for code, text in CHECKED_RULES.items():
        table.add_row(code, text, "per bericht, bij inlezen")
    for code, text in LINK_RULES.items():
        table.add_row(code, text, "over de hele opslag (koppeling_bevinding)")
    console.print(table)


def _shared_examples() -> Path | None:
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "istandaarden"
        if candidate.is_dir():
            return candidate
    return None


@app.command("demo")
def demo_cmd(
    data_dir: DataDir = None,
    bron: Annotated[
        Path | None, typer.Option("--bron", help="Map met berichten in plaats van een gegenereerde regio.")
    ] = None,
    inwoners: Annotated[int, typer.Option("--inwoners", help="Inwoners van de gegenereerde regio.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde van de generator.")] = 2026,
    serveren: Annotated[
        bool, typer.Option("--serveer/--niet-serveren", help="Start daarna het dashboard in de browser.")
    ] = True,
    host: Annotated[str, typer.Option("--host", help="Adres van het dashboard.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Poort van het dashboard.")] = 8000,
) -> None:
    """De hoofdtaak op de ingebouwde standaard: het hele product op uw laptop.

    Zonder --bron maakt de demo een regio met synthetisch iJw/iWmo-berichtenverkeer (gemeenten uit één
    jeugdregio, testreeks-BSN's, twee jaar), leest die in, berekent de cijfers en start het dashboard op
    localhost, met een demo-account per rol. Staan de officiële XSD's naast de repository
    (../shared/istandaarden), dan wordt ook daartegen gevalideerd.
    """
    from regiekamer.generator import ConfigFout, GeneratorConfig, generate_region

    ddir = data_dir or Path("regiekamer-demo")
    examples = _shared_examples()
    if bron is None:
        bron = ddir / "regio"
        if not (bron / "manifest.json").exists():
            console.print(f"[bold]Regiekamer demo[/]: synthetische regio genereren ({inwoners:,} inwoners) in {bron}")
            try:
                summary = generate_region(bron, GeneratorConfig(seed=seed, inwoners=inwoners, startjaar=2024, jaren=2))
            except ConfigFout as exc:
                fail(str(exc))
            console.print(f"{sum(summary.berichten.values()):,} berichten voor gemeenten "
                          f"{', '.join(summary.gemeenten)} ({summary.seconden:.0f} s)")
        paths = [bron / "berichten"]
    else:
        paths = [bron]
    console.print(f"[bold]Inlezen[/] in {ddir}" + (f", gevalideerd tegen de XSD's in {examples}" if examples else ""))
    run_ingest(paths, ddir, examples)
    _demo_indicatoren(ddir)
    console.print("Verken verder met: [bold]uv run regiekamer indicators --list[/], "
                  "[bold]uv run regiekamer indicators -d " + str(ddir) + " --by gemeente,aanbieder[/] en "
                  "[bold]uv run regiekamer eventlog -d " + str(ddir) + " -f xes[/]")
    if serveren:
        from regiekamer.web.cli import demo_serveren

        demo_serveren(ddir, host, port)


DEMO_KERNCIJFERS = (
    "clienten_in_zorg",
    "nieuwe_clienten",
    "wachttijd_mediaan",
    "wachtend_6_weken",
    "aandeel_volgens_plan",
    "doorlooptijd_verzoek_mediaan",
    "termijn_besluit",
    "kosten_per_client",
)


def _demo_indicatoren(ddir: Path) -> None:
    """Compute the whole catalogue for the year of the data, per law and gemeente, into indicatoren.xlsx, and
    show the key figures per law."""
    from regiekamer.clientpaden import connect
    from regiekamer.indicatoren import PER_ID, Bronnen, bereken, parse_periode
    from regiekamer.indicatoren.cli import schrijf

    bron = Bronnen(connect(ddir))
    periode = parse_periode(str(bron.einde_gegevens.year))
    console.print(f"[bold]Indicatoren[/] {periode.label}: cliëntpaden reconstrueren en de catalogus berekenen")
    per_gemeente = bereken(bron, periode, by=["wet", "gemeente"]).tabel
    doel = ddir / "indicatoren.xlsx"
    schrijf(per_gemeente, doel, "xlsx")
    kern = bereken(bron, periode, indicatoren=DEMO_KERNCIJFERS, by=["wet"]).tabel
    tabel = Table("indicator", "Jeugdwet", "Wmo", title=f"Kerncijfers {periode.label}")
    for ind in DEMO_KERNCIJFERS:
        rij = kern[kern["indicator"] == ind].set_index("wet")["waarde"]
        eenheid = PER_ID[ind].eenheid
        tabel.add_row(PER_ID[ind].naam, *(_opmaak(rij.get(w), eenheid) for w in ("jw", "wmo")))
    console.print(tabel)
    console.print(f"Alle {len(PER_ID)} indicatoren per wet en gemeente: {doel} (definities: docs/indicatoren.md)")


def _opmaak(waarde: object, eenheid: str) -> str:
    if waarde is None or waarde != waarde:  # None or NaN
        return "–"
    w = float(str(waarde))
    if eenheid == "eurocent":
        return f"€ {w / 100:,.0f}".replace(",", ".")
    if eenheid == "procent":
        return f"{w:.1f} %"
    if eenheid == "dagen":
        return f"{w:.0f} dagen"
    return f"{w:,.0f}".replace(",", ".")


def _register_plugins() -> None:
    """Capabilities that bring their own commands register them here."""
    from regiekamer.clientpaden.cli import register as clientpaden
    from regiekamer.generator.cli import register as generator
    from regiekamer.indicatoren.cli import register as indicatoren
    from regiekamer.sturing.cli import register as sturing
    from regiekamer.web.cli import register as web

    generator(app)
    clientpaden(app)
    indicatoren(app)
    sturing(app)
    web(app)


_register_plugins()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("afgebroken; de opslag is ongewijzigd voor de lopende inleesronde")
        sys.exit(130)
