"""Assemble the public report: every number from the indicator catalogue (through :class:`Cijfers`), every word
from the parties, and disclosure control over all of it (docs/verantwoording.md).

Building is two-phase. First every number the report will publish is registered as a :class:`Cel` under a key
that names what it is (indicator, period, selection and breakdown value), with the groups that tie parts to their
total. The same figure asked twice (a key figure and the total of a breakdown, or an ambition measured on the same
population) gets the same key, so it is one cell. Then the small-number rule and secondary suppression run over all
cells of the report at once (:func:`regiekamer.openbaarheid.onderdruk`), and only then are the tables formatted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from regiekamer.cijfers import Cijfers, Selectie
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.codelijsten import lijst_voor, omschrijving
from regiekamer.indicatoren.catalogus import PER_ID, VOLGENS_PLAN, VOORTIJDIG
from regiekamer.indicatoren.periode import Granulariteit, Periode, parse_periode
from regiekamer.openbaarheid import GEHEIM, STANDAARD, Groep, Regel, onderdruk
from regiekamer.sturing.ambities import Ambitie
from regiekamer.sturing.contracten import Contract
from regiekamer.sturing.prioriteiten import Prioriteiten
from regiekamer.sturing.voortgang import doel_voortgang, status_van
from regiekamer.verantwoording.model import (
    ONDERDELEN,
    Aandeel,
    Cel,
    Onderwerp,
    Rapport,
    Sectie,
    Tabel,
    Verhaal,
)

KERNCIJFERS = ("clienten_in_zorg", "nieuwe_clienten", "trajecten_gestart", "trajecten_beeindigd", "trajecten_lopend")
UITKOMSTEN = ("aandeel_volgens_plan", "heraanmelding_6_maanden", "heraanmelding_12_maanden", "afschaling",
              "opschaling", "aandeel_verblijf")
WACHTBANDEN = (("2-6 weken", "wachtend_2_weken", "wachtend_6_weken"),
               ("6-12 weken", "wachtend_6_weken", "wachtend_12_weken"),
               ("12 weken of langer", "wachtend_12_weken", None))
FAMILIE = {
    "trajecten_gestart": ("trajecten_gestart|",),
    "trajecten_beeindigd": ("trajecten_beeindigd|", "beeindigd_per_reden|"),
    "aandeel_volgens_plan": ("beeindigd_per_reden|",),
    "wachtend_2_weken": ("wachtend_", "wachtband|"),
    "wachtend_6_weken": ("wachtend_", "wachtband|"),
    "wachtend_12_weken": ("wachtend_", "wachtband|"),
    "kosten": ("kosten|",),
}
"""Report cells a figure on a sub-population (an ambition on one law, one product) may add up with: when one of
them is suppressed, that figure is suppressed too, so it cannot be subtracted from the report's breakdowns."""
BRON_SEED = ("P.P.J. Doodkorte, 'Laat kwaliteit het verschil maken' (seed 002_f1a01a270ff441c0.txt): een openbare "
             "verantwoordingsdag waarop gemeenten en aanbieders vertellen wat ze waarom hebben gedaan, wat het heeft "
             "opgeleverd, wat het heeft gekost en wat ze hebben geleerd.")


def sleutel(indicator: str, periode: str, selectie: Selectie, **uitsplitsing: Any) -> str:
    """The key of one figure: what it is, so the same figure asked twice is one cell."""
    sel = ";".join(f"{k}={v}" for k, v in sorted(selectie.actief().items()))
    uit = ";".join(f"{k}={'' if _leeg(v) else v}" for k, v in sorted(uitsplitsing.items()))
    return f"{indicator}|{periode}|{sel}|{uit}"


def _leeg(v: Any) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA


def _getal(v: float, decimalen: int = 0) -> str:
    s = f"{float(v):,.{decimalen}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


# --- references inside table rows, resolved after suppression -----------------------------------------------


@dataclass(frozen=True)
class _Aantal:
    sleutel: str


@dataclass(frozen=True)
class _Bedrag:
    sleutel: str


@dataclass(frozen=True)
class _Pct:
    sleutel: str


@dataclass(frozen=True)
class _Kwantiel:
    waarde: float | None
    n: int | None
    eenheid: str


@dataclass(frozen=True)
class _Benut:
    bedrag: str
    budget: float | None


@dataclass(frozen=True)
class _Status:
    tekst: str
    afhankelijk: Any


