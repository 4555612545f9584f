"""Every official example message parses, and its key fields come out exactly as written in the XML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from regiekamer.berichten import catalogus
from regiekamer.berichten.errors import InvalidValue
from regiekamer.berichten.parser import ParsedBericht, elfproef, parse
from regiekamer.privacy import Pseudonymiser

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
EXAMPLES = sorted(SHARED.glob("*/berichten/*.xml"))
PSEUDO = Pseudonymiser(b"t" * 32)

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="../shared/istandaarden is not beside the repository")


def _texts(path: Path, local: str) -> list[str]:
    """All texts of elements with this local name, read independently of the parser."""
    tree = etree.parse(str(path))
    return [el.text.strip() for el in tree.iter() if isinstance(el.tag, str)
            and etree.QName(el).localname == local and el.text and el.text.strip()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_parses_with_its_type(path: Path) -> None:
    if path.name == "JW315.xml":
        with pytest.raises(InvalidValue, match="2027-06-31"):
            parse(path.read_bytes(), PSEUDO)
        return
    msg = parse(path.read_bytes(), PSEUDO)
    assert msg.type.naam_kort == path.stem
    assert msg.header.berichtcode == msg.type.berichtcode
    assert msg.header.identificatie == _texts(path, "Identificatie")[0]


def _msg(name: str) -> tuple[Path, ParsedBericht]:
    path = next(p for p in EXAMPLES if p.name == name)
    return path, parse(path.read_bytes(), PSEUDO)


@pytest.mark.parametrize("name", ["JW301.xml", "WMO301.xml"])
def test_toewijzing_fields(name: str) -> None:
    path, msg = _msg(name)
    rows = msg.rows["toewijzing"]
    assert [r.toewijzingnummer for r in rows] == [int(t) for t in _texts(path, "ToewijzingNummer")]
    assert [r.productcategorie for r in rows] == _texts(path, "Categorie")
    assert [r.productcode for r in rows] == _texts(path, "Code")
    assert [r.ingangsdatum.isoformat() for r in rows] == _texts(path, "Ingangsdatum")
    assert [r.toewijzingstijd.isoformat() for r in rows] == _texts(path, "Toewijzingstijd")
    assert [r.volume for r in rows] == [int(v) for v in _texts(path, "Volume")]
    assert msg.gemeente == _texts(path, "Afzender")[0] and msg.aanbieder == _texts(path, "Ontvanger")[0]


def test_jw301_client_is_pseudonymised_and_minimised() -> None:
    path, msg = _msg("JW301.xml")
    (client,) = msg.rows["client"]
    bsn = _texts(path, "Bsn")[0]
    assert client.client == PSEUDO.client(bsn) and bsn not in repr(msg)
    assert client.geboortemaand == dt.date(2010, 2, 1)  # 2010-02-14 truncated to the month
    assert client.postcode4 == "9999"  # BRP/verblijf address 9999XX → 4 digits
    assert client.huishouden == PSEUDO.huishouden("9999XX", "9", "B", "BEL")
    # names, streets, phone numbers and e-mail never reach a record
    for secret in ("Wit", "Van Woustraat", "0201234567", "abcd@efg.com", "Tom"):
        assert secret not in repr(msg)


def test_start_stop_fields() -> None:
    path, msg = _msg("JW307.xml")
    rows = msg.rows["stop_product"]
    assert [r.reden_beeindiging for r in rows] == _texts(path, "RedenBeeindiging")
    assert [r.status_aanlevering for r in rows] == _texts(path, "StatusAanlevering")
    assert [r.einddatum.isoformat() for r in rows] == _texts(path, "Einddatum")
    path, msg = _msg("WMO305.xml")
    assert [r.begindatum.isoformat() for r in msg.rows["start_product"]] == _texts(path, "Begindatum")


def test_declaratie_amounts_are_exact_integers() -> None:
    path, msg = _msg("JW323.xml")
    (decl,) = msg.rows["declaratie"]
    assert decl.totaal_ingediend == int(_texts(path, "TotaalBedrag")[0])
    rows = msg.rows["prestatie"]
    assert [r.bedrag for r in rows] == [int(b) for b in _texts(path, "Bedrag")]
    assert all(isinstance(r.bedrag, int) for r in rows)
    assert [r.referentienummer for r in rows] == _texts(path, "ReferentieNummer")
    assert [r.producttarief for r in rows] == [int(t) for t in _texts(path, "ProductTarief")]


def test_declaratie_antwoord_links_to_declaratie() -> None:
    path, msg = _msg("JW325.xml")
    assert msg.heen_identificatie == _texts(path, "Identificatie")[1]  # DeclaratieIdentificatie
    (decl,) = msg.rows["declaratie"]
    assert decl.totaal_toegekend is not None
    assert all(r.retourcodes for r in msg.rows["prestatie"])  # the 325 lists rejected prestaties with codes


def test_retour_identity_and_sender() -> None:
    path, msg = _msg("JW302.xml")
    assert msg.type.is_retour and msg.eigen_identificatie == _texts(path, "IdentificatieRetour")[0]
    assert msg.verzender == _texts(path, "Ontvanger")[0]  # IV028: the aanbieder sends the 302
    assert msg.header.retourcodes == tuple(_texts(path, "RetourCode"))


def test_verzoek_and_antwoord() -> None:
    path, msg = _msg("WMO317.xml")
    soorten = [p.soort for p in msg.rows["verzoek_product"]]
    assert soorten.count("nieuw") == len(_texts(path, "GewensteIngangsdatum")) - soorten.count("te_wijzigen")
    path, msg = _msg("JW319.xml")
    (a,) = msg.rows["antwoord"]
    assert a.referentie_aanbieder == _texts(path, "ReferentieAanbieder")[0]
    assert a.verzoek_antwoord == _texts(path, "VerzoekAntwoord")[0]


def test_every_message_type_in_catalogue_has_the_right_namespace() -> None:
    seen = {p.stem for p in EXAMPLES}
    for name in seen:
        bt = catalogus.bij_naam(name)
        root = etree.parse(str(SHARED / bt.wet.value / "berichten" / f"{name}.xml")).getroot()
        assert etree.QName(root).namespace == bt.namespace


def test_elfproef() -> None:
    assert elfproef("123456782") and elfproef("999900006")
    assert not elfproef("123456781") and not elfproef("12345678")


def test_elfproef_agrees_with_the_generators_own() -> None:
    """The parser's elfproef against the generator's, written independently (regiekamer.generator.bsn):
    every 9-digit number in a spread of 100,000 (about 9,000 of them valid), and shapes that are no BSN."""
    from regiekamer.generator.bsn import elfproef as generator_elfproef

    numbers = [f"{n:09d}" for n in range(0, 1_000_000_000, 9_973)][:100_000]
    assert sum(map(elfproef, numbers)) > 8_000
    assert all(elfproef(b) == generator_elfproef(b) for b in numbers)
    for shape in ("", "12345678", "1234567890", "12345678a", "１２３４５６７８２", "12345678²", "٤٥٦٧٨٩١٢٣"):
        assert elfproef(shape) == generator_elfproef(shape)
        assert not elfproef(shape)


def test_a_bsn_with_non_ascii_digits_is_a_finding_not_a_crash() -> None:
    """``"²".isdigit()`` holds and ``int("²")`` fails: such a Bsn must give the CS002 finding of any Bsn that fails
    the elfproef, not an exception that stops the ingest of the whole batch."""
    data = (SHARED / "ijw" / "berichten" / "JW301.xml").read_bytes()
    assert b">999900006<" in data
    for bsn in ("12345678²", "١٢٣٤٥٦٧٨٢"):
        msg = parse(data.replace(b">999900006<", f">{bsn}<".encode()), PSEUDO)
        cs002 = [b for b in msg.bevindingen if b.regel == "CS002"]
        assert cs002 and all("elfproef" in b.toelichting for b in cs002)
        assert bsn not in repr(msg)
