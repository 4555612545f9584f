"""One generated region (both laws, default imperfections, two years), ingested once for the module tests.

Written one file per message (``formaat="bestanden"``), so that the property test can ingest the same messages
in any order; the bytes are the same as in the zip format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import regiekamer
from regiekamer.clientpaden import connect
from regiekamer.generator import GeneratorConfig, generate_region
from regiekamer.ingest.service import ingest
from regiekamer.privacy import Pseudonymiser

SLEUTEL = b"c" * 32


@dataclass(frozen=True)
class Regio:
    berichten: Path
    grondwaarheid: Path
    opslag: Path
    pseudo: Pseudonymiser

    def waarheid(self, tabel: str) -> pd.DataFrame:
        return pd.read_parquet(self.grondwaarheid / f"{tabel}.parquet")


@pytest.fixture(scope="session")
def regio(tmp_path_factory: pytest.TempPathFactory) -> Regio:
    root = tmp_path_factory.mktemp("clientpaden")
    generate_region(
        root / "regio",
        GeneratorConfig(seed=11, gemeenten=2, inwoners=15_000, startjaar=2024, jaren=2, formaat="bestanden"),
    )
    pseudo = Pseudonymiser(SLEUTEL)
    with regiekamer.open_store(root / "opslag") as store:
        s = ingest(store, [root / "regio" / "berichten"], pseudo)
        assert not s.afgewezen and not s.koppeling  # rule-clean traffic (docs/generator.md)
    return Regio(root / "regio" / "berichten", root / "regio" / "grondwaarheid", root / "opslag", pseudo)


@pytest.fixture(scope="session")
def con(regio: Regio) -> Any:
    """An Ibis backend over the ingested region. Tests that take ``con`` run on every engine this fixture offers."""
    return connect(regio.opslag)
