"""How well each side keeps the standard's deadlines (reactietermijnen), as engine-portable Ibis expressions.

One row per thing that must be answered — a heenbericht awaiting its retour, a request awaiting its decision, a
declaration awaiting its answer — with the working days it took and whether that was within the deadline:

| soort_termijn | rule | what starts the clock | what stops it | who acts | werkdagen |
|---|---|---|---|---|---|
| ``retour`` | OP090 | a 301/305/307/315/317/319 | its retour 302/306/308/316/318/320 (IV028) | the receiver | 3 |
| ``besluit_vot`` | OP274 | an AangevraagdProduct of a 315 | a 301 TP or a 319 with its ReferentieAanbieder | gemeente | 5 |
| ``besluit_vow`` | OP346 | the Verzoek of a 317 | a 301 TP or a 319 with its ReferentieAanbieder | gemeente | 5 |
| ``declaratie_antwoord`` | OP090x4 | a 323 | the 325 whose DeclaratieIdentificatie is the 323 (TR337) | gemeente | 10 |
| ``startbericht`` | OP271 | the Begindatum of a start (or receipt of the 301, when allocated afterwards) | its 305 | aanbieder | 5 |
| ``stopbericht`` | OP272 | the Einddatum of a stop | its 307 | aanbieder | 5 |

For start and stop ``dagtekening_heen`` is the day the clock starts (a care date, not a message date): only
starts and stops that were reported are known, so these rows are always answered when dated up to the peildatum.
A definitive stop after a temporary stop of the same period is left out: its clock starts when the end became
known (OP272), which no message says.

The standard counts from receipt ("na ontvangst"); the store knows the Dagtekening, so receipt is taken as the
heenbericht's Dagtekening and the answer as the answer's own Dagtekening (for a retour DagtekeningRetour).
Working days: :mod:`regiekamer.statistiek.werkdagen`. Status as of ``peildatum`` (default: the latest Dagtekening
in the store): ``tijdig`` / ``te_laat`` when answered, else ``verlopen`` (more working days have passed than the
deadline allows) or ``open`` (not yet due; ``binnen_termijn`` null). Methods: docs/methoden-statistiek.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.reconstructie import (
    PERIODE,
    REDEN_TIJDELIJK,
    TOEWIJZING_SLEUTEL,
    _rows,
    geldige_starts,
    geldige_stops,
)
from regiekamer.statistiek.werkdagen import kalender_tabel, werkdagen_tussen

RETOUR_VAN = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}
"""Heenbericht → its technical retour (IV028)."""
VAN_GEMEENTE = ("301", "319")  # heenberichten the gemeente sends, so the aanbieder owes the retour

TERMIJNEN: dict[str, tuple[str, int]] = {
    "retour": ("OP090", 3),
    "besluit_vot": ("OP274", 5),
    "besluit_vow": ("OP346", 5),
    "declaratie_antwoord": ("OP090x4", 10),
    "startbericht": ("OP271", 5),
    "stopbericht": ("OP272", 5),
}
"""soort_termijn → (rule, deadline in working days)."""

KOLOMMEN = (
    "wet",
    "gemeente",
    "aanbieder",
    "soort_termijn",
    "regel",
    "actor",
    "berichttype",
    "bericht_id",
    "sleutel",
    "dagtekening_heen",
    "berichttype_antwoord",
    "dagtekening_antwoord",
    "termijn_werkdagen",
    "werkdagen",
    "status",
    "binnen_termijn",
)


def _retouren(bericht: ir.Table) -> ir.Table:
    heen = bericht.filter(bericht.berichttype.isin(list(RETOUR_VAN)))
    ret = bericht.filter(bericht.berichttype.isin(list(RETOUR_VAN.values())))
    typ = ibis.cases(*((heen.berichttype == h, r) for h, r in RETOUR_VAN.items()))
    heen = heen.mutate(_retourtype=typ)
    # a retour copies the heenbericht's header (IV028): its Afzender and BerichtIdentificatie are the heen's
    # identity (TR056: wet, type, sender, Identificatie); every heenbericht is owed one, rejected ones too (OP286)
    sleutel = [
        ("wet", "wet"),
        ("_retourtype", "berichttype"),
        ("verzender", "afzender"),
        ("eigen_identificatie", "heen_identificatie"),
    ]
    actor = heen.berichttype.isin(list(VAN_GEMEENTE)).ifelse("aanbieder", "gemeente")
    return _met_eerste_antwoord(heen, ret, sleutel, "retour", actor, heen._retourtype)


def _met_eerste_antwoord(
    heen: ir.Table,
    antw: ir.Table,
    sleutel: list[tuple[str, str]],
    soort: str,
    actor: ir.StringValue,
    berichttype_antwoord: ir.StringValue,
) -> ir.Table:
    """One deadline row per heenbericht with the Dagtekening of its earliest answer (null when none came): the
    shape every message pair shares (retour, declaration answer). ``sleutel`` pairs a column of ``heen`` with the
    column of ``antw`` it must equal; the answers are reduced to their earliest per key first, so each
    heenbericht meets at most one row."""
    eerste = antw.group_by(**{f"_s{i}": antw[a] for i, (_, a) in enumerate(sleutel)}).aggregate(
        _antwoord=antw.eigen_dagtekening.min()
    )
    paar = heen.left_join(eerste, [heen[h] == eerste[f"_s{i}"] for i, (h, _) in enumerate(sleutel)])
    return paar.select(
        "wet",
        "gemeente",
        "aanbieder",
        "berichttype",
        "bericht_id",
        dagtekening_antwoord=eerste._antwoord,
        soort_termijn=ibis.literal(soort),
        actor=actor,
        sleutel=heen.eigen_identificatie,
        dagtekening_heen=heen.eigen_dagtekening,
        berichttype_antwoord=berichttype_antwoord,
    )


def _verzoeken(con: Any, bericht: ir.Table) -> ir.Table:
    b = bericht.select("bericht_id", "wet", "gemeente", "aanbieder", "berichttype", "eigen_dagtekening")
    sleutel = ["wet", "gemeente", "aanbieder", "referentie_aanbieder"]

    def rows(table: str, berichttype: str) -> ir.Table:
        r = con.table(table).filter(ibis._.afgekeurd == False)  # noqa: E712 (an Ibis expression)
        return (
            r.select("bericht_id", "referentie_aanbieder")
            .join(b.filter(b.berichttype == berichttype), "bericht_id")
            .filter(ibis._.referentie_aanbieder.notnull())
        )

    # a request is decided per AangevraagdProduct (OP274) or for the whole VOW (OP346), by a 301 TP carrying its
    # ReferentieAanbieder (TR355/TR379) or a 319 — whichever comes first; a 319 "in onderzoek" (VerzoekAntwoord
    # 2) answers within the deadline too, the final decision then has eight weeks (OP274, OP346)
    besluiten = rows("toewijzing", "301").union(rows("antwoord", "319"))
    besluit = besluiten.group_by(sleutel).aggregate(dagtekening_antwoord=besluiten.eigen_dagtekening.min())
    eerste_type = (
        besluiten.mutate(
            _n=ibis.row_number().over(
                group_by=sleutel, order_by=[ibis.asc("eigen_dagtekening"), ibis.asc("berichttype")]
            )
        )
        .filter(ibis._._n == 0)
        .select(*sleutel, berichttype_antwoord="berichttype")
    )
    uit = []
    for soort, table, berichttype in (
        ("besluit_vot", "aangevraagd_product", "315"),
        ("besluit_vow", "verzoek", "317"),
    ):
        v = rows(table, berichttype)
        # a request counts once, from its first message (a re-sent block keeps its ReferentieAanbieder, TR347)
        v = (
            v.mutate(
                _n=ibis.row_number().over(
                    group_by=sleutel, order_by=[ibis.asc("eigen_dagtekening"), ibis.asc("bericht_id")]
                )
            )
            .filter(ibis._._n == 0)
            .left_join(besluit, sleutel)
            .select(v, besluit.dagtekening_antwoord)
        )
        v = v.left_join(eerste_type, sleutel).select(v, eerste_type.berichttype_antwoord)
        uit.append(
            v.select(
                "wet",
                "gemeente",
                "aanbieder",
                "berichttype",
                "bericht_id",
                "dagtekening_antwoord",
                soort_termijn=ibis.literal(soort),
                actor=ibis.literal("gemeente"),
                sleutel=v.referentie_aanbieder,
                dagtekening_heen=v.eigen_dagtekening,
                berichttype_antwoord=v.berichttype_antwoord,
            )
        )
    return uit[0].union(uit[1])


def _declaraties(bericht: ir.Table) -> ir.Table:
    decl = bericht.filter(bericht.berichttype == "323")
    antw = bericht.filter(bericht.berichttype == "325")
    # the 325 names the 323 it answers by DeclaratieIdentificatie (TR337); every 323 is owed one (OP090x4)
    sleutel = [
        ("wet", "wet"),
        ("verzender", "aanbieder"),
        ("gemeente", "gemeente"),
        ("eigen_identificatie", "heen_identificatie"),
    ]
    return _met_eerste_antwoord(
        decl, antw, sleutel, "declaratie_antwoord", ibis.literal("gemeente"), ibis.literal("325")
    )


def _start_stop(con: Any) -> ir.Table:
    periode = list(PERIODE)
    # the rows that stand after StatusAanlevering corrections, as in leveringen(); a corrected start counts
    # from the message that carried the right row
    starts = geldige_starts(con)
    stops = geldige_stops(con)
    # OP271: allocated with retroactive effect, the clock starts at receipt of the 301 that first held the TP
    tp = _rows(con, "toewijzing", "toewijzingnummer", client=False)  # rows of 301s: BERICHTTYPE_VAN
    eerste_301 = tp.group_by(list(TOEWIJZING_SLEUTEL)).aggregate(_eerste_301=tp.dagtekening.min())
    starts = starts.left_join(eerste_301, list(TOEWIJZING_SLEUTEL)).select(starts, eerste_301._eerste_301)
    klok = ibis.greatest(starts.begindatum, ibis.coalesce(starts._eerste_301, starts.begindatum))
    start = starts.select(
        "wet",
        "gemeente",
        "aanbieder",
        "bericht_id",
        berichttype=ibis.literal("305"),
        dagtekening_antwoord=starts.dagtekening,
        soort_termijn=ibis.literal("startbericht"),
        actor=ibis.literal("aanbieder"),
        sleutel=starts.toewijzingnummer.cast("string"),
        dagtekening_heen=klok,
        berichttype_antwoord=ibis.literal("305"),
    )
    tijdelijk = (
        stops.filter(stops.reden_beeindiging == REDEN_TIJDELIJK)
        .select(*periode)
        .distinct()
        .mutate(_na_tijdelijk=True)
    )
    stops = stops.left_join(tijdelijk, periode).select(stops, tijdelijk._na_tijdelijk)
    stops = stops.filter((stops.reden_beeindiging == REDEN_TIJDELIJK) | stops._na_tijdelijk.isnull())
    stop = stops.select(
        "wet",
        "gemeente",
        "aanbieder",
        "bericht_id",
        berichttype=ibis.literal("307"),
        dagtekening_antwoord=stops.dagtekening,
        soort_termijn=ibis.literal("stopbericht"),
        actor=ibis.literal("aanbieder"),
        sleutel=stops.toewijzingnummer.cast("string"),
        dagtekening_heen=stops.einddatum,
        berichttype_antwoord=ibis.literal("307"),
    )
    return start.union(stop)


def termijnen(con: Any, kalender: ir.Table | None = None, *, peildatum: dt.date | None = None) -> ir.Table:
    """One row per heenbericht, request, start or stop that must be answered or reported within a deadline of the
    standard (see the module docstring for the kinds and their rules), with columns :data:`KOLOMMEN`.

    ``kalender`` is a working-day calendar (:func:`regiekamer.statistiek.werkdagen.kalender_tabel`, the default);
    ``peildatum`` the day the status is judged on (default: the latest Dagtekening in the store). Things dated
    after the peildatum are left out and answers after it count as not (yet) given. ``werkdagen`` is null while
    unanswered; ``binnen_termijn`` is true (tijdig), false (te_laat, verlopen) or null (open, not yet due).
    """
    kal = kalender if kalender is not None else kalender_tabel()
    bericht = con.table("bericht")
    peil = bericht.aggregate(_peildatum=bericht.eigen_dagtekening.max()) if peildatum is None else None

    delen = [_retouren(bericht), _verzoeken(con, bericht), _declaraties(bericht), _start_stop(con)]
    kolommen = delen[0].columns
    alles = delen[0]
    for deel in delen[1:]:
        alles = alles.union(deel.select(*kolommen))
    # a given peildatum is a literal (an ibis.memtable would not be registered when Spark caches the result)
    alles = (
        alles.cross_join(peil)
        if peil is not None
        else alles.mutate(_peildatum=ibis.literal(peildatum, "date"))
    )
    alles = alles.filter(alles.dagtekening_heen <= alles._peildatum).mutate(
        dagtekening_antwoord=ibis.ifelse(
            alles.dagtekening_antwoord <= alles._peildatum, alles.dagtekening_antwoord, ibis.null("date")
        ),
        regel=ibis.cases(*((alles.soort_termijn == s, r) for s, (r, _) in TERMIJNEN.items())),
        termijn_werkdagen=ibis.cases(
            *((alles.soort_termijn == s, n) for s, (_, n) in TERMIJNEN.items())
        ).cast("int64"),
    )
    alles = werkdagen_tussen(alles, "dagtekening_heen", "dagtekening_antwoord", kal, naam="werkdagen")
    alles = werkdagen_tussen(alles, "dagtekening_heen", "_peildatum", kal, naam="_verstreken")
    beantwoord = alles.dagtekening_antwoord.notnull()
    status = ibis.cases(
        (beantwoord & alles.werkdagen.isnull(), ibis.null("string")),  # a date outside the calendar
        (beantwoord & (alles.werkdagen <= alles.termijn_werkdagen), "tijdig"),
        (beantwoord, "te_laat"),
        (alles._verstreken > alles.termijn_werkdagen, "verlopen"),
        else_="open",
    )
    alles = alles.mutate(
        status=status,
        berichttype_antwoord=beantwoord.ifelse(alles.berichttype_antwoord, ibis.null("string")),
    )
    return alles.select(
        *KOLOMMEN[:-1],
        binnen_termijn=ibis.cases(
            (alles.status == "tijdig", True),
            (alles.status.isin(["te_laat", "verlopen"]), False),
            else_=ibis.null("boolean"),
        ),
    )
