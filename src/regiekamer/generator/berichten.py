"""Render the message specifications of one gemeente × law and write them to disk.

Two layouts (``GeneratorConfig.formaat``), with the same member/file names and the same bytes per message:

* ``zip`` (default): one archive per wet × gemeente × month of the Dagtekening,
  ``berichten/<wet>/<gemeente>/<YYYY-MM>.zip``, members ``<JW301>_<sender>_<identificatie>.xml`` in the order
  the messages are sent, each dated with its Dagtekening (so the bytes depend only on the seed);
* ``bestanden``: one file per message, ``berichten/<wet>/<gemeente>/<YYYY-MM>/<JW301>_<sender>_<identificatie>.xml``.

For a retour the sender is the party that sends the retour and the identificatie is its IdentificatieRetour. A
duplicate delivery is the same bytes in a second member/file with suffix ``~2``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from regiekamer.generator.archief import ZipSchrijver
from regiekamer.generator.simulatie import Persoon, Regel, Spec, Uitkomst, Versie
from regiekamer.generator.xml import (
    Sjabloon,
    client_kop,
    contact,
    naam_verkort,
    naam_volledig,
    retour,
    retourcodes,
    sjabloon,
)

FORMATEN = ("zip", "bestanden")
INDEX_KOLOMMEN = (
    "pad",
    "lid",
    "wet",
    "gemeente",
    "berichttype",
    "afzender",
    "ontvanger",
    "identificatie",
    "dagtekening",
    "duplicaat",
)
_VOLGORDE = {"315": 0, "317": 1, "319": 2, "301": 3, "305": 4, "307": 5, "323": 6, "325": 7}
_RETOUR = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}
_VAN_GEMEENTE = {"301", "319", "325"}


class Schrijver:
    """Writes the messages of one Uitkomst after another; keeps an index row per message."""

    def __init__(self, uit: Path, schrijf: bool = True, formaat: str = "zip", zip_niveau: int = 0) -> None:
        if formaat not in FORMATEN:
            raise ValueError(f"onbekend formaat {formaat!r} (kies uit: {', '.join(FORMATEN)})")
        self.uit = uit
        self.schrijf = schrijf
        self.formaat = formaat
        self.zip_niveau = zip_niveau
        self.mappen: set[Path] = set()
        self.archieven: dict[str, ZipSchrijver] = {}  # open archives by path
        self.gesloten: set[str] = set()
        # one row per message (ground truth table ``berichten``), columns as in INDEX_KOLOMMEN
        self.index: list[tuple[Any, ...]] = []
        self.telling: Counter[str] = Counter()

    def _map(self, pad: Path) -> None:
        if pad not in self.mappen:
            pad.mkdir(parents=True, exist_ok=True)
            self.mappen.add(pad)

    def bestand(
        self,
        wet: str,
        gemeente: str,
        naam: str,
        afzender: str,
        ident: str,
        dag: date,
        ontvanger: str,
        tekst: str,
        duplicaat: bool,
    ) -> None:
        maand = f"berichten/{wet}/{gemeente}/{dag.year:04d}-{dag.month:02d}"
        lid = f"{naam}_{afzender}_{ident}.xml"
        self.telling[naam] += 1 + duplicaat
        zip_ = self.formaat == "zip"
        pad = maand + ".zip" if zip_ else f"{maand}/{lid}"
        self.index.append(
            (pad, lid if zip_ else None, wet, gemeente, naam, afzender, ontvanger, ident, dag, False)
        )
        kopie = lid[:-4] + "~2.xml"
        if duplicaat:
            self.index.append(
                (
                    pad if zip_ else f"{maand}/{kopie}",
                    kopie if zip_ else None,
                    wet,
                    gemeente,
                    naam,
                    afzender,
                    ontvanger,
                    ident,
                    dag,
                    True,
                )
            )
        if not self.schrijf:
            return
        data = tekst.encode("utf-8")
        if zip_:
            z = self.archieven.get(pad)
            if z is None:
                if pad in self.gesloten:
                    raise RuntimeError(
                        f"archief {pad} is al gesloten: berichten niet in volgorde van Dagtekening"
                    )
                self._map((self.uit / pad).parent)
                z = self.archieven[pad] = ZipSchrijver(self.uit / pad, self.zip_niveau)
            z.voeg_toe(lid, data, dag)
            if duplicaat:
                z.voeg_toe(kopie, data, dag)
            return
        self._map(self.uit / maand)
        (self.uit / maand / lid).write_bytes(data)
        if duplicaat:
            (self.uit / maand / kopie).write_bytes(data)

    def index_kolommen(self) -> dict[str, list[Any]]:
        """The index (ground truth table ``berichten``) column by column."""
        kolommen = list(zip(*self.index, strict=True)) if self.index else [() for _ in INDEX_KOLOMMEN]
        return {k: list(v) for k, v in zip(INDEX_KOLOMMEN, kolommen, strict=True)}

    def sluit(self, voor: str | None = None) -> None:
        """Close the open archives (those of months before ``voor``, ``YYYY-MM``, when given)."""
        for pad in [p for p in self.archieven if voor is None or p[-11:-4] < voor]:
            self.archieven.pop(pad).sluit()
            self.gesloten.add(pad)

    def schrijf_uitkomst(self, u: Uitkomst) -> None:
        specs = sorted(u.specs, key=lambda s: (s.dag, _VOLGORDE[s.soort]))
        teller: Counter[str] = Counter()
        g = u.gemeente

        def nieuw_id(soort: str) -> str:
            teller[soort] += 1
            return f"{g}{teller[soort]:08d}"

        render: dict[str, Callable[[Sjabloon, Spec], str]] = {
            "301": _r301,
            "305": _r305,
            "307": _r307,
            "315": _r315,
            "317": _r317,
            "319": _r319,
            "323": _r323,
            "325": _r325,
        }
        maand = ""
        for s in specs:
            if self.archieven and f"{s.dag:%Y-%m}" != maand:
                # every later message (or its retour) is dated on or after this one: earlier months are complete
                maand = f"{s.dag:%Y-%m}"
                self.sluit(maand)
            s.identificatie = nieuw_id(s.soort)
            sj = sjabloon(u.wet, s.soort)
            van_g = s.soort in _VAN_GEMEENTE
            afz, ontv = (g, s.aanbieder) if van_g else (s.aanbieder, g)
            kop = sj.header(afz, ontv, s.identificatie, s.dag)
            if s.soort != "325":
                kop += f"</{sj.p}:Header>"
            tekst = f"{sj.open}{kop}{render[s.soort](sj, s)}{sj.sluit}"
            self.bestand(u.wet, g, sj.naam, afz, s.identificatie, s.dag, ontv, tekst, s.duplicaat)
            r = _RETOUR.get(s.soort)
            if r is not None and s.retour_dag is not None:
                rid = nieuw_id(r)
                rs = sjabloon(u.wet, r)
                tekst = retour(u.wet, r, afz, ontv, s.identificatie, s.dag, rid, s.retour_dag)
                self.bestand(u.wet, g, rs.naam, ontv, rid, s.retour_dag, afz, tekst, False)
        self.sluit()


def _naam(sj: Sjabloon, p: Persoon, volledig: bool = False) -> str:
    f = naam_volledig if volledig else naam_verkort
    return f(sj, p.achternaam, p.voorvoegsel, p.voorletters)


def _r301(sj: Sjabloon, s: Spec) -> str:
    persoon, inhoud = s.inhoud
    p, el = sj.p, sj.el
    tps = []
    for tp, v in inhoud:
        v_: Versie = v
        prod = tp.product
        tps.append(
            f"<{p}:ToegewezenProduct>{el('ToewijzingNummer', tp.nummer)}"
            + (el("ReferentieAanbieder", v_.referentie) if v_.referentie else "")
            + sj.product("Product", prod.categorie, prod.code)
            + el("Toewijzingsdatum", v_.datum.isoformat())
            + el("Toewijzingstijd", v_.tijd)
            + el("Ingangsdatum", tp.ingangsdatum.isoformat())
            + (el("Einddatum", v_.einddatum.isoformat()) if v_.einddatum else "")
            + (el("RedenWijziging", v_.reden) if v_.reden else "")
            + sj.omvang(v_.volume, prod.eenheid, prod.frequentie)
            + f"</{p}:ToegewezenProduct>"
        )
    return (
        f"<{p}:Client>{client_kop(sj, persoon.bsn, persoon.geboortedatum, persoon.geslacht, _naam(sj, persoon, True))}"
        f"{contact(sj, persoon.adres)}"
        f"<{p}:ToegewezenProducten>{''.join(tps)}</{p}:ToegewezenProducten></{p}:Client>"
    )


def _r305(sj: Sjabloon, s: Spec) -> str:
    persoon, rijen = s.inhoud
    p, el = sj.p, sj.el
    uit = []
    for tp, begin, status in rijen:
        uit.append(
            f"<{p}:StartProduct>{el('ToewijzingNummer', tp.nummer)}"
            f"{sj.product('Product', tp.product.categorie, tp.product.code)}"
            f"{el('ToewijzingIngangsdatum', tp.ingangsdatum.isoformat())}{el('Begindatum', begin.isoformat())}"
            f"{el('StatusAanlevering', status)}</{p}:StartProduct>"
        )
    kop = client_kop(sj, persoon.bsn, persoon.geboortedatum, persoon.geslacht, _naam(sj, persoon))
    return f"<{p}:Client>{kop}<{p}:StartProducten>{''.join(uit)}</{p}:StartProducten></{p}:Client>"


def _r307(sj: Sjabloon, s: Spec) -> str:
    persoon, rijen = s.inhoud
    p, el = sj.p, sj.el
    uit = []
    for tp, begin, eind, reden, status in rijen:
        uit.append(
            f"<{p}:StopProduct>{el('ToewijzingNummer', tp.nummer)}"
            f"{sj.product('Product', tp.product.categorie, tp.product.code)}"
            f"{el('ToewijzingIngangsdatum', tp.ingangsdatum.isoformat())}{el('Begindatum', begin.isoformat())}"
            f"{el('RedenBeeindiging', reden)}{el('Einddatum', eind.isoformat())}"
            f"{el('StatusAanlevering', status)}</{p}:StopProduct>"
        )
    kop = client_kop(sj, persoon.bsn, persoon.geboortedatum, persoon.geslacht, _naam(sj, persoon))
    return f"<{p}:Client>{kop}<{p}:StopProducten>{''.join(uit)}</{p}:StopProducten></{p}:Client>"


def _verwijzer_agb(verwijzer: str, bsn: str) -> str:
    return "01" + bsn[-6:] if verwijzer in ("02", "03", "05") else ""


def _r315(sj: Sjabloon, s: Spec) -> str:
    persoon, ref, prod, gewenst, verwijzer, _a = s.inhoud
    p, el, b = sj.p, sj.el, sj.b
    agb = _verwijzer_agb(verwijzer, persoon.bsn)
    verw = (
        f"<{p}:Verwijzer><{b}:Type>{verwijzer}</{b}:Type>"
        + (f"<{b}:ZorgverlenerCode>{agb}</{b}:ZorgverlenerCode>" if agb else "")
        + f"</{p}:Verwijzer>"
    )
    eind = date.fromordinal(gewenst.toordinal() + 364)
    kop = client_kop(sj, persoon.bsn, persoon.geboortedatum, persoon.geslacht, _naam(sj, persoon))
    return (
        f"<{p}:Client>{kop}<{p}:AangevraagdeProducten><{p}:AangevraagdProduct>{el('ReferentieAanbieder', ref)}"
        f"{sj.product('Product', prod.categorie, prod.code)}{el('ToewijzingIngangsdatum', gewenst.isoformat())}"
        f"{el('ToewijzingEinddatum', eind.isoformat())}{sj.omvang(prod.volume, prod.eenheid, prod.frequentie)}"
        f"{verw}</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>"
    )


def _r317(sj: Sjabloon, s: Spec) -> str:
    p, el = sj.p, sj.el
    persoon, vref, tp, datum, ongewijzigd = s.inhoud[:5]
    prod = tp.product
    volume = tp.versies[0].volume if len(s.inhoud) == 5 else s.inhoud[6] - 1
    ong = (
        f"<{p}:OngewijzigdeProducten>"
        + "".join(
            f"<{p}:OngewijzigdProduct>{el('ToewijzingNummer', n)}</{p}:OngewijzigdProduct>"
            for n in ongewijzigd
        )
        + f"</{p}:OngewijzigdeProducten>"
        if ongewijzigd
        else ""
    )
    if len(s.inhoud) == 5:  # extension: the same product with a later Einddatum
        reden = "2"
        te = (
            f"<{p}:TeWijzigenProducten><{p}:TeWijzigenProduct>{el('ToewijzingNummer', tp.nummer)}"
            f"{el('GewensteIngangsdatum', tp.ingangsdatum.isoformat())}{el('Einddatum', datum.isoformat())}"
            f"{sj.omvang(tp.versies[-1].volume, prod.eenheid, prod.frequentie)}</{p}:TeWijzigenProduct>"
            f"</{p}:TeWijzigenProducten>"
        )
        nieuw = ""
    else:  # other volume from ``datum``: the current product ends, a new one starts
        reden = "1"
        nieuw_eind, nieuw_volume = s.inhoud[5], s.inhoud[6]
        oud_eind = date.fromordinal(datum.toordinal() - 1)
        te = (
            f"<{p}:TeWijzigenProducten><{p}:TeWijzigenProduct>{el('ToewijzingNummer', tp.nummer)}"
            f"{el('GewensteIngangsdatum', tp.ingangsdatum.isoformat())}{el('Einddatum', oud_eind.isoformat())}"
            f"{sj.omvang(volume, prod.eenheid, prod.frequentie)}</{p}:TeWijzigenProduct></{p}:TeWijzigenProducten>"
        )
        nieuw = (
            f"<{p}:NieuweProducten><{p}:NieuwProduct>{sj.product('Product', prod.categorie, prod.code)}"
            f"{el('GewensteIngangsdatum', datum.isoformat())}{el('Einddatum', nieuw_eind.isoformat())}"
            f"{sj.omvang(nieuw_volume, prod.eenheid, prod.frequentie)}</{p}:NieuwProduct></{p}:NieuweProducten>"
        )
    return (
        f"<{p}:Client>{el('Bsn', persoon.bsn)}<{p}:Verzoek>{el('ReferentieAanbieder', vref)}"
        f"{el('RedenVerzoek', reden)}{ong}{te}{nieuw}</{p}:Verzoek></{p}:Client>"
    )


def _r319(sj: Sjabloon, s: Spec) -> str:
    ref, antwoord, reden, woonplaats = s.inhoud
    p, el = sj.p, sj.el
    uit = f"<{p}:Antwoord>{el('ReferentieAanbieder', ref)}{el('VerzoekAntwoord', antwoord)}"
    if reden:
        uit += el("RedenAfwijzingVerzoek", reden)
    if woonplaats and sj.b == "ijw":
        uit += f"<{p}:Woonplaatsbeginsel>{el('Gemeente', woonplaats)}</{p}:Woonplaatsbeginsel>"
    return uit + f"</{p}:Antwoord>"


def _prestatie(sj: Sjabloon, r: Regel, codes: str = "") -> str:
    prod = r.tp.product
    return sj.prestatie(
        r.referentie,
        r.vorige,
        r.tp.nummer,
        prod.categorie,
        prod.code,
        r.begin,
        r.eind,
        r.volume,
        prod.eenheid,
        r.tarief,
        r.bedrag,
        r.dc,
        codes,
    )


def _totaal(sj: Sjabloon, naam: str, bedrag: int) -> str:
    b = sj.b
    dc = "D" if bedrag >= 0 else "C"
    return (
        f"<{sj.p}:{naam}><{b}:TotaalBedrag>{abs(bedrag)}</{b}:TotaalBedrag><{b}:DebetCredit>{dc}</{b}:DebetCredit>"
        f"</{sj.p}:{naam}>"
    )


def _per_client(regels: list[Regel]) -> list[tuple[Persoon, list[Regel]]]:
    uit: list[tuple[Persoon, list[Regel]]] = []
    for r in regels:
        pers = r.tp.traject.persoon
        if uit and uit[-1][0] is pers:
            uit[-1][1].append(r)
        else:
            uit.append((pers, [r]))
    return uit


def _saldo(regels: list[Regel]) -> int:
    return sum(r.bedrag if r.dc == "D" else -r.bedrag for r in regels)


def _r323(sj: Sjabloon, s: Spec) -> str:
    maand, regels = s.inhoud
    p, el, b = sj.p, sj.el, sj.b
    eind = date.fromordinal(date(maand.year + (maand.month == 12), maand.month % 12 + 1, 1).toordinal() - 1)
    clienten = "".join(
        f"<{p}:Client>{el('Bsn', pers.bsn)}<{p}:Prestaties>{''.join(_prestatie(sj, r) for r in rs)}"
        f"</{p}:Prestaties></{p}:Client>"
        for pers, rs in _per_client(regels)
    )
    return (
        f"<{p}:Declaratie>{el('DeclaratieNummer', s.identificatie)}<{p}:DeclaratiePeriode>"
        f"<{b}:Begindatum>{maand.isoformat()}</{b}:Begindatum><{b}:Einddatum>{eind.isoformat()}</{b}:Einddatum>"
        f"</{p}:DeclaratiePeriode>{el('DeclaratieDagtekening', s.dag.isoformat())}"
        f"{_totaal(sj, 'TotaalIngediendBedrag', _saldo(regels))}<{p}:Clienten>{clienten}</{p}:Clienten>"
        f"</{p}:Declaratie>"
    )


def _r325(sj: Sjabloon, s: Spec) -> str:
    decl, _maand, regels = s.inhoud
    p, el, b = sj.p, sj.el, sj.b
    afgewezen = [r for r in regels if r.afgewezen]
    toegekend = _saldo([r for r in regels if not r.afgewezen])
    kop = (
        f"<{p}:DeclaratieIdentificatie><{b}:Identificatie>{decl.identificatie}</{b}:Identificatie>"
        f"<{b}:Dagtekening>{decl.dag.isoformat()}</{b}:Dagtekening></{p}:DeclaratieIdentificatie>"
        f"{sj.xsdversie('XsdVersieDeclaratie')}{retourcodes(sj, ['0200'])}</{p}:Header>"
    )
    clienten = ""
    if afgewezen:
        clienten = (
            f"<{p}:Clienten>"
            + "".join(
                f"<{p}:Client>{el('Bsn', pers.bsn)}<{p}:Prestaties>"
                + "".join(_prestatie(sj, r, retourcodes(sj, [r.retourcode or "0200"])) for r in rs)
                + f"</{p}:Prestaties>{retourcodes(sj, ['0200'])}</{p}:Client>"
                for pers, rs in _per_client(afgewezen)
            )
            + f"</{p}:Clienten>"
        )
    return (
        f"{kop}<{p}:DeclaratieAntwoord>{el('DeclaratieNummer', decl.identificatie)}"
        f"{_totaal(sj, 'TotaalIngediendBedrag', _saldo(regels))}{_totaal(sj, 'TotaalToegekendBedrag', toegekend)}"
        f"{clienten}{retourcodes(sj, ['0200' if afgewezen else '8001'])}</{p}:DeclaratieAntwoord>"
    )
