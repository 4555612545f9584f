"""Requests (VOT 315, VOW 317) and the gemeente's answers (301, 319) with their lead times, as Ibis expressions.

A request is identified by its ReferentieAanbieder, unique per aanbieder per law (TR347, and per AangevraagdProduct
within a message: TR383); the answers find it by that reference (TR355 for the 319, TR379 for the 301). Every date
comes from the messages (OP080): the request is dated by its Dagtekening, a honour by the Toewijzingsdatum of the
301 (the moment of decision, IV013), a refusal or "in onderzoek" by the 319's Dagtekening. Rows with ``afgekeurd``
count as not sent (OP286, OP065). The rules are in docs/reconstructie.md ("Requests and answers").
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.reconstructie import (
    BERICHTTYPE_VAN,
    PRODUCT,
    TOEWIJZING_SLEUTEL,
    _rows,
    berichtkop,
    toewijzingen,
)
from regiekamer.clientpaden.tussen import gedeeld

VERZOEK_SLEUTEL = ("wet", "gemeente", "aanbieder", "referentie_aanbieder")
"""A request: ReferentieAanbieder is unique per aanbieder per law (TR347); gemeente and law keep regions apart."""

VERZOEK_AFGEWEZEN = "1"  # VerzoekAntwoord (WJ760) 1: verzoek afgewezen
VERZOEK_IN_ONDERZOEK = "2"  # VerzoekAntwoord 2: aanvraag in onderzoek

TOEGEKEND = "toegekend"
AFGEWEZEN = "afgewezen"
IN_ONDERZOEK = "in onderzoek"

_BERICHTVOLGORDE = ("dagtekening", "bericht_identificatie", "bericht_id", "rij")


def _eerste(t: ir.Table, sleutel: tuple[str, ...] | list[str], volgorde: tuple[str, ...]) -> ir.Table:
    """Per key the first row in the given (content-derived) order."""
    n = ibis.row_number().over(group_by=list(sleutel), order_by=[ibis.asc(c) for c in volgorde])
    return t.mutate(_n=n).filter(ibis._._n == 0).drop("_n")


@gedeeld
def _verzoek_berichten(con: Any) -> ir.Table:
    """One row per request: the first message that carries its ReferentieAanbieder.

    A VOT holds one request per AangevraagdProduct (each its own ReferentieAanbieder: TR383; decided per product:
    OP274/OP344); a VOW is one request for the whole Verzoek (OP344/OP346). Should the same reference arrive in two
    messages (a resend; TR347 forbids re-use), the earliest Dagtekening counts, then the sender's own
    Identificatie — never arrival order.
    """
    kolommen = (*VERZOEK_SLEUTEL, "client", *_BERICHTVOLGORDE)
    vot = _rows(con, "aangevraagd_product", "referentie_aanbieder", "verwijzer_type").select(
        *kolommen,
        soort=ibis.literal("VOT"),
        verwijzer=ibis._.verwijzer_type,
        reden_verzoek=ibis.null("string"),
    )
    vow = _rows(con, "verzoek", "referentie_aanbieder", "reden_verzoek").select(
        *kolommen,
        soort=ibis.literal("VOW"),
        verwijzer=ibis.null("string"),
        reden_verzoek=ibis._.reden_verzoek,
    )
    return _eerste(vot.union(vow, distinct=False), VERZOEK_SLEUTEL, _BERICHTVOLGORDE)


def verzoek_producten(con: Any) -> ir.Table:
    """The products of every request, one row per AangevraagdProduct (VOT) or per OngewijzigdProduct,
    TeWijzigenProduct and NieuwProduct of the Verzoek (VOW), from the message that counts for the request.

    ``wijziging`` is ``aangevraagd`` (VOT), ``ongewijzigd``, ``te_wijzigen`` or ``nieuw`` (VOW). A VOW names the
    products it keeps or changes only by ToewijzingNummer (TR350/TR351); their product is looked up in the
    allocation, which never changes product (IV066).
    """
    basis = _verzoek_berichten(con).select(*VERZOEK_SLEUTEL, "bericht_id", "client", "soort")
    detail = (
        "toewijzingnummer",
        *PRODUCT,
        "gewenste_ingangsdatum",
        "einddatum",
        "volume",
        "eenheid",
        "frequentie",
        "budget",
    )
    ap = _rows(
        con,
        "aangevraagd_product",
        "referentie_aanbieder",
        *PRODUCT,
        "toewijzing_ingangsdatum",
        "toewijzing_einddatum",
        "volume",
        "eenheid",
        "frequentie",
        "budget",
        client=False,  # the request's client comes from the message that counts for it (basis)
    ).select(
        *VERZOEK_SLEUTEL,
        "bericht_id",
        "rij",
        wijziging=ibis.literal("aangevraagd"),
        toewijzingnummer=ibis.null("int64"),
        productcategorie="productcategorie",
        productcode="productcode",
        gewenste_ingangsdatum="toewijzing_ingangsdatum",
        einddatum="toewijzing_einddatum",
        volume="volume",
        eenheid="eenheid",
        frequentie="frequentie",
        budget="budget",
    )
    vp = _rows(
        con,
        "verzoek_product",
        "referentie_aanbieder",
        "soort",
        *detail,
        client=False,
    ).select(*VERZOEK_SLEUTEL, "bericht_id", "rij", "soort", *detail)
    tp = toewijzingen(con, met_verwijderd=True).select(
        *TOEWIJZING_SLEUTEL, _categorie="productcategorie", _code="productcode"
    )
    vp = (
        vp.left_join(tp, list(TOEWIJZING_SLEUTEL))
        .select(vp, tp._categorie, tp._code)
        .select(
            *VERZOEK_SLEUTEL,
            "bericht_id",
            "rij",
            wijziging=ibis._.soort,
            toewijzingnummer="toewijzingnummer",
            productcategorie=ibis._.productcategorie.fill_null(ibis._._categorie),
            productcode=ibis._.productcode.fill_null(ibis._._code),
            gewenste_ingangsdatum="gewenste_ingangsdatum",
            einddatum="einddatum",
            volume="volume",
            eenheid="eenheid",
            frequentie="frequentie",
            budget="budget",
        )
    )
    producten = ap.union(vp, distinct=False)
    return producten.join(basis, [*VERZOEK_SLEUTEL, "bericht_id"]).select(
        *VERZOEK_SLEUTEL, "client", "soort", "rij", "wijziging", *detail
    )


def _berichtrijen(con: Any, tabel: str) -> ir.Table:
    """Rows of a table without client block (the 319's Antwoord), with their message's wet, gemeente, aanbieder,
    Dagtekening and own Identificatie."""
    bericht = berichtkop(con, BERICHTTYPE_VAN.get(tabel))
    return con.table(tabel).filter(ibis._.afgekeurd == False).join(bericht, "bericht_id")  # noqa: E712


def verzoeken(con: Any) -> ir.Table:
    """Every request (VOT 315 per AangevraagdProduct, VOW 317 per Verzoek) with its answer and lead time; one row per
    (wet, gemeente, aanbieder, referentie_aanbieder).

    Answer (OP274/OP344/OP346): ``toegekend`` = a 301 carries the ReferentieAanbieder on an allocation that is not
    deleted (TR379; the gemeente copies an honoured VOW into the 301: IV092/IV093), dated by the earliest
    Toewijzingsdatum with that reference (IV013); ``afgewezen`` = a 319 with VerzoekAntwoord 1 (its Dagtekening,
    RedenAfwijzingVerzoek WJ759, Woonplaatsbeginsel gemeente); the earlier of the two decides (TR359 forbids a 319
    after a 301). ``in onderzoek`` = only a 319 with VerzoekAntwoord 2 so far; null = not answered (yet): an answer
    dated after the stored period is censored, never guessed. ``doorlooptijd_dagen`` = calendar days from
    verzoekdatum to antwoorddatum, null while undecided.
    """
    basis = _verzoek_berichten(con)

    # the product(s) the request concerns: a VOT product, or what a VOW changes or adds (not what it keeps)
    vp = verzoek_producten(con).filter(ibis._.wijziging != "ongewijzigd")
    vp = vp.mutate(_p=vp.productcategorie.fill_null("") + "|" + vp.productcode.fill_null(""))
    producten = vp.group_by(list(VERZOEK_SLEUTEL)).aggregate(
        aantal_producten=vp._p.nunique(),
        _categorie=vp.productcategorie.max(),
        _code=vp.productcode.max(),
    )

    antwoord = _berichtrijen(con, "antwoord")
    onderzoek = (
        antwoord.filter(antwoord.verzoek_antwoord == VERZOEK_IN_ONDERZOEK)
        .group_by(list(VERZOEK_SLEUTEL))
        .aggregate(onderzoekdatum=ibis._.dagtekening.min())
    )
    afwijzing = antwoord.filter(antwoord.verzoek_antwoord == VERZOEK_AFGEWEZEN).select(
        *VERZOEK_SLEUTEL,
        datum="dagtekening",
        antwoord=ibis.literal(AFGEWEZEN),
        reden_afwijzing="reden_afwijzing_verzoek",
        woonplaatsbeginsel_gemeente="woonplaatsbeginsel_gemeente",
        _prio=ibis.literal(1),
        _volg="bericht_identificatie",
    )

    # honoured: every version of an allocation that carries the reference; a deleted allocation (reden 13)
    # counts as never sent (CS335), but its correction carries the same reference (procesbeschrijving 3.3.2),
    # so the decision stays dated by the first 301 when a live allocation with the reference remains
    tp = _rows(
        con, "toewijzing", "referentie_aanbieder", "toewijzingnummer", "toewijzingsdatum", client=False
    ).filter(ibis._.referentie_aanbieder.notnull())
    status = toewijzingen(con, met_verwijderd=True).select(*TOEWIJZING_SLEUTEL, "verwijderd")
    tp = tp.join(status, list(TOEWIJZING_SLEUTEL))
    toekenning = (
        tp.group_by(list(VERZOEK_SLEUTEL))
        .aggregate(
            datum=tp.toewijzingsdatum.min(),
            _levend=(~tp.verwijderd).any(),
            toewijzingnummers=tp.toewijzingnummer.collect(where=~tp.verwijderd, distinct=True).sort(),
        )
        .filter(ibis._._levend)
        .drop("_levend")
    )
    besluiten = toekenning.select(
        *VERZOEK_SLEUTEL,
        "datum",
        antwoord=ibis.literal(TOEGEKEND),
        reden_afwijzing=ibis.null("string"),
        woonplaatsbeginsel_gemeente=ibis.null("string"),
        _prio=ibis.literal(0),
        _volg=ibis.literal(""),
    ).union(afwijzing, distinct=False)
    # the first decision closes the request; on one day a 301 wins (it is the allocation itself)
    besluit = _eerste(besluiten, VERZOEK_SLEUTEL, ("datum", "_prio", "reden_afwijzing", "_volg"))

    sleutel = list(VERZOEK_SLEUTEL)
    r = basis.left_join(producten, sleutel).select(
        basis, producten.aantal_producten, producten._categorie, producten._code
    )
    r = r.left_join(besluit, sleutel).select(
        r,
        besluit.datum,
        besluit.antwoord,
        besluit.reden_afwijzing,
        besluit.woonplaatsbeginsel_gemeente,
    )
    r = r.left_join(onderzoek, sleutel).select(r, onderzoek.onderzoekdatum)
    r = r.left_join(toekenning, sleutel).select(r, toekenning.toewijzingnummers)
    een = ibis._.aantal_producten == 1
    return r.select(
        *VERZOEK_SLEUTEL,
        "client",
        "soort",
        verzoekdatum="dagtekening",
        reden_verzoek="reden_verzoek",
        verwijzer="verwijzer",
        productcategorie=ibis.ifelse(een, ibis._._categorie, ibis.null("string")),
        productcode=ibis.ifelse(een, ibis._._code, ibis.null("string")),
        aantal_producten=ibis._.aantal_producten.fill_null(0),
        in_onderzoek=ibis._.onderzoekdatum.notnull(),
        onderzoekdatum="onderzoekdatum",
        antwoord=ibis._.antwoord.fill_null(
            ibis.ifelse(ibis._.onderzoekdatum.notnull(), ibis.literal(IN_ONDERZOEK), ibis.null("string"))
        ),
        antwoorddatum="datum",
        reden_afwijzing="reden_afwijzing",
        woonplaatsbeginsel_gemeente="woonplaatsbeginsel_gemeente",
        doorlooptijd_dagen=ibis._.datum.delta(ibis._.dagtekening, unit="day"),
        toewijzingnummers="toewijzingnummers",
    )