_Ref = _Aantal | _Bedrag | _Pct | _Kwantiel | _Benut | _Status


@dataclass
class _TabelSpec:
    id: str
    titel: str
    kolommen: list[str]
    rijen: list[list[Any]]
    toelichting: str = ""
    kanttekeningen: Sequence[str] = ()
    grafiek: list[tuple[str, Any]] | None = None
    grafiek_soort: str = "staaf"
    grafiek_as: str = ""


class _Bouwer:
    def __init__(self, regel: Regel) -> None:
        self.regel = regel
        self.cellen: dict[str, Cel] = {}
        self.groepen: list[Groep] = []
        self.geldgroepen: list[Groep] = []
        self.aandelen: dict[str, Aandeel] = {}
        self.geheim: frozenset[str] = frozenset()
        self.deelpopulaties: list[tuple[str, tuple[str, ...]]] = []
        """(cell or share key, key prefixes): suppressed when any report cell with such a prefix is."""

    def aantal(self, k: str, ruw: Any) -> _Aantal:
        v = 0 if _leeg(ruw) else int(ruw)
        bestaand = self.cellen.get(k)
        if bestaand is not None and bestaand.ruw != v:
            raise AssertionError(f"cel {k} kreeg twee waarden: {bestaand.ruw} en {v}")
        self.cellen[k] = Cel(k, v, "aantal")
        return _Aantal(k)

    def bedrag(self, k: str, ruw: Any, clienten: Any) -> _Bedrag:
        v = 0 if _leeg(ruw) else int(ruw)
        n = 0 if _leeg(clienten) else int(clienten)
        self.cellen[k] = Cel(k, v, "bedrag", clienten=n)
        return _Bedrag(k)

    def groep(self, totaal: str, delen: Iterable[str], *, geld: bool = False) -> None:
        d = tuple(x for x in delen if x != totaal)
        (self.geldgroepen if geld else self.groepen).append(Groep(totaal, d))

    def aandeel(self, k: str, teller: Any, noemer: Any, teller_cellen: Sequence[str] = (),
                noemer_cellen: Sequence[str] = ()) -> _Pct:
        t = 0 if _leeg(teller) else int(teller)
        n = 0 if _leeg(noemer) else int(noemer)
        self.aandelen[k] = Aandeel(k, t, n, None, (*teller_cellen, *noemer_cellen), tuple(teller_cellen),
                                   tuple(noemer_cellen))
        return _Pct(k)

    def los_op(self) -> None:
        """Suppress (primary and secondary), round, and decide every share."""
        r = self.regel
        aantallen = {k: c.ruw for k, c in self.cellen.items() if c.soort == "aantal"}
        geheim = set(onderdruk(aantallen, self.groepen, r.drempel))
        bedragen = {k: c.ruw for k, c in self.cellen.items() if c.soort == "bedrag"}
        klein = [k for k, c in self.cellen.items() if c.soort == "bedrag" and 0 < (c.clienten or 0) < r.drempel]
        geheim |= onderdruk(bedragen, self.geldgroepen, None, klein)
        for k, prefixen in self.deelpopulaties:
            if k in self.cellen and any(g.startswith(prefixen) for g in geheim if g != k):
                geheim.add(k)
        self.geheim = frozenset(geheim)
        for k, c in self.cellen.items():
            if k in geheim:
                c.getoond = None
            elif c.soort == "aantal":
                c.getoond = float(r.afronden(int(c.ruw)))
            else:
                c.getoond = float(round(c.ruw / 100))  # whole euros
        for a in self.aandelen.values():
            a.getoond = self._aandeel(a)

    def _aandeel(self, a: Aandeel) -> float | None:
        d = self.regel.drempel
        if a.noemer < d or 0 < a.teller < d or 0 < a.noemer - a.teller < d:
            return None
        if any(k in self.geheim for k in a.gekoppeld):
            return None
        for k, prefixen in self.deelpopulaties:
            if k == a.sleutel and any(g.startswith(prefixen) for g in self.geheim):
                return None
        return float(round(100 * a.teller / a.noemer))

    # --- formatting -------------------------------------------------------------------------------------------

    def waarde(self, ref: Any) -> float | None:
        """The published number behind a reference (``None``: suppressed or empty)."""
        if isinstance(ref, _Aantal | _Bedrag):
            return self.cellen[ref.sleutel].getoond
        if isinstance(ref, _Pct):
            return self.aandelen[ref.sleutel].getoond
        if isinstance(ref, _Kwantiel):
            if ref.waarde is None or ref.n is None or ref.n < self.regel.drempel:
                return None
            return float(round(ref.waarde))
        if isinstance(ref, _Benut):
            b = self.cellen[ref.bedrag]
            if b.getoond is None or not ref.budget:
                return None
            return float(round(100 * b.ruw / ref.budget))
        return None

    def tekst(self, ref: Any) -> str:
        if not isinstance(ref, _Aantal | _Bedrag | _Pct | _Kwantiel | _Benut | _Status):
            return "–" if ref is None else str(ref)
        if isinstance(ref, _Status):
            return ref.tekst if self.waarde(ref.afhankelijk) is not None else GEHEIM
        w = self.waarde(ref)
        if isinstance(ref, _Kwantiel):
            if ref.waarde is None:
                return "–"
            if w is None:
                return GEHEIM
            if ref.eenheid == "eurocent":
                return f"€ {_getal(round(ref.waarde / 100))}"
            if ref.eenheid == "ratio":
                return f"{_getal(round(100 * ref.waarde))} %"
            return f"{_getal(w)} {'werkdagen' if ref.eenheid == 'werkdagen' else 'dagen'}"
        if isinstance(ref, _Benut):
            if not ref.budget:
                return "–"
            return GEHEIM if w is None else f"{_getal(w)} %"
        if isinstance(ref, _Pct) and self.aandelen[ref.sleutel].noemer == 0:
            return "–"
        if w is None:
            return GEHEIM
        if isinstance(ref, _Bedrag):
            return f"€ {_getal(w)}"
        if isinstance(ref, _Pct):
            return f"{_getal(w)} %"
        return _getal(w)

    def tabel(self, s: _TabelSpec) -> Tabel:
        grafiek = None
        weg: list[str] = []
        if s.grafiek is not None:
            grafiek = []
            for label, ref in s.grafiek:
                w = self.waarde(ref)
                if w is None:
                    weg.append(label)
                else:
                    grafiek.append((label, w))
        return Tabel(s.id, s.titel, s.kolommen, [[self.tekst(c) for c in r] for r in s.rijen], s.toelichting,
                     list(s.kanttekeningen), grafiek, "lijn" if s.grafiek_soort == "lijn" else "staaf",
                     s.grafiek_as, weg)


