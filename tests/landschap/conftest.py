"""A second generated store for the landscape tests: three gemeenten in two jeugdregio's (so national aanbieders
serve both and the regional ones only their home region: the planted dependency), clean traffic (no
imperfections: the reconstruction is then exact, and the tests judge the landscape, not the reconstruction),
and with an address per household written into the allocation messages (the generator writes none), so the
store gets the pseudonymised household key the samenloop counts on."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import regiekamer
from regiekamer.generator import GeneratorConfig, generate_region
from regiekamer.generator.config import Imperfecties
from regiekamer.ingest.service import ingest
from regiekamer.privacy import Pseudonymiser
from regiohulp import SLEUTEL, Regio

GEMEENTEN = ("0197", "0222", "0358")  # Aalten, Doetinchem (Achterhoek); Aalsmeer (Amsterdam-Amstelland)
GEEN = Imperfecties(0, 0, 0, 0, 0, 0, 0, 0)
_CONTACT = re.compile(r"<(\w+):Contact><\1:Soort>01</\1:Soort></\1:Contact>")
_BSN = re.compile(r"<\w+:Bsn>(\d{9})</\w+:Bsn>")


def adres(huishouden_id: str, gemeenten: list[str]) -> tuple[str, str]:
    """A synthetic address per household: (postcode, huisnummer); postcode area by household number."""
    gem, nr = huishouden_id.split("-H")
    i = gemeenten.index(gem)
    return f"{7000 + 10 * i + int(nr) % 4}A{chr(ord('A') + i)}", str(int(nr))


def schrijf_adressen(berichten: Path, grondwaarheid: Path) -> int:
    personen = pd.read_parquet(grondwaarheid / "personen.parquet")
    gemeenten = sorted(personen["gemeente"].unique())
    per_bsn = {b: adres(h, gemeenten) for b, h in zip(personen["bsn"], personen["huishouden_id"], strict=True)}
    n = 0
    for pad in berichten.rglob("*301_*.xml"):
        tekst = pad.read_text(encoding="utf-8")
        m = _BSN.search(tekst)
        if m is None or m.group(1) not in per_bsn:
            continue
        postcode, huisnummer = per_bsn[m.group(1)]
        basis = "ijw" if "ijw:" in tekst else "iwmo"

        def met_adres(c: re.Match[str], postcode: str = postcode, huisnummer: str = huisnummer,
                      basis: str = basis) -> str:
            p = c.group(1)
            return (f"<{p}:Contact><{p}:Soort>01</{p}:Soort><{p}:Adres><{basis}:Huis><{basis}:Huisnummer>"
                    f"{huisnummer}</{basis}:Huisnummer></{basis}:Huis><{basis}:Postcode>{postcode}</{basis}:Postcode>"
                    f"<{basis}:Straatnaam>Teststraat</{basis}:Straatnaam><{basis}:Plaatsnaam>Teststad"
                    f"</{basis}:Plaatsnaam></{p}:Adres></{p}:Contact>")

        nieuw, k = _CONTACT.subn(met_adres, tekst)
        if k:
            pad.write_text(nieuw, encoding="utf-8")
            n += 1
    return n


@pytest.fixture(scope="session")
def twee_regios(tmp_path_factory: pytest.TempPathFactory) -> Regio:
    root = tmp_path_factory.mktemp("landschap")
    generate_region(root / "regio", GeneratorConfig(seed=5, gemeentecodes=GEMEENTEN, inwoners=12_000,
                                                    startjaar=2025, jaren=1, formaat="bestanden", imperfecties=GEEN))
    assert schrijf_adressen(root / "regio" / "berichten", root / "regio" / "grondwaarheid") > 100
    pseudo = Pseudonymiser(SLEUTEL)
    with regiekamer.open_store(root / "opslag") as store:
        s = ingest(store, [root / "regio" / "berichten"], pseudo)
        assert not s.afgewezen and not s.koppeling, (s.afgewezen, s.koppeling)
    return Regio(root / "regio" / "berichten", root / "regio" / "grondwaarheid", root / "opslag", pseudo)
