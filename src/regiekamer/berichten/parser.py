"""Parse one iJw 3.2 / iWmo 3.2 message into typed records, pseudonymising the client at the door.

The parser reads the XML with a hardened lxml parser (no DTD, no entities, no network, no huge trees), finds
the message type from the root namespace (checked against BerichtCode and version 3.2), and walks the
elements the analysis needs (message-model.md §3). The BSN is read only here and immediately replaced by a
keyed pseudonym; no record, finding or error carries it.

Structural problems raise a :class:`~regiekamer.berichten.errors.BerichtFout`; rule findings are produced by
:mod:`regiekamer.validation.rules` over the records.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from regiekamer.berichten import catalogus
from regiekamer.berichten.catalogus import BASISSCHEMA_NS, BerichtType
from regiekamer.berichten.errors import (
    HostileXml,
    InvalidValue,
    MalformedXml,
    MissingElement,
    TooLarge,
    UnknownMessageType,
    UnsupportedVersion,
    WrongNamespace,
)
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
    Verzoek,
    VerzoekProduct,
)
from regiekamer.privacy import Pseudonymiser

MAX_BERICHT_BYTES = 25 * 1024 * 1024
"""Largest message accepted by default: 25 MB, the file limit of the standard's exchange (OP179)."""

Element = etree._Element


def make_xml_parser() -> etree.XMLParser:
    """The hardened parser used for every message (and for XSDs): no DTD loading, no entity resolution,
    no network access, no huge-tree mode (libxml2's depth/size safety limits stay on)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_PARSER = make_xml_parser()


@dataclass(slots=True)
class Header:
    """The message header (message-model.md §2) with the identities derived from it (§9)."""

    berichtcode: int
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: dt.date
    basisschema_xsd_versie: str | None
    bericht_xsd_versie: str | None
    identificatie_retour: str | None = None
    dagtekening_retour: dt.date | None = None
    declaratie_identificatie: str | None = None
    declaratie_dagtekening: dt.date | None = None
    retourcodes: tuple[str, ...] = ()


@dataclass(slots=True)
class ParsedBericht:
    """One parsed message: its type, header and the rows it contributes to each store table."""

    type: BerichtType
    header: Header
    rows: dict[str, list[Any]] = field(default_factory=dict)
    bevindingen: list[Bevinding] = field(default_factory=list)
    bsn_count: int = 0

    @property
    def verzender(self) -> str:
        """The party that really sent this message. Retours copy the heenbericht header (IV028), so their
        sender is the header's Ontvanger (message-model.md §9)."""
        return self.header.ontvanger if self.type.is_retour else self.header.afzender

    @property
    def eigen_identificatie(self) -> str:
        """The message's own identity: IdentificatieRetour for a retour, else BerichtIdentificatie."""
        if self.type.is_retour:
            assert self.header.identificatie_retour is not None
            return self.header.identificatie_retour
        return self.header.identificatie

    @property
    def eigen_dagtekening(self) -> dt.date:
        if self.type.is_retour and self.header.dagtekening_retour is not None:
            return self.header.dagtekening_retour
        return self.header.dagtekening

    @property
    def gemeente(self) -> str:
        """The gemeente party (CBS code): header Afzender of gemeente-sent heenberichten, else Ontvanger."""
        heen = catalogus.heen_type(self.type)
        g_sends = heen.richting is catalogus.Richting.GEMEENTE_NAAR_AANBIEDER
        return self.header.afzender if g_sends else self.header.ontvanger

    @property
    def aanbieder(self) -> str:
        heen = catalogus.heen_type(self.type)
        g_sends = heen.richting is catalogus.Richting.GEMEENTE_NAAR_AANBIEDER
        return self.header.ontvanger if g_sends else self.header.afzender

    @property
    def heen_identificatie(self) -> str | None:
        """For a retour the identity of the heenbericht; for a 325 that of the 323 it answers (TR337)."""
        if self.type.is_retour:
            return self.header.identificatie
        return self.header.declaratie_identificatie


