"""``regiekamer serve`` (the web app under gunicorn), ``regiekamer gebruiker`` (users with a role) and
``regiekamer web`` (any Django management command, e.g. ``regiekamer web createsuperuser``)."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from regiekamer.cijfers import Rol

console = Console()
err = Console(stderr=True)


def django_setup(data_dir: Path) -> None:
    """Point Django at the store directory and start it (idempotent within one process)."""
    os.environ["REGIEKAMER_DATA"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.web.settings")
    import django

    django.setup()


def migreer() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def controleer_assets() -> None:
    vendor = Path(__file__).parent / "static" / "vendor" / "utrecht.css"
    if not vendor.exists():
        err.print("[red]De NL Design System-CSS ontbreekt[/] (src/regiekamer/web/static/vendor): draai eerst "
                  "[bold]make assets[/] (npm ci, vastgepinde versies).")
        raise typer.Exit(2)


def maak_gebruiker(naam: str, rol: str, *, gemeente: str = "", aanbieder: str = "", regio: str = "",
                   wachtwoord: str | None = None) -> str:
    """Create or update a user with a role; returns the password (a new random one unless given)."""
    from django.contrib.auth.models import User

    from regiekamer.web.accounts.models import Profiel

    ww = wachtwoord or secrets.token_urlsafe(12)
    user, _ = User.objects.get_or_create(username=naam)
    user.set_password(ww)
    user.is_staff = user.is_superuser = rol == Rol.BEHEERDER
    user.save()
    p, _ = Profiel.objects.get_or_create(user=user, defaults={"rol": rol})
    p.rol, p.gemeente, p.aanbieder, p.regio = rol, gemeente, aanbieder, regio
    p.full_clean(exclude=["user"])
    p.save()
    return ww


def vooraf_berekenen(data_dir: Path, *, achtergrond: bool = True) -> subprocess.Popen[bytes] | None:
    """Compute the pages' landing figures now (whole region, each gemeente, each law), and the rest (each
    aanbieder, productcategorie, age band) in a background process while the server already answers."""
    import time

    # in a process of its own: the chart renderer (vl-convert) must not have run in gunicorn's master before it
    # forks the workers, or a worker's first chart hangs forever
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "regiekamer.web.vooraf", str(data_dir), "--stil"], check=True)
    console.print(f"Pagina's vooraf berekend ({time.monotonic() - t0:.0f} s)")
    if not achtergrond:
        return None
    log = (data_dir / "vooraf.log").open("w")
    return subprocess.Popen([sys.executable, "-m", "regiekamer.web.vooraf", str(data_dir), "--uitgebreid"],
                            stdout=log, stderr=subprocess.STDOUT)


def stop(proces: subprocess.Popen[bytes] | None) -> None:
    """Stop the background warm-up with the server (it holds the store open for reading)."""
    if proces is not None and proces.poll() is None:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()


def demo_accounts(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """One account per role for the demo (new random passwords each run): (name, role, organisation, password).
    The gemeente-analist gets the first gemeente, the aanbieder the jeugdhulp aanbieder with the most clients
    there."""
    from regiekamer.cijfers import Cijfers, Scope, Selectie

    c = Cijfers(data_dir)
    o = c.opties
    regio = o.regios[0]
    gemeente = o.binnen(Scope(Rol.REGIO, regio=regio)).gemeenten[0]
    # the jeugdhulp aanbieder with the most clients of the demo gemeente: the two sides of the example contract
    per_aanbieder = c.indicatoren(Scope(Rol.REGIO, regio=regio), Selectie(wet="jw", gemeente=gemeente.code),
                                  c.periode(None),
                                  ["clienten_in_zorg"], by=["aanbieder"])
    aanbieder = str(per_aanbieder.sort_values("waarde", ascending=False)["aanbieder"].iloc[0])
    accounts = [
        ("demo-gemeente", Rol.GEMEENTE.value, f"{gemeente.naam} ({gemeente.code})",
         maak_gebruiker("demo-gemeente", Rol.GEMEENTE.value, gemeente=gemeente.code)),
        ("demo-regio", Rol.REGIO.value, regio, maak_gebruiker("demo-regio", Rol.REGIO.value, regio=regio)),
        ("demo-aanbieder", Rol.AANBIEDER.value, f"AGB {aanbieder}",
         maak_gebruiker("demo-aanbieder", Rol.AANBIEDER.value, aanbieder=aanbieder, regio=regio)),
        ("demo-beheerder", Rol.BEHEERDER.value, "gebruikers en toegangslog",
         maak_gebruiker("demo-beheerder", Rol.BEHEERDER.value)),
    ]
    return accounts


def demo_voorbeelden(data_dir: Path) -> None:
    """What the demo gemeente has written down: two ambitions, a contract with the demo aanbieder, a priority
    profile and an example regiemodel scan; and, for a generated region, the inhabitants per gemeente from its
    ground truth (Zorglandschap per 1,000)."""
    from django.core.management import call_command

    from regiekamer.cijfers import Cijfers
    from regiekamer.sturing.voorbeeld import VOORBEELD_PRIORITEITEN, voorbeeld_ambities, voorbeeld_contract
    from regiekamer.web.accounts.models import Profiel
    from regiekamer.web.sturing.models import Ambitie, Contract, Prioriteitenprofiel

    profiel = Profiel.objects.get(user__username="demo-gemeente")
    gemeente = profiel.gemeente
    c = Cijfers(data_dir)
    org = f"gemeente:{gemeente}"
    for a in voorbeeld_ambities(c, profiel.scope(), gemeente):
        Ambitie.bewaar(org, a, "demo")
    aanbieder = Profiel.objects.get(user__username="demo-aanbieder").aanbieder
    Contract.bewaar(org, voorbeeld_contract(c, gemeente, aanbieder), "demo")
    Prioriteitenprofiel.objects.update_or_create(
        organisatie=org, defaults={"gegevens": VOORBEELD_PRIORITEITEN.als_dict(), "gewijzigd_door": "demo"})
    call_command("regiemodel_voorbeeld", gemeente, "--vervangen", stdout=io.StringIO())
    if (data_dir / "regio" / "grondwaarheid" / "gemeenten.parquet").exists():
        call_command("landschap_inwoners", str(data_dir / "regio"), stdout=io.StringIO())


def demo_serveren(data_dir: Path, host: str, port: int) -> None:
    """The last step of ``regiekamer demo``: accounts, figures ahead, then the dashboard on localhost."""
    from rich.table import Table

    controleer_assets()
    django_setup(data_dir)
    migreer()
    console.print("[bold]Dashboard[/]: standaardcijfers vooraf berekenen …")
    achtergrond = vooraf_berekenen(data_dir)
    tabel = Table("gebruiker", "rol", "organisatie", "wachtwoord", title="Demo-accounts (nieuw wachtwoord per run)")
    for rij in demo_accounts(data_dir):
        tabel.add_row(*rij)
    demo_voorbeelden(data_dir)
    console.print(tabel)
    console.print(f"Open [bold]http://{host}:{port}/[/] en log in met een van de accounts (stoppen: Ctrl-C).")
    try:
        serveer(data_dir, host, port, workers=2, threads=4)
    finally:
        stop(achtergrond)


def serveer(data_dir: Path, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Toepassing(BaseApplication):  # type: ignore[misc]
        def __init__(self, opties: dict[str, Any]) -> None:
            self.opties = opties
            super().__init__()

        def load_config(self) -> None:
            for k, v in self.opties.items():
                self.cfg.set(k, v)

        def load(self) -> Any:
            from regiekamer.web.wsgi import application

            return application

    Toepassing({
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 300,  # the first view of a rare filter combination computes its figures
        # keep idle connections open longer than a reader's pause (gunicorn's default is 2 s): a request sent just
        # as the server closes an idle connection fails on the client
        "keepalive": 30,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "preload_app": False,
        # leave without running native destructors: the chart renderer's (vl-convert) runtime thread otherwise
        # aborts the exiting worker with "terminate called without an active exception"
        "worker_exit": lambda server, worker: os._exit(0),
    }).run()


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
        host: Annotated[str, typer.Option("--host", help="Adres om op te luisteren.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Poort.")] = 8000,
        workers: Annotated[int, typer.Option("--workers", help="Gunicorn-processen.")] = 2,
        threads: Annotated[int, typer.Option("--threads", help="Threads per proces.")] = 4,
        vooraf: Annotated[bool, typer.Option("--vooraf/--niet-vooraf",
                                             help="Eerst de standaardcijfers berekenen.")] = True,
    ) -> None:
        """Serveer Regiekamer in de browser (gunicorn) over de opslag van 'regiekamer ingest'."""
        ddir = data_dir or Path(os.environ.get("REGIEKAMER_DATA", "regiekamer-data"))
        if not (ddir / "regiekamer.duckdb").exists():
            err.print(f"[red]Geen opslag in {ddir}[/]: lees eerst berichten in met 'regiekamer ingest -d {ddir}'.")
            raise typer.Exit(2)
        controleer_assets()
        django_setup(ddir)
        migreer()
        achtergrond = None
        if vooraf:
            console.print("Standaardcijfers vooraf berekenen …")
            achtergrond = vooraf_berekenen(ddir)
        console.print(f"Regiekamer draait op [bold]http://{host}:{port}/[/] (stoppen: Ctrl-C)")
        try:
            serveer(ddir, host, port, workers, threads)
        finally:
            stop(achtergrond)

    @app.command("gebruiker")
    def gebruiker_cmd(
        naam: Annotated[str, typer.Argument(help="Gebruikersnaam.")],
        rol: Annotated[Rol, typer.Option("--rol", help="Rol.")],
        gemeente: Annotated[str, typer.Option("--gemeente", help="CBS-gemeentecode (gemeente-analist).")] = "",
        aanbieder: Annotated[str, typer.Option("--aanbieder", help="AGB-code (aanbieder).")] = "",
        regio: Annotated[str, typer.Option("--regio", help="Jeugdregio (regio-analist, aanbieder).")] = "",
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
    ) -> None:
        """Maak een gebruiker met een rol (of wijzig die); het wachtwoord wordt eenmalig getoond."""
        from django.core.exceptions import ValidationError

        ddir = data_dir or Path(os.environ.get("REGIEKAMER_DATA", "regiekamer-data"))
        django_setup(ddir)
        migreer()
        try:
            ww = maak_gebruiker(naam, rol.value, gemeente=gemeente, aanbieder=aanbieder, regio=regio)
        except ValidationError as e:
            err.print(f"[red]Ongeldig profiel[/]: {'; '.join(e.messages)}")
            raise typer.Exit(2) from None
        console.print(f"Gebruiker [bold]{naam}[/] ({rol.value}); wachtwoord: [bold]{ww}[/]")

    @app.command("web", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def web_cmd(
        ctx: typer.Context,
        data_dir: Annotated[Path | None, typer.Option("--data-dir", "-d", help="Map van de opslag.")] = None,
    ) -> None:
        """Een Django-beheercommando, bijvoorbeeld 'regiekamer web createsuperuser' of 'regiekamer web check'."""
        ddir = data_dir or Path(os.environ.get("REGIEKAMER_DATA", "regiekamer-data"))
        django_setup(ddir)
        from django.core.management import execute_from_command_line

        execute_from_command_line([f"{Path(sys.argv[0]).name} web", *ctx.args])
