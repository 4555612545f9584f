"""A second generated store for the landscape tests: three gemeenten in two jeugdregio's (so national aanbieders
serve both and the regional ones only their home region: the planted dependency), clean traffic (no
imperfections: the reconstruction is then exact, and the tests judge the landscape, not the reconstruction),
one function planted with a single provider per region (``GeneratorConfig.enige_aanbieder``), and the
generator's synthetic household addresses in the allocation messages, so the store gets the pseudonymised
household key and the postcode area the samenloop counts on."""

from __future__ import annotations

import pytest

import regiekamer
from regiekamer.generator import GeneratorConfig, generate_region
from regiekamer.generator.config import Imperfecties
from regiekamer.ingest.service import ingest
from regiekamer.privacy import Pseudonymiser
from regiohulp import SLEUTEL, Regio

GEMEENTEN = ("0197", "0222", "0358")  # Aalten, Doetinchem (Achterhoek); Aalsmeer (Amsterdam-Amstelland)
GEEN = Imperfecties(0, 0, 0, 0, 0, 0, 0, 0)
ENIGE = ("jw", "44")  # pleegzorg and gezinshuis: one aanbieder per region (planted)


@pytest.fixture(scope="session")
def twee_regios(tmp_path_factory: pytest.TempPathFactory) -> Regio:
    root = tmp_path_factory.mktemp("landschap")
    generate_region(root / "regio", GeneratorConfig(seed=5, gemeentecodes=GEMEENTEN, inwoners=12_000,
                                                    startjaar=2025, jaren=1, formaat="bestanden", imperfecties=GEEN,
                                                    enige_aanbieder=(ENIGE,)))
    pseudo = Pseudonymiser(SLEUTEL)
    with regiekamer.open_store(root / "opslag") as store:
        s = ingest(store, [root / "regio" / "berichten"], pseudo)
        assert not s.afgewezen and not s.koppeling, (s.afgewezen, s.koppeling)
    return Regio(root / "regio" / "berichten", root / "regio" / "grondwaarheid", root / "opslag", pseudo)
