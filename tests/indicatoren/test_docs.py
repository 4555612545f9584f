"""The definitions page is generated from the catalogue and must be current."""

from __future__ import annotations

from pathlib import Path

from regiekamer.indicatoren import INDICATOREN
from regiekamer.indicatoren.docs import definities, markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "indicatoren.md"


def test_docs_page_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/indicatoren.md is verouderd: uv run regiekamer indicators --docs docs/indicatoren.md"
    )


def test_every_indicator_has_its_section_and_code() -> None:
    tekst = markdown()
    for i in INDICATOREN:
        assert f"## `{i.id}` — {i.naam}" in tekst
        assert f"def {i.bereken.__name__}(" in tekst
    assert len(definities()) == len(INDICATOREN)
