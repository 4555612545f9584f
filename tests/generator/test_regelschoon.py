"""Generated traffic is rule-clean: ingested with the official XSDs, it breaks no rule of the standard.

Every imperfection (``Imperfecties``) is one the standard allows (docs/generator.md, "Imperfections"): a
duplicate is reported as ``dubbel``, a deletion with StatusAanlevering 3 refers to an earlier row, a late start
only refers to an allocation that is in the store by the end. So after the whole region is ingested, neither the
per-message findings (``bevinding``) nor the findings across messages (``koppeling_bevinding``) hold anything.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import regiekamer
from regiekamer.generator import ConfigFout, GeneratorConfig, generate_region
from regiekamer.ingest.service import ingest
from regiekamer.privacy import Pseudonymiser

from .conftest import HOGE_RATES
from .xsd import ISTANDAARDEN, vereist_xsd

# rules an imperfection produces on purpose (docs/generator.md): none
BEDOELDE_KOPPELINGSBEVINDINGEN: frozenset[str] = frozenset()


@vereist_xsd
def test_generated_region_is_rule_clean_after_ingest(tmp_path: Path) -> None:
    uit = tmp_path / "r"
    # both laws, every imperfection at a high rate, two years so that extensions and changes are frequent
    generate_region(
        uit,
        GeneratorConfig(
            seed=3, gemeenten=2, inwoners=12_000, startjaar=2024, jaren=2, imperfecties=HOGE_RATES
        ),
    )
    with regiekamer.open_store(tmp_path / "opslag") as store:
        s = ingest(store, [uit / "berichten"], Pseudonymiser(b"k" * 32), xsd_dir=ISTANDAARDEN)
        assert s.gelezen > 5_000
        assert s.dubbel > 0  # the duplicates are there, and recognised as re-deliveries
        assert store.df("quarantaine").empty
        bevindingen = store.df("bevinding")
        assert bevindingen.empty, Counter(bevindingen["regel"])
        koppeling = store.df("koppeling_bevinding")
        assert set(koppeling["regel"]) <= BEDOELDE_KOPPELINGSBEVINDINGEN, Counter(koppeling["regel"])


def test_config_running_into_the_future_is_refused(tmp_path: Path) -> None:
    vandaag = date.today()
    with pytest.raises(ConfigFout, match="toekomst"):
        generate_region(
            tmp_path / "x", GeneratorConfig(gemeenten=1, inwoners=2_000, startjaar=vandaag.year + 1)
        )
    assert not (tmp_path / "x").exists()
