"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against Django's live server over the
generated test region, with one user per role (the same profiles as tests/web/conftest.py), and axe-core."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Locator, Page, Playwright, sync_playwright

from web.conftest import WACHTWOORD, maak_gebruikers  # tests/ is the rootdir of the "web" package

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 120_000  # the first view of a filter combination computes its figures


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium ontbreekt (/usr/bin/chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the whole session; each test gets its own context (cookies)."""
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def browser_gebruikers(transactional_db: Any, web: Path, rollen: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The users of ``gebruikers`` (tests/web/conftest.py), but committed, so the live server's thread sees them."""
    return maak_gebruikers(rollen)


@pytest.fixture
def nieuwe_pagina(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """Pages in fresh browser contexts at 1280 px, with the live server as base URL."""
    contexten = []

    def maak() -> Page:
        ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(TIMEOUT_MS)
        contexten.append(ctx)
        return ctx.new_page()

    yield maak
    for ctx in contexten:
        ctx.close()


def volg(page: Page, doel: Locator) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded. A bare click returns before
    the next page is there, so a check right after it could read the page that is being left."""
    with page.expect_navigation():
        doel.click()


def inloggen(page: Page, naam: str) -> None:
    """Log in through the real login form, as a person would."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


@pytest.fixture(scope="session")
def axe_bron() -> str:
    if not AXE.exists():
        pytest.skip("axe-core ontbreekt: draai 'make assets' (npm ci)")
    return AXE.read_text()


def axe_overtredingen(page: Page, axe_bron: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_bron)
    return page.evaluate(  # type: ignore[no-any-return]
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations.map(v => ({
             id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || ''))}))""",
        AXE_TAGS,
    )


def beschrijf(pad: str, overtredingen: list[dict[str, Any]]) -> str:
    regels = []
    for v in overtredingen:
        regels.append(f"{pad}: {v['id']} ({v['impact']}): {v['help']}")
        regels.extend(f"    {n}" for n in v["nodes"][:10])
    return "\n".join(regels)