def _ascii_compatible(data: bytes) -> bool:
    """True when the document starts in an ASCII-compatible encoding without BOM (UTF-8, Latin-1 …), so a
    byte search for markup is reliable; false for UTF-16/32 or a BOM."""
    head = data.lstrip(b" \t\r\n")[:1]
    return head == b"<"


def _has_doctype(data: bytes) -> bool:
    if _ascii_compatible(data):
        return b"<!DOCTYPE" in data
    for encoding in ("utf-8-sig", "utf-16", "utf-32"):
        try:
            return "<!DOCTYPE" in data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return False


def read_xml(data: bytes, *, max_bytes: int = MAX_BERICHT_BYTES) -> Element:
    """Parse bytes into an element tree safely, or raise a typed error.

    A DOCTYPE (and with it any entity declaration: XXE, entity expansion) is refused before parsing, in any
    encoding; no iStandaarden message has one."""
    if len(data) > max_bytes:
        raise TooLarge(f"bericht is {len(data):,} bytes, groter dan de grens van {max_bytes:,} bytes")
    if _has_doctype(data):
        raise HostileXml("DOCTYPE/DTD is niet toegestaan in een iStandaarden-bericht")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = f" op regel {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise MalformedXml(f"geen geldige XML{line}: {exc.msg}") from None
    if root is None:
        raise MalformedXml("leeg document")
    if not _ascii_compatible(data):  # belt and braces for encodings the byte search cannot see into
        docinfo: Any = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise HostileXml("DOCTYPE/DTD is niet toegestaan in een iStandaarden-bericht")
    return root


class _Tags(dict[str, str]):
    """Qualified tag names of one namespace, built once per name: ``tags["Header"]`` → ``{ns}Header``."""

    def __init__(self, namespace: str) -> None:
        super().__init__()
        self._prefix = "{" + namespace + "}"

    def __missing__(self, name: str) -> str:
        self[name] = tag = self._prefix + name
        return tag


class _Reader:
    """Element access for one message type: ``m[name]`` is a name in the message namespace, ``b[name]`` in
    the basisschema namespace (children of CDT containers such as Product, Omvang, Periode)."""

    __slots__ = ("b", "m")

    def __init__(self, bt: BerichtType) -> None:
        self.m = _Tags(bt.namespace)
        self.b = _Tags(BASISSCHEMA_NS[bt.wet])


_READERS: dict[BerichtType, _Reader] = {}


def _reader(bt: BerichtType) -> _Reader:
    r = _READERS.get(bt)
    if r is None:
        r = _READERS[bt] = _Reader(bt)
    return r


Kids = dict[Any, Element]
"""The children of one element by qualified tag (the first of each tag), see :func:`_kids`."""


def _kids(el: Element) -> Kids:
    """The children of ``el`` by tag, the first of each tag: one pass in which lxml builds each child's tag
    once, after which every field is a dictionary look-up. Looking fields up one by one
    (``iterchildren(tag)``, ``find``) sets up a tag matcher and scans the children for each field, about
    three times the cost for the 10–15 fields of a product element (docs/benchmarks.md, "Ingest")."""
    k: Kids = {}
    for child in el:
        tag = child.tag  # lxml builds this string on every access: once
        if tag not in k:
            k[tag] = child
    return k


def _kids_of(k: Kids, tag: str) -> Kids | None:
    """The kids of the child ``tag`` in ``k``, or None when it is absent."""
    child = k.get(tag)
    return None if child is None else _kids(child)


def _first(el: Element, tag: str) -> Element | None:
    """First child ``tag`` of ``el``, or None (``iterchildren`` filters in C; lxml's ``find`` goes through
    its Python-level path parser)."""
    for child in el.iterchildren(tag):
        return child
    return None


def _kids_of_element(el: Element, tag: str) -> Kids | None:
    """The kids of the first child ``tag`` of ``el``, or None when it is absent."""
    child = _first(el, tag)
    return None if child is None else _kids(child)


