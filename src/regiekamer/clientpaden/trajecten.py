"""Trajectories: a client's continuous care at one aanbieder in one productcategorie, within one law and gemeente.

Built on the reconstructed delivery periods (:func:`~regiekamer.clientpaden.reconstructie.leveringen`) and the
current allocations (:func:`~regiekamer.clientpaden.reconstructie.toewijzingen`), as engine-portable Ibis
expressions (windows, grouping, joins on non-null keys; no SQL strings, no ``asof_join``).

A changed product or volume arrives as a new allocation with a new ToewijzingNummer and no pointer to the old one
(IV066/OP033x1: the old TP ends, a new TP starts), so periods are chained by wet × gemeente × aanbieder ×
productcategorie × client and their dates (gaps and islands: a running maximum of the end date, a new-island flag,
a cumulative sum). The rules and every known difference from the generator's ground truth are in docs/paden.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.reconstructie import (
    PRODUCT,
    REDEN_TIJDELIJK,
    TOEWIJZING_SLEUTEL,
    leveringen,
    toewijzingen,
)
from regiekamer.clientpaden.sleutels import tekst
from regiekamer.clientpaden.tussen import gedeeld

KETEN = ("wet", "gemeente", "aanbieder", "productcategorie", "client")
"""The chain a trajectory lives in: one client at one aanbieder in one productcategorie, per law and gemeente."""

GAP_DAGEN = 0
"""Default tolerance: the next period must begin at the latest the day after the previous one ended (CBS-like:
CBS sees only trajectories with at least one day in between as separate — jeugdmonitor.cbs.nl, "Eerder jeugdhulp
gekregen": "Aansluitende trajecten worden niet als herhaling gezien")."""

OPEN_EINDE = dt.date(9999, 12, 31)
"""Stands in for "no end" while merging; never output."""

# Trajectory status.
LOPEND = "lopend"  # still running: censored, never treated as ended
BEEINDIGD = "beeindigd"  # a definitive stop (307 with a RedenBeeindiging other than 20)
ONDERBROKEN = (
    "onderbroken"  # the last stop is temporary (reden 20) and no restart on that allocation followed
)
EINDE_ONBEKEND = "einde_onbekend"  # no stop, but a later trajectory in the same chain shows it ended

# Forms of care (vorm) and their intensity order (docs/paden.md). Derived from the productcategorie of the code
# lists JZ020 (iJw) and WMO020 (iWmo): the productcode is contract-specific (IV075), so it cannot decide the form.
VERBLIJF = "verblijf"
DAGHULP = "daghulp"
AMBULANT = "ambulant"
HUISHOUDELIJKE_HULP = "huishoudelijke hulp"
CRISIS = "crisis"
JEUGDBESCHERMING = "jeugdbescherming"
VERVOER = "vervoer"
HULPMIDDEL = "hulpmiddel"
OVERIG = "overig"

INTENSITEIT: Mapping[str, int] = MappingProxyType(
    {VERBLIJF: 4, DAGHULP: 3, AMBULANT: 2, HUISHOUDELIJKE_HULP: 1}
)
"""Intensity order: verblijf above daghulp above ambulant above huishoudelijke hulp. Forms outside the ladder
(crisis, jeugdbescherming, vervoer, hulpmiddel, overig) have no rank: a move to or from them is "andere vorm"."""

VORM_JW: Mapping[str, str] = MappingProxyType(
    {
        # JZ020, the 2015 categories name the form themselves ("Zonder verblijf: …", "Met verblijf: …")
        "31": AMBULANT,  # zonder verblijf: wijk- of buurtteam
        "32": AMBULANT,  # zonder verblijf: ambulant op locatie van de aanbieder
        "33": DAGHULP,  # zonder verblijf: daghulp op locatie van de aanbieder
        "34": AMBULANT,  # zonder verblijf: in het netwerk van de jeugdige
        "35": VERBLIJF,  # met verblijf: pleegzorg
        "36": VERBLIJF,  # met verblijf: gezinsgericht
        "37": VERBLIJF,  # met verblijf: gesloten plaatsing
        "38": VERBLIJF,  # met verblijf: overig residentieel
        "40": AMBULANT,  # persoonlijke verzorging
        "41": DAGHULP,  # dagbehandeling
        "42": VERVOER,  # vervoerdiensten
        "43": VERBLIJF,  # jeugdhulp verblijf (incl. behandeling)
        "44": VERBLIJF,  # jeugdhulp verblijf (excl. behandeling)
        "45": AMBULANT,  # jeugdhulp ambulant
        "46": CRISIS,  # jeugdhulp crisis: with or without verblijf, the category does not say
        "47": JEUGDBESCHERMING,  # jeugdreclassering
        "48": JEUGDBESCHERMING,  # jeugdbescherming
        "49": JEUGDBESCHERMING,  # activiteiten in het preventief justitieel kader
        "50": OVERIG,  # maatwerkarrangementen: any form
        "51": AMBULANT,  # generalistische basis-ggz
        "52": AMBULANT,  # specialistische ggz
        "53": AMBULANT,  # kindergeneeskunde
        "54": AMBULANT,  # jeugd-ggz
        "55": OVERIG,  # landelijk ingekochte zorg: any form
    }
)
VORM_WMO: Mapping[str, str] = MappingProxyType(
    {
        # WMO020
        "01": HUISHOUDELIJKE_HULP,  # hulp bij het huishouden
        "02": AMBULANT,  # begeleiding
        "03": AMBULANT,  # persoonlijke verzorging
        "04": VERBLIJF,  # kortdurend verblijf
        "05": OVERIG,  # woondiensten
        "06": AMBULANT,  # overige ondersteuning gericht op het individu of huishouden/gezin
        "07": DAGHULP,  # dagbesteding
        "08": VERVOER,  # vervoerdiensten
        "09": DAGHULP,  # overige groepsgerichte ondersteuning
        "10": OVERIG,  # overige maatwerkarrangementen
        "11": HULPMIDDEL,  # rolstoelen
        "12": HULPMIDDEL,  # vervoervoorzieningen
        "13": HULPMIDDEL,  # woonvoorzieningen
        "14": HULPMIDDEL,  # overige hulpmiddelen
        "15": VERBLIJF,  # beschermd wonen
        "16": VERBLIJF,  # opvang
        "17": VERBLIJF,  # spoedopvang
        "18": VERBLIJF,  # overige beschermd wonen en opvang
    }
)
VORM: Mapping[str, Mapping[str, str]] = MappingProxyType({"jw": VORM_JW, "wmo": VORM_WMO})

# Hours per unit (WJ756) and units per week (WMO757) to compare volumes within one form of care.
UREN_PER_EENHEID: Mapping[str, float] = MappingProxyType({"01": 1 / 60, "04": 1.0, "16": 4.0, "14": 24.0})
PER_WEEK: Mapping[str, float] = MappingProxyType({"1": 7.0, "2": 1.0, "4": 12 / 52})  # "6": over the validity


def vorm(wet: str, productcategorie: str | None) -> str:
    """The form of care of a productcategorie (JZ020 / WMO020), ``overig`` when unknown."""
    return VORM.get(wet, {}).get(productcategorie or "", OVERIG)


def intensiteit(vorm_: str) -> int | None:
    """The rank of a form in the intensity order (higher = more intensive), None outside the ladder."""
    return INTENSITEIT.get(vorm_)


def vorm_expr(wet: ir.StringValue, productcategorie: ir.StringValue) -> ir.StringValue:
    """:func:`vorm` as an Ibis expression (a CASE over ``wet:productcategorie``)."""
    sleutel = wet + ":" + productcategorie.fill_null("")
    paren = {f"{w}:{c}": v for w, m in VORM.items() for c, v in m.items()}
    return sleutel.substitute(paren, else_=ibis.literal(OVERIG))


def intensiteit_expr(vorm_: ir.StringValue) -> ir.IntegerValue:
    """:func:`intensiteit` as an Ibis expression."""
    return vorm_.substitute(dict(INTENSITEIT), else_=ibis.null("int8")).cast("int8")


def uren_per_week(t: ir.Table) -> ir.FloatingValue:
    """Allocated volume in hours per week, from Volume × Eenheid (WJ756) × Frequentie (WMO757); null when the
    unit is not a time (82 stuks output, 83 euro, 84 stuks) or when a total (6) has no Einddatum."""
    uren = t.eenheid.substitute(dict(UREN_PER_EENHEID), else_=ibis.null("float64")).cast("float64")
    dagen = t.tp_einddatum.delta(t.tp_ingangsdatum, unit="day") + 1
    per_week = ibis.cases(
        *((t.frequentie == f, ibis.literal(n)) for f, n in PER_WEEK.items()),
        (t.frequentie == "6", 7.0 / dagen.cast("float64")),
        else_=ibis.null("float64"),
    )
    return t.volume.cast("float64") * uren * per_week


def _dag_eerder(d: ir.DateValue) -> ir.DateValue:
    return (d - ibis.interval(days=1)).cast("date")


def _traject_id(t: ir.Table, begin: ir.DateValue) -> ir.StringValue:
    """Content-derived and the same on every engine: the chain and the trajectory's first day."""
    delen = [t.wet, t.gemeente, t.aanbieder, t.productcategorie.fill_null(""), tekst(t.client), begin.cast("string")]
    uit = delen[0].fill_null("")
    for deel in delen[1:]:
        uit = uit + "|" + deel.fill_null("")
    return uit


@gedeeld
def traject_perioden(con: Any, *, gap_dagen: int = GAP_DAGEN) -> ir.Table:
    """Every started delivery period with the trajectory it belongs to (``traject_id``): the long form that
    links trajectories to their allocations (lists are awkward across engines).

    Columns: the chain (``wet, gemeente, aanbieder, productcategorie, client``), ``traject_id, toewijzingnummer,
    productcode, begindatum, einddatum, reden_beeindiging, tijdelijk, lopend, overbrugd`` (a temporary stop or
    an unknown end bridged to the restart on the same allocation), ``einde_samenvoegen`` (the end used to
    merge), and of the allocation ``eerste_toewijzingsdatum, tp_ingangsdatum, tp_einddatum, volume, eenheid,
    frequentie, uren_per_week``.
    """
    if gap_dagen < 0:
        raise ValueError("gap_dagen must be >= 0")
    lev = leveringen(con).filter(ibis._.gestart)
    tp = toewijzingen(con).select(
        *TOEWIJZING_SLEUTEL,
        "eerste_toewijzingsdatum",
        "volume",
        "eenheid",
        "frequentie",
        tp_ingangsdatum="ingangsdatum",
        tp_einddatum="einddatum",
    )
    p = lev.left_join(tp, list(TOEWIJZING_SLEUTEL)).select(
        lev,
        tp.eerste_toewijzingsdatum,
        tp.volume,
        tp.eenheid,
        tp.frequentie,
        tp.tp_ingangsdatum,
        tp.tp_einddatum,
    )

    # the next period on the same allocation (leveringen's grouping): a restart after a temporary stop
    # (OP377–379), or the proof that a period without a stop did end (TR326: one current start per TP)
    allocatie = [*TOEWIJZING_SLEUTEL, "client", *PRODUCT]
    volgende = ibis._.begindatum.lead().over(group_by=allocatie, order_by="begindatum")
    p = p.mutate(_volgende=volgende)
    tijdelijk = p.reden_beeindiging.fill_null("") == REDEN_TIJDELIJK
    eind = ibis.cases(
        # a definitive stop ends the period
        (p.einddatum.notnull() & ~tijdelijk, p.einddatum),
        # a temporary stop followed by a restart on the same allocation is a pause, not an end
        (p.einddatum.notnull() & p._volgende.notnull(), ibis.greatest(p.einddatum, _dag_eerder(p._volgende))),
        # a temporary stop without a restart: the period stopped there
        (p.einddatum.notnull(), p.einddatum),
        # no stop but a later start on the same allocation: the end is unknown, bridged to that restart
        (p._volgende.notnull(), _dag_eerder(p._volgende)),
        # no stop (running): for merging it lasts at most until its allocation's Einddatum, since care
        # outside a valid allocation cannot be declared (TR307/TR308); without one, open
        else_=ibis.greatest(p.begindatum, p.tp_einddatum.fill_null(ibis.literal(OPEN_EINDE))),
    )
    p = p.mutate(
        einde_samenvoegen=eind,
        overbrugd=p._volgende.notnull() & (p.einddatum.isnull() | tijdelijk),
        uren_per_week=uren_per_week(p),
    )

    # gaps and islands per chain: a period opens a new island when it begins more than gap_dagen + 1 days
    # after the latest end so far; ties are broken by content (allocation number, product), never arrival
    keten = list(KETEN)
    volgorde = ["begindatum", "toewijzingnummer", "productcode", "einde_samenvoegen"]
    # the latest end among the periods before this one (the frame stops one row short: null on the first)
    eerder = ibis.window(group_by=keten, order_by=volgorde, rows=(None, -1))
    p = p.mutate(_vorige_max=p.einde_samenvoegen.max().over(eerder))
    nieuw = ibis._._vorige_max.isnull() | (
        ibis._.begindatum.delta(ibis._._vorige_max, unit="day") > gap_dagen + 1
    )
    p = p.mutate(_nieuw=nieuw.cast("int64"))
    # the island number and its first day, in one ordered pass: the periods are in begindatum order, so the
    # latest begindatum of a period that opened an island is the first day of the current island
    cum = ibis.cumulative_window(group_by=keten, order_by=volgorde)
    p = p.mutate(
        _eiland=p._nieuw.sum().over(cum),
        _traject_begin=ibis.ifelse(p._nieuw == 1, p.begindatum, ibis.null("date")).max().over(cum),
    )
    p = p.mutate(traject_id=_traject_id(p, p._traject_begin))
    return p.select(
        *keten,
        "traject_id",
        "toewijzingnummer",
        "productcode",
        "begindatum",
        "einddatum",
        "reden_beeindiging",
        "tijdelijk",
        "lopend",
        "overbrugd",
        "einde_samenvoegen",
        "eerste_toewijzingsdatum",
        "tp_ingangsdatum",
        "tp_einddatum",
        "volume",
        "eenheid",
        "frequentie",
        "uren_per_week",
    )


@gedeeld
def trajecten(con: Any, *, gap_dagen: int = GAP_DAGEN) -> ir.Table:
    """One row per trajectory: a client's continuous care at one aanbieder in one productcategorie, per law and
    gemeente. Overlapping periods merge, and so do adjacent ones: the next begins at most ``gap_dagen + 1`` days
    after the latest end so far (default 0: the next day, CBS-like).

    ``status``: ``lopend`` (censored: the last period has no stop; never treated as ended, ``einddatum`` null),
    ``beeindigd`` (definitive stop), ``onderbroken`` (the last stop is temporary, reden 20, and no restart on
    that allocation followed), ``einde_onbekend`` (no stop, but a later trajectory of the same chain began after
    the allocation's Einddatum: ``einddatum`` is that Einddatum, an upper bound, ``reden_beeindiging`` null).

    Columns: ``wet, gemeente, aanbieder, productcategorie, client, traject_id, begindatum, einddatum, status,
    lopend, reden_beeindiging, duur_dagen`` (einddatum − begindatum + 1, for beeindigd and onderbroken),
    ``aantal_perioden, aantal_toewijzingen, aantal_productcodes, aantal_onderbrekingen, eerste_toewijzingnummer,
    laatste_toewijzingnummer, eerste_productcode, laatste_productcode, eerste_toewijzingsdatum`` (of the first
    period's allocation), ``wachtdagen`` (eerste_toewijzingsdatum → begindatum), ``vorm, intensiteit,
    verblijf, uren_per_week_begin, uren_per_week_eind`` (allocated volume of the first and last allocation).
    """
    p = traject_perioden(con, gap_dagen=gap_dagen)
    keten = list(KETEN)

    traject = ["traject_id"]

    # The first, the last and the ending period of each trajectory: the values on the row with the smallest or
    # largest ordering key of its group (argmin/argmax), inside the one grouping that reads the periods. Three
    # row_number windows over traject_id did the same before it, at 1.1x the time of the step (docs/benchmarks.md,
    # issue 4). Each key is a struct, compared field by field in the order the windows sorted; the product code
    # (the last tie-break, and the only field that can be null) is preceded by whether it is there, so that a
    # missing one comes last both ways, as NULLS LAST put it in the ascending and the descending window. The
    # values of one ordering are gathered in one struct, so each ordering is one aggregate, not one per column.
    heeft_code = p.productcode.notnull()
    oplopend = ibis.struct(
        {"b": p.begindatum, "t": p.toewijzingnummer, "z": ~heeft_code, "c": p.productcode}
    )
    aflopend = ibis.struct(
        {"b": p.begindatum, "t": p.toewijzingnummer, "z": heeft_code, "c": p.productcode}
    )
    # the period that ends the trajectory: the latest end; on a tie a received stop wins over a missing one
    einde = ibis.struct(
        {
            "e": p.einde_samenvoegen,
            "s": p.einddatum.notnull(),
            "b": p.begindatum,
            "t": p.toewijzingnummer,
            "z": heeft_code,
            "c": p.productcode,
        }
    )
    eerste = ibis.struct(
        {
            "toewijzingnummer": p.toewijzingnummer,
            "productcode": p.productcode,
            "toewijzingsdatum": p.eerste_toewijzingsdatum,
            "uren": p.uren_per_week,
        }
    ).argmin(oplopend)
    laatste = ibis.struct(
        {"toewijzingnummer": p.toewijzingnummer, "productcode": p.productcode, "uren": p.uren_per_week}
    ).argmax(aflopend)
    slot = ibis.struct(
        {
            "einddatum": p.einddatum,
            "reden": p.reden_beeindiging,
            "lopend": p.lopend,
            "einde_samenvoegen": p.einde_samenvoegen,
        }
    ).argmax(einde)

    # the periods are materialised (traject_perioden is shared), so one grouping reads them once
    t = p.group_by(traject).aggregate(
        # the chain is part of traject_id, so it is one value per group: any row's (a maximum over the first
        # period's value cost a CASE and a string comparison per row and column, 0.9x the step without)
        **{k: p[k].arbitrary() for k in keten},
        begindatum=p.begindatum.min(),
        aantal_perioden=p.begindatum.count(),
        aantal_toewijzingen=p.toewijzingnummer.nunique(),
        aantal_productcodes=p.productcode.nunique(),
        aantal_onderbrekingen=(p.overbrugd & p.tijdelijk).cast("int64").sum(),
        _eerste=eerste,
        _laatste=laatste,
        _slot=slot,
    )
    t = t.mutate(
        eerste_toewijzingnummer=t._eerste.toewijzingnummer,
        eerste_productcode=t._eerste.productcode,
        eerste_toewijzingsdatum=t._eerste.toewijzingsdatum,
        uren_per_week_begin=t._eerste.uren,
        laatste_toewijzingnummer=t._laatste.toewijzingnummer,
        laatste_productcode=t._laatste.productcode,
        uren_per_week_eind=t._laatste.uren,
        _einddatum=t._slot.einddatum,
        _reden=t._slot.reden,
        _lopend=t._slot.lopend,
        _einde_samenvoegen=t._slot.einde_samenvoegen,
    ).drop("_eerste", "_laatste", "_slot")
    later = ibis._.begindatum.lead().over(group_by=keten, order_by="begindatum")
    t = t.mutate(_later=later)
    tijdelijk = t._reden.fill_null("") == REDEN_TIJDELIJK
    status = ibis.cases(
        (t._einddatum.notnull() & tijdelijk, ibis.literal(ONDERBROKEN)),
        (t._einddatum.notnull(), ibis.literal(BEEINDIGD)),
        (t._lopend & t._later.isnull(), ibis.literal(LOPEND)),
        else_=ibis.literal(EINDE_ONBEKEND),
    )
    t = t.mutate(status=status)
    einddatum = ibis.cases(
        (t.status == LOPEND, ibis.null("date")),
        (t.status == EINDE_ONBEKEND, t._einde_samenvoegen),
        else_=t._einddatum,
    )
    t = t.mutate(einddatum=einddatum, _vorm=vorm_expr(t.wet, t.productcategorie))
    return t.select(
        *keten,
        "traject_id",
        "begindatum",
        "einddatum",
        "status",
        lopend=t.status == LOPEND,
        reden_beeindiging=ibis.cases((t.status == EINDE_ONBEKEND, ibis.null("string")), else_=t._reden),
        duur_dagen=ibis.cases(
            (t.status.isin([BEEINDIGD, ONDERBROKEN]), t.einddatum.delta(t.begindatum, unit="day") + 1),
            else_=ibis.null("int64"),
        ),
        aantal_perioden=t.aantal_perioden,
        aantal_toewijzingen=t.aantal_toewijzingen,
        aantal_productcodes=t.aantal_productcodes,
        aantal_onderbrekingen=t.aantal_onderbrekingen,
        eerste_toewijzingnummer=t.eerste_toewijzingnummer,
        laatste_toewijzingnummer=t.laatste_toewijzingnummer,
        eerste_productcode=t.eerste_productcode,
        laatste_productcode=t.laatste_productcode,
        eerste_toewijzingsdatum=t.eerste_toewijzingsdatum,
        wachtdagen=t.begindatum.delta(t.eerste_toewijzingsdatum, unit="day"),
        vorm=t._vorm,
        intensiteit=intensiteit_expr(t._vorm),
        verblijf=t._vorm == VERBLIJF,
        uren_per_week_begin=t.uren_per_week_begin,
        uren_per_week_eind=t.uren_per_week_eind,
    )


def niet_gestart(con: Any) -> ir.Table:
    """Current, not deleted allocations without any delivery period: not trajectories, but the clients still
    (or forever) waiting. Columns: the chain, ``toewijzingnummer, productcode, ingangsdatum, einddatum,
    eerste_toewijzingsdatum, vorm``."""
    lev = leveringen(con).filter(~ibis._.gestart).select(*TOEWIJZING_SLEUTEL)
    tp = toewijzingen(con)
    t = tp.join(lev, list(TOEWIJZING_SLEUTEL))
    return t.select(
        *KETEN,
        "toewijzingnummer",
        "productcode",
        "ingangsdatum",
        "einddatum",
        "eerste_toewijzingsdatum",
        vorm=vorm_expr(t.wet, t.productcategorie),
    )