# --- names --------------------------------------------------------------------------------------------------


def naam_gemeente(code: Any) -> str:
    if _leeg(code):
        return "onbekend"
    i = gemeente_info(str(code))
    return f"{i.naam} ({code})" if i else str(code)


def naam_categorie(wet: Any, code: Any) -> str:
    if _leeg(code):
        return f"{str(wet).upper()} onbekend"
    naam = omschrijving(lijst_voor(str(wet), "productcategorie"), str(code)) if not _leeg(wet) else None
    return f"{str(wet).upper()} {code} {naam}" if naam else f"{str(wet).upper()} {code}"


def naam_reden(wet: Any, code: Any) -> str:
    if _leeg(code) or code == "onbekend":
        return f"{str(wet).upper()} onbekend"
    naam = omschrijving(lijst_voor(str(wet), "reden_beeindiging"), str(code))
    return f"{str(wet).upper()} {code} {naam}" if naam else f"{str(wet).upper()} {code}"


# --- periods ------------------------------------------------------------------------------------------------


def _gran(p: Periode) -> Granulariteit:
    if "-Q" in p.label:
        return "kwartaal"
    return "maand" if len(p.label) == 7 else "jaar"


def vorige(p: Periode) -> Periode:
    """The period of the same kind just before ``p``."""
    g = _gran(p)
    if g == "jaar":
        return parse_periode(str(p.van.year - 1))
    if g == "kwartaal":
        q = (p.van.month - 1) // 3
        return parse_periode(f"{p.van.year - 1}-Q4" if q == 0 else f"{p.van.year}-Q{q}")
    d = p.van - dt.timedelta(days=1)
    return parse_periode(f"{d.year}-{d.month:02d}")


def _deel(p: Periode) -> Granulariteit | None:
    return {"jaar": "kwartaal", "kwartaal": "maand"}.get(_gran(p))  # type: ignore[return-value]