def _t(k: Kids, tag: str) -> str | None:
    """Stripped text of the child ``tag`` in ``k``; None when absent or empty (:func:`_text` written out:
    this runs for every field, about 40 a message, and the call saved is a few per cent of the parser)."""
    el = k.get(tag)
    if el is None:
        return None
    t = el.text
    return (t.strip() or None) if t else None


def _text(el: Element | None) -> str | None:
    if el is None:
        return None
    t = el.text
    if t is None:
        return None
    t = t.strip()
    return t or None


def _date(value: str | None, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"'{value}' is geen bestaande datum", where) from None


def _time(value: str | None, where: str) -> dt.time | None:
    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"'{value}' is geen geldige tijd", where) from None


def _int(value: str | None, where: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidValue(f"'{value}' is geen geheel getal", where) from None


def _req(value: Any, where: str) -> Any:
    if value is None:
        raise MissingElement("verplicht element ontbreekt of is leeg", where)
    return value


def _codes(r: _Reader, parent: Kids | None) -> tuple[str, ...]:
    """RetourCode values under ``parent/RetourCodes`` (retour messages and 325); ``parent`` as its kids."""
    if parent is None:
        return ()
    rc = parent.get(r.m["RetourCodes"])
    if rc is None:
        return ()
    return tuple(t for c in rc if (t := _text(c)) is not None)


_ISTANDAARDEN_NS = re.compile(r"^https?://www\.istandaarden\.nl/(ijw|iwmo)/(\d+_\d+)/([^/]+)/schema$")


def identify(root: Element) -> BerichtType:
    """The message type from the root element's namespace; checks it is a ``Bericht``."""
    if not isinstance(root.tag, str) or not root.tag.startswith("{"):
        raise UnknownMessageType("root-element heeft geen namespace; geen iJw/iWmo 3.2-bericht", "/")
    ns, _, local = root.tag[1:].partition("}")
    bt = catalogus.bij_namespace(ns)
    if bt is None:
        m = _ISTANDAARDEN_NS.match(ns)
        if m and m.group(2) != "3_2":
            raise UnsupportedVersion(f"namespace {ns} is van versie {m.group(2).replace('_', '.')}, niet 3.2",
                                     f"/{local}")
        if m:
            raise UnknownMessageType(f"berichttype '{m.group(3)}' bestaat niet in {m.group(1)} 3.2", f"/{local}")
        raise UnknownMessageType(f"onbekende namespace {ns}", f"/{local}")
    if local != "Bericht":
        raise UnknownMessageType(f"root-element is '{local}', verwacht 'Bericht'", f"/{local}")
    return bt


def parse(data: bytes, pseudo: Pseudonymiser, *, max_bytes: int = MAX_BERICHT_BYTES) -> ParsedBericht:
    """Parse one message. Raises :class:`BerichtFout` subclasses for structural problems."""
    root = read_xml(data, max_bytes=max_bytes)
    return parse_tree(root, pseudo, data)


def parse_tree(root: Element, pseudo: Pseudonymiser, data: bytes) -> ParsedBericht:
    """Parse an already read tree; ``data`` are the bytes it was read from (for the namespace check)."""
    bt = identify(root)
    r = _reader(bt)
    _check_namespaces(data, root, bt)
    header = _header(r, bt, _kids(_req(_first(root, r.m["Header"]), "Bericht/Header")))
    msg = ParsedBericht(bt, header)
    body = _BODY[bt.heenbericht or bt.nummer]
    body(r, root, msg, pseudo)
    return msg


_XMLNS = re.compile(rb"""xmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']""")


def _check_namespaces(data: bytes, root: Element, bt: BerichtType) -> None:
    """Every element must be in the message's namespace or its basisschema namespace.

    An element can only be in a namespace that is declared somewhere, so the declarations in the raw bytes
    are checked first (a regular expression, microseconds); only when a foreign one is declared is the tree
    walked to name the offending element."""
    allowed = {bt.namespace.encode(), BASISSCHEMA_NS[bt.wet].encode()}
    if all(ns in allowed for ns in _XMLNS.findall(data)):
        return
    allowed_s = {bt.namespace, BASISSCHEMA_NS[bt.wet]}
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        ns = tag[1:].partition("}")[0] if tag.startswith("{") else ""
        if ns not in allowed_s:
            where = root.getroottree().getpath(el)
            raise WrongNamespace(f"element in namespace '{ns}' hoort niet in een {bt.naam_kort}", where)


def _header(r: _Reader, bt: BerichtType, h: Kids) -> Header:
    p = "Header/"
    code = _req(_int(_t(h, r.m["BerichtCode"]), p + "BerichtCode"), p + "BerichtCode")
    if code != bt.berichtcode:
        raise UnknownMessageType(
            f"BerichtCode {code} past niet bij namespace van {bt.naam_kort} (verwacht {bt.berichtcode})",
            p + "BerichtCode",
        )
    versie = (_t(h, r.m["BerichtVersie"]), _t(h, r.m["BerichtSubversie"]))
    if versie != ("3", "2"):
        raise UnsupportedVersion(
            f"berichtversie {versie[0]}.{versie[1]} wordt niet ondersteund (alleen 3.2)", p + "BerichtVersie"
        )
    bid = _kids(_req(h.get(r.m["BerichtIdentificatie"]), p + "BerichtIdentificatie"))
    xsd = _kids_of(h, r.m["XsdVersie"])
    did = _kids_of(h, r.m["DeclaratieIdentificatie"])
    return Header(
        berichtcode=code,
        afzender=_req(_t(h, r.m["Afzender"]), p + "Afzender"),
        ontvanger=_req(_t(h, r.m["Ontvanger"]), p + "Ontvanger"),
        identificatie=_req(_t(bid, r.b["Identificatie"]), p + "BerichtIdentificatie/Identificatie"),
        dagtekening=_req(
            _date(_t(bid, r.b["Dagtekening"]), p + "BerichtIdentificatie/Dagtekening"),
            p + "BerichtIdentificatie/Dagtekening",
        ),
        basisschema_xsd_versie=_t(xsd, r.b["BasisschemaXsdVersie"]) if xsd is not None else None,
        bericht_xsd_versie=_t(xsd, r.b["BerichtXsdVersie"]) if xsd is not None else None,
        identificatie_retour=(
            _req(_t(h, r.m["IdentificatieRetour"]), p + "IdentificatieRetour")
            if bt.is_retour
            else None
        ),
        dagtekening_retour=_date(_t(h, r.m["DagtekeningRetour"]), p + "DagtekeningRetour"),
        declaratie_identificatie=_t(did, r.b["Identificatie"]) if did is not None else None,
        declaratie_dagtekening=(
            _date(_t(did, r.b["Dagtekening"]), p + "DeclaratieIdentificatie/Dagtekening")
            if did is not None
            else None
        ),
        retourcodes=_codes(r, h),
    )


# --- client ---------------------------------------------------------------------------------------------

_ADRES_VOORKEUR = (
    "01",
    "03",
    "04",
    "02",
)  # COD757: BRP-adres first, then verblijf-, tijdelijk, correspondentie


_ELFPROEF_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2)


