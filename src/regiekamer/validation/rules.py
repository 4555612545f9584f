"""Rule checks inside one message: the TR/CD/CS rules of iJw/iWmo 3.2 that need no other message.

Each check yields a :class:`Bevinding` with the rule code, the element, a Dutch explanation and the
consequence the standard's receiver would draw (message-model.md §5 "Retour handling", §8):

* rules checked at XSLT level (retourcode 0001: TR002, TR018, TR101, TR134, TR302, TR358, TR377, TR380, TR383,
  TR386, TR409, TR410, TR316, TR335, and the CD/CS constraints) make the whole message "niet verzonden"
  (OP286) → ``gevolg="bericht"``;
* message-overarching rules answered per client block (OP065) → ``gevolg="client"``; on a declaration the
  receiver rejects single prestaties (OP303) → ``gevolg="regel"``;
* TR135 (Dagtekening in the future, retourcode 8848) is a header-level error → ``bericht``;
* an unknown code in a code list is reported as ``CODELIJST`` (the XSD enumerations reject it too when
  validation is on) → ``bericht``.

Rules that need other messages (TR019, TR056, TR063, TR074, TR337, TR338, TR366/367, TR384 …) are evaluated
lazily over the whole store by :mod:`regiekamer.store.links`, because messages arrive out of order (OP080).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Iterator

from regiekamer import codelijsten
from regiekamer.berichten.parser import ParsedBericht
from regiekamer.berichten.records import (
    AangevraagdProduct,
    Antwoord,
    Bevinding,
    Client,
    Declaratie,
    Prestatie,
    StartProduct,
    StopProduct,
    Toewijzing,
    VerzoekProduct,
)

CHECKED_RULES: dict[str, str] = {
    "TR002": "Geboortedatum niet meer dan 120 jaar voor de Dagtekening",
    "TR018": "Einddatum groter dan of gelijk aan Begindatum/Ingangsdatum",
    "TR101": "geen dubbele regels (sleutels) binnen een bericht",
    "TR135": "Dagtekening ligt niet in de toekomst (retourcode 8848)",
    "TR302": "zelfde product in een toewijzingsbericht alleen met niet-overlappende periodes",
    "TR314": "ReferentieNummer uniek (binnen het bericht gecontroleerd; retourcode 8021)",
    "TR316": "een debetregel niet in hetzelfde bericht crediteren",
    "TR346": "IngediendBedrag = GeleverdVolume × ProductTarief (behalve eenheid 83)",
    "TR358": "TotaalIngediendBedrag = som debet − som credit van de prestaties",
    "TR377": "Woonplaatsbeginsel opgenomen bij RedenAfwijzingVerzoek 8",
    "TR380": "GewensteIngangsdatum van een NieuwProduct ligt na de Dagtekening",
    "TR383": "ReferentieAanbieder uniek per AangevraagdProduct binnen het bericht",
    "TR386": "zelfde product in een VOT alleen met niet-overlappende periodes",
    "TR387": "ProductPeriode begint niet vóór de eerste dag van de kalendermaand",
    "TR409": "Woonplaatsbeginsel weggelaten als RedenAfwijzingVerzoek niet 8 is",
    "TR410": "zelfde product in NieuwProduct alleen met niet-overlappende periodes",
    "CD085": "RedenAfwijzingVerzoek gevuld als VerzoekAntwoord 1 (afgewezen) is",
    "CD086": "RedenAfwijzingVerzoek leeg als VerzoekAntwoord niet 1 is",
    "CS002": "Bsn voldoet aan de elfproef",
    "CS058": "StatusAanlevering 2 (gewijzigd) en 9 (n.v.t.) zijn niet toegestaan",
    "CS100": "DeclaratiePeriode begint op of na 1 januari 2021",
    "CS325": "een bedrag 0 heeft DebetCredit D",
    "CS335": "RedenWijziging 13 (verwijderd) alleen met Einddatum = Ingangsdatum",
    "CS337": "ProductPeriode valt binnen één kalendermaand",
    "CS340": "DeclaratiePeriode is precies één kalendermaand",
    "CD077": "Omvang en Budget niet allebei gevuld",
    "CODELIJST": "elke code komt voor in zijn codelijst (JZ020/WMO020, JZ588/WMO588, WJ756, …)",
}
"""Every rule this module checks, with what it requires (shown in docs and `regiekamer regels`)."""


def _f(
    regel: str,
    element: str,
    toelichting: str,
    gevolg: str,
    client_index: int | None = None,
    tabel: str | None = None,
    rij: int | None = None,
) -> Bevinding:
    return Bevinding(regel, element, toelichting, gevolg, client_index, tabel, rij)


def _code(
    wet: str,
    element: str,
    value: str | None,
    where: str,
    ci: int | None = None,
    tabel: str | None = None,
    rij: int | None = None,
) -> tuple[Bevinding, ...]:
    """A CODELIJST finding when ``value`` is not in the code list of ``element`` for this law. Callers
    ``yield from`` it; a tuple rather than a generator, because a message makes a few dozen of these checks
    and creating a generator for each was a sizeable part of the rule checks' time."""
    if value is None:
        return ()
    lijst = _ongeldig_in(wet, element, value)
    if lijst is None:
        return ()
    return (
        _f(
            "CODELIJST",
            where,
            f"code '{value}' komt niet voor in codelijst {lijst}",
            "bericht",
            ci,
            tabel,
            rij,
        ),
    )