def _pro_rata(c: Contract, p: Periode) -> float | None:
    if c.budgetplafond is None:
        return None
    van, tot = max(c.van, p.van), min(c.tot, p.tot)
    if tot < van:
        return None
    return c.budgetplafond * ((tot - van).days + 1) / ((c.tot - c.van).days + 1)


# --- the report ---------------------------------------------------------------------------------------------


def maak_rapport(
    cijfers: Cijfers,
    onderwerp: Onderwerp,
    periode: Periode,
    *,
    wet: str | None = None,
    regel: Regel = STANDAARD,
    ambities: Sequence[Ambitie] = (),
    prioriteiten: Prioriteiten | None = None,
    contracten: Sequence[Contract] = (),
    verhalen: Sequence[Verhaal] = (),
    voortgang: bool = True,
) -> Rapport:
    """The report of ``onderwerp`` over ``periode`` (docs/verantwoording.md): five sections and a colophon; every
    number passed through ``regel`` and secondary suppression over the whole report. ``voortgang`` False: the
    ambitions appear in their words only (an aanbieder's report names the ambitions its contracts serve, but
    their progress is the gemeente's figure, published in the gemeente's report)."""
    b = _Bouwer(regel)
    scope = onderwerp.scope()
    sel = onderwerp.selectie(wet)
    P = periode
    opties = cijfers.opties
    V = vorige(P)
    met_vorige = V.van >= opties.eerste_dag
    tweede = "aanbieder" if onderwerp.soort == "gemeente" else "gemeente"
    naam_tweede = (lambda a: str(a)) if tweede == "aanbieder" else naam_gemeente
    kolom_tweede = "Aanbieder (AGB)" if tweede == "aanbieder" else "Gemeente"

    def ind(p: Periode, ids: Sequence[str], by: Sequence[str] = (), per: Granulariteit | None = None) -> pd.DataFrame:
        return cijfers.indicatoren(scope, sel, p, ids, by=by, per=per)

    def een(df: pd.DataFrame, i: str) -> pd.Series | None:
        r = df[df["indicator"] == i]
        return None if r.empty else r.iloc[0]

    # ---- Wat hebben we gedaan ----
    specs_gedaan: list[_TabelSpec] = []
    kern_nu = ind(P, [*KERNCIJFERS, "wachtend_2_weken", "wachtend_6_weken", "wachtend_12_weken",
                      "wachttijd_mediaan", "wachttijd_p90", "kosten_per_client", *UITKOMSTEN])
    kern_vorig = ind(V, [*KERNCIJFERS, "wachtend_2_weken"]) if met_vorige else pd.DataFrame(columns=["indicator"])
    rijen: list[list[Any]] = []
    for i in (*KERNCIJFERS, "wachtend_2_weken"):
        nu, vorig_r = een(kern_nu, i), een(kern_vorig, i)
        ref_nu = b.aantal(sleutel(i, P.label, sel), nu["teller"] if nu is not None else 0)
        ref_vg = (b.aantal(sleutel(i, V.label, sel), vorig_r["teller"] if vorig_r is not None else 0)
                  if met_vorige else None)
        rijen.append([PER_ID[i].naam, ref_vg, ref_nu])
    kanttekeningen = [k for i in KERNCIJFERS for k in PER_ID[i].kanttekeningen]
    specs_gedaan.append(_TabelSpec(
        "kerncijfers", "Kerncijfers", ["Cijfer", V.label, P.label], rijen,
        "Aantallen cliënten en trajecten in de periode, naast de periode ervoor.", list(dict.fromkeys(kanttekeningen))))

    k_gestart = sleutel("trajecten_gestart", P.label, sel)
    deel = _deel(P)
    if deel is not None:
        per = ind(P, ["trajecten_gestart"], per=deel)
        delen = []
        rijen = []
        for d in P.deel(deel):
            r = per[per["periode"] == d.label]
            ref = b.aantal(sleutel("trajecten_gestart", d.label, sel), r["teller"].iloc[0] if not r.empty else 0)
            delen.append(ref.sleutel)
            rijen.append([d.label, ref])
        b.groep(k_gestart, delen)
        rijen.append(["Totaal", _Aantal(k_gestart)])
        specs_gedaan.append(_TabelSpec(
            "gestart-trend", f"Gestarte trajecten per {deel}", ["Periode", "Gestarte trajecten"], rijen,
            "Het verloop binnen de periode.", grafiek=[(str(r[0]), r[1]) for r in rijen[:-1]], grafiek_soort="lijn",
            grafiek_as="Gestarte trajecten"))

    def uitsplitsing(id: str, titel: str, by: list[str], label: Any, kolom: str, totaal: str, indicator: str,
                     toelichting: str) -> _TabelSpec:
        # rows in code order, never by size: a suppressed row between shown ones would tell its size
        df = ind(P, [indicator], by=by).sort_values(by, kind="stable", na_position="last")
        rijen, delen = [], []
        for _, r in df.iterrows():
            waarden = {k: (None if _leeg(r[k]) else r[k]) for k in by}
            ref = b.aantal(sleutel(indicator, P.label, sel, **waarden), r["teller"])
            delen.append(ref.sleutel)
            rijen.append([label(*[waarden[k] for k in by]), ref])
        b.groep(totaal, delen)
        grafiek = [(str(x[0]), x[1]) for x in rijen]
        rijen.append(["Totaal", _Aantal(totaal)])
        return _TabelSpec(id, titel, [kolom, "Aantal"], rijen, toelichting, PER_ID[indicator].kanttekeningen,
                          grafiek=grafiek, grafiek_as="Aantal")

    specs_gedaan.append(uitsplitsing(
        "gestart-vorm", "Gestarte trajecten per vorm van zorg", ["wet", "productcategorie"], naam_categorie,
        "Vorm van zorg (productcategorie)", k_gestart, "trajecten_gestart",
        "Trajecten die in de periode begonnen, per productcategorie van de toewijzing."))
    specs_gedaan.append(uitsplitsing(
        f"gestart-{tweede}", f"Gestarte trajecten per {tweede}", [tweede], naam_tweede, kolom_tweede, k_gestart,
        "trajecten_gestart", f"Dezelfde trajecten, per {tweede}."))

    # waiting: bands on the last day (clients by their longest wait), with the median and P90
    k_w2 = sleutel("wachtend_2_weken", P.label, sel)
    rijen, delen = [], []
    for label, van, tot in WACHTBANDEN:
        rv, rt = een(kern_nu, van), (een(kern_nu, tot) if tot else None)
        n = (int(rv["teller"]) if rv is not None else 0) - (int(rt["teller"]) if rt is not None else 0)
        k = sleutel(van, P.label, sel) if tot is None else sleutel("wachtband", P.label, sel, band=label)
        ref = b.aantal(k, n)
        delen.append(ref.sleutel)
        rijen.append([label, ref])
    b.groep(k_w2, delen)
    grafiek = [(str(x[0]), x[1]) for x in rijen]
    rijen.append(["Totaal (2 weken of langer)", _Aantal(k_w2)])
    for i in ("wachttijd_mediaan", "wachttijd_p90"):
        rq: Any = een(kern_nu, i)
        wq = None if rq is None or _leeg(rq["waarde"]) else float(rq["waarde"])
        nq = None if rq is None or _leeg(rq["noemer"]) else int(rq["noemer"])
        rijen.append([PER_ID[i].naam, _Kwantiel(wq, nq, "dagen")])
    specs_gedaan.append(_TabelSpec(
        "wachten", f"Wachten op {P.tot:%d-%m-%Y}", ["Wachtduur", "Cliënten"], rijen,
        "Cliënten met een toewijzing die op de laatste dag van de periode nog niet gestart was, naar hun langste "
        "wachttijd; daaronder de wachttijd van de trajecten die in de periode begonnen.",
        [*PER_ID["wachtend_2_weken"].kanttekeningen, *PER_ID["wachttijd_mediaan"].kanttekeningen],
        grafiek=grafiek, grafiek_as="Cliënten"))

    # ---- Wat heeft het opgeleverd ----
    specs_opgeleverd: list[_TabelSpec] = []
    k_beeindigd = sleutel("trajecten_beeindigd", P.label, sel)
    reden = ind(P, ["beeindigd_per_reden"], by=["wet"]).sort_values(["wet", "reden_beeindiging"], kind="stable")
    rijen, delen = [], []
    plan_cellen: list[str] = []
    inhoud_cellen: list[str] = []
    for _, rr in reden.iterrows():
        ref = b.aantal(sleutel("beeindigd_per_reden", P.label, sel, wet=rr["wet"], reden=rr["reden_beeindiging"]),
                       rr["teller"])
        delen.append(ref.sleutel)
        rijen.append([naam_reden(rr["wet"], rr["reden_beeindiging"]), ref])
        wet_r = str(rr["wet"])
        if rr["reden_beeindiging"] in VOLGENS_PLAN.get(wet_r, ()):
            plan_cellen.append(ref.sleutel)
            inhoud_cellen.append(ref.sleutel)
        elif rr["reden_beeindiging"] in VOORTIJDIG.get(wet_r, ()):
            inhoud_cellen.append(ref.sleutel)
    b.groep(k_beeindigd, delen)
    grafiek = [(str(x[0]), x[1]) for x in rijen]
    rijen.append(["Totaal", _Aantal(k_beeindigd)])
    specs_opgeleverd.append(_TabelSpec(
        "redenen", "Beëindigde trajecten per reden", ["Reden beëindiging", "Trajecten"], rijen,
        "Waarom de trajecten eindigden die in de periode eindigden (JZ588/WMO588).",
        PER_ID["beeindigd_per_reden"].kanttekeningen, grafiek=grafiek, grafiek_as="Trajecten"))

    rijen = []
    for i in UITKOMSTEN:
        ru: Any = een(kern_nu, i)
        tu, nu_ = (ru["teller"], ru["noemer"]) if ru is not None else (0, 0)
        if i == "aandeel_volgens_plan":
            pct = b.aandeel(sleutel(i, P.label, sel), tu, nu_, plan_cellen, inhoud_cellen)
        else:
            pct = b.aandeel(sleutel(i, P.label, sel), tu, nu_)
        rijen.append([PER_ID[i].naam, pct, "; ".join(PER_ID[i].kanttekeningen) or "–"])
    specs_opgeleverd.append(_TabelSpec(
        "uitkomsten", "Uitkomsten", ["Cijfer", "Waarde", "Kanttekeningen"], rijen,
        "Het aandeel volgens plan naast heraanmelding, afschaling en opschaling. Elk cijfer met de kanttekeningen "
        "uit de definities.",
        grafiek=[(str(x[0]), x[1]) for x in rijen], grafiek_as="Procent"))

    # progress on each ambition, measured as the sturing pages measure it, with every value through the rule
    rijen = []
    for a in ambities if voortgang else ():
        for doel in a.doelen:
            try:
                vg = doel_voortgang(cijfers, scope, a, doel)
            except PermissionError:
                continue
            ind_d = PER_ID[doel.indicator]
            laatste = vg.laatste
            basis_ref = _ambitie_waarde(cijfers, b, scope, a, doel.indicator, doel.basis, sel)
            if laatste is not None:
                lp = parse_periode(laatste.periode)
                laatste_ref: Any = _ambitie_waarde(cijfers, b, scope, a, doel.indicator, lp, sel)
                status: Any = _Status(status_van(doel, vg.basiswaarde, laatste), laatste_ref)
                label_laatste = laatste.periode
            else:
                laatste_ref, status, label_laatste = None, vg.status, "–"
            rijen.append([a.tekst, ind_d.naam, f"{doel.basisperiode}", basis_ref, label_laatste, laatste_ref,
                          f"{_getal(doel.streefwaarde, 0 if float(doel.streefwaarde).is_integer() else 1)} "
                          f"op {doel.deadline:%d-%m-%Y}", status])
    if rijen:
        specs_opgeleverd.append(_TabelSpec(
            "ambities", "Voortgang op de ambities",
            ["Ambitie", "Doel", "Basisperiode", "Basis", "Laatste meting", "Waarde", "Streefwaarde", "Status"], rijen,
            "Per doel de basis, de laatste hele meetperiode en de status (docs/sturing.md). Een status bij een "
            "onderdrukte waarde is ook onderdrukt.",
            list(dict.fromkeys(k for a in ambities for d in a.doelen for k in PER_ID[d.indicator].kanttekeningen))))

    # ---- Wat heeft het gekost ----
    specs_gekost: list[_TabelSpec] = []
    totaal = een(kern_nu, "kosten_per_client")
    k_geld = sleutel("kosten", P.label, sel)
    b.bedrag(k_geld, totaal["teller"] if totaal is not None else 0, totaal["noemer"] if totaal is not None else 0)

    def geld(id: str, titel: str, by: list[str], label: Any, kolom: str, budget: dict[Any, float] | None) -> _TabelSpec:
        df = ind(P, ["kosten_per_client"], by=by).sort_values(by, kind="stable", na_position="last")
        rijen, delen = [], []
        for _, r in df.iterrows():
            waarden = {k: (None if _leeg(r[k]) else r[k]) for k in by}
            ref = b.bedrag(sleutel("kosten", P.label, sel, **waarden), r["teller"], r["noemer"])
            delen.append(ref.sleutel)
            rij: list[Any] = [label(*[waarden[k] for k in by]), ref]
            if budget is not None:
                plafond = budget.get(waarden[by[0]])
                rij += [f"€ {_getal(round(plafond / 100))}" if plafond else "–", _Benut(ref.sleutel, plafond)]
            rijen.append(rij)
        b.groep(k_geld, delen, geld=True)
        grafiek = [(str(x[0]), x[1]) for x in rijen]
        if budget is not None:
            som = sum(budget.values())
            rijen.append(["Totaal", _Bedrag(k_geld), f"€ {_getal(round(som / 100))}" if som else "–",
                          _Benut(k_geld, som or None)])
        else:
            rijen.append(["Totaal", _Bedrag(k_geld)])
        kolommen = [kolom, "Betaald"] + (["Budget (contractplafond)", "Benut"] if budget is not None else [])
        return _TabelSpec(id, titel, kolommen, rijen, "", PER_ID["kosten"].kanttekeningen, grafiek=grafiek,
                          grafiek_as="Betaald (euro)")

    budget: dict[Any, float] = {}
    for c in contracten:
        w = _pro_rata(c, P)
        if w is None:
            continue
        wie = c.aanbieder if tweede == "aanbieder" else c.gemeente
        if wie is not None:
            budget[wie] = budget.get(wie, 0.0) + w
    specs_gekost.append(geld("kosten-vorm", "Betaald per vorm van zorg", ["wet", "productcategorie"], naam_categorie,
                             "Vorm van zorg (productcategorie)", None))
    spec = geld(f"kosten-{tweede}", f"Betaald per {tweede}, tegen het budget", [tweede], naam_tweede,
                kolom_tweede, budget)
    spec.toelichting = ("Budget: het budgetplafond uit de contracten, naar rato van de dagen van het contract die in de "
                     "periode vallen. Zonder contract met plafond staat er '–'.")
    specs_gekost.append(spec)

    # ---- resolve ----
    b.los_op()
    periode_tekst = f"{P.label} ({P.van:%d-%m-%Y} tot en met {P.tot:%d-%m-%Y})"
    per_onderdeel: dict[str, list[Verhaal]] = {k: [] for k in ONDERDELEN}
    for v in sorted(verhalen, key=lambda v: (not v.partij.startswith(onderwerp.soort), v.partij, v.onderdeel)):
        per_onderdeel.setdefault(v.onderdeel, []).append(v)
    waarom = Sectie("waarom", "Waarom", "De ambities en het prioriteitenprofiel, in de woorden die de partijen "
                    "zelf opschreven.", verhalen=per_onderdeel["waarom"])
    for a in ambities:
        delen_tekst = [a.tekst, f"Eigenaar: {a.eigenaar}."]
        if a.partners:
            delen_tekst.append("Partners: " + "; ".join(f"{p.naam}: {p.bijdrage}" for p in a.partners) + ".")
        if a.raakvlakken:
            delen_tekst.append("Raakvlakken: " + "; ".join(a.raakvlakken) + ".")
        if a.toelichting:
            delen_tekst.append(a.toelichting)
        waarom.teksten.append((f"Ambitie: {a.id}", " ".join(delen_tekst)))
    if prioriteiten is not None:
        waarom.tabellen.append(Tabel(
            "prioriteiten", "Prioriteitenprofiel: gewenste mix van vormen van zorg",
            ["Vorm van zorg", "Gewenst aandeel"],
            [[k, f"{_getal(v)} %"] for k, v in prioriteiten.vormen.items()],
            prioriteiten.toelichting or "Het aandeel van de trajecten dat de gemeente per vorm van zorg wil."))
        if prioriteiten.doelgroepen:
            waarom.tabellen.append(Tabel(
                "doelgroepen", "Prioriteitenprofiel: gewenste mix van doelgroepen", ["Leeftijd", "Gewenst aandeel"],
                [[k, f"{_getal(v)} %"] for k, v in prioriteiten.doelgroepen.items()]))
    secties = [
        Sectie("gedaan", "Wat hebben we gedaan", f"Cliënten, trajecten, vormen van zorg en wachten in {periode_tekst}.",
               [b.tabel(s) for s in specs_gedaan]),
        waarom,
        Sectie("opgeleverd", "Wat heeft het opgeleverd", "Hoe trajecten eindigden, wat daarna gebeurde en hoe het "
               "staat met de ambities.", [b.tabel(s) for s in specs_opgeleverd], verhalen=per_onderdeel["reactie"]),
        Sectie("gekost", "Wat heeft het gekost", "Betaalde bedragen (declaraties van prestaties die in de periode "
               "begonnen), per vorm van zorg en per partij, tegen het budget.", [b.tabel(s) for s in specs_gekost]),
        Sectie("geleerd", "Wat hebben we geleerd", "De lessen, in de woorden van elke partij.",
               verhalen=per_onderdeel["geleerd"]),
    ]
    colofon = [
        f"Periode: {periode_tekst}. Gegevens tot en met {opties.laatste_dag:%d-%m-%Y}, uit het iJw/iWmo "
        "3.2-berichtenverkeer tussen gemeenten en aanbieders." + (f" Wet: {wet}." if wet else " Jeugdwet en Wmo."),
        f"Kleine aantallen: {regel.beschrijving()}. '{GEHEIM}' betekent: geheim (het CBS-teken).",
        "Secundaire onderdrukking: binnen elke tabel en tussen tabellen die dezelfde populatie uitsplitsen (zelfde "
        "totaal) krijgt elke rij of kolom met één onderdrukte cel een tweede (de kleinste niet-nul cel), en samen "
        "moeten de onderdrukte cellen minstens de drempel kunnen bevatten; herhaald tot niets meer verandert.",
        "Percentages zijn onderdrukt als de noemer onder de drempel ligt, als teller of noemer min teller tussen 0 en "
        "de drempel ligt, of als een aantal waarop ze rusten onderdrukt is; ze zijn afgerond op hele procenten.",
        "Bedragen zijn onderdrukt als ze voor minder cliënten dan de drempel zijn betaald, en secundair zoals de "
        "aantallen; ze zijn afgerond op hele euro's. Wachttijden (mediaan, P90) rusten op minstens de drempel.",
        "Definities van alle cijfers: de indicatorencatalogus van Regiekamer (pagina Definities).",
        BRON_SEED,
    ]
    return Rapport(onderwerp, P.label, P.van, P.tot, wet, secties, colofon, b.cellen,
                   [*b.groepen, *b.geldgroepen], list(b.aandelen.values()), regel.drempel, regel.afronding)


