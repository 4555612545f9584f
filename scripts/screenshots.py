"""Screenshots of every page for the user guide (docs/img/*.png).

Starts ``regiekamer serve`` over a store on a free loopback port, creates a regio-analist and a gemeente-analist
of the demo gemeente with ``regiekamer gebruiker``, logs in through the login form in Debian's Chromium
(Playwright) and saves a full-page PNG of each page at 1280 px wide. The users are removed again afterwards.

Usage::

    uv run python scripts/screenshots.py [DATA_DIR] [--uit docs/img] [--regio "Noord Veluwe"]

``DATA_DIR`` defaults to ``regiekamer-demo`` (made by the demo command); the regio defaults to the store's first
jeugdregio.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GEBRUIKER = "schermafdrukken"
GEMEENTE_GEBRUIKER = "schermafdrukken-gemeente"
BREEDTE = 1280
MAX_HOOGTE = 10_000
"""Longer pages are cut here, which keeps every PNG under 400 KB."""

PAGINAS = [
    ("overzicht", "/"),
    ("clientpaden", "/clientpaden/"),
    ("wachten", "/wachten/"),
    ("kosten", "/kosten/"),
    ("aanbieders", "/aanbieders/"),
    ("aanbieder", None),  # the first provider's profile, through its link on Aanbieders
    ("gemeenten", "/gemeenten/"),
    ("definitie", "/definities/wachttijd_mediaan/"),
    ("landschap", "/landschap/"),
    ("landschap-continuiteit", "/landschap/continuiteit/"),
    ("regiemodel-regio", "/regiemodel/regio/"),
    ("vergelijken", "/vergelijken/?indicator=aandeel_volgens_plan"),
]
GEMEENTE_PAGINAS = [
    ("ambities", "/ambities/"),
    ("ambitie", None),  # the first ambition, through its link on Ambities
    ("contract", "contract"),  # the first contract, through its link on Contracten
    ("prioriteiten", "/prioriteiten/"),
    ("regiemodel", "/regiemodel/"),
]
"""Pages of the demo gemeente (its ambitions, contract, priority profile and regiemodel scan), as its analist."""


def regiekamer(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("regiekamer")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "regiekamer", *args]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wacht_op(url: str, seconden: float, proces: subprocess.Popen[bytes]) -> None:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if proces.poll() is not None:
            raise SystemExit(f"regiekamer serve stopte (code {proces.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} antwoordde niet binnen {seconden:.0f} s")


def maak_gebruiker(data: Path, regio: str, gemeente: str | None = None) -> str:
    rol = ["--rol", "gemeente-analist", "--gemeente", gemeente] if gemeente else ["--rol", "regio-analist",
                                                                                  "--regio", regio]
    naam = GEMEENTE_GEBRUIKER if gemeente else GEBRUIKER
    uit = subprocess.run(regiekamer("gebruiker", naam, *rol, "-d", str(data)), capture_output=True, text=True,
                         check=True, env={**os.environ, "COLUMNS": "200"}).stdout
    m = re.search(r"wachtwoord:\s*(\S+)", uit)
    if not m:
        raise SystemExit(f"geen wachtwoord in de uitvoer van 'regiekamer gebruiker': {uit}")
    return m.group(1)


def verwijder_gebruiker(data: Path) -> None:
    subprocess.run(regiekamer("web", "-d", str(data), "shell", "-c",
                              "from django.contrib.auth.models import User; "
                              f"User.objects.filter(username__in={[GEBRUIKER, GEMEENTE_GEBRUIKER]!r}).delete()"),
                   capture_output=True, check=False)


def verklein(pad: Path) -> None:
    """Down to a 256-colour palette PNG (text and flat charts lose nothing visible; a third of the size). Pillow
    comes with matplotlib; without it the full-colour PNG stays."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(pad) as img:
        palet = img.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    palet.save(pad, optimize=True)


def bewaar(page: Page, pad: Path) -> None:
    hoogte = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HOOGTE)
    page.screenshot(path=str(pad), full_page=True, clip={"x": 0, "y": 0, "width": BREEDTE, "height": hoogte})
    verklein(pad)
    print(f"{pad} ({pad.stat().st_size // 1024} KB)")


def inloggen(page: Page, naam: str, wachtwoord: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def schermafdrukken(basis: str, wachtwoord: str, uit: Path, gemeente_wachtwoord: str | None = None) -> None:
    uit.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context(base_url=basis, viewport={"width": BREEDTE, "height": 900})
        ctx.set_default_timeout(300_000)  # a cold store computes the first figures
        page = ctx.new_page()
        page.goto("/inloggen/")
        bewaar(page, uit / "inloggen.png")
        inloggen(page, GEBRUIKER, wachtwoord)
        for naam, adres in PAGINAS:
            if adres is None:
                page.goto("/aanbieders/")
                with page.expect_navigation():
                    page.get_by_role("navigation", name="Profielen van aanbieders").get_by_role("link").first.click()
            else:
                page.goto(adres)
            page.wait_for_load_state("load")
            bewaar(page, uit / f"{naam}.png")
        if gemeente_wachtwoord is not None:
            ctx = browser.new_context(base_url=basis, viewport={"width": BREEDTE, "height": 900})
            ctx.set_default_timeout(300_000)
            page = ctx.new_page()
            inloggen(page, GEMEENTE_GEBRUIKER, gemeente_wachtwoord)
            for naam, adres in GEMEENTE_PAGINAS:
                if adres is None or adres == "contract":
                    page.goto("/ambities/" if adres is None else "/contracten/")
                    with page.expect_navigation():
                        page.locator("main table tbody a").first.click()
                else:
                    page.goto(adres)
                page.wait_for_load_state("load")
                bewaar(page, uit / f"{naam}.png")
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("data", nargs="?", type=Path, default=Path("regiekamer-demo"), help="map van de opslag")
    ap.add_argument("--uit", type=Path, default=Path("docs/img"), help="map voor de PNG's")
    ap.add_argument("--regio", help="jeugdregio van de regio-analist (standaard: de eerste in de opslag)")
    args = ap.parse_args()
    if not (args.data / "regiekamer.duckdb").exists():
        raise SystemExit(f"geen opslag in {args.data}")
    from regiekamer.cijfers import Cijfers, Rol, Scope

    opties = Cijfers(args.data).opties
    regio = args.regio or opties.regios[0]
    wachtwoord = maak_gebruiker(args.data, regio)
    # the demo gemeente (regiekamer.web.cli.demo_accounts): the first gemeente of the region
    gemeente = opties.binnen(Scope(Rol.REGIO, regio=regio)).gemeenten[0].code
    gemeente_wachtwoord = maak_gebruiker(args.data, regio, gemeente)
    poort = vrije_poort()
    server = subprocess.Popen(regiekamer("serve", "-d", str(args.data), "--port", str(poort), "--niet-vooraf",
                                         "--workers", "1"))
    try:
        basis = f"http://127.0.0.1:{poort}"
        wacht_op(f"{basis}/inloggen/", 120, server)
        schermafdrukken(basis, wachtwoord, args.uit, gemeente_wachtwoord)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        verwijder_gebruiker(args.data)


if __name__ == "__main__":
    main()
