"""Declarations (323) and their answers (325): declared, rejected and paid amounts per line and per allocation.

The 325 lists only the rejected prestaties (OP303/OP304, TR342); every other line of the answered 323 is approved,
so accepted = declared − rejected, and paid = accepted debit − accepted credit (a credit cancels an earlier debit
through its VorigReferentieNummer: TR323, IV091). A 325 that rejects the declaration as a whole (a code in its
Header or DeclaratieAntwoord: IV087) rejects every line. A 323 without a 325 (yet) has lines whose status is
unknown: neither accepted nor rejected, nothing paid. Amounts are integer eurocent (IV024). Rows with ``afgekeurd``
count as not sent (OP286, OP065, OP303). The rules are in docs/reconstructie.md ("Declarations and paid amounts").
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.reconstructie import BERICHTTYPE_VAN, PRODUCT, TOEWIJZING_SLEUTEL, berichtkop

REGEL_SLEUTEL = ("wet", "gemeente", "aanbieder", "referentienummer")
"""A declaration line: ReferentieNummer is unique per aanbieder per law (TR314/8021)."""

# WJ001 codes that reject nothing: 0200 no remark, 0233 not judged, 8001 declaration fully approved (IV087)
GEEN_AFKEUR = ("0200", "0233", "8001")

TOEGEKEND = "toegekend"
AFGEWEZEN = "afgewezen"
ONBEKEND = "onbekend"


def _declaratie_antwoorden(con: Any) -> ir.Table:
    """Per answered 323 (its wet, gemeente, aanbieder and own Identificatie) the 325 that answers it.

    The link is the 325's Header/DeclaratieIdentificatie = the 323's BerichtIdentificatie (TR337). There is one
    answer per declaration (IV087); should there be more, the earliest Dagtekening counts, then its own
    Identificatie. ``declaratie_afgewezen`` = a rejecting code in the Header (XSLT 0001 or a header rule) or in
    DeclaratieAntwoord (e.g. 9333): the whole declaration is rejected and counts as not processed (IV087).
    """
    bericht = con.table("bericht")
    antw = bericht.filter((bericht.berichttype == "325") & (bericht.afgekeurd == False)).select(  # noqa: E712
        "wet",
        "gemeente",
        "aanbieder",
        "heen_identificatie",
        antwoord_id="bericht_id",
        antwoorddatum="dagtekening",
        _volg="eigen_identificatie",
        _kop="retourcodes",
    )
    n = ibis.row_number().over(
        group_by=["wet", "gemeente", "aanbieder", "heen_identificatie"],
        order_by=[ibis.asc("antwoorddatum"), ibis.asc("_volg"), ibis.asc("antwoord_id")],
    )
    antw = antw.mutate(_n=n).filter(ibis._._n == 0).drop("_n")

    da = con.table("declaratie_antwoord").filter(ibis._.afgekeurd == False)  # noqa: E712
    # both sides typed alike: a store may declare bericht_id NOT NULL in one table and not in the other
    # (the id's own type: UUID on DuckDB, text on Spark)
    soort = antw.antwoord_id.type().copy(nullable=True)
    codes = antw.select(antwoord_id=antw.antwoord_id.cast(soort), code=antw._kop.unnest()).union(
        da.select(antwoord_id=da.bericht_id.cast(soort), code=da.retourcodes.unnest()), distinct=False
    )
    afkeur = (
        codes.filter(~codes.code.isin(GEEN_AFKEUR))
        .group_by("antwoord_id")
        .aggregate(declaratie_retourcode=ibis._.code.min())
    )
    return (
        antw.left_join(afkeur, "antwoord_id")
        .select(antw, afkeur.declaratie_retourcode)
        .drop("_volg", "_kop")
        .mutate(declaratie_afgewezen=ibis._.declaratie_retourcode.notnull())
    )


def declaraties(con: Any) -> ir.Table:
    """Every declaration line (Prestatie of a 323) with its verdict and amounts; one row per line, keyed by
    (wet, gemeente, aanbieder, referentienummer) in rule-clean traffic (TR314).

    ``status``: ``toegekend``, ``afgewezen`` (listed in the 325 — all-or-nothing per prestatie, IV087 — or the
    whole declaration rejected) or ``onbekend`` (no 325 stored: ``beantwoord = false``). Amounts in eurocent,
    signed (debit +, credit −): ``gedeclareerd``; ``afgewezen_bedrag`` and ``toegekend`` (= gedeclareerd −
    afgewezen_bedrag), null while unknown; ``betaald`` = the accepted amount, 0 while unknown. A debit whose
    accepted credit arrived later (VorigReferentieNummer, TR323) has ``gecrediteerd = true``; the two lines cancel in
    any sum of ``betaald``.
    """
    # everything that is per declaration (the 323's header, its Declaratie block and the 325 that answers it) is
    # joined once per message, then to its lines by bericht_id: a narrow join instead of a composite text key
    decl = con.table("declaratie").filter(ibis._.afgekeurd == False)  # noqa: E712
    decl = decl.select(
        "bericht_id",
        "declaratienummer",
        declaratiemaand="periode_begin",
        _declaratiedag="declaratie_dagtekening",
    )
    kop = berichtkop(con, BERICHTTYPE_VAN["declaratie"]).join(decl, "bericht_id")
    antw = _declaratie_antwoorden(con)
    kop = kop.left_join(
        antw,
        [
            kop.wet == antw.wet,
            kop.gemeente == antw.gemeente,
            kop.aanbieder == antw.aanbieder,
            kop.bericht_identificatie == antw.heen_identificatie,
        ],
    ).select(
        kop,
        antw.antwoord_id,
        antw.antwoorddatum,
        antw.declaratie_afgewezen,
        antw.declaratie_retourcode,
    )
    # rejected lines: the 325's prestaties, matched by ProductReferentie (TR366); the lowest code is kept, and a
    # listed prestatie without codes still counts as rejected: the list itself is the verdict (OP303)
    ap = con.table("afgewezen_prestatie").filter(ibis._.afgekeurd == False)  # noqa: E712
    afgewezen = (
        ap.group_by(antwoord_id=ap.bericht_id, referentienummer=ap.referentienummer)
        .aggregate(regel_retourcode=ap.retourcodes.mins().min())
        .mutate(_genoemd=ibis.literal(True))
    )

    def met_oordeel(regels: ir.Table) -> ir.Table:
        """Lines with their declaration's header and answer, and the verdict on each (``_beantwoord``,
        ``_afgewezen``)."""
        regels = regels.join(kop, "bericht_id")
        regels = regels.left_join(afgewezen, ["antwoord_id", "referentienummer"]).select(
            regels, afgewezen.regel_retourcode, afgewezen._genoemd
        )
        beantwoord = regels.antwoord_id.notnull()
        return regels.mutate(
            _beantwoord=beantwoord,
            _afgewezen=beantwoord
            & (regels.declaratie_afgewezen.fill_null(False) | regels._genoemd.fill_null(False)),
        )

    prestatie = con.table("prestatie").filter(ibis._.afgekeurd == False)  # noqa: E712

    # a debit is cancelled by an accepted credit that names it as VorigReferentieNummer (TR323, OP360); the
    # credits are few, so they are judged on their own (the lines are then read once, not kept for a self-join)
    credits = met_oordeel(
        prestatie.filter(prestatie.debet_credit == "C").select(
            "bericht_id", "referentienummer", "vorig_referentienummer"
        )
    )
    credits = (
        credits.filter(credits._beantwoord & ~credits._afgewezen)
        .select(
            "wet", "gemeente", "aanbieder", _vorig="vorig_referentienummer", _gecrediteerd=ibis.literal(True)
        )
        .distinct()
    )

    regels = met_oordeel(
        prestatie.select(
            "bericht_id",
            "client",  # the client block's pseudonym, on each line since the ingest writes it there
            "rij",
            "referentienummer",
            "vorig_referentienummer",
            "toewijzingnummer",
            *PRODUCT,
            "periode_begin",
            "periode_eind",
            "geleverd_volume",
            "eenheid",
            "producttarief",
            "bedrag",
            "debet_credit",
        )
    )
    regels = regels.left_join(
        credits,
        [
            regels.wet == credits.wet,
            regels.gemeente == credits.gemeente,
            regels.aanbieder == credits.aanbieder,
            regels.referentienummer == credits._vorig,
        ],
    ).select(regels, credits._gecrediteerd)

    teken = ibis.ifelse(regels.debet_credit == "C", -1, 1)
    regels = regels.mutate(_gedeclareerd=(regels.bedrag * teken).cast("int64"))
    regels = regels.mutate(
        _afgewezen_bedrag=ibis.ifelse(
            regels._beantwoord,
            ibis.ifelse(regels._afgewezen, regels._gedeclareerd, ibis.literal(0, "int64")),
            ibis.null("int64"),
        )
    )
    regels = regels.mutate(_toegekend=regels._gedeclareerd - regels._afgewezen_bedrag)

    return regels.select(
        *TOEWIJZING_SLEUTEL[:3],
        "declaratienummer",
        "declaratiemaand",
        declaratiedatum=ibis._._declaratiedag.fill_null(ibis._.dagtekening),
        referentienummer="referentienummer",
        vorig_referentienummer="vorig_referentienummer",
        toewijzingnummer="toewijzingnummer",
        client="client",
        productcategorie="productcategorie",
        productcode="productcode",
        begindatum="periode_begin",
        einddatum="periode_eind",
        volume="geleverd_volume",
        eenheid="eenheid",
        tarief="producttarief",
        bedrag="bedrag",
        debet_credit="debet_credit",
        beantwoord="_beantwoord",
        antwoorddatum="antwoorddatum",
        status=ibis.ifelse(
            ibis._._beantwoord,
            ibis.ifelse(ibis._._afgewezen, ibis.literal(AFGEWEZEN), ibis.literal(TOEGEKEND)),
            ibis.literal(ONBEKEND),
        ),
        afgewezen="_afgewezen",
        declaratie_afgewezen=ibis._.declaratie_afgewezen.fill_null(False),
        retourcode=ibis.ifelse(
            ibis._._afgewezen,
            ibis._.regel_retourcode.fill_null(ibis._.declaratie_retourcode),
            ibis.null("string"),
        ),
        gedeclareerd="_gedeclareerd",
        afgewezen_bedrag="_afgewezen_bedrag",
        toegekend="_toegekend",
        betaald=ibis._._toegekend.fill_null(0),
        gecrediteerd=ibis._._gecrediteerd.fill_null(False),
    )


def betaald_per_toewijzing(con: Any) -> ir.Table:
    """Declared, rejected, unknown and paid amounts per allocation: one row per (wet, gemeente, aanbieder,
    toewijzingnummer) with the client and product its lines name (in rule-clean traffic one per allocation: TR304,
    TR339/TR340). Amounts signed eurocent: ``gedeclareerd`` (all lines), ``afgewezen``, ``onbeantwoord`` (lines
    without a 325 yet), ``betaald`` (= gedeclareerd − afgewezen − onbeantwoord = accepted debit − accepted credit);
    ``aantal_regels``; ``eerste_periode`` / ``laatste_periode`` = first Begindatum and last Einddatum of the
    ProductPeriodes declared."""
    r = declaraties(con)
    return r.group_by([*TOEWIJZING_SLEUTEL, "client", *PRODUCT]).aggregate(
        gedeclareerd=r.gedeclareerd.sum(),
        afgewezen=r.afgewezen_bedrag.fill_null(0).sum(),
        onbeantwoord=ibis.ifelse(r.beantwoord, 0, r.gedeclareerd).sum(),
        betaald=r.betaald.sum(),
        aantal_regels=r.count(),
        eerste_periode=r.begindatum.min(),
        laatste_periode=r.einddatum.max(),
    )