@functools.lru_cache(maxsize=65536)
def _ongeldig_in(wet: str, element: str, value: str) -> str | None:
    """The code list ``value`` is missing from, or None when it is valid (memoised: the same few codes recur
    in every message)."""
    lijst = codelijsten.lijst_voor(wet, element)
    return None if codelijsten.is_geldig(lijst, value) else lijst


def check(msg: ParsedBericht, today: dt.date | None = None) -> list[Bevinding]:
    """All intra-message findings for ``msg`` (the parser's own findings are kept in front)."""
    return [*msg.bevindingen, *_checks(msg, today or dt.date.today())]


def _start_stop_key(s: StartProduct | StopProduct) -> tuple[object, ...]:
    """The logical key of a start/stop row within a message (message-model.md §4; TR101)."""
    if isinstance(s, StopProduct):
        return (
            s.client_index,
            s.toewijzingnummer,
            s.productcategorie,
            s.productcode,
            s.begindatum,
            s.reden_beeindiging,
            s.einddatum,
        )
    return (s.client_index, s.toewijzingnummer, s.productcategorie, s.productcode, s.begindatum, None, None)


def _overlap(periods: list[tuple[dt.date, dt.date | None]]) -> bool:
    periods = sorted(periods, key=lambda p: p[0])
    return any(e1 is None or e1 >= b2 for (_, e1), (b2, _) in itertools.pairwise(periods))


def _checks(msg: ParsedBericht, today: dt.date) -> Iterator[Bevinding]:
    wet = msg.type.wet.kort
    dagtekening = msg.eigen_dagtekening
    if dagtekening > today:
        yield _f(
            "TR135",
            "Header/BerichtIdentificatie/Dagtekening",
            f"Dagtekening {dagtekening} ligt in de toekomst",
            "bericht",
        )
    if msg.type.is_retour:
        return  # a retour copies the heenbericht's content (IV028): findings there belong to the heenbericht

    # Each section runs only when the message has its rows: a message is of one type, and setting up the
    # empty checks of the others (counters, lists) cost about as much as the checks themselves. With `_code`
    # returning a tuple this took the rule checks from ≈ 8.3 to ≈ 6.2 µs a message (docs/benchmarks.md).
    rows = msg.rows
    if rows.get("client"):
        yield from _check_clients(msg, wet, dagtekening)
    if rows.get("toewijzing"):
        yield from _check_301(msg, wet)
    if rows.get("start_product") or rows.get("stop_product"):
        yield from _check_start_stop(msg, wet)
    if rows.get("aangevraagd_product"):
        yield from _check_315(msg, wet)
    if rows.get("verzoek_product"):
        yield from _check_317(msg, wet)
    if rows.get("antwoord"):
        yield from _check_319(msg, wet)
    # the 325 mirrors the 323 and is checked against the 323 in the store
    if msg.type.nummer == "323":
        yield from _check_323(msg, wet)


