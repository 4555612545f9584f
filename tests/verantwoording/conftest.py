"""A small generated region (three small gemeenten, 4,000 inhabitants): small counts and rare forms of care, so
the small-number rule and secondary suppression have work to do."""

from __future__ import annotations

from pathlib import Path

import pytest

import regiekamer
from regiekamer.cijfers import Cijfers
from regiekamer.generator import GeneratorConfig, generate_region
from regiekamer.ingest import ingest
from regiekamer.privacy import Pseudonymiser
from regiohulp import SLEUTEL


@pytest.fixture(scope="session")
def kleine_regio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verantwoording")
    generate_region(root / "regio", GeneratorConfig(seed=5, gemeenten=3, inwoners=4_000, startjaar=2024, jaren=2,
                                                    formaat="bestanden"))
    with regiekamer.open_store(root / "opslag") as store:
        s = ingest(store, [root / "regio" / "berichten"], Pseudonymiser(SLEUTEL))
        assert not s.afgewezen
    return root


@pytest.fixture(scope="session")
def kleine_cijfers(kleine_regio: Path) -> Cijfers:
    return Cijfers(kleine_regio / "opslag")
