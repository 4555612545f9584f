"""A gemeente supplies its own NL Design System theme tokens by configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_own_theme_is_served_after_the_neutral_one(client: Any, gebruikers: dict[str, Any], settings: Any,
                                                    tmp_path: Path) -> None:
    thema = tmp_path / "thema.css"
    thema.write_text(".mijngemeente-theme { --basis-color-accent-1-color-default: #8a1538; }\n")
    settings.REGIEKAMER_THEMA = str(thema)
    settings.REGIEKAMER_THEMA_KLASSE = "mijngemeente-theme"
    client.force_login(gebruikers["regio"])
    html = client.get("/definities/").content.decode()
    assert 'class="utrecht-body mijngemeente-theme"' in html
    neutraal, eigen = html.index("vendor/voorbeeld-theme.css"), html.index('href="/thema.css"')
    assert neutraal < eigen  # the own tokens override the neutral ones
    r = client.get("/thema.css")
    assert r.status_code == 200 and r["Content-Type"] == "text/css"
    assert b"#8a1538" in b"".join(r.streaming_content)


def test_without_own_theme_the_neutral_theme(client: Any, gebruikers: dict[str, Any]) -> None:
    client.force_login(gebruikers["regio"])
    html = client.get("/definities/").content.decode()
    assert "voorbeeld-theme" in html and "/thema.css" not in html
    assert client.get("/thema.css").status_code == 404
