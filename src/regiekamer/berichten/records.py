"""Typed records that one parsed message yields, one NamedTuple per store table.

Every record holds only what analysis needs (mission: keep only what analysis needs): the BSN is already
replaced by a keyed pseudonym (``client``), the birth date is truncated to the month, the address is reduced
to the 4-digit postcode and a keyed household pseudonym; names, streets, phone numbers and e-mail addresses
are never read into a record.

The field order of each record is the column order of its table; :mod:`regiekamer.store.schema` derives the
DuckDB and Arrow schemas from the annotations, so a field added here is a column there.
``client_index`` and ``rij`` are 0-based positions inside the message, used to tie rule findings to a client
block or a row. Each product-level record also carries its client block's pseudonym (``client``): every
reconstruction step needs it, and reading it from the row instead of joining the client blocks on
``(bericht_id, client_index)`` made the declaration step of a national refresh 0.63× and the allocation step
0.80× as long (docs/benchmarks.md, issue 4).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Client(NamedTuple):
    """A client block (``Client``), pseudonymised at the door."""

    client_index: int
    client: str  # keyed pseudonym of the BSN (HMAC-SHA-256)
    geboortemaand: dt.date | None  # first day of the birth month
    geslacht: str | None  # COD046
    postcode4: str | None
    huishouden: str | None  # keyed pseudonym of postcode + huisnummer + huisletter + toevoeging
    retourcodes: tuple[str, ...]


class Toewijzing(NamedTuple):
    """A ToegewezenProduct of a 301 (or its copy in a 302)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    toewijzingnummer: int
    referentie_aanbieder: str | None
    productcategorie: str | None
    productcode: str | None
    toewijzingsdatum: dt.date
    toewijzingstijd: dt.time
    ingangsdatum: dt.date
    einddatum: dt.date | None
    reden_wijziging: str | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None  # eurocent
    retourcodes: tuple[str, ...]


class StartProduct(NamedTuple):
    """A StartProduct of a 305 (or 306)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    toewijzingnummer: int | None
    productcategorie: str | None
    productcode: str | None
    toewijzing_ingangsdatum: dt.date | None
    begindatum: dt.date
    status_aanlevering: str
    retourcodes: tuple[str, ...]


class StopProduct(NamedTuple):
    """A StopProduct of a 307 (or 308)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    toewijzingnummer: int | None
    productcategorie: str | None
    productcode: str | None
    toewijzing_ingangsdatum: dt.date | None
    begindatum: dt.date
    reden_beeindiging: str
    einddatum: dt.date
    status_aanlevering: str
    retourcodes: tuple[str, ...]


class AangevraagdProduct(NamedTuple):
    """An AangevraagdProduct of a 315 VOT (or 316)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    referentie_aanbieder: str
    beschikkingnummer: str | None
    productcategorie: str | None
    productcode: str | None
    beschikking_ingangsdatum: dt.date | None
    toewijzing_ingangsdatum: dt.date
    toewijzing_einddatum: dt.date | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    verwijzer_type: str | None  # COD327
    verwijzer_zorgverlenercode: str | None  # AGB of the referring professional (not a client datum)
    raamcontract: str | None
    retourcodes: tuple[str, ...]


class Verzoek(NamedTuple):
    """The Verzoek of a 317 VOW (or 318)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    referentie_aanbieder: str
    reden_verzoek: str
    retourcodes: tuple[str, ...]


class VerzoekProduct(NamedTuple):
    """An OngewijzigdProduct, TeWijzigenProduct or NieuwProduct of a 317 (``soort`` says which)."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    referentie_aanbieder: str
    soort: str  # "ongewijzigd" | "te_wijzigen" | "nieuw"
    toewijzingnummer: int | None
    productcategorie: str | None
    productcode: str | None
    gewenste_ingangsdatum: dt.date | None
    einddatum: dt.date | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    retourcodes: tuple[str, ...]


class Antwoord(NamedTuple):
    """The Antwoord of a 319 (or 320). 319/320 carry no client (join via ReferentieAanbieder)."""

    rij: int
    referentie_aanbieder: str
    verzoek_antwoord: str  # WJ760
    reden_afwijzing_verzoek: str | None  # WJ759
    woonplaatsbeginsel_gemeente: str | None
    retourcodes: tuple[str, ...]


class Declaratie(NamedTuple):
    """The Declaratie of a 323, or the DeclaratieAntwoord of a 325 (then ``totaal_toegekend`` is set)."""

    declaratienummer: str
    periode_begin: dt.date | None
    periode_eind: dt.date | None
    declaratie_dagtekening: dt.date | None
    totaal_ingediend: int  # eurocent, signed: debet positive, credit negative
    totaal_toegekend: int | None  # eurocent, signed (325 only)
    retourcodes: tuple[str, ...]


class Prestatie(NamedTuple):
    """A Prestatie of a 323, or a rejected Prestatie listed in a 325."""

    client_index: int
    client: str  # the client block's pseudonym, carried on each row (see the module docstring)
    rij: int
    referentienummer: str
    vorig_referentienummer: str | None
    toewijzingnummer: int
    productcategorie: str
    productcode: str | None
    periode_begin: dt.date
    periode_eind: dt.date
    geleverd_volume: int
    eenheid: str
    producttarief: int | None  # eurocent
    bedrag: int  # eurocent, as written (unsigned)
    debet_credit: str  # "D" | "C"
    retourcodes: tuple[str, ...]


class Bevinding(NamedTuple):
    """A rule finding (TR/OP/CD/CS, or CODE for an unknown code) on a message that is kept.

    ``gevolg`` says how the standard's receiver would apply it: ``bericht`` (the whole message counts as not
    sent: XSLT-level rules, OP286), ``client`` (that client block counts as not sent: OP065), ``regel``
    (that one row, e.g. a prestatie, OP303) or ``signaal`` (reported, nothing rejected).
    """

    regel: str
    element: str
    toelichting: str
    gevolg: str
    client_index: int | None
    tabel: str | None
    rij: int | None


ROW_TABLES: dict[str, type[NamedTuple]] = {
    "client": Client,
    "toewijzing": Toewijzing,
    "start_product": StartProduct,
    "stop_product": StopProduct,
    "aangevraagd_product": AangevraagdProduct,
    "verzoek": Verzoek,
    "verzoek_product": VerzoekProduct,
    "antwoord": Antwoord,
    "declaratie": Declaratie,
    "prestatie": Prestatie,
    "bevinding": Bevinding,
}
"""Store table name → record type of the rows a message contributes to it."""