def _check_clients(msg: ParsedBericht, wet: str, dagtekening: dt.date) -> Iterator[Bevinding]:
    """Client blocks: birth date (TR002) and the sex code."""
    for c in msg.rows.get("client", ()):
        assert isinstance(c, Client)
        if c.geboortemaand is not None and c.geboortemaand.year < dagtekening.year - 120:
            yield _f(
                "TR002",
                f"Client[{c.client_index + 1}]/Geboortedatum",
                "Geboortedatum ligt meer dan 120 jaar voor de Dagtekening",
                "bericht",
                c.client_index,
            )
        yield from _code(
            wet, "geslacht", c.geslacht, f"Client[{c.client_index + 1}]/Geslacht", c.client_index
        )


def _check_301(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    """Allocations (301)."""
    tps = [t for t in msg.rows.get("toewijzing", ()) if isinstance(t, Toewijzing)]
    seen_nr: Counter[tuple[int, int]] = Counter((t.client_index, t.toewijzingnummer) for t in tps)
    per_product: dict[tuple[int, str | None, str | None], list[tuple[dt.date, dt.date | None]]] = {}
    for t in tps:
        where = f"ToegewezenProduct[{t.rij + 1}]"
        if t.einddatum is not None and t.einddatum < t.ingangsdatum:
            yield _f(
                "TR018",
                where + "/Einddatum",
                f"Einddatum {t.einddatum} ligt voor Ingangsdatum {t.ingangsdatum}",
                "bericht",
                t.client_index,
                "toewijzing",
                t.rij,
            )
        if seen_nr[(t.client_index, t.toewijzingnummer)] > 1:
            yield _f(
                "TR101",
                where + "/ToewijzingNummer",
                f"ToewijzingNummer {t.toewijzingnummer} komt meer dan eens voor bij dezelfde cliënt",
                "bericht",
                t.client_index,
                "toewijzing",
                t.rij,
            )
        if t.reden_wijziging == "13" and t.einddatum != t.ingangsdatum:
            yield _f(
                "CS335",
                where + "/Einddatum",
                "RedenWijziging 13 vraagt Einddatum gelijk aan Ingangsdatum",
                "bericht",
                t.client_index,
                "toewijzing",
                t.rij,
            )
        if t.volume is not None and t.budget is not None:
            yield _f(
                "CD077",
                where,
                "Omvang en Budget zijn allebei gevuld",
                "bericht",
                t.client_index,
                "toewijzing",
                t.rij,
            )
        yield from _code(
            wet,
            "productcategorie",
            t.productcategorie,
            where + "/Product/Categorie",
            t.client_index,
            "toewijzing",
            t.rij,
        )
        yield from _code(
            wet,
            "reden_wijziging",
            t.reden_wijziging,
            where + "/RedenWijziging",
            t.client_index,
            "toewijzing",
            t.rij,
        )
        yield from _code(
            wet, "eenheid", t.eenheid, where + "/Omvang/Eenheid", t.client_index, "toewijzing", t.rij
        )
        yield from _code(
            wet, "frequentie", t.frequentie, where + "/Omvang/Frequentie", t.client_index, "toewijzing", t.rij
        )
        if t.reden_wijziging != "13" and t.productcategorie is not None:
            per_product.setdefault((t.client_index, t.productcategorie, t.productcode), []).append(
                (t.ingangsdatum, t.einddatum)
            )
    for (ci, cat, pcode), periods in per_product.items():
        if len(periods) > 1 and _overlap(periods):
            yield _f(
                "TR302",
                "ToegewezenProduct/Product",
                f"product {cat}/{pcode or '-'} komt vaker voor met overlappende periodes",
                "bericht",
                ci,
                "toewijzing",
            )


def _check_start_stop(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    """Start and stop of care (305, 307)."""
    for tabel, naam in (("start_product", "StartProduct"), ("stop_product", "StopProduct")):
        rows = msg.rows.get(tabel, ())
        keys: Counter[tuple[object, ...]] = Counter()
        for s in rows:
            assert isinstance(s, StartProduct | StopProduct)
            keys[_start_stop_key(s)] += 1
        for s in rows:
            where = f"{naam}[{s.rij + 1}]"
            if s.status_aanlevering in ("2", "9"):
                yield _f(
                    "CS058",
                    where + "/StatusAanlevering",
                    f"StatusAanlevering {s.status_aanlevering} is niet toegestaan (alleen 1 of 3)",
                    "bericht",
                    s.client_index,
                    tabel,
                    s.rij,
                )
            else:
                yield from _code(
                    wet,
                    "status_aanlevering",
                    s.status_aanlevering,
                    where + "/StatusAanlevering",
                    s.client_index,
                    tabel,
                    s.rij,
                )
            yield from _code(
                wet,
                "productcategorie",
                s.productcategorie,
                where + "/Product/Categorie",
                s.client_index,
                tabel,
                s.rij,
            )
            if keys[_start_stop_key(s)] > 1:
                yield _f(
                    "TR101",
                    where,
                    "dubbele regel met dezelfde sleutel in het bericht",
                    "bericht",
                    s.client_index,
                    tabel,
                    s.rij,
                )
            if isinstance(s, StopProduct):
                if s.einddatum < s.begindatum:
                    yield _f(
                        "TR018",
                        where + "/Einddatum",
                        f"Einddatum {s.einddatum} ligt voor Begindatum {s.begindatum}",
                        "bericht",
                        s.client_index,
                        tabel,
                        s.rij,
                    )
                yield from _code(
                    wet,
                    "reden_beeindiging",
                    s.reden_beeindiging,
                    where + "/RedenBeeindiging",
                    s.client_index,
                    tabel,
                    s.rij,
                )


def _check_315(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    """Requested products (315 VOT)."""
    aps = [a for a in msg.rows.get("aangevraagd_product", ()) if isinstance(a, AangevraagdProduct)]
    refs = Counter(a.referentie_aanbieder for a in aps)
    ap_products: dict[tuple[int, str | None, str | None], list[tuple[dt.date, dt.date | None]]] = {}
    for a in aps:
        where = f"AangevraagdProduct[{a.rij + 1}]"
        if refs[a.referentie_aanbieder] > 1:
            yield _f(
                "TR383",
                where + "/ReferentieAanbieder",
                "ReferentieAanbieder komt meer dan eens voor in het bericht",
                "bericht",
                a.client_index,
                "aangevraagd_product",
                a.rij,
            )
        if a.toewijzing_einddatum is not None and a.toewijzing_einddatum < a.toewijzing_ingangsdatum:
            yield _f(
                "TR018",
                where + "/ToewijzingEinddatum",
                "ToewijzingEinddatum ligt voor ToewijzingIngangsdatum",
                "bericht",
                a.client_index,
                "aangevraagd_product",
                a.rij,
            )
        yield from _code(
            wet,
            "productcategorie",
            a.productcategorie,
            where + "/Product/Categorie",
            a.client_index,
            "aangevraagd_product",
            a.rij,
        )
        yield from _code(
            wet,
            "verwijzer",
            a.verwijzer_type,
            where + "/Verwijzer/Type",
            a.client_index,
            "aangevraagd_product",
            a.rij,
        )
        if a.productcategorie is not None:
            ap_products.setdefault((a.client_index, a.productcategorie, a.productcode), []).append(
                (a.toewijzing_ingangsdatum, a.toewijzing_einddatum)
            )
    for (ci, cat, pcode), periods in ap_products.items():
        if len(periods) > 1 and _overlap(periods):
            yield _f(
                "TR386",
                "AangevraagdProduct/Product",
                f"product {cat}/{pcode or '-'} komt vaker voor met overlappende periodes",
                "bericht",
                ci,
                "aangevraagd_product",
            )


def _check_317(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    """Products of a change request (317 VOW)."""
    vps = [v for v in msg.rows.get("verzoek_product", ()) if isinstance(v, VerzoekProduct)]
    nieuw: dict[tuple[int, str | None, str | None], list[tuple[dt.date, dt.date | None]]] = {}
    for v in vps:
        where = f"{'NieuwProduct' if v.soort == 'nieuw' else 'TeWijzigenProduct'}[{v.rij + 1}]"
        if (
            v.einddatum is not None
            and v.gewenste_ingangsdatum is not None
            and v.einddatum < v.gewenste_ingangsdatum
        ):
            yield _f(
                "TR018",
                where + "/Einddatum",
                f"Einddatum {v.einddatum} ligt voor GewensteIngangsdatum {v.gewenste_ingangsdatum}",
                "bericht",
                v.client_index,
                "verzoek_product",
                v.rij,
            )
        if v.soort == "nieuw" and v.gewenste_ingangsdatum is not None:
            if v.gewenste_ingangsdatum <= msg.header.dagtekening:
                yield _f(
                    "TR380",
                    where + "/GewensteIngangsdatum",
                    f"GewensteIngangsdatum "
                    f"{v.gewenste_ingangsdatum} ligt niet na de Dagtekening {msg.header.dagtekening}",
                    "bericht",
                    v.client_index,
                    "verzoek_product",
                    v.rij,
                )
            nieuw.setdefault((v.client_index, v.productcategorie, v.productcode), []).append(
                (v.gewenste_ingangsdatum, v.einddatum)
            )
        yield from _code(
            wet,
            "productcategorie",
            v.productcategorie,
            where + "/Product/Categorie",
            v.client_index,
            "verzoek_product",
            v.rij,
        )
    for (ci, cat, pcode), periods in nieuw.items():
        if len(periods) > 1 and _overlap(periods):
            yield _f(
                "TR410",
                "NieuwProduct/Product",
                f"product {cat}/{pcode or '-'} komt vaker voor met overlappende periodes",
                "bericht",
                ci,
                "verzoek_product",
            )


def _check_319(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    """Answers to a request (319)."""
    for a in msg.rows.get("antwoord", ()):
        assert isinstance(a, Antwoord)
        where = f"Antwoord[{a.rij + 1}]"
        yield from _code(
            wet, "verzoek_antwoord", a.verzoek_antwoord, where + "/VerzoekAntwoord", None, "antwoord", a.rij
        )
        if a.verzoek_antwoord == "1" and a.reden_afwijzing_verzoek is None:
            yield _f(
                "CD085",
                where + "/RedenAfwijzingVerzoek",
                "afgewezen verzoek zonder reden",
                "bericht",
                None,
                "antwoord",
                a.rij,
            )
        if a.verzoek_antwoord != "1" and a.reden_afwijzing_verzoek is not None:
            yield _f(
                "CD086",
                where + "/RedenAfwijzingVerzoek",
                "reden afwijzing bij een verzoek dat niet is afgewezen",
                "bericht",
                None,
                "antwoord",
                a.rij,
            )
        yield from _code(
            wet,
            "reden_afwijzing_verzoek",
            a.reden_afwijzing_verzoek,
            where + "/RedenAfwijzingVerzoek",
            None,
            "antwoord",
            a.rij,
        )
        if msg.type.wet.kort == "jw":
            if a.reden_afwijzing_verzoek == "8" and a.woonplaatsbeginsel_gemeente is None:
                yield _f(
                    "TR377",
                    where + "/Woonplaatsbeginsel",
                    "afwijzing om woonplaatsbeginsel zonder de verantwoordelijke gemeente",
                    "bericht",
                    None,
                    "antwoord",
                    a.rij,
                )
            if a.reden_afwijzing_verzoek != "8" and a.woonplaatsbeginsel_gemeente is not None:
                yield _f(
                    "TR409",
                    where + "/Woonplaatsbeginsel",
                    "Woonplaatsbeginsel gevuld terwijl de reden geen woonplaatsbeginsel is",
                    "bericht",
                    None,
                    "antwoord",
                    a.rij,
                )


def _check_323(msg: ParsedBericht, wet: str) -> Iterator[Bevinding]:
    decl = [d for d in msg.rows.get("declaratie", ()) if isinstance(d, Declaratie)]
    prest = [p for p in msg.rows.get("prestatie", ()) if isinstance(p, Prestatie)]
    if decl:
        d = decl[0]
        if d.periode_begin is not None and d.periode_eind is not None:
            last = calendar.monthrange(d.periode_begin.year, d.periode_begin.month)[1]
            if d.periode_begin.day != 1 or d.periode_eind != d.periode_begin.replace(day=last):
                yield _f(
                    "CS340",
                    "Declaratie/DeclaratiePeriode",
                    f"DeclaratiePeriode {d.periode_begin} – {d.periode_eind} is geen precieze kalendermaand",
                    "bericht",
                )
            if d.periode_begin < dt.date(2021, 1, 1):
                yield _f(
                    "CS100",
                    "Declaratie/DeclaratiePeriode/Begindatum",
                    "DeclaratiePeriode ligt voor 1 januari 2021",
                    "bericht",
                )
        som = sum(p.bedrag if p.debet_credit == "D" else -p.bedrag for p in prest)
        if som != d.totaal_ingediend:
            yield _f(
                "TR358",
                "Declaratie/TotaalIngediendBedrag",
                f"TotaalIngediendBedrag {d.totaal_ingediend} "
                f"eurocent wijkt af van de som van de prestaties ({som} eurocent)",
                "bericht",
            )
    refs = Counter(p.referentienummer for p in prest)
    debet_refs = {p.referentienummer for p in prest if p.debet_credit == "D"}
    for p in prest:
        where = f"Prestatie[{p.rij + 1}]"
        if refs[p.referentienummer] > 1:
            yield _f(
                "TR314",
                where + "/ProductReferentie/ReferentieNummer",
                f"ReferentieNummer {p.referentienummer} komt meer dan eens voor",
                "regel",
                p.client_index,
                "prestatie",
                p.rij,
            )
        if p.debet_credit == "C" and p.vorig_referentienummer in debet_refs:
            yield _f(
                "TR316",
                where,
                "crediteert een debetregel uit hetzelfde bericht",
                "bericht",
                p.client_index,
                "prestatie",
                p.rij,
            )
        if p.periode_eind < p.periode_begin:
            yield _f(
                "TR018",
                where + "/ProductPeriode",
                "Einddatum van de ProductPeriode ligt voor de Begindatum",
                "bericht",
                p.client_index,
                "prestatie",
                p.rij,
            )
        elif (p.periode_begin.year, p.periode_begin.month) != (p.periode_eind.year, p.periode_eind.month):
            yield _f(
                "CS337",
                where + "/ProductPeriode",
                "ProductPeriode valt niet binnen één kalendermaand",
                "bericht",
                p.client_index,
                "prestatie",
                p.rij,
            )
        if p.bedrag == 0 and p.debet_credit != "D":
            yield _f(
                "CS325",
                where + "/IngediendBedrag",
                "bedrag 0 met DebetCredit C",
                "bericht",
                p.client_index,
                "prestatie",
                p.rij,
            )
        if p.eenheid == "83":
            if p.bedrag != p.geleverd_volume:
                yield _f(
                    "TR346",
                    where + "/IngediendBedrag/Bedrag",
                    "bij eenheid 83 is het bedrag gelijk aan het GeleverdVolume (eurocent)",
                    "regel",
                    p.client_index,
                    "prestatie",
                    p.rij,
                )
        elif p.producttarief is not None and p.bedrag != p.geleverd_volume * p.producttarief:
            yield _f(
                "TR346",
                where + "/IngediendBedrag/Bedrag",
                f"bedrag {p.bedrag} ≠ volume {p.geleverd_volume} × tarief {p.producttarief}",
                "regel",
                p.client_index,
                "prestatie",
                p.rij,
            )
        yield from _code(
            wet,
            "productcategorie",
            p.productcategorie,
            where + "/ProductCategorie",
            p.client_index,
            "prestatie",
            p.rij,
        )
        yield from _code(wet, "eenheid", p.eenheid, where + "/Eenheid", p.client_index, "prestatie", p.rij)
