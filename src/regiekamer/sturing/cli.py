"""``regiekamer ambities``: check an ambitions file and show the progress on each goal (docs/sturing.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table


def _getal(w: float | None, eenheid: str) -> str:
    if w is None:
        return "–"
    if eenheid == "eurocent":
        return f"€ {w / 100:,.0f}".replace(",", ".")
    if eenheid == "procent":
        return f"{w:.1f} %"
    if eenheid in ("dagen", "werkdagen"):
        return f"{w:.0f} {eenheid}"
    if eenheid == "ratio":
        return f"{w:.2f}"
    return f"{w:,.0f}".replace(",", ".")


def register(app: typer.Typer) -> None:
    @app.command("ambities")
    def ambities_cmd(
        bestand: Annotated[Path, typer.Argument(help="YAML-bestand met ambities (formaat: docs/sturing.md).")],
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
        uit: Annotated[
            Path | None, typer.Option("--out", "-o", help="Schrijf de metingen ook naar CSV, XLSX of Parquet.")
        ] = None,
        alleen_controleren: Annotated[
            bool, typer.Option("--controleer", help="Controleer alleen het bestand, reken niets uit.")
        ] = False,
    ) -> None:
        """Voortgang op ambities: basiswaarde, metingen, pad naar de streefwaarde en status per doel."""
        from regiekamer.cli import fail
        from regiekamer.sturing import AmbitieFout, als_tabel, laad_ambities, voortgang

        console = Console()
        if not bestand.is_file():
            fail(f"{bestand}: bestand bestaat niet")
        try:
            ambities = laad_ambities(bestand)
        except AmbitieFout as exc:
            fail(f"{bestand}: {exc}")
        console.print(f"{bestand}: {len(ambities)} ambities, {sum(len(a.doelen) for a in ambities)} doelen")
        if alleen_controleren:
            return
        from regiekamer.cijfers import BuitenBereik, Cijfers, Rol, Scope
        from regiekamer.store import default_data_dir

        ddir = data_dir or default_data_dir()
        if not (ddir / "regiekamer.duckdb").exists():
            fail(f"{ddir}: geen opslag gevonden (lees eerst berichten in met regiekamer ingest)")
        c = Cijfers(ddir)
        alles = Scope(Rol.REGIO)  # the analyst's own store, every region in it
        tabel = Table("ambitie", "indicator", "basis", "laatste meting", "pad", "streef", "status",
                      "trend → deadline", title="Voortgang op ambities")
        rijen: list[Any] = []
        for a in ambities:
            try:
                vg = voortgang(c, alles, a)
            except (BuitenBereik, ValueError) as exc:
                fail(f"{bestand}: ambitie {a.id}: {exc}")
            for d in vg:
                m = d.laatste
                meting = "–" if m is None else f"{m.periode}: {_getal(m.waarde, d.eenheid)}" + (
                    f" ({_getal(m.onder, d.eenheid)} – {_getal(m.boven, d.eenheid)})" if m.onder is not None else "")
                tabel.add_row(a.id, d.naam, f"{d.doel.basisperiode}: {_getal(d.basiswaarde, d.eenheid)}", meting,
                              _getal(m.pad if m else None, d.eenheid),
                              f"{_getal(d.doel.streefwaarde, d.eenheid)} in {d.doel.deadline}", d.status,
                              _getal(d.verwacht_op_deadline, d.eenheid))
            t = als_tabel(vg)
            t.insert(0, "ambitie", a.id)
            rijen.append(t)
        console.print(tabel)
        if uit is not None:
            import pandas as pd

            from regiekamer.indicatoren.cli import schrijf

            fmt = uit.suffix.lstrip(".").lower()
            if fmt not in ("csv", "xlsx", "parquet"):
                fail(f"{uit}: kies .csv, .xlsx of .parquet")
            schrijf(pd.concat(rijen, ignore_index=True), uit, fmt)
            console.print(f"Metingen geschreven naar {uit}")
