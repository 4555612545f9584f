"""XML rendering of iJw/iWmo 3.2 messages from string templates (fast; no element trees).

Element order and cardinality follow the official XSDs in ``istandaarden/{ijw,iwmo}/xsd``; iWmo retour messages
(no XSD published) use the iJw structure in the iWmo namespace (message-model.md §1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from regiekamer.berichten.catalogus import BASISSCHEMA_NS, Wet, bij_naam
from regiekamer.generator.adressen import Adres

_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
XSD_VERSIE = "1.0.0"


def esc(tekst: str) -> str:
    """Escape text content for XML."""
    return tekst.translate(_ESC)


def wet_van(kort: str) -> Wet:
    return Wet.JEUGDWET if kort == "jw" else Wet.WMO


class Sjabloon:
    """Prefixes and the fixed parts of one message type of one law."""

    __slots__ = ("_header", "_prestatie", "_retour", "b", "code", "naam", "open", "p", "sluit")

    def __init__(self, wet: str, nummer: str) -> None:
        w = wet_van(wet)
        bt = bij_naam(f"{w.prefix}{nummer}")
        self.naam = bt.naam_kort
        self.p = bt.naam_kort.lower()
        self.b = w.value
        self.code = bt.berichtcode
        self.open = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<{self.p}:Bericht xmlns:{self.b}="{BASISSCHEMA_NS[w]}" '
            f'xmlns:{self.p}="{bt.namespace}">'
        )
        self.sluit = f"</{self.p}:Bericht>\n"
        p, b = self.p, self.b
        # str.format templates of the hot parts (one C call instead of a dozen Python-level ones); the XML
        # around the placeholders has no braces
        self._header = (
            f"<{p}:Header><{p}:BerichtCode>{self.code}</{p}:BerichtCode><{p}:BerichtVersie>3</{p}:BerichtVersie>"
            f"<{p}:BerichtSubversie>2</{p}:BerichtSubversie><{p}:Afzender>{{}}</{p}:Afzender>"
            f"<{p}:Ontvanger>{{}}</{p}:Ontvanger><{p}:BerichtIdentificatie>"
            f"<{b}:Identificatie>{{}}</{b}:Identificatie><{b}:Dagtekening>{{}}"
            f"</{b}:Dagtekening></{p}:BerichtIdentificatie>{self.xsdversie('XsdVersie')}"
        )
        self._retour = (
            f"{self.open}{self._header}<{p}:IdentificatieRetour>{{}}</{p}:IdentificatieRetour>"
            f"<{p}:DagtekeningRetour>{{}}</{p}:DagtekeningRetour>{self.xsdversie('XsdVersieRetour')}"
            f"</{p}:Header>{self.sluit}"
        )
        self._prestatie = (
            f"<{p}:Prestatie><{p}:ProductReferentie><{b}:ReferentieNummer>{{}}</{b}:ReferentieNummer>{{}}"
            f"</{p}:ProductReferentie><{p}:ToewijzingNummer>{{}}</{p}:ToewijzingNummer>"
            f"<{p}:ProductCategorie>{{}}</{p}:ProductCategorie><{p}:ProductCode>{{}}</{p}:ProductCode>"
            f"<{p}:ProductPeriode><{b}:Begindatum>{{}}</{b}:Begindatum><{b}:Einddatum>{{}}</{b}:Einddatum>"
            f"</{p}:ProductPeriode><{p}:GeleverdVolume>{{}}</{p}:GeleverdVolume><{p}:Eenheid>{{}}</{p}:Eenheid>{{}}"
            f"<{p}:IngediendBedrag><{b}:Bedrag>{{}}</{b}:Bedrag><{b}:DebetCredit>{{}}</{b}:DebetCredit>"
            f"</{p}:IngediendBedrag>{{}}</{p}:Prestatie>"
        )

    def header(self, afzender: str, ontvanger: str, identificatie: str, dagtekening: date) -> str:
        return self._header.format(afzender, ontvanger, identificatie, dagtekening.isoformat())

    def prestatie(
        self,
        referentie: str,
        vorige: str | None,
        toewijzingnummer: int,
        categorie: str,
        code: str | None,
        begin: date,
        eind: date,
        volume: int,
        eenheid: str,
        tarief: int | None,
        bedrag: int,
        dc: str,
        retourcodes: str,
    ) -> str:
        """One Prestatie of a 323/325 (ProductTarief only when ``tarief`` is given)."""
        b = self.b
        return self._prestatie.format(
            referentie,
            f"<{b}:VorigReferentieNummer>{vorige}</{b}:VorigReferentieNummer>" if vorige else "",
            toewijzingnummer,
            categorie,
            code,
            begin.isoformat(),
            eind.isoformat(),
            volume,
            eenheid,
            f"<{self.p}:ProductTarief>{tarief}</{self.p}:ProductTarief>" if tarief is not None else "",
            bedrag,
            dc,
            retourcodes,
        )

    def xsdversie(self, naam: str) -> str:
        p, b = self.p, self.b
        return (
            f"<{p}:{naam}><{b}:BasisschemaXsdVersie>{XSD_VERSIE}</{b}:BasisschemaXsdVersie>"
            f"<{b}:BerichtXsdVersie>{XSD_VERSIE}</{b}:BerichtXsdVersie></{p}:{naam}>"
        )

    def el(self, naam: str, waarde: object) -> str:
        return f"<{self.p}:{naam}>{waarde}</{self.p}:{naam}>"

    def bel(self, naam: str, waarde: object) -> str:
        return f"<{self.b}:{naam}>{waarde}</{self.b}:{naam}>"

    def product(self, naam: str, categorie: str, code: str | None) -> str:
        c = self.bel("Code", code) if code else ""
        return f"<{self.p}:{naam}>{self.bel('Categorie', categorie)}{c}</{self.p}:{naam}>"

    def omvang(self, volume: int, eenheid: str, frequentie: str) -> str:
        p, b = self.p, self.b
        return (
            f"<{p}:Omvang><{b}:Volume>{volume}</{b}:Volume><{b}:Eenheid>{eenheid}</{b}:Eenheid>"
            f"<{b}:Frequentie>{frequentie}</{b}:Frequentie></{p}:Omvang>"
        )


_SJABLONEN: dict[tuple[str, str], Sjabloon] = {}


def sjabloon(wet: str, nummer: str) -> Sjabloon:
    s = _SJABLONEN.get((wet, nummer))
    if s is None:
        s = _SJABLONEN[(wet, nummer)] = Sjabloon(wet, nummer)
    return s


def naam_volledig(s: Sjabloon, achternaam: str, voorvoegsel: str | None, voorletters: str) -> str:
    p, b = s.p, s.b
    vv = f"<{b}:Voorvoegsel>{esc(voorvoegsel)}</{b}:Voorvoegsel>" if voorvoegsel else ""
    return (
        f"<{p}:Naam><{b}:Geslachtsnaam><{b}:Achternaam>{esc(achternaam)}</{b}:Achternaam>{vv}</{b}:Geslachtsnaam>"
        f"<{b}:Voorletters>{esc(voorletters)}</{b}:Voorletters><{b}:NaamGebruik>1</{b}:NaamGebruik></{p}:Naam>"
    )


def naam_verkort(s: Sjabloon, achternaam: str, voorvoegsel: str | None, voorletters: str) -> str:
    p, b = s.p, s.b
    vv = f"<{b}:Voorvoegsel>{esc(voorvoegsel)}</{b}:Voorvoegsel>" if voorvoegsel else ""
    return (
        f"<{p}:Naam><{b}:Geslachtsnaam><{b}:Achternaam>{esc(achternaam)}</{b}:Achternaam>{vv}</{b}:Geslachtsnaam>"
        f"<{b}:Voorletters>{esc(voorletters)}</{b}:Voorletters></{p}:Naam>"
    )


def contact(s: Sjabloon, adres: Adres | None) -> str:
    """Contactgegevens of a 301 client: the BRP address (Soort 01) with Huis, Postcode, Straatnaam, Plaatsnaam
    and LandCode NL (XSD order of CDT_Adres; CD005: LandCode when Postcode is filled; TR006/CD034: Huis and
    Postcode with a BRP address), or only the Soort when there is no address."""
    p, b = s.p, s.b
    if adres is None:
        return (
            f"<{p}:Contactgegevens><{p}:Contact><{p}:Soort>01</{p}:Soort></{p}:Contact></{p}:Contactgegevens>"
        )
    letter = f"<{b}:Huisletter>{adres.huisletter}</{b}:Huisletter>" if adres.huisletter else ""
    return (
        f"<{p}:Contactgegevens><{p}:Contact><{p}:Soort>01</{p}:Soort><{p}:Adres><{b}:Huis>"
        f"<{b}:Huisnummer>{adres.huisnummer}</{b}:Huisnummer>{letter}</{b}:Huis>"
        f"<{b}:Postcode>{adres.postcode}</{b}:Postcode><{b}:Straatnaam>{esc(adres.straatnaam)}</{b}:Straatnaam>"
        f"<{b}:Plaatsnaam>{esc(adres.plaatsnaam)}</{b}:Plaatsnaam><{b}:LandCode>NL</{b}:LandCode></{p}:Adres>"
        f"</{p}:Contact></{p}:Contactgegevens>"
    )


def client_kop(s: Sjabloon, bsn: str, geboortedatum: date, geslacht: str, naam: str) -> str:
    return (
        f"{s.el('Bsn', bsn)}<{s.p}:Geboortedatum>{s.bel('Datum', geboortedatum.isoformat())}</{s.p}:Geboortedatum>"
        f"{s.el('Geslacht', geslacht)}{naam}"
    )


def retour(
    wet: str,
    nummer: str,
    heen_afzender: str,
    heen_ontvanger: str,
    heen_id: str,
    heen_dag: date,
    retour_id: str,
    retour_dag: date,
) -> str:
    """A technical retour (302/306/308/316/318/320) without errors: the heen header + retour identity (IV028)."""
    return sjabloon(wet, nummer)._retour.format(
        heen_afzender, heen_ontvanger, heen_id, heen_dag.isoformat(), retour_id, retour_dag.isoformat()
    )


def join(delen: Iterable[str]) -> str:
    return "".join(delen)


def retourcodes(s: Sjabloon, codes: Sequence[str]) -> str:
    return f"<{s.p}:RetourCodes>{''.join(s.el('RetourCode', c) for c in codes)}</{s.p}:RetourCodes>"