def _ambitie_waarde(cijfers: Cijfers, b: _Bouwer, scope: Any, a: Ambitie, indicator: str, p: Periode,
                    rapport_sel: Selectie) -> Any:
    """One measurement of an ambition's goal as a reference that the rule will decide on."""
    i = PER_ID[indicator]
    sel = a.bereik.selectie()
    if a.bereik.regio and scope.regio != a.bereik.regio:
        return None
    try:
        df = cijfers.indicatoren(scope, sel, p, [indicator, "kosten_per_client"])
    except PermissionError:
        return None
    r = df[df["indicator"] == indicator]
    if r.empty or _leeg(r["waarde"].iloc[0]):
        return None
    r0 = r.iloc[0]
    k = sleutel(indicator, p.label, sel)
    if sel != rapport_sel and indicator in FAMILIE:
        b.deelpopulaties.append((k, FAMILIE[indicator]))
    if i.eenheid == "aantal":
        return b.aantal(k, r0["teller"])
    if i.eenheid == "procent":
        return b.aandeel(k, r0["teller"], r0["noemer"])
    if i.eenheid in ("dagen", "werkdagen"):
        return _Kwantiel(float(r0["waarde"]), None if _leeg(r0["noemer"]) else int(r0["noemer"]), i.eenheid)
    kpc = df[df["indicator"] == "kosten_per_client"]
    clienten = 0 if kpc.empty or _leeg(kpc["noemer"].iloc[0]) else int(kpc["noemer"].iloc[0])
    if indicator == "kosten":
        return b.bedrag(k, r0["teller"], clienten)
    # other money figures and ratios: shown only when the clients behind them reach the threshold
    return _Kwantiel(float(r0["waarde"]), clienten, i.eenheid)
