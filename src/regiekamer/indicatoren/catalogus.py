"""The indicator catalogue: every figure with its id, Dutch name, definition in words and in code, unit, the
direction that is better, its source fields, caveats and the breakdowns it supports.

An indicator's ``bereken`` gets the sources (:class:`~regiekamer.indicatoren.bronnen.Bronnen`), one period and the
breakdown columns, and returns an unexecuted Ibis table: the breakdown columns plus ``waarde`` and, where the figure
is a share or an average, its ``teller`` and ``noemer`` (so figures can be re-aggregated and small numbers
suppressed). The docs page docs/indicatoren.md is generated from this file (``regiekamer indicators --docs``).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.paden import HERAANMELDING_6M, HERAANMELDING_12M
from regiekamer.indicatoren.bronnen import UITSPLITSINGEN, Bronnen
from regiekamer.indicatoren.periode import Periode
from regiekamer.statistiek.km import kaplan_meier, km_kwantielen, kwantiel_kolom

Eenheid = Literal["aantal", "dagen", "werkdagen", "procent", "eurocent", "ratio"]
Richting = Literal["hoger", "lager", "neutraal"]
Bereken = Callable[[Bronnen, Periode, list[str]], ir.Table]
Voorbereiden = Callable[[Bronnen, Sequence[Periode]], None]

ALLE = tuple(UITSPLITSINGEN)
TERMIJN = ("periode", "wet", "gemeente", "regio", "aanbieder")
"""Deadlines concern messages, not clients or products: only these breakdowns."""

VOLGENS_PLAN = {"jw": ("31",), "wmo": ("19",)}
"""Reden beëindiging 'volgens plan': JZ588 31, WMO588 19 (domain.md: in iWmo 31 means verhuizing)."""
VOORTIJDIG = {"jw": ("32", "33", "34"), "wmo": ("21", "22", "23")}
"""Ended prematurely by client, provider or in agreement: JZ588 32-34, WMO588 21-23."""
OVERSTAP = "38"  # JZ588/WMO588 38 overstap naar andere aanbieder
ANDER_DOMEIN = "39"  # JZ588/WMO588 39 uitstroom naar ander domein (Wmo, Wlz, Zvw)


@dataclass(frozen=True)
class Indicator:
    id: str
    naam: str
    definitie: str
    eenheid: Eenheid
    beter: Richting
    bron: tuple[str, ...]
    bereken: Bereken
    kanttekeningen: tuple[str, ...] = ()
    uitsplitsingen: tuple[str, ...] = ALLE
    extra_kolommen: tuple[str, ...] = field(default=())
    """Columns always in the output besides the breakdowns (e.g. ``reden_beeindiging``)."""
    sjabloon: bool = True
    """Whether ``bereken`` may serve as a SQL template for many periods (``service._sjabloon``, which checks it
    too); False for a figure that computes with the period in Python or materialises a table per date."""
    voorbereiden: Voorbereiden | None = None
    """Called once with all periods asked for, before the figure is computed per period: what it materialises
    per date can then be built for every period at once (who waits on each month's last day)."""

    @property
    def code(self) -> str:
        """The definition in code: the source of ``bereken``."""
        return inspect.getsource(self.bereken)


# --- building blocks --------------------------------------------------------------------------------------


def _groep(t: ir.Table, by: Sequence[str], **aggregaties: ir.Value) -> ir.Table:
    return t.group_by(list(by)).aggregate(**aggregaties) if by else t.aggregate(**aggregaties)


def _per_sleutel(t: ir.Table, by: Sequence[str], sleutel: Sequence[str], **sommen: ir.Value) -> ir.Table:
    """Per group of ``by`` the number of distinct ``sleutel`` values (``_n``; a key with a null part does not
    count, as in COUNT(DISTINCT)) and the ``sommen``, in two steps: first one row per group × key, then per group.
    The same figures as ``nunique()`` on the key, but two plain hash aggregations instead of a set per group:
    the catalogue's CPU time on a national year fell by a sixth (docs/benchmarks.md, issue 4)."""
    stap = list(dict.fromkeys([*by, *sleutel]))
    r = t.group_by(stap).aggregate(**sommen) if sommen else t.select(*stap).distinct()
    telt = ibis.literal(True)
    for k in sleutel:
        telt = telt & r[k].notnull()
    # fill_null: with no rows at all (no ``by``) COUNT(DISTINCT) says 0, where a SUM says null
    return _groep(r, by, _n=telt.cast("int64").sum().fill_null(0), **{n: r[n].sum() for n in sommen})


def _aantal_clienten(t: ir.Table, by: list[str]) -> ir.Table:
    r = _per_sleutel(t, by, ["client"])
    return r.select(*by, waarde=r._n.cast("float64"), teller=r._n.cast("int64"), noemer=ibis.null("int64"))


def _aantal(t: ir.Table, by: list[str]) -> ir.Table:
    r = _groep(t, by, _n=t.count())
    return r.select(*by, waarde=r._n.cast("float64"), teller=r._n.cast("int64"), noemer=ibis.null("int64"))


def _aandeel(t: ir.Table, by: list[str], ja: ir.BooleanValue) -> ir.Table:
    """Share in percent of the rows of ``t`` for which ``ja`` holds; null when there are none."""
    t = t.mutate(_ja=ja.cast("int64"))
    r = _groep(t, by, _teller=t._ja.sum(), _noemer=t.count())
    return r.select(
        *by,
        waarde=ibis.ifelse(
            r._noemer > 0, 100.0 * r._teller.cast("float64") / r._noemer.cast("float64"), None
        ),
        teller=r._teller.cast("int64"),
        noemer=r._noemer.cast("int64"),
    )


def _verhouding(t: ir.Table, by: list[str], teller: ir.NumericValue, noemer: ir.NumericValue) -> ir.Table:
    """Σ teller / Σ noemer per group (a ratio of sums, so it re-aggregates); null when Σ noemer is 0."""
    t = t.mutate(_t=teller.cast("int64"), _n=noemer.cast("int64"))
    r = _groep(t, by, _teller=t._t.sum(), _noemer=t._n.sum())
    return r.select(
        *by,
        waarde=ibis.ifelse(r._noemer > 0, r._teller.cast("float64") / r._noemer.cast("float64"), None),
        teller=r._teller.cast("int64"),
        noemer=r._noemer.cast("int64"),
    )


def _kwantiel(t: ir.Table, by: list[str], kolom: str, q: float) -> ir.Table:
    """The q-quantile (linear interpolation, as DuckDB quantile_cont and Spark percentile) of ``kolom``."""
    r = _groep(t, by, _w=t[kolom].quantile(q), _n=t.count())
    return r.select(*by, waarde=r._w.cast("float64"), teller=ibis.null("int64"), noemer=r._n.cast("int64"))


def _km(t: ir.Table, by: list[str], q: float) -> ir.Table:
    """Kaplan–Meier quantile of ``duur`` with ``beeindigd`` as event (running = censored)."""
    curve = kaplan_meier(t, "duur", "beeindigd", by=list(by))
    k = km_kwantielen(curve, [q], by=list(by))
    return k.select(
        *by, waarde=k[kwantiel_kolom(q)].cast("float64"), teller=ibis.null("int64"), noemer=k.n.cast("int64")
    )


def _overlapt(t: ir.Table, p: Periode) -> ir.BooleanValue:
    """A trajectory or period that was running on some day of ``p`` (running ones have no einddatum)."""
    return (t.begindatum <= p.tot) & (t.einddatum.isnull() | (t.einddatum >= p.van))


def _in(kolom: ir.DateValue, p: Periode) -> ir.BooleanValue:
    return (kolom >= p.van) & (kolom <= p.tot)


def _beeindigd_in(t: ir.Table, p: Periode) -> ir.Table:
    return t.filter(~t.lopend & t.einddatum.notnull() & _in(t.einddatum, p))


# --- clients and trajectories -----------------------------------------------------------------------------


def clienten_in_zorg(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten
    return _aantal_clienten(t.filter(_overlapt(t, p)), by)


def clienten_op_peildatum(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten
    op = (t.begindatum <= p.tot) & (t.einddatum.isnull() | (t.einddatum >= p.tot))
    return _aantal_clienten(t.filter(op), by)


def nieuwe_clienten(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten
    eerste = t.filter(t.eerste_van_client)
    return _aantal_clienten(eerste.filter(_in(eerste.begindatum, p)), by)


def trajecten_gestart(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten
    return _aantal(t.filter(_in(t.begindatum, p)), by)


def trajecten_beeindigd(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _aantal(_beeindigd_in(b.trajecten, p), by)


def trajecten_lopend(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten
    op = (t.begindatum <= p.tot) & (t.einddatum.isnull() | (t.einddatum > p.tot))
    return _aantal(t.filter(op), by)


def _cohort(b: Bronnen, p: Periode) -> ir.Table:
    """Trajectories started in ``p``, with their duration until the end or, running, until the end of the data."""
    t = b.trajecten.filter(_in(b.trajecten.begindatum, p))
    beeindigd = ~t.lopend & t.einddatum.notnull()
    eind = ibis.ifelse(beeindigd, t.einddatum, ibis.literal(b.einde_gegevens))
    return t.filter(beeindigd | t.lopend).mutate(
        duur=(eind.delta(t.begindatum, unit="day") + 1).cast("int64"), beeindigd=beeindigd
    )


def duur_mediaan(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _km(_cohort(b, p), by, 0.5)


def duur_p25(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _km(_cohort(b, p), by, 0.25)


def duur_p75(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _km(_cohort(b, p), by, 0.75)


def _gestart_met_wacht(b: Bronnen, p: Periode) -> ir.Table:
    t = b.trajecten
    return t.filter(_in(t.begindatum, p) & t.wachtdagen.notnull())


def wachttijd_mediaan(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _kwantiel(_gestart_met_wacht(b, p), by, "wachtdagen", 0.5)


def wachttijd_p90(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _kwantiel(_gestart_met_wacht(b, p), by, "wachtdagen", 0.9)


def _wachtend_op_einden(b: Bronnen, perioden: Sequence[Periode]) -> None:
    """Who waits on the last day of each period, materialised at once (:meth:`Bronnen.wachtend_op_data`)."""
    b.wachtend_op_data(p.tot for p in perioden)


def _wachtend(b: Bronnen, p: Periode, weken: int) -> ir.Table:
    w = b.wachtend_op(p.tot)
    return w.filter(w.wachtdagen >= 7 * weken)


def wachtend_2_weken(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _aantal_clienten(_wachtend(b, p, 2), by)


def wachtend_6_weken(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _aantal_clienten(_wachtend(b, p, 6), by)


def wachtend_12_weken(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _aantal_clienten(_wachtend(b, p, 12), by)


def beeindigd_per_reden(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = _beeindigd_in(b.trajecten, p).mutate(reden_beeindiging=ibis._.reden_beeindiging.fill_null("onbekend"))
    return _aantal(t, [*by, "reden_beeindiging"])


def _plan_of_voortijdig(t: ir.Table) -> ir.Table:
    plan = ((t.wet == "jw") & t.reden_beeindiging.isin(VOLGENS_PLAN["jw"])) | (
        (t.wet == "wmo") & t.reden_beeindiging.isin(VOLGENS_PLAN["wmo"])
    )
    voortijdig = ((t.wet == "jw") & t.reden_beeindiging.isin(VOORTIJDIG["jw"])) | (
        (t.wet == "wmo") & t.reden_beeindiging.isin(VOORTIJDIG["wmo"])
    )
    return t.filter(plan | voortijdig).mutate(volgens_plan=plan)


def aandeel_volgens_plan(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = _plan_of_voortijdig(_beeindigd_in(b.trajecten, p))
    return _aandeel(t, by, t.volgens_plan)


def aandeel_overstap(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = _beeindigd_in(b.trajecten, p)
    return _aandeel(t, by, t.reden_beeindiging.fill_null("") == OVERSTAP)


def aandeel_ander_domein(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = _beeindigd_in(b.trajecten, p)
    return _aandeel(t, by, t.reden_beeindiging.fill_null("") == ANDER_DOMEIN)


def _heraanmelding(b: Bronnen, p: Periode, by: list[str], maanden: int) -> ir.Table:
    t = b.heraanmeldingen
    dagen = HERAANMELDING_6M if maanden == 6 else HERAANMELDING_12M
    volg = b.einde_gegevens - dt.timedelta(days=dagen)
    # only ends with the whole follow-up window inside the data: a later re-entry cannot be known yet
    t = t.filter(_in(t.einddatum, p) & (t.einddatum <= volg))
    kolom = t.heraanmelding_6m if maanden == 6 else t.heraanmelding_12m
    return _aandeel(t, by, kolom)


def heraanmelding_6_maanden(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _heraanmelding(b, p, by, 6)


def heraanmelding_12_maanden(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _heraanmelding(b, p, by, 12)


def aandeel_verblijf(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    t = b.trajecten.filter(_overlapt(b.trajecten, p))
    per_client = _groep(t, [*by, "client"], _verblijf=t.verblijf.cast("int64").max())
    return _aandeel(per_client, by, per_client._verblijf == 1)


def _overgangen(b: Bronnen, p: Periode) -> ir.Table:
    o = b.overgangen
    return o.filter(_in(o.datum, p))


def afschaling(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    o = _overgangen(b, p)
    return _aandeel(o, by, o.afschaling)


def opschaling(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    o = _overgangen(b, p)
    return _aandeel(o, by, o.opschaling)


# --- requests and deadlines -------------------------------------------------------------------------------


def _beslist(b: Bronnen, p: Periode) -> ir.Table:
    v = b.verzoeken
    return v.filter(v.antwoorddatum.notnull() & _in(v.antwoorddatum, p) & v.doorlooptijd_dagen.notnull())


def doorlooptijd_verzoek_mediaan(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _kwantiel(_beslist(b, p), by, "doorlooptijd_dagen", 0.5)


def doorlooptijd_verzoek_p90(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _kwantiel(_beslist(b, p), by, "doorlooptijd_dagen", 0.9)


def aandeel_verzoeken_afgewezen(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    v = _beslist(b, p).filter(ibis._.antwoord.isin(["toegekend", "afgewezen"]))
    return _aandeel(v, by, v.antwoord == "afgewezen")


def _termijn(b: Bronnen, p: Periode, by: list[str], *soort: str) -> ir.Table:
    """Share within the deadline of the items of ``soort`` that started in ``p`` and are decided: answered, or
    overdue without answer (``binnen_termijn`` false); items still open and not yet due are left out."""
    t = b.termijnen
    t = t.filter(t.soort_termijn.isin(soort) & _in(t.dagtekening_heen, p) & t.binnen_termijn.notnull())
    return _aandeel(t, by, t.binnen_termijn)


def termijn_ontvangst(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _termijn(b, p, by, "retour")


def termijn_besluit(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _termijn(b, p, by, "besluit_vot", "besluit_vow")


def termijn_declaratie(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _termijn(b, p, by, "declaratie_antwoord")


def termijn_start_stop(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    return _termijn(b, p, by, "startbericht", "stopbericht")


# --- cost -------------------------------------------------------------------------------------------------


def _betaald_in(b: Bronnen, p: Periode) -> ir.Table:
    d = b.declaraties
    return d.filter(_in(d.begindatum, p))


def kosten(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    d = _betaald_in(b, p)
    r = _groep(d, by, _w=d.betaald.sum())
    return r.select(*by, waarde=r._w.cast("float64"), teller=r._w.cast("int64"), noemer=ibis.null("int64"))


def kosten_per_client(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    d = _betaald_in(b, p)
    r = _per_sleutel(d, by, ["client"], _w=d.betaald.sum())
    return r.select(
        *by,
        waarde=ibis.ifelse(r._n > 0, r._w.cast("float64") / r._n.cast("float64"), None),
        teller=r._w.cast("int64"),
        noemer=r._n.cast("int64"),
    )


def kosten_per_traject(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    # a trajectory here is client × aanbieder × productcategorie (a line without one counts under its own key)
    d = _betaald_in(b, p).mutate(_categorie=ibis._.productcategorie.fill_null(""))
    r = _per_sleutel(d, by, ["client", "aanbieder", "_categorie"], _w=d.betaald.sum())
    return r.select(
        *by,
        waarde=ibis.ifelse(r._n > 0, r._w.cast("float64") / r._n.cast("float64"), None),
        teller=r._w.cast("int64"),
        noemer=r._n.cast("int64"),
    )


def uitputting_budget(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    u = b.uitputting.filter(_in(ibis._.einddatum, p) & ibis._.budget.notnull())
    return _verhouding(u, by, u.betaald, u.budget)


def uitputting_volume(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    u = b.uitputting.filter(_in(ibis._.einddatum, p) & ibis._.toegewezen_volume.notnull())
    return _verhouding(u, by, u.gedeclareerd_volume, u.toegewezen_volume)


def jaarprognose(b: Bronnen, p: Periode, by: list[str]) -> ir.Table:
    """Paid so far in the calendar year of ``p.tot`` plus the average of the last three complete months times the
    months left; months are those of the prestatie, not of the payment."""
    jaar_begin = p.tot.replace(month=1, day=1)
    maanden_gedaan = p.tot.month
    d = b.declaraties.filter((ibis._.begindatum >= jaar_begin) & (ibis._.begindatum <= p.tot))
    laatste3_van = _maand_terug(p.tot, 2)
    d = d.mutate(_recent=(d.begindatum >= laatste3_van).cast("int64") * d.betaald)
    r = _groep(d, by, _ytd=d.betaald.sum(), _recent=d._recent.sum())
    rest = 12 - maanden_gedaan
    drie = min(3, maanden_gedaan)
    return r.select(
        *by,
        waarde=(r._ytd + r._recent.cast("float64") / drie * rest).cast("float64"),
        teller=r._ytd.cast("int64"),
        noemer=ibis.null("int64"),
    )


def _maand_terug(datum: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months before ``datum``'s month."""
    m = datum.month - 1 - n
    return dt.date(datum.year + m // 12, m % 12 + 1, 1)


# --- the catalogue ----------------------------------------------------------------------------------------

_LINKS_GECENSUREERD = (
    "Zorg die vóór het eerste bericht in de opslag begon, is pas zichtbaar vanaf dat bericht (links gecensureerd): "
    "in de eerste maanden lijken trajecten korter en cliënten nieuwer dan ze zijn."
)
_STOP_ONTBREEKT = "Een stop die nooit is verstuurd (307 ontbreekt) laat een traject doorlopen; de opslag kan dat niet weten."
_DECLARATIE_VERTRAGING = (
    "Declaraties komen tot maanden na de prestatie binnen: recente maanden zijn onvolledig en stijgen nog."
)
_AFGEWEZEN = (
    "Betaald = gedeclareerd min de regels die de gemeente in een 325 afwees (debet − credit, eurocent)."
)

INDICATOREN: tuple[Indicator, ...] = (
    Indicator(
        "clienten_in_zorg",
        "Cliënten in zorg in de periode",
        "Aantal unieke cliënten met minstens één traject dat op een dag in de periode liep. Een cliënt met "
        "trajecten bij twee aanbieders telt bij elke aanbieder één keer en in het totaal één keer.",
        "aantal",
        "neutraal",
        ("305 Begindatum", "307 Einddatum", "301 ToegewezenProduct", "Client/Bsn (gepseudonimiseerd)"),
        clienten_in_zorg,
        (_LINKS_GECENSUREERD, _STOP_ONTBREEKT),
    ),
    Indicator(
        "clienten_op_peildatum",
        "Cliënten in zorg op de peildatum",
        "Aantal unieke cliënten met een traject dat op de laatste dag van de periode liep.",
        "aantal",
        "neutraal",
        ("305 Begindatum", "307 Einddatum"),
        clienten_op_peildatum,
        (_STOP_ONTBREEKT,),
    ),
    Indicator(
        "nieuwe_clienten",
        "Nieuwe cliënten",
        "Aantal cliënten van wie het eerste traject binnen de wet (over alle gegevens) in de periode begon.",
        "aantal",
        "neutraal",
        ("305 Begindatum", "Client/Bsn (gepseudonimiseerd)"),
        nieuwe_clienten,
        (_LINKS_GECENSUREERD,),
    ),
    Indicator(
        "trajecten_gestart",
        "Gestarte trajecten",
        "Aantal trajecten (aaneengesloten zorg van één cliënt bij één aanbieder in één productcategorie) met "
        "begindatum in de periode.",
        "aantal",
        "neutraal",
        ("305 Begindatum", "301 ProductCategorie"),
        trajecten_gestart,
    ),
    Indicator(
        "trajecten_beeindigd",
        "Beëindigde trajecten",
        "Aantal trajecten met einddatum in de periode; lopende trajecten tellen nooit als beëindigd.",
        "aantal",
        "neutraal",
        ("307 Einddatum", "307 RedenBeeindiging"),
        trajecten_beeindigd,
        (_STOP_ONTBREEKT,),
    ),
    Indicator(
        "trajecten_lopend",
        "Lopende trajecten op de peildatum",
        "Aantal trajecten dat op de laatste dag van de periode liep en daarna nog doorliep.",
        "aantal",
        "neutraal",
        ("305 Begindatum", "307 Einddatum"),
        trajecten_lopend,
        (_STOP_ONTBREEKT,),
    ),
    Indicator(
        "duur_mediaan",
        "Duur van trajecten, mediaan (Kaplan–Meier)",
        "Mediane duur in dagen (begin t/m einde) van de trajecten die in de periode begonnen, geschat met "
        "Kaplan–Meier: lopende trajecten tellen mee tot het laatste bericht in de opslag (gecensureerd). Leeg als "
        "de helft nog loopt.",
        "dagen",
        "neutraal",
        ("305 Begindatum", "307 Einddatum", "bericht Dagtekening (einde gegevens)"),
        duur_mediaan,
        ("Korte duur is niet vanzelf beter: een voortijdig beëindigd traject is ook kort.", _STOP_ONTBREEKT),
    ),
    Indicator(
        "duur_p25",
        "Duur van trajecten, eerste kwartiel (Kaplan–Meier)",
        "Als duur_mediaan, het 25e percentiel: de duur waarna een kwart van de trajecten is beëindigd.",
        "dagen",
        "neutraal",
        ("305 Begindatum", "307 Einddatum"),
        duur_p25,
    ),
    Indicator(
        "duur_p75",
        "Duur van trajecten, derde kwartiel (Kaplan–Meier)",
        "Als duur_mediaan, het 75e percentiel: de duur waarna driekwart van de trajecten is beëindigd.",
        "dagen",
        "neutraal",
        ("305 Begindatum", "307 Einddatum"),
        duur_p75,
    ),
    Indicator(
        "wachttijd_mediaan",
        "Wachttijd van toewijzing tot start, mediaan",
        "Mediaan van het aantal kalenderdagen tussen de eerste Toewijzingsdatum en de Begindatum van de trajecten "
        "die in de periode begonnen.",
        "dagen",
        "lager",
        ("301 Toewijzingsdatum", "305 Begindatum"),
        wachttijd_mediaan,
        (
            "Alleen gestarte trajecten: wie nog wacht telt hier niet mee; zie wachtend_*.",
            "Een start met terugwerkende kracht (Begindatum vóór Toewijzingsdatum) geeft 0 dagen.",
        ),
    ),
    Indicator(
        "wachttijd_p90",
        "Wachttijd van toewijzing tot start, 90e percentiel",
        "Als wachttijd_mediaan, het 90e percentiel: 9 op de 10 gestarte trajecten wachtten korter.",
        "dagen",
        "lager",
        ("301 Toewijzingsdatum", "305 Begindatum"),
        wachttijd_p90,
    ),
    Indicator(
        "wachtend_2_weken",
        "Cliënten die 2 weken of langer wachten",
        "Aantal cliënten met een geldige toewijzing die op de peildatum nog niet gestart is, al minstens 14 dagen, "
        "en zonder lopend traject bij dezelfde aanbieder in dezelfde productcategorie.",
        "aantal",
        "lager",
        ("301 Toewijzingsdatum", "301 Einddatum", "305 Begindatum"),
        wachtend_2_weken,
        ("Een start die later met terugwerkende kracht wordt gemeld, maakt het getal achteraf kleiner.",),
        sjabloon=False,  # Bronnen.wachtend_op materialises who waits per date, shared by the three
        voorbereiden=_wachtend_op_einden,
    ),
    Indicator(
        "wachtend_6_weken",
        "Cliënten die 6 weken of langer wachten",
        "Als wachtend_2_weken, met minstens 42 dagen sinds de toewijzing (de Treeknorm-achtige grens).",
        "aantal",
        "lager",
        ("301 Toewijzingsdatum", "305 Begindatum"),
        wachtend_6_weken,
        sjabloon=False,
        voorbereiden=_wachtend_op_einden,
    ),
    Indicator(
        "wachtend_12_weken",
        "Cliënten die 12 weken of langer wachten",
        "Als wachtend_2_weken, met minstens 84 dagen sinds de toewijzing.",
        "aantal",
        "lager",
        ("301 Toewijzingsdatum", "305 Begindatum"),
        wachtend_12_weken,
        sjabloon=False,
        voorbereiden=_wachtend_op_einden,
    ),
    Indicator(
        "beeindigd_per_reden",
        "Beëindigde trajecten per reden",
        "Aantal trajecten met einddatum in de periode per RedenBeeindiging van de laatste stop (JZ588 / WMO588; "
        "de codes verschillen per wet).",
        "aantal",
        "neutraal",
        ("307 RedenBeeindiging", "307 Einddatum"),
        beeindigd_per_reden,
        ("Zoek codes per wet op: 31 is in iJw 'volgens plan', in iWmo 'verhuizing'.",),
        extra_kolommen=("reden_beeindiging",),
    ),
    Indicator(
        "aandeel_volgens_plan",
        "Aandeel volgens plan beëindigd",
        "Van de trajecten die in de periode eindigden met een inhoudelijke reden: het percentage volgens plan. "
        "iJw: 31 / (31 + 32 + 33 + 34); iWmo: 19 / (19 + 21 + 22 + 23).",
        "procent",
        "hoger",
        ("307 RedenBeeindiging",),
        aandeel_volgens_plan,
        (
            "Andere redenen (overlijden, verhuizing, overstap, ander domein, gemeente) tellen niet mee.",
            "Verschil tussen aanbieders kan casemix zijn (leeftijd, zwaarte), geen kwaliteit: vergelijk eerlijk.",
        ),
    ),
    Indicator(
        "aandeel_overstap",
        "Aandeel beëindigd door overstap naar andere aanbieder",
        "Percentage van de in de periode beëindigde trajecten met reden 38 (overstap naar andere aanbieder).",
        "procent",
        "neutraal",
        ("307 RedenBeeindiging",),
        aandeel_overstap,
    ),
    Indicator(
        "aandeel_ander_domein",
        "Aandeel uitstroom naar ander domein",
        "Percentage van de in de periode beëindigde trajecten met reden 39 (uitstroom naar Wmo, Wlz, Zvw).",
        "procent",
        "neutraal",
        ("307 RedenBeeindiging",),
        aandeel_ander_domein,
    ),
    Indicator(
        "heraanmelding_6_maanden",
        "Heraanmelding binnen 6 maanden",
        "Van de cliënten bij wie in de periode alle zorg binnen de wet eindigde: het percentage dat binnen 6 "
        "maanden opnieuw startte. Alleen einden waarvan de volle 6 maanden in de gegevens vallen tellen mee.",
        "procent",
        "lager",
        ("305 Begindatum", "307 Einddatum"),
        heraanmelding_6_maanden,
        ("Een recente periode heeft nog geen uitkomst: die is leeg, niet 0.",),
    ),
    Indicator(
        "heraanmelding_12_maanden",
        "Heraanmelding binnen 12 maanden",
        "Als heraanmelding_6_maanden, binnen 12 maanden.",
        "procent",
        "lager",
        ("305 Begindatum", "307 Einddatum"),
        heraanmelding_12_maanden,
    ),
    Indicator(
        "aandeel_verblijf",
        "Aandeel cliënten met verblijf",
        "Percentage van de cliënten in zorg in de periode met minstens één traject met verblijf.",
        "procent",
        "lager",
        ("301 ProductCategorie", "301 ProductCode"),
        aandeel_verblijf,
        ("Verblijf afgeleid uit de productcategorie; zie docs/paden.md voor de indeling.",),
    ),
    Indicator(
        "afschaling",
        "Afschaling",
        "Van de overgangen in de periode (een nieuw traject na of naast een eerder traject van dezelfde cliënt): "
        "het percentage naar een lichtere vorm of lager volume (intensiteitsvolgorde in docs/paden.md).",
        "procent",
        "neutraal",
        ("301 ProductCategorie", "301 Omvang", "305 Begindatum"),
        afschaling,
    ),
    Indicator(
        "opschaling",
        "Opschaling",
        "Als afschaling: het percentage overgangen naar een zwaardere vorm of hoger volume.",
        "procent",
        "neutraal",
        ("301 ProductCategorie", "301 Omvang", "305 Begindatum"),
        opschaling,
    ),
    Indicator(
        "doorlooptijd_verzoek_mediaan",
        "Doorlooptijd verzoek tot besluit, mediaan",
        "Mediaan van het aantal kalenderdagen tussen een verzoek om toewijzing of wijziging (315/317) en het "
        "besluit van de gemeente (301 of 319), voor besluiten in de periode.",
        "dagen",
        "lager",
        ("315/317 Dagtekening", "319 Dagtekening", "301 Toewijzingsdatum", "ReferentieAanbieder"),
        doorlooptijd_verzoek_mediaan,
        ("Zie termijn_besluit voor de wettelijke termijn in werkdagen.",),
    ),
    Indicator(
        "doorlooptijd_verzoek_p90",
        "Doorlooptijd verzoek tot besluit, 90e percentiel",
        "Als doorlooptijd_verzoek_mediaan, het 90e percentiel.",
        "dagen",
        "lager",
        ("315/317 Dagtekening", "319 Dagtekening"),
        doorlooptijd_verzoek_p90,
    ),
    Indicator(
        "aandeel_verzoeken_afgewezen",
        "Aandeel afgewezen verzoeken",
        "Van de verzoeken (315/317) met een besluit in de periode: het percentage dat de gemeente afwees (319).",
        "procent",
        "neutraal",
        ("319 VerzoekAntwoord", "319 RedenAfwijzing"),
        aandeel_verzoeken_afgewezen,
    ),
    Indicator(
        "termijn_ontvangst",
        "Retourberichten binnen de termijn",
        "Percentage van de heenberichten in de periode waarvan het retourbericht binnen 3 werkdagen werd "
        "verstuurd (feestdagen tellen niet als werkdag; regels in docs/methoden-statistiek.md).",
        "procent",
        "hoger",
        ("bericht Dagtekening heen en retour",),
        termijn_ontvangst,
        uitsplitsingen=TERMIJN,
    ),
    Indicator(
        "termijn_besluit",
        "Besluiten op verzoeken binnen de termijn",
        "Percentage van de verzoeken om toewijzing of wijziging in de periode waarop de gemeente binnen 5 "
        "werkdagen antwoordde (301 of 319).",
        "procent",
        "hoger",
        ("315/317 Dagtekening", "301/319 Dagtekening"),
        termijn_besluit,
        uitsplitsingen=TERMIJN,
    ),
    Indicator(
        "termijn_declaratie",
        "Declaratie-antwoorden binnen de termijn",
        "Percentage van de declaraties (323) in de periode die binnen 10 werkdagen met een 325 werden beantwoord.",
        "procent",
        "hoger",
        ("323 Dagtekening", "325 Dagtekening"),
        termijn_declaratie,
        uitsplitsingen=TERMIJN,
    ),
    Indicator(
        "termijn_start_stop",
        "Start- en stopberichten binnen de termijn",
        "Percentage van de starts en stops van zorg in de periode die de aanbieder binnen 5 werkdagen na de "
        "begin- of einddatum meldde (305/307; OP271, OP272).",
        "procent",
        "hoger",
        ("305 Begindatum", "307 Einddatum", "305/307 Dagtekening"),
        termijn_start_stop,
        ("Een start of stop die nooit is gemeld, is onzichtbaar en telt dus niet als te laat.",),
        uitsplitsingen=TERMIJN,
    ),
    Indicator(
        "kosten",
        "Betaald bedrag",
        "Som van de betaalde bedragen (eurocent) van prestaties die in de periode begonnen: gedeclareerd min "
        "afgewezen, debet min credit.",
        "eurocent",
        "neutraal",
        ("323 Prestatie/Bedrag", "323 DebetCredit", "325 afgewezen prestaties"),
        kosten,
        (_AFGEWEZEN, _DECLARATIE_VERTRAGING),
    ),
    Indicator(
        "kosten_per_client",
        "Betaald per cliënt",
        "Betaald bedrag (eurocent) gedeeld door het aantal unieke cliënten met een betaalde prestatie in de periode.",
        "eurocent",
        "neutraal",
        ("323 Prestatie/Bedrag", "Client/Bsn (gepseudonimiseerd)"),
        kosten_per_client,
        (_AFGEWEZEN, _DECLARATIE_VERTRAGING),
    ),
    Indicator(
        "kosten_per_traject",
        "Betaald per traject",
        "Betaald bedrag (eurocent) gedeeld door het aantal combinaties cliënt × aanbieder × productcategorie met "
        "een betaalde prestatie in de periode.",
        "eurocent",
        "neutraal",
        ("323 Prestatie/Bedrag", "301 ProductCategorie"),
        kosten_per_traject,
        (_AFGEWEZEN, _DECLARATIE_VERTRAGING),
    ),
    Indicator(
        "uitputting_budget",
        "Uitputting van budgetten",
        "Voor toewijzingen met een Budget die in de periode eindigden: betaald gedeeld door toegewezen budget "
        "(1,0 = volledig benut).",
        "ratio",
        "neutraal",
        ("301 Budget", "301 Einddatum", "323 Prestatie/Bedrag"),
        uitputting_budget,
        (_DECLARATIE_VERTRAGING,),
    ),
    Indicator(
        "uitputting_volume",
        "Uitputting van volumes",
        "Voor toewijzingen met een Omvang die in de periode eindigden: gedeclareerd (geaccepteerd) volume gedeeld "
        "door toegewezen volume over de looptijd (per dag, week, maand of totaal: WMO757).",
        "ratio",
        "neutraal",
        ("301 Omvang (Volume, Eenheid, Frequentie)", "301 Ingangsdatum/Einddatum", "323 Prestatie/Volume"),
        uitputting_volume,
        (
            "Per week en per maand omgerekend naar de looptijd (7 dagen; 365,25/12 dagen).",
            _DECLARATIE_VERTRAGING,
        ),
    ),
    Indicator(
        "jaarprognose",
        "Prognose uitgaven kalenderjaar",
        "Betaald in het kalenderjaar tot en met het einde van de periode, plus het gemiddelde van de laatste drie "
        "maanden maal het aantal resterende maanden.",
        "eurocent",
        "neutraal",
        ("323 Prestatie/Bedrag", "325 afgewezen prestaties"),
        jaarprognose,
        (_DECLARATIE_VERTRAGING, "Laat de periode op een maandeinde eindigen."),
        sjabloon=False,  # computes with the month of the period's end in Python
    ),
)

PER_ID: dict[str, Indicator] = {i.id: i for i in INDICATOREN}