def elfproef(bsn: str) -> bool:
    """The BSN eleven test (istandaarden/ijw/elfproef.md). Only ASCII digits: ``str.isdigit`` also accepts
    e.g. ``²``, which ``int`` then refuses — a message with such a Bsn would have aborted the whole run."""
    if len(bsn) != 9 or not (bsn.isascii() and bsn.isdigit()):
        return False
    total: int = sum(map(operator.mul, map(int, bsn[:8]), _ELFPROEF_GEWICHTEN)) - int(bsn[8])
    return total % 11 == 0


def _client(
    r: _Reader, el: Element, index: int, path: str, msg: ParsedBericht, pseudo: Pseudonymiser
) -> Client:
    c = _kids(el)
    bsn = _req(_t(c, r.m["Bsn"]), path + "/Bsn")
    msg.bsn_count += 1
    if not elfproef(bsn):
        msg.bevindingen.append(
            Bevinding(
                "CS002", path + "/Bsn", "Bsn voldoet niet aan de elfproef", "client", index, "client", None
            )
        )
    geb = _kids_of(c, r.m["Geboortedatum"])
    geboortemaand = None
    if geb is not None:
        d = _date(_t(geb, r.b["Datum"]), path + "/Geboortedatum/Datum")
        geboortemaand = d.replace(day=1) if d is not None else None
    postcode4 = huishouden = None
    cg = c.get(r.m["Contactgegevens"])
    if cg is not None:
        adressen: dict[str, Kids] = {}
        for contact in cg.iterchildren(r.m["Contact"]):
            ck = _kids(contact)
            soort = _t(ck, r.m["Soort"]) or ""
            adres = _kids_of(ck, r.m["Adres"])
            if adres is not None and soort not in adressen:
                adressen[soort] = adres
        adres = next((adressen[s] for s in _ADRES_VOORKEUR if s in adressen), None)
        if adres is not None:
            postcode = _t(adres, r.b["Postcode"])
            huis = _kids_of(adres, r.b["Huis"])
            if postcode:
                postcode4 = postcode[:4] if postcode[:4].isdigit() else None
                huisnummer = _t(huis, r.b["Huisnummer"]) if huis is not None else None
                if huisnummer and huis is not None:
                    huishouden = pseudo.huishouden(
                        postcode,
                        huisnummer,
                        _t(huis, r.b["Huisletter"]) or "",
                        _t(huis, r.b["HuisnummerToevoeging"]) or "",
                    )
    return Client(
        client_index=index,
        client=pseudo.client(bsn),
        geboortemaand=geboortemaand,
        geslacht=_t(c, r.m["Geslacht"]),
        postcode4=postcode4,
        huishouden=huishouden,
        retourcodes=_codes(r, c),
    )


