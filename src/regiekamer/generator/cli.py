"""The ``regiekamer generate`` command (registered on the main Typer app by ``regiekamer.cli``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regiekamer.generator.config import GeneratorConfig
from regiekamer.generator.service import ConfigFout, generate_region


def register(app: typer.Typer) -> None:
    """Add the ``generate`` command to ``app``."""

    @app.command("generate")
    def generate(
        out: Annotated[Path, typer.Option("--out", help="Uitvoermap (leeg of nieuw)")],
        gemeenten: Annotated[
            int | None, typer.Option("--gemeenten", help="Aantal gemeenten (uit één jeugdregio)")
        ] = None,
        regio: Annotated[str | None, typer.Option("--regio", help="Jeugdregio bij naam")] = None,
        inwoners: Annotated[int, typer.Option("--inwoners", help="Totaal aantal inwoners")] = 50_000,
        jaren: Annotated[int, typer.Option("--jaren", help="Aantal kalenderjaren berichtenverkeer")] = 1,
        startjaar: Annotated[int, typer.Option("--startjaar")] = 2025,
        seed: Annotated[int, typer.Option("--seed")] = 1,
        processen: Annotated[
            int, typer.Option("--processen", help="Werkprocessen (uitvoer hangt er niet van af)")
        ] = 1,
        formaat: Annotated[
            str,
            typer.Option(
                "--formaat",
                help="zip: één archief per wet × gemeente × maand (standaard); bestanden: één bestand per bericht",
            ),
        ] = "zip",
        zip_niveau: Annotated[
            int,
            typer.Option("--zip-niveau", min=0, max=9, help="0: opgeslagen (snelst); 1–9: deflate-niveau"),
        ] = 0,
        adressen: Annotated[
            bool,
            typer.Option(
                "--adressen/--geen-adressen",
                help="Synthetisch adres per huishouden in de 301 (standaard aan)",
            ),
        ] = True,
        enige_aanbieder: Annotated[
            list[str] | None,
            typer.Option(
                "--enige-aanbieder",
                help="wet:productcategorie (bv. jw:44) met één aanbieder per regio; herhaalbaar",
            ),
        ] = None,
    ) -> None:
        """Genereer een synthetische regio: iJw/iWmo-berichten plus de grondwaarheid (Parquet)."""
        from rich.progress import Progress

        paren: list[tuple[str, str]] = []
        for waarde in enige_aanbieder or []:
            wet, _, cat = waarde.partition(":")
            if not wet or not cat:
                typer.echo(
                    f"fout: --enige-aanbieder {waarde!r}: verwacht wet:productcategorie, bv. jw:44", err=True
                )
                raise typer.Exit(2)
            paren.append((wet.strip().lower(), cat.strip()))

        cfg = GeneratorConfig(
            seed=seed,
            gemeenten=gemeenten,
            regio=regio,
            inwoners=inwoners,
            jaren=jaren,
            startjaar=startjaar,
            processen=processen,
            formaat=formaat,
            zip_niveau=zip_niveau,
            adressen=adressen,
            enige_aanbieder=tuple(paren),
        )
        try:
            with Progress(transient=True) as progress:
                taak = progress.add_task("gemeenten", total=None)

                def voortgang(code: str, i: int, n: int) -> None:
                    progress.update(taak, completed=i, total=n, description=f"gemeente {code}")

                s = generate_region(out, cfg, voortgang)
        except (ConfigFout, OSError) as e:
            typer.echo(f"fout: {e}", err=True)
            raise typer.Exit(2) from None
        typer.echo(
            f"{s.aantal_berichten} berichten, {s.personen} personen, {s.trajecten} trajecten in "
            f"{len(s.gemeenten)} gemeenten → {out} ({s.seconden:.1f} s, "
            f"{s.aantal_berichten / max(s.seconden, 1e-9):,.0f} berichten/s)"
        )