def _product(r: _Reader, el: Kids) -> tuple[str | None, str | None]:
    p = _kids_of(el, r.m["Product"])
    if p is None:
        return None, None
    return _t(p, r.b["Categorie"]), _t(p, r.b["Code"])


def _omvang(r: _Reader, el: Kids, path: str) -> tuple[int | None, str | None, str | None]:
    o = _kids_of(el, r.m["Omvang"])
    if o is None:
        return None, None, None
    return (
        _int(_t(o, r.b["Volume"]), path + "/Omvang/Volume"),
        _t(o, r.b["Eenheid"]),
        _t(o, r.b["Frequentie"]),
    )


def _clients(r: _Reader, root: Element) -> Iterator[Element]:
    return root.iterchildren(r.m["Client"])


# --- bodies per message type ------------------------------------------------------------------------------


def _body_301(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    clients, rows = _client_rows(msg, "toewijzing")
    for ci, c in enumerate(_clients(r, root)):
        path = f"Client[{ci + 1}]"
        client = _client(r, c, ci, path, msg, pseudo)
        clients.append(client)
        pseudonym = client.client
        tps = _first(c, r.m["ToegewezenProducten"])
        for el in tps.iterchildren(r.m["ToegewezenProduct"]) if tps is not None else ():
            tp = _kids(el)
            where = f"{path}/ToegewezenProducten/ToegewezenProduct[{len(rows) + 1}]"
            cat, code = _product(r, tp)
            vol, eenh, freq = _omvang(r, tp, where)
            rows.append(
                Toewijzing(
                    ci,
                    pseudonym,
                    len(rows),
                    _req(_int(_t(tp, r.m["ToewijzingNummer"]), where), where + "/ToewijzingNummer"),
                    _t(tp, r.m["ReferentieAanbieder"]),
                    cat,
                    code,
                    _req(_date(_t(tp, r.m["Toewijzingsdatum"]), where), where + "/Toewijzingsdatum"),
                    _time(_t(tp, r.m["Toewijzingstijd"]), where + "/Toewijzingstijd") or dt.time(0),
                    _req(_date(_t(tp, r.m["Ingangsdatum"]), where), where + "/Ingangsdatum"),
                    _date(_t(tp, r.m["Einddatum"]), where + "/Einddatum"),
                    _t(tp, r.m["RedenWijziging"]),
                    vol,
                    eenh,
                    freq,
                    _int(_t(tp, r.m["Budget"]), where + "/Budget"),
                    _codes(r, tp),
                )
            )


def _client_rows(msg: ParsedBericht, table: str) -> tuple[list[Any], list[Any]]:
    clients: list[Any] = msg.rows.setdefault("client", [])
    rows: list[Any] = msg.rows.setdefault(table, [])
    return clients, rows


def _body_305(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    _body_start_stop(r, root, msg, pseudo, stop=False)


def _body_307(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    _body_start_stop(r, root, msg, pseudo, stop=True)


def _body_start_stop(
    r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser, *, stop: bool
) -> None:
    group, item = ("StopProducten", "StopProduct") if stop else ("StartProducten", "StartProduct")
    clients, rows = _client_rows(msg, "stop_product" if stop else "start_product")
    for ci, c in enumerate(_clients(r, root)):
        path = f"Client[{ci + 1}]"
        client = _client(r, c, ci, path, msg, pseudo)
        clients.append(client)
        pseudonym = client.client
        g = _first(c, r.m[group])
        for el in g.iterchildren(r.m[item]) if g is not None else ():
            sp = _kids(el)
            where = f"{path}/{group}/{item}[{len(rows) + 1}]"
            cat, code = _product(r, sp)
            nummer = _int(_t(sp, r.m["ToewijzingNummer"]), where + "/ToewijzingNummer")
            ti = _date(_t(sp, r.m["ToewijzingIngangsdatum"]), where + "/ToewijzingIngangsdatum")
            begin = _req(_date(_t(sp, r.m["Begindatum"]), where), where + "/Begindatum")
            status = _req(_t(sp, r.m["StatusAanlevering"]), where + "/StatusAanlevering")
            if stop:
                rows.append(
                    StopProduct(
                        ci,
                        pseudonym,
                        len(rows),
                        nummer,
                        cat,
                        code,
                        ti,
                        begin,
                        _req(_t(sp, r.m["RedenBeeindiging"]), where + "/RedenBeeindiging"),
                        _req(_date(_t(sp, r.m["Einddatum"]), where), where + "/Einddatum"),
                        status,
                        _codes(r, sp),
                    )
                )
            else:
                rows.append(
                    StartProduct(ci, pseudonym, len(rows), nummer, cat, code, ti, begin, status, _codes(r, sp))
                )


def _body_315(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    clients, rows = _client_rows(msg, "aangevraagd_product")
    for ci, c in enumerate(_clients(r, root)):
        path = f"Client[{ci + 1}]"
        client = _client(r, c, ci, path, msg, pseudo)
        clients.append(client)
        pseudonym = client.client
        g = _first(c, r.m["AangevraagdeProducten"])
        for el in g.iterchildren(r.m["AangevraagdProduct"]) if g is not None else ():
            ap = _kids(el)
            where = f"{path}/AangevraagdeProducten/AangevraagdProduct[{len(rows) + 1}]"
            cat, code = _product(r, ap)
            vol, eenh, freq = _omvang(r, ap, where)
            verwijzer = _kids_of(ap, r.m["Verwijzer"])
            rows.append(
                AangevraagdProduct(
                    ci,
                    pseudonym,
                    len(rows),
                    _req(_t(ap, r.m["ReferentieAanbieder"]), where + "/ReferentieAanbieder"),
                    _t(ap, r.m["BeschikkingNummer"]),
                    cat,
                    code,
                    _date(_t(ap, r.m["BeschikkingIngangsdatum"]), where + "/BeschikkingIngangsdatum"),
                    _req(
                        _date(_t(ap, r.m["ToewijzingIngangsdatum"]), where),
                        where + "/ToewijzingIngangsdatum",
                    ),
                    _date(_t(ap, r.m["ToewijzingEinddatum"]), where + "/ToewijzingEinddatum"),
                    vol,
                    eenh,
                    freq,
                    _int(_t(ap, r.m["Budget"]), where + "/Budget"),
                    _t(verwijzer, r.b["Type"]) if verwijzer is not None else None,
                    _t(verwijzer, r.b["ZorgverlenerCode"]) if verwijzer is not None else None,
                    _t(ap, r.m["Raamcontract"]),
                    _codes(r, ap),
                )
            )


def _body_317(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    clients, verzoeken = _client_rows(msg, "verzoek")
    producten: list[Any] = msg.rows.setdefault("verzoek_product", [])
    for ci, c in enumerate(_clients(r, root)):
        path = f"Client[{ci + 1}]"
        client = _client(r, c, ci, path, msg, pseudo)
        clients.append(client)
        pseudonym = client.client
        v = _kids_of_element(c, r.m["Verzoek"])
        if v is None:
            continue
        vpath = path + "/Verzoek"
        ref = _req(_t(v, r.m["ReferentieAanbieder"]), vpath + "/ReferentieAanbieder")
        verzoeken.append(
            Verzoek(
                ci,
                pseudonym,
                len(verzoeken),
                ref,
                _req(_t(v, r.m["RedenVerzoek"]), vpath + "/RedenVerzoek"),
                _codes(r, v),
            )
        )
        for group, item, soort in (
            ("OngewijzigdeProducten", "OngewijzigdProduct", "ongewijzigd"),
            ("TeWijzigenProducten", "TeWijzigenProduct", "te_wijzigen"),
            ("NieuweProducten", "NieuwProduct", "nieuw"),
        ):
            g = v.get(r.m[group])
            for el in g.iterchildren(r.m[item]) if g is not None else ():
                p = _kids(el)
                where = f"{vpath}/{group}/{item}[{len(producten) + 1}]"
                cat, code = _product(r, p)
                vol, eenh, freq = _omvang(r, p, where)
                nummer = _int(_t(p, r.m["ToewijzingNummer"]), where + "/ToewijzingNummer")
                if soort != "nieuw":
                    _req(nummer, where + "/ToewijzingNummer")
                producten.append(
                    VerzoekProduct(
                        ci,
                        pseudonym,
                        len(producten),
                        ref,
                        soort,
                        nummer,
                        cat,
                        code,
                        _date(_t(p, r.m["GewensteIngangsdatum"]), where + "/GewensteIngangsdatum"),
                        _date(_t(p, r.m["Einddatum"]), where + "/Einddatum"),
                        vol,
                        eenh,
                        freq,
                        _int(_t(p, r.m["Budget"]), where + "/Budget"),
                        _codes(r, p),
                    )
                )


def _body_319(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    rows: list[Any] = msg.rows.setdefault("antwoord", [])
    for el in root.iterchildren(r.m["Antwoord"]):
        a = _kids(el)
        where = f"Antwoord[{len(rows) + 1}]"
        wpb = _kids_of(a, r.m["Woonplaatsbeginsel"])
        rows.append(
            Antwoord(
                len(rows),
                _req(_t(a, r.m["ReferentieAanbieder"]), where + "/ReferentieAanbieder"),
                _req(_t(a, r.m["VerzoekAntwoord"]), where + "/VerzoekAntwoord"),
                _t(a, r.m["RedenAfwijzingVerzoek"]),
                _t(wpb, r.m["Gemeente"]) if wpb is not None else None,
                _codes(r, a),
            )
        )


def _signed(r: _Reader, el: Kids | None, amount: str, where: str) -> int | None:
    if el is None:
        return None
    value = _req(_int(_t(el, r.b[amount]), f"{where}/{amount}"), f"{where}/{amount}")
    dc = _t(el, r.b["DebetCredit"])
    return -value if dc == "C" else int(value)


def _body_323(r: _Reader, root: Element, msg: ParsedBericht, pseudo: Pseudonymiser) -> None:
    antwoord = msg.type.nummer == "325"
    top = "DeclaratieAntwoord" if antwoord else "Declaratie"
    d = _kids_of_element(root, r.m[top])
    decl: list[Any] = msg.rows.setdefault("declaratie", [])
    if d is None:
        if antwoord:  # a 325 may answer at header level only (e.g. 9333 rejects the whole declaration)
            return
        raise MissingElement("verplicht element ontbreekt", top)
    periode = _kids_of(d, r.m["DeclaratiePeriode"])
    decl.append(
        Declaratie(
            _req(_t(d, r.m["DeclaratieNummer"]), top + "/DeclaratieNummer"),
            _date(_t(periode, r.b["Begindatum"]), top + "/DeclaratiePeriode/Begindatum")
            if periode is not None
            else None,
            _date(_t(periode, r.b["Einddatum"]), top + "/DeclaratiePeriode/Einddatum")
            if periode is not None
            else None,
            _date(_t(d, r.m["DeclaratieDagtekening"]), top + "/DeclaratieDagtekening"),
            _req(
                _signed(
                    r, _kids_of(d, r.m["TotaalIngediendBedrag"]), "TotaalBedrag", top + "/TotaalIngediendBedrag"
                ),
                top + "/TotaalIngediendBedrag",
            ),
            _signed(r, _kids_of(d, r.m["TotaalToegekendBedrag"]), "TotaalBedrag", top + "/TotaalToegekendBedrag"),
            _codes(r, d),
        )
    )
    clients, rows = _client_rows(msg, "prestatie")
    cl = d.get(r.m["Clienten"])
    for ci, c in enumerate(cl.iterchildren(r.m["Client"]) if cl is not None else ()):
        path = f"{top}/Clienten/Client[{ci + 1}]"
        client = _client(r, c, ci, path, msg, pseudo)
        clients.append(client)
        pseudonym = client.client
        ps = _first(c, r.m["Prestaties"])
        for el in ps.iterchildren(r.m["Prestatie"]) if ps is not None else ():
            p = _kids(el)
            where = f"{path}/Prestaties/Prestatie[{len(rows) + 1}]"
            ref = _kids_of(p, r.m["ProductReferentie"])
            per = _kids(_req(p.get(r.m["ProductPeriode"]), where + "/ProductPeriode"))
            bedrag = _kids(_req(p.get(r.m["IngediendBedrag"]), where + "/IngediendBedrag"))
            rows.append(
                Prestatie(
                    ci,
                    pseudonym,
                    len(rows),
                    _req(
                        _t(ref, r.b["ReferentieNummer"]) if ref is not None else None,
                        where + "/ProductReferentie/ReferentieNummer",
                    ),
                    _t(ref, r.b["VorigReferentieNummer"]) if ref is not None else None,
                    _req(_int(_t(p, r.m["ToewijzingNummer"]), where), where + "/ToewijzingNummer"),
                    _req(_t(p, r.m["ProductCategorie"]), where + "/ProductCategorie"),
                    _t(p, r.m["ProductCode"]),
                    _req(
                        _date(_t(per, r.b["Begindatum"]), where), where + "/ProductPeriode/Begindatum"
                    ),
                    _req(
                        _date(_t(per, r.b["Einddatum"]), where), where + "/ProductPeriode/Einddatum"
                    ),
                    _req(_int(_t(p, r.m["GeleverdVolume"]), where), where + "/GeleverdVolume"),
                    _req(_t(p, r.m["Eenheid"]), where + "/Eenheid"),
                    _int(_t(p, r.m["ProductTarief"]), where + "/ProductTarief"),
                    _req(_int(_t(bedrag, r.b["Bedrag"]), where), where + "/IngediendBedrag/Bedrag"),
                    _req(_t(bedrag, r.b["DebetCredit"]), where + "/IngediendBedrag/DebetCredit"),
                    _codes(r, p),
                )
            )


_BODY: dict[str, Callable[[_Reader, Element, ParsedBericht, Pseudonymiser], None]] = {
    "301": _body_301,
    "305": _body_305,
    "307": _body_307,
    "315": _body_315,
    "317": _body_317,
    "319": _body_319,
    "323": _body_323,
    "325": _body_323,
}
"""Body reader per heenbericht number; a retour (302…320) has the body of the message it answers, with
RetourCodes added at each level (message-model.md §2, §5)."""
