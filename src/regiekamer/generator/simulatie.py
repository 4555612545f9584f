"""The life course of clients through care in one gemeente, for one law, with the messages it causes.

Everything here is driven by one ``random.Random`` seeded from (seed, gemeente, wet), so a gemeente's output does
not depend on which other gemeenten are generated or in which order. The result is a ``Uitkomst``: the ground
truth rows and the message specifications (``Spec``) that ``berichten.py`` renders.
"""

from __future__ import annotations

import calendar
import math
import random
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from regiekamer.generator.aanbieders import Aanbieder, seed_voor
from regiekamer.generator.adressen import Adres, Adressen
from regiekamer.generator.bsn import BsnUitgifte
from regiekamer.generator.config import GeneratorConfig
from regiekamer.generator.producten import PRODUCTEN, Product

DAG = timedelta(days=1)

# Annual prevalence of jeugdzorg by age group and sex (figures.md: peak 8–12, boys 8–12 about 22 %, girls 12–17
# about 1 in 6, 0–3 years 4.4 %, 18–22 years 1.4 %; together 10.6 % of under-23s).
PREVALENTIE_JW: dict[tuple[int, int], tuple[float, float]] = {
    (0, 3): (0.046, 0.042),
    (4, 7): (0.175, 0.135),
    (8, 11): (0.220, 0.132),
    (12, 17): (0.120, 0.167),
    (18, 22): (0.015, 0.013),
}
AANDEEL_VOORRAAD_JW = 326_570 / 474_000  # CBS: in care on 1 January / youths with care in the year
# Verwijzer of active trajectories, H1 2023 (COD327): huisarts, gemeente, none, GI, med. specialist, jeugdarts, rechter
VERWIJZERS_JW = (("02", 35.5), ("01", 32.8), ("06", 14.7), ("04", 8.5), ("05", 4.5), ("03", 3.1), ("08", 0.3))
# Wmo voorzieningen per client (StatLine 83264NED): 1: 58 %, 2: 28 %, 3: 9 %, 4: 3 %, 5+: 2 %
VOORZIENINGEN_PER_CLIENT = ((1, 58.0), (2, 28.0), (3, 9.0), (4, 3.0), (5, 2.0))
WMO_PER_INWONER = 0.062  # clients with a maatwerkvoorziening per inhabitant (H1 2023)
JEUGD_AANDEEL = 0.246  # under-23s among inhabitants (474k is 10.6 %)


def jeugdigen(inwoners: int) -> int:
    """Inhabitants aged 0–17 as the simulation sees them: the under-23s (JEUGD_AANDEEL) spread evenly over the
    23 years of age 0–22 (``simuleer_jw``), of which the 18 years 0–17."""
    return round(inwoners * JEUGD_AANDEEL * 18 / 23)


_ACHTERNAMEN = (
    ("Jansen", None),
    ("Vries", "de"),
    ("Bakker", None),
    ("Visser", None),
    ("Smit", None),
    ("Meijer", None),
    ("Boer", "de"),
    ("Mulder", None),
    ("Groot", "de"),
    ("Bos", None),
    ("Vos", None),
    ("Peters", None),
    ("Hendriks", None),
    ("Leeuwen", "van"),
    ("Dekker", None),
    ("Brouwer", None),
    ("Wit", "de"),
    ("Dijk", "van"),
    ("Yilmaz", None),
    ("El Amrani", None),
    ("Kaya", None),
    ("Berg", "van den"),
    ("Veen", "van der"),
)
_LETTERS = "ABCDEFGHIJKLMNOPRSTWY"


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(slots=True)
class Persoon:
    persoon_id: str
    huishouden_id: str
    gemeente: str
    geboortedatum: date
    geslacht: str
    achternaam: str
    voorvoegsel: str | None
    voorletters: str
    bsn: str = ""
    bsn_domein: str = ""
    adres: Adres | None = None  # the household's (synthetic) address, None when addresses are off

    def leeftijd(self, op: date) -> int:
        g = self.geboortedatum
        return op.year - g.year - ((op.month, op.day) < (g.month, g.day))


@dataclass(slots=True)
class Versie:
    datum: date
    tijd: str
    einddatum: date | None
    reden: str | None
    referentie: str | None
    volume: int


@dataclass(slots=True)
class Tp:
    """A ToegewezenProduct with its versions (301) and its delivery rows (305/307)."""

    nummer: int
    traject: Traject
    product: Product
    ingangsdatum: date
    versies: list[Versie] = field(default_factory=list)
    verwijderd: bool = False
    leveringen: list[Levering] = field(default_factory=list)

    @property
    def huidig(self) -> Versie:
        return self.versies[-1]


@dataclass(slots=True)
class Levering:
    tp: Tp
    begindatum: date
    einddatum: date | None = None  # true end (None = still running at the end of the period)
    reden: str | None = None
    start_verzonden: bool = False
    stop_verzonden: bool = False


@dataclass(slots=True)
class Traject:
    traject_id: str
    persoon: Persoon
    aanbieder: Aanbieder
    product: Product
    verwijzer: str
    via_verzoek: bool
    aanvraagdatum: date
    toewijzingsdatum: date | None = None
    begindatum: date | None = None
    einddatum: date | None = None
    reden: str | None = None
    status: str = "lopend"
    herhaald_beroep: bool = False
    eerdere_zorg_buiten_venster: bool = False
    in_voorraad: bool = False
    tps: list[Tp] = field(default_factory=list)


@dataclass(slots=True)
class Spec:
    """One heenbericht to render, with what its retour needs. ``soort`` is the message number."""

    dag: date
    soort: str
    aanbieder: str
    inhoud: Any
    retour_dag: date | None = None
    duplicaat: bool = False
    identificatie: str = ""


@dataclass(slots=True)
class Uitkomst:
    gemeente: str
    wet: str
    specs: list[Spec] = field(default_factory=list)
    rijen: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


class Gemeentesimulatie:
    """Simulates one law in one gemeente over the configured years."""

    def __init__(
        self,
        cfg: GeneratorConfig,
        gemeente: str,
        inwoners: int,
        wet: str,
        aanbieders: Sequence[Aanbieder],
        personen: PersonenBron,
        andere_gemeenten: Sequence[str],
    ) -> None:
        self.cfg = cfg
        self.gemeente = gemeente
        self.inwoners = inwoners
        self.wet = wet
        self.rng = random.Random(seed_voor(cfg.seed, "sim", gemeente, wet))
        self.np = np.random.default_rng(seed_voor(cfg.seed, "np", gemeente, wet))
        self.aanbieders = list(aanbieders)
        self.personen = personen
        self.andere = list(andere_gemeenten)
        self.p0 = date(cfg.startjaar, 1, 1)
        self.p1 = date(cfg.startjaar + cfg.jaren - 1, 12, 31)
        self.uit = Uitkomst(gemeente, wet)
        self.imp = cfg.imperfecties
        self._tpnr = 0
        self._ref = 0
        self._traj = 0
        self.trajecten: list[Traject] = []
        self._per_paar: dict[tuple[str, str], list[Traject]] = defaultdict(list)
        self.verzoeken: list[dict[str, Any]] = []
        self._per_product: dict[str, list[tuple[Aanbieder, float]]] = {}
        for p in PRODUCTEN[wet]:
            self._per_product[p.code] = [(a, a.grootte) for a in self.aanbieders if p.code in a.portfolio]

    # ---- helpers -------------------------------------------------------------------------------------------
    def nieuw_tpnr(self) -> int:
        self._tpnr += 1
        return self._tpnr

    def _vow(
        self,
        agb: str,
        ref: str,
        persoon_id: str,
        traject_id: str,
        datum: date,
        productcode: str,
        honor: bool,
        besluit: date,
        reden_afwijzing: str,
    ) -> dict[str, object]:
        """Ground-truth row of a VOW (317) and the gemeente's decision on it."""
        return {
            "wet": self.wet,
            "gemeente": self.gemeente,
            "aanbieder": agb,
            "referentie_aanbieder": ref,
            "persoon_id": persoon_id,
            "traject_id": traject_id,
            "soort": "VOW",
            "verzoekdatum": datum,
            "verwijzer": None,
            "productcode": productcode,
            "in_onderzoek": False,
            "antwoord": "toegekend" if honor else "afgewezen",
            "antwoorddatum": besluit,
            "reden_afwijzing": None if honor else reden_afwijzing,
        }

    def nieuwe_ref(self) -> str:
        self._ref += 1
        return f"{self.gemeente}-{self.wet.upper()}-{self._ref}"

    def tijd(self) -> str:
        r = self.rng.randrange(8 * 3600, 18 * 3600)
        return f"{r // 3600:02d}:{r // 60 % 60:02d}:{r % 60:02d}"

    def kies_aanbieder(
        self,
        product: Product,
        zwaar: bool,
        behalve: Aanbieder | None = None,
        uitgesloten: Collection[str] = (),
    ) -> Aanbieder:
        kandidaten = self._per_product[product.code]
        z = 0.8 if zwaar else -0.8
        gewichten = [
            w * math.exp(a.casemix_zwaar * z) if a is not behalve and a.agb not in uitgesloten else 0.0
            for a, w in kandidaten
        ]
        if sum(gewichten) <= 0:
            gewichten = [w for _, w in kandidaten]
        return self.rng.choices([a for a, _ in kandidaten], gewichten)[0]

    def lognormaal(self, gemiddelde: float, sigma: float) -> float:
        return gemiddelde * math.exp(self.rng.gauss(-sigma * sigma / 2, sigma))

    def werkdagen_later(self, d: date, lo: int, hi: int) -> date:
        return d + timedelta(days=self.rng.randint(lo, hi))

    def spec(self, dag: date, soort: str, aanbieder: Aanbieder, inhoud: Any, retour: bool = True) -> None:
        if dag > self.p1:
            return
        rd = min(self.werkdagen_later(dag, 0, 3), self.p1) if retour else None
        dup = self.rng.random() < self.imp.duplicaat
        self.uit.specs.append(Spec(dag, soort, aanbieder.agb, inhoud, rd, dup))

    def stapeling(self, persoon: Persoon, aanbieder: Aanbieder, product: Product, t: date) -> list[Tp] | None:
        """Earlier allocations of the same product at this aanbieder still valid on ``t`` (a new request).

        A 301 holds all current TPs of client × aanbieder and the same product may not appear twice with
        overlapping periods (TR302; no stacking, OP259). A TP whose care ended before ``t`` and that has no
        later version is returned: the new allocation's first 301 ends it (reden 05, Einddatum = new
        Ingangsdatum − 1). ``None`` when such a TP cannot be ended that way (care still running, or the TP lies
        later in time): the request then goes to another aanbieder.
        """
        uit: list[Tp] = []
        for tr in self._per_paar.get((persoon.persoon_id, aanbieder.agb), ()):
            if tr.product.code != product.code:
                continue
            for tp in tr.tps:
                v = tp.huidig
                if tp.verwijderd or (v.einddatum is not None and v.einddatum < t):
                    continue
                afgelopen = all(lev.einddatum is not None and lev.einddatum < t for lev in tp.leveringen)
                if tp.ingangsdatum >= t or v.datum >= t or not afgelopen:
                    return None
                uit.append(tp)
        return uit

    # ---- the life course of one trajectory --------------------------------------------------------------------
    def traject(
        self,
        persoon: Persoon,
        product: Product,
        aanbieder: Aanbieder,
        verwijzer: str,
        t: date,
        voorraad_verstreken: float | None = None,
        herhaald: bool = False,
        buiten_venster: bool = False,
    ) -> Traject | None:
        rng = self.rng
        te_beeindigen: list[Tp] = []
        if voorraad_verstreken is None:
            # no stacking: the same product at the same aanbieder only after the earlier TP has ended
            zwaar = persoon.leeftijd(t) >= (12 if self.wet == "jw" else 80) or product.verblijf
            bezet: set[str] = set()
            while (gevonden := self.stapeling(persoon, aanbieder, product, t)) is None:
                bezet.add(aanbieder.agb)
                if len(bezet) >= len(self._per_product[product.code]):
                    return None
                aanbieder = self.kies_aanbieder(product, zwaar, uitgesloten=bezet)
            te_beeindigen = gevonden
        self._traj += 1
        via_verzoek = (
            verwijzer != "01"
            if self.wet == "jw"
            else (product.groep in ("thuis", "verblijf") and rng.random() < 0.1)
        )
        tr = Traject(
            f"{self.gemeente}-{self.wet}-{self._traj}",
            persoon,
            aanbieder,
            product,
            verwijzer,
            via_verzoek,
            t,
            herhaald_beroep=herhaald,
            eerdere_zorg_buiten_venster=buiten_venster,
        )
        self.trajecten.append(tr)
        self._per_paar[(persoon.persoon_id, aanbieder.agb)].append(tr)
        duur = self.lognormaal(product.duur_dagen, 0.75)
        wacht = self.lognormaal(product.wacht_dagen * aanbieder.effect_wachttijd, 0.5)
        if voorraad_verstreken is not None:
            # running on the first day of the period: length-biased total duration, elapsed part before p0
            duur = self.lognormaal(product.duur_dagen * math.exp(0.75**2), 0.75)
            verstreken = voorraad_verstreken * duur
            begin = self.p0 - timedelta(days=max(1, round(verstreken)))
            t = begin - timedelta(days=max(1, round(wacht)) + 7)
            tr.aanvraagdatum = t
            tr.in_voorraad = True
        # request (VOT) and its answer
        ref: str | None = None
        beslis = t
        if via_verzoek:
            ref = self.nieuwe_ref()
            gewenst = t + timedelta(days=rng.randint(1, 14))
            beslis = self.werkdagen_later(t, 2, 7)
            afgewezen = rng.random() < (0.05 if self.wet == "jw" else 0.03) and voorraad_verstreken is None
            onderzoek = not afgewezen and rng.random() < 0.05
            verzoek = {
                "wet": self.wet,
                "gemeente": self.gemeente,
                "aanbieder": aanbieder.agb,
                "referentie_aanbieder": ref,
                "persoon_id": persoon.persoon_id,
                "traject_id": tr.traject_id,
                "soort": "VOT",
                "verzoekdatum": t,
                "verwijzer": verwijzer,
                "productcode": product.code,
                "in_onderzoek": onderzoek,
                "antwoord": "toegekend",
                "antwoorddatum": beslis,
                "reden_afwijzing": None,
            }
            self.verzoeken.append(verzoek)
            self.spec(t, "315", aanbieder, (persoon, ref, product, gewenst, verwijzer, aanbieder))
            if afgewezen:
                reden = rng.choice(("8", "8", "3", "7", "4"))
                if reden == "7" and persoon.leeftijd(t) >= 18:
                    reden = "9"
                woonplaats = (
                    rng.choice(self.andere) if reden == "8" and self.wet == "jw" and self.andere else None
                )
                if reden == "8" and woonplaats is None:
                    reden = "5"
                verzoek.update(antwoord="afgewezen", reden_afwijzing=reden)
                self.spec(beslis, "319", aanbieder, (ref, "1", reden, woonplaats))
                tr.status = "afgewezen"
                return tr
            if onderzoek:
                self.spec(beslis, "319", aanbieder, (ref, "2", None, None))
                beslis = beslis + timedelta(days=rng.randint(10, 45))
                verzoek["antwoorddatum"] = beslis
            ingang = max(gewenst, beslis)
        else:
            ingang = t if voorraad_verstreken is not None else t + timedelta(days=rng.randint(0, 7))
        tr.toewijzingsdatum = beslis
        looptijd = 365 if self.wet == "jw" else rng.choice((730, 1095, 1825))
        omvang = product.volume
        if product.eenheid == "83":
            omvang = round(product.volume * aanbieder.effect_kosten * rng.uniform(0.8, 1.2) / 100) * 100
        # correction via reden 13: the first allocation is wrong (volume), deleted and re-sent with a new number
        if voorraad_verstreken is None and rng.random() < self.imp.correctie_toewijzing:
            fout = Tp(self.nieuw_tpnr(), tr, product, ingang)
            fout.versies.append(
                Versie(
                    beslis,
                    self.tijd(),
                    ingang + timedelta(days=looptijd - 1),
                    None,
                    ref,
                    omvang + (1 if product.eenheid != "83" else 10_000),
                )
            )
            tr.tps.append(fout)
            corr = beslis + timedelta(days=rng.randint(1, 10))
            fout.versies.append(Versie(corr, self.tijd(), ingang, "13", ref, fout.huidig.volume))
            fout.verwijderd = True
            beslis_tp = corr
            tijd_tp = fout.versies[-1].tijd
        else:
            beslis_tp = beslis
            tijd_tp = self.tijd()
        tp = Tp(self.nieuw_tpnr(), tr, product, ingang)
        tp.versies.append(
            Versie(beslis_tp, tijd_tp, ingang + timedelta(days=looptijd - 1), None, ref, omvang)
        )
        tr.tps.append(tp)
        eerste = tr.tps[0].versies[0]
        for oud_tp in te_beeindigen:  # ended in the new allocation's first 301 (see ``stapeling``)
            oud_tp.versies.append(
                Versie(eerste.datum, eerste.tijd, ingang - DAG, "05", None, oud_tp.huidig.volume)
            )
        # waiting, start, or never starting
        if voorraad_verstreken is not None:
            begin = max(begin, ingang)
        else:
            begin = max(ingang + timedelta(days=round(wacht)), beslis_tp + DAG)
        if voorraad_verstreken is None and rng.random() < self.imp.nooit_gestart:
            tr.status = "nooit_gestart" if begin <= self.p1 else "wachtend"
            return tr
        if begin > self.p1:
            tr.status = "wachtend"
            return tr
        tr.begindatum = begin
        eind = begin + timedelta(days=max(1, round(duur)))
        # withdrawal by the gemeente (intrekking) ends care early
        ingetrokken = rng.random() < 0.02
        if ingetrokken:
            eind = begin + timedelta(days=max(1, round(duur * rng.uniform(0.2, 0.6))))
        reden = self.reden_einde(persoon, product, aanbieder, ingetrokken)
        # extensions: by the gemeente (reden 04) or on request of the aanbieder (VOW 317) once care runs; a
        # VOW that is refused ends care at the old Einddatum. Per extension a mark (first date, end date,
        # refused, #specs, #requests, #versions before it), so that a later change can take it back.
        verlengingen: list[tuple[date, date, bool, int, int, int]] = []
        while eind > tp.huidig.einddatum and tp.huidig.einddatum is not None:  # type: ignore[operator]
            oud = tp.huidig.einddatum
            besluit = oud - timedelta(days=rng.randint(10, 40))
            nieuw = oud + timedelta(days=looptijd)
            merk = (len(self.uit.specs), len(self.verzoeken), len(tp.versies))
            vow = besluit - timedelta(days=rng.randint(5, 15))
            if vow > begin and rng.random() < (0.5 if self.wet == "jw" else 0.2):
                vref = self.nieuwe_ref()
                honor = rng.random() >= 0.1
                self.verzoeken.append(
                    self._vow(
                        aanbieder.agb,
                        vref,
                        persoon.persoon_id,
                        tr.traject_id,
                        vow,
                        product.code,
                        honor,
                        besluit,
                        "2",
                    )
                )
                self.spec(
                    vow,
                    "317",
                    aanbieder,
                    (persoon, vref, tp, nieuw, self.actuele_tps(persoon, aanbieder, vow, tp)),
                )
                verlengingen.append((vow, besluit, not honor, *merk))
                if not honor:
                    self.spec(besluit, "319", aanbieder, (vref, "1", "2", None))
                    eind = oud
                    reden = "36"
                    break
                tp.versies.append(Versie(besluit, self.tijd(), nieuw, "04", vref, tp.huidig.volume))
            else:
                verlengingen.append((besluit, besluit, False, *merk))
                tp.versies.append(Versie(besluit, self.tijd(), nieuw, "04", None, tp.huidig.volume))
        if ingetrokken:
            # decided after every earlier version of the TP (versions are in time order: the 301 snapshots)
            dag = max(eind - timedelta(days=rng.randint(5, 20)), tp.huidig.datum + DAG)
            tp.versies.append(Versie(dag, self.tijd(), eind, "05", None, tp.huidig.volume))
        # deliveries: start, maybe a temporary stop and restart, maybe a change of volume via VOW (new TP)
        huidige_tp = tp
        lev = Levering(tp, begin)
        tp.leveringen.append(lev)
        if rng.random() < 0.05 and (eind - begin).days > 90:
            t1 = begin + timedelta(days=round((eind - begin).days * rng.uniform(0.2, 0.5)))
            t2 = t1 + timedelta(days=rng.randint(14, 60))
            if t2 < eind:
                lev.einddatum, lev.reden = t1, "20"
                lev = Levering(tp, t2)
                tp.leveringen.append(lev)
        if (
            self.wet == "jw"
            and product.variant == "inspanningsgericht"
            and not ingetrokken
            and rng.random() < 0.08
            and (eind - lev.begindatum).days > 150
        ):
            d = lev.begindatum + timedelta(days=round((eind - lev.begindatum).days * rng.uniform(0.3, 0.6)))
            vow = d - timedelta(days=rng.randint(15, 25))
            besluit = vow + timedelta(days=rng.randint(2, 7))
            honor = rng.random() >= 0.15
            # extensions decided after the request are taken back: the new TP covers the rest of the care (its
            # Einddatum is at least ``eind``). Not when an extension request is open on the request date, or a
            # refused extension would be taken back (care would not end at its Einddatum then).
            later = [i for i, m in enumerate(verlengingen) if m[1] >= vow]
            kan = not later or (
                verlengingen[later[0]][0] >= vow and not any(verlengingen[i][2] for i in later)
            )
            if vow > lev.begindatum and besluit < d and kan:
                vref = self.nieuwe_ref()
                if later and honor:
                    _, _, _, n_specs, n_verzoeken, n_versies = verlengingen[later[0]]
                    del self.uit.specs[n_specs:], self.verzoeken[n_verzoeken:], tp.versies[n_versies:]
                self.verzoeken.append(
                    self._vow(
                        aanbieder.agb,
                        vref,
                        persoon.persoon_id,
                        tr.traject_id,
                        vow,
                        product.code,
                        honor,
                        besluit,
                        "4",
                    )
                )
                nieuw_eind = min(tp.huidig.einddatum or d, d + timedelta(days=looptijd))  # keep within year
                nieuw_eind = max(nieuw_eind, d + timedelta(days=30))
                self.spec(
                    vow,
                    "317",
                    aanbieder,
                    (
                        persoon,
                        vref,
                        tp,
                        d,
                        self.actuele_tps(persoon, aanbieder, vow, tp),
                        nieuw_eind,
                        tp.huidig.volume + 1,
                    ),
                )
                if honor:
                    tijd_b = self.tijd()
                    tp.versies.append(Versie(besluit, tijd_b, d - DAG, "12", vref, tp.huidig.volume))
                    tp2 = Tp(self.nieuw_tpnr(), tr, product, d)
                    tp2.versies.append(
                        Versie(besluit, tijd_b, max(nieuw_eind, eind), None, vref, tp.versies[-2].volume + 1)
                    )
                    tr.tps.append(tp2)
                    lev.einddatum, lev.reden = d - DAG, "37"
                    lev = Levering(tp2, d)
                    tp2.leveringen.append(lev)
                    huidige_tp = tp2
                else:
                    self.spec(besluit, "319", aanbieder, (vref, "1", "4", None))
        # the end
        if eind <= self.p1:
            lev.einddatum, lev.reden = eind, reden
            tr.einddatum, tr.reden, tr.status = eind, reden, "beeindigd"
            hv = huidige_tp.huidig
            if (
                not ingetrokken
                and hv.einddatum is not None
                and (hv.einddatum - eind).days > 30
                and rng.random() < 0.4
            ):
                huidige_tp.versies.append(
                    Versie(
                        eind + timedelta(days=rng.randint(3, 20)), self.tijd(), eind, "05", None, hv.volume
                    )
                )
        return tr

    def reden_einde(self, persoon: Persoon, product: Product, aanbieder: Aanbieder, ingetrokken: bool) -> str:
        rng = self.rng
        if ingetrokken:
            return "36"
        if self.wet == "jw":
            x = logit(0.62) - 0.5 * (persoon.leeftijd(self.p0) >= 12) - 0.5 * product.verblijf
            if rng.random() < sigmoid(x + aanbieder.effect_volgens_plan):
                return "31"
            return rng.choices(("32", "33", "34", "35", "38", "39", "02"), (30, 15, 25, 10, 10, 6, 0.5))[0]
        x = logit(0.45) - 0.4 * (persoon.leeftijd(self.p0) >= 80)
        if rng.random() < sigmoid(x + aanbieder.effect_volgens_plan):
            return "19"
        return rng.choices(("02", "21", "22", "23", "31", "38", "39"), (35, 10, 5, 20, 15, 10, 5))[0]

    def actuele_tps(self, persoon: Persoon, aanbieder: Aanbieder, op: date, behalve: Tp) -> list[int]:
        uit = []
        for tr in self._per_paar[(persoon.persoon_id, aanbieder.agb)]:
            if True:
                for tp in tr.tps:
                    v = tp.huidig
                    if (
                        tp is not behalve
                        and not tp.verwijderd
                        and tp.ingangsdatum <= op
                        and (v.einddatum is None or v.einddatum >= op)
                        and tp.versies[0].datum <= op
                    ):
                        uit.append(tp.nummer)
        return uit


class PersonenBron:
    """Persons and households of one gemeente (shared by both laws, so samenloop is visible)."""

    def __init__(
        self, gemeente: str, rng: random.Random, bsn: BsnUitgifte, adressen: Adressen | None = None
    ) -> None:
        self.gemeente = gemeente
        self.rng = rng
        self.bsn = bsn
        self.adressen = adressen
        self.personen: list[Persoon] = []
        self.huishoudens: dict[str, dict[str, Any]] = {}
        self.jeugd_huishoudens: list[str] = []

    def huishouden(self, grootte: int, achternaam: tuple[str, str | None]) -> str:
        hid = f"{self.gemeente}-H{len(self.huishoudens) + 1}"
        self.huishoudens[hid] = {
            "huishouden_id": hid,
            "gemeente": self.gemeente,
            "grootte": grootte,
            "achternaam": achternaam,
            "adres": self.adressen.nieuw() if self.adressen is not None else None,
        }
        return hid

    def persoon(self, geboortedatum: date, geslacht: str, huishouden_id: str | None = None) -> Persoon:
        rng = self.rng
        if huishouden_id is None:
            naam = rng.choice(_ACHTERNAMEN)
            huishouden_id = self.huishouden(rng.choice((1, 1, 2, 2, 2, 3, 4)), naam)
        hh = self.huishoudens[huishouden_id]
        naam = hh["achternaam"]
        bsn, domein = self.bsn.geef()
        p = Persoon(
            f"{self.gemeente}-P{len(self.personen) + 1}",
            huishouden_id,
            self.gemeente,
            geboortedatum,
            geslacht,
            naam[0],
            naam[1],
            rng.choice(_LETTERS) + (rng.choice(_LETTERS) if rng.random() < 0.4 else ""),
            bsn,
            domein,
            hh["adres"],
        )
        self.personen.append(p)
        return p


def _datum_in(rng: random.Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randint(0, max(0, (b - a).days)))


def _geboren(rng: random.Random, leeftijd: int, op: date) -> date:
    return op - timedelta(days=round(leeftijd * 365.25) + rng.randint(0, 364))


def simuleer_jw(sim: Gemeentesimulatie) -> None:
    """Youths with jeugdzorg: stock on 1 January plus new clients per year (calibration: docs/generator.md)."""
    rng, bron = sim.rng, sim.personen
    n_jeugd = sim.inwoners * JEUGD_AANDEEL
    verlies = 1.24  # requests refused, allocations never started: draw more clients to keep the prevalence
    jeugd_producten = [p for p in PRODUCTEN["jw"] if p.gewicht > 0]
    gew_nieuw = [p.gewicht for p in jeugd_producten]
    gew_voorraad = [p.gewicht * p.duur_dagen * (0.6 if p.verblijf else 1.0) for p in jeugd_producten]
    jb = next(p for p in PRODUCTEN["jw"] if p.code == "48B01")
    jr = next(p for p in PRODUCTEN["jw"] if p.code == "47R01")
    verw_codes = [c for c, _ in VERWIJZERS_JW]
    verw_gew = [w for _, w in VERWIJZERS_JW]

    def kies_product(voorraad: bool, verwijzer: str, behalve: str = "") -> Product:
        if verwijzer in ("04", "08") and not behalve:
            return jb if rng.random() < 0.82 else jr
        while True:
            p = rng.choices(jeugd_producten, gew_voorraad if voorraad else gew_nieuw)[0]
            if p.groep != behalve:
                return p

    def start_client(persoon: Persoon, t: date, voorraad: bool, buiten_venster: bool) -> None:
        verwijzer = rng.choices(verw_codes, verw_gew)[0]
        product = kies_product(voorraad, verwijzer)
        zwaar = persoon.leeftijd(t) >= 12 or product.verblijf
        a = sim.kies_aanbieder(product, zwaar)
        tr = sim.traject(
            persoon,
            product,
            a,
            verwijzer,
            t,
            rng.random() if voorraad else None,
            herhaald=buiten_venster,
            buiten_venster=buiten_venster,
        )
        vervolg(tr, 0)
        if rng.random() < (0.45 if product.groep in ("jeugdbescherming", "jeugdreclassering") else 0.33):
            t2 = (sim.p0 if voorraad else t) + timedelta(days=rng.randint(0, 200))
            if t2 <= sim.p1:
                v2 = rng.choices(verw_codes[:3], verw_gew[:3])[0]
                p2 = kies_product(False, v2, behalve=product.groep)
                a2 = sim.kies_aanbieder(p2, zwaar, behalve=a)
                vervolg(sim.traject(persoon, p2, a2, v2, t2), 0)

    def vervolg(tr: Traject | None, diepte: int) -> None:
        if tr is None or tr.einddatum is None or diepte > 3:
            return
        persoon, a = tr.persoon, tr.aanbieder
        if tr.reden == "38":  # overstap: continued care at another aanbieder
            t = tr.einddatum + timedelta(days=rng.randint(1, 30))
            if t <= sim.p1:
                a2 = sim.kies_aanbieder(tr.product, persoon.leeftijd(t) >= 12, behalve=a)
                vervolg(sim.traject(persoon, tr.product, a2, "01", t), diepte + 1)
            return
        if tr.reden == "02":
            return
        if rng.random() < sigmoid(logit(0.2) + a.effect_heraanmelding):
            t = tr.einddatum + timedelta(days=rng.randint(45, 365))
            if t <= sim.p1:
                v = rng.choices(verw_codes, verw_gew)[0]
                p = kies_product(False, v)
                a2 = sim.kies_aanbieder(p, persoon.leeftijd(t) >= 12 or p.verblijf)
                vervolg(sim.traject(persoon, p, a2, v, t, herhaald=True), diepte + 1)

    for jaar in range(sim.cfg.jaren):
        j0 = date(sim.cfg.startjaar + jaar, 1, 1)
        j1 = date(sim.cfg.startjaar + jaar, 12, 31)
        for (lo, hi), prevs in PREVALENTIE_JW.items():
            for geslacht, prev, aandeel in (("1", prevs[0], 0.51), ("2", prevs[1], 0.49)):
                pop = n_jeugd * (hi - lo + 1) / 23 * aandeel
                n_voorraad = (
                    int(sim.np.binomial(round(pop), prev * AANDEEL_VOORRAAD_JW * 1.03)) if jaar == 0 else 0
                )
                n_nieuw = int(
                    sim.np.binomial(round(pop), min(1.0, prev * (1 - AANDEEL_VOORRAAD_JW) * verlies))
                )
                for i in range(n_voorraad + n_nieuw):
                    voorraad = i < n_voorraad
                    leeftijd = rng.randint(lo, hi)
                    t = j0 if voorraad else _datum_in(rng, j0, j1)
                    hh: str | None = None
                    if bron.jeugd_huishoudens and rng.random() < 0.12:
                        hh = rng.choice(bron.jeugd_huishoudens)
                    persoon = bron.persoon(_geboren(rng, leeftijd, date(j0.year, 7, 1)), geslacht, hh)
                    if hh is None:
                        bron.jeugd_huishoudens.append(persoon.huishouden_id)
                        bron.huishoudens[persoon.huishouden_id]["grootte"] = rng.choice((2, 3, 3, 4, 4, 5, 6))
                    start_client(persoon, t, voorraad, (not voorraad) and rng.random() < 0.42)


def simuleer_wmo(sim: Gemeentesimulatie, samenloop: float) -> None:
    """Wmo clients: stock on 1 January plus new clients; some adults live in a household with jeugdzorg."""
    rng, bron = sim.rng, sim.personen
    producten = list(PRODUCTEN["wmo"])
    k_codes = [k for k, _ in VOORZIENINGEN_PER_CLIENT]
    k_gew = [w for _, w in VOORZIENINGEN_PER_CLIENT]
    doel_h1 = WMO_PER_INWONER * sim.inwoners
    n_voorraad = int(sim.np.poisson(doel_h1 * 0.80 * 1.03))
    nieuw_per_jaar = doel_h1 * 0.40 * 1.08
    # samenloop: how many Wmo clients live in a household with jeugdzorg (docs/generator.md)
    h_jw = len(bron.jeugd_huishoudens)
    n_totaal_schat = n_voorraad + nieuw_per_jaar * sim.cfg.jaren
    h_wmo = n_totaal_schat / 1.15
    m = round(samenloop * (h_jw + h_wmo) / (1 + samenloop)) if h_jw else 0
    m = min(m, h_jw)
    samen_hh = rng.sample(bron.jeugd_huishoudens, m) if m else []
    wmo_hh: list[str] = []

    def client(t: date, voorraad: bool, hh: str | None) -> None:
        if hh is not None:
            leeftijd = rng.randint(28, 55)
        else:
            leeftijd = rng.choices(
                (rng.randint(18, 64), rng.randint(65, 79), rng.randint(80, 99)), (30, 30, 40)
            )[0]
            if wmo_hh and rng.random() < 0.13:
                hh = rng.choice(wmo_hh)
        persoon = bron.persoon(_geboren(rng, leeftijd, t), "2" if rng.random() < 0.6 else "1", hh)
        if hh is None:
            wmo_hh.append(persoon.huishouden_id)
        k = rng.choices(k_codes, k_gew)[0]
        gekozen: list[Product] = []
        gew = [p.gewicht * (p.duur_dagen / 1000 if voorraad else 1.0) for p in producten]
        if hh is not None and persoon.leeftijd(t) < 60:
            gew = [
                w * (3.0 if p.groep in ("thuis", "huishouden") else 0.3)
                for w, p in zip(gew, producten, strict=True)
            ]
        while len(gekozen) < k:
            p = rng.choices(producten, gew)[0]
            if p not in gekozen:
                gekozen.append(p)
        for j, p in enumerate(gekozen):
            a = sim.kies_aanbieder(p, persoon.leeftijd(t) >= 80)
            tj = t if voorraad or j == 0 else min(sim.p1, t + timedelta(days=rng.randint(0, 120)))
            sim.traject(persoon, p, a, "01", tj, rng.random() if voorraad else None)

    for i in range(n_voorraad):
        client(sim.p0, True, samen_hh[i] if i < len(samen_hh) else None)
    rest = samen_hh[n_voorraad:]
    for jaar in range(sim.cfg.jaren):
        j0, j1 = date(sim.cfg.startjaar + jaar, 1, 1), date(sim.cfg.startjaar + jaar, 12, 31)
        for _ in range(int(sim.np.poisson(nieuw_per_jaar))):
            client(_datum_in(rng, j0, j1), False, rest.pop() if rest else None)


def _maanden(a: date, b: date) -> list[tuple[date, date]]:
    """Calendar months overlapping [a, b] as (first day, last day) pairs clipped to [a, b]."""
    uit = []
    m = date(a.year, a.month, 1)
    while m <= b:
        volgende = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        uit.append((max(a, m), min(b, volgende - DAG)))
        m = volgende
    return uit


def regie_en_toewijzingsberichten(sim: Gemeentesimulatie) -> None:
    """301 snapshots per client × aanbieder, and the 305/307 rows of every delivery, with imperfections."""
    rng, imp, p1 = sim.rng, sim.imp, sim.p1
    groepen: dict[tuple[str, str], list[Tp]] = defaultdict(list)
    for tr in sim.trajecten:
        for tp in tr.tps:
            groepen[(tr.persoon.persoon_id, tr.aanbieder.agb)].append(tp)
    for tps in groepen.values():
        momenten: dict[tuple[date, str], list[tuple[Tp, Versie]]] = defaultdict(list)
        for tp in tps:
            for v in tp.versies:
                if v.datum <= p1:
                    momenten[(v.datum, v.tijd)].append((tp, v))
        for moment in sorted(momenten):
            inhoud = list(momenten[moment])
            in_bericht = {id(tp) for tp, _ in inhoud}
            for tp in tps:
                if id(tp) in in_bericht:
                    continue
                eerder = [v for v in tp.versies if (v.datum, v.tijd) < moment]
                if not eerder:
                    continue
                v = eerder[-1]
                if v.reden == "13" or (v.einddatum is not None and v.einddatum < moment[0]):
                    continue
                inhoud.append((tp, v))
            inhoud.sort(key=lambda x: x[0].nummer)
            tr0 = inhoud[0][0].traject
            sim.spec(moment[0], "301", tr0.aanbieder, (tr0.persoon, inhoud))
    for tr in sim.trajecten:
        for tp in tr.tps:
            for i, lev in enumerate(tp.leveringen):
                dag = lev.begindatum + timedelta(days=rng.randint(0, 5))
                if rng.random() < imp.laat_startbericht:
                    dag = lev.begindatum + timedelta(days=rng.randint(60, 150))
                dag = max(dag, tp.versies[0].datum)
                herstel = dag + timedelta(days=rng.randint(5, 20))
                # only when the correction is sent within the period: the messages then say what is true
                if rng.random() < imp.verwijderen_herzenden and herstel <= p1:
                    fout = lev.begindatum + timedelta(days=rng.randint(1, 10))
                    sim.spec(dag, "305", tr.aanbieder, (tr.persoon, [(tp, fout, "1")]))
                    sim.spec(
                        herstel,
                        "305",
                        tr.aanbieder,
                        (tr.persoon, [(tp, fout, "3"), (tp, lev.begindatum, "1")]),
                    )
                else:
                    sim.spec(dag, "305", tr.aanbieder, (tr.persoon, [(tp, lev.begindatum, "1")]))
                lev.start_verzonden = dag <= p1
                if lev.einddatum is None or lev.reden is None:
                    continue
                laatste = i == len(tp.leveringen) - 1
                if laatste and lev.reden != "37" and rng.random() < imp.geen_stopbericht:
                    continue
                sdag = lev.einddatum + timedelta(days=rng.randint(0, 7))
                if sdag <= p1:
                    lev.stop_verzonden = True
                sim.spec(
                    sdag,
                    "307",
                    tr.aanbieder,
                    (tr.persoon, [(tp, lev.begindatum, lev.einddatum, lev.reden, "1")]),
                )


@dataclass(slots=True)
class Regel:
    """One declaration line (Prestatie)."""

    referentie: str
    vorige: str | None
    tp: Tp
    begin: date
    eind: date
    volume: int
    tarief: int | None
    bedrag: int
    dc: str
    afgewezen: bool = False
    retourcode: str | None = None


def declaraties(sim: Gemeentesimulatie) -> None:
    """Monthly 323 per aanbieder with debit lines, credits of earlier lines with a corrected debit, and the 325."""
    rng, imp, p0, p1 = sim.rng, sim.imp, sim.p0, sim.p1
    per_maand: dict[tuple[str, date], list[Regel]] = defaultdict(list)
    aanbieder_van: dict[str, Aanbieder] = {}
    nr = 0

    def ref() -> str:
        nonlocal nr
        nr += 1
        return f"{sim.gemeente}-{nr}"

    for tr in sim.trajecten:
        a = tr.aanbieder
        aanbieder_van[a.agb] = a
        for tp in tr.tps:
            if tp.verwijderd or not tp.leveringen:
                continue
            p = tp.product
            v = tp.huidig
            tarief = round(p.tarief * a.effect_kosten) if p.eenheid != "83" else None
            tp_eind = v.einddatum or p1
            if p.eenheid == "83":
                lev = tp.leveringen[0]
                b = lev.begindatum
                if b < p0 or b > p1:
                    continue
                maand_eind = _maanden(b, b)[0][1]
                e = min(maand_eind, tp_eind, lev.einddatum or maand_eind)
                per_maand[(a.agb, date(b.year, b.month, 1))].append(
                    Regel(ref(), None, tp, b, e, v.volume, None, v.volume, "D")
                )
                continue
            for lev in tp.leveringen:
                a_ = max(lev.begindatum, p0, tp.ingangsdatum)
                b_ = min(lev.einddatum or p1, p1, tp_eind)
                if b_ < a_:
                    continue
                for mb, me in _maanden(a_, b_):
                    dagen = (me - mb).days + 1
                    dim = calendar.monthrange(mb.year, mb.month)[1]
                    if p.eenheid == "82":
                        vol = 1
                    elif p.eenheid == "14":
                        vol = min(dagen, v.volume) if p.frequentie == "4" else dagen
                    elif p.frequentie == "2":
                        vol = max(1, round(v.volume * dagen / 7 * rng.uniform(0.7, 1.0)))
                    else:
                        vol = max(1, round(v.volume * dagen / dim * rng.uniform(0.7, 1.0)))
                    assert tarief is not None
                    per_maand[(a.agb, date(mb.year, mb.month, 1))].append(
                        Regel(ref(), None, tp, mb, me, vol, tarief, vol * tarief, "D")
                    )
    # credits: an approved line credited in a later month and declared again with a corrected volume
    for (agb, maand), regels in sorted(per_maand.items(), key=lambda x: (x[0][0], x[0][1])):
        for r in list(regels):
            if r.dc != "D" or r.vorige is not None or rng.random() >= imp.declaratie_gecrediteerd:
                continue
            later = date(maand.year + (maand.month + 1 > 12), (maand.month % 12) + 1, 1)
            later = (
                date(later.year + (later.month + 1 > 12), (later.month % 12) + 1, 1)
                if rng.random() < 0.5
                else later
            )
            if later > p1:
                continue
            credit = Regel(ref(), r.referentie, r.tp, r.begin, r.eind, r.volume, r.tarief, r.bedrag, "C")
            nieuw_vol = max(1, r.volume - 1) if r.tarief is not None else r.volume - 5_000
            nieuw = Regel(
                ref(),
                None,
                r.tp,
                r.begin,
                r.eind,
                nieuw_vol,
                r.tarief,
                nieuw_vol * r.tarief if r.tarief is not None else nieuw_vol,
                "D",
            )
            credit.vorige = r.referentie
            per_maand[(agb, later)].extend((credit, nieuw))
            r.retourcode = "credit_volgt"  # marker, cleared below: never reject a line that will be credited
    for (agb, maand), regels in sorted(per_maand.items(), key=lambda x: (x[0][0], x[0][1])):
        dag = date(maand.year + (maand.month == 12), maand.month % 12 + 1, 1) + timedelta(
            days=rng.randint(2, 20)
        )
        if dag > p1:
            continue
        for r in regels:
            if r.retourcode == "credit_volgt":
                r.retourcode = None
                continue
            if r.dc == "D" and r.vorige is None and rng.random() < imp.declaratie_afgewezen:
                r.afgewezen = True
                r.retourcode = rng.choice(("9321", "0611", "9307"))
        antwoord = dag + timedelta(days=rng.randint(3, 14))
        a = aanbieder_van[agb]
        eigen = sorted(
            regels, key=lambda r: (r.tp.traject.persoon.bsn, r.tp.traject.persoon.persoon_id, r.begin)
        )
        sim.spec(dag, "323", a, (maand, eigen), retour=False)
        decl = (
            sim.uit.specs[-1]
            if sim.uit.specs and sim.uit.specs[-1].soort == "323" and sim.uit.specs[-1].dag == dag
            else None
        )
        if decl is not None and antwoord <= p1:
            sim.uit.specs.append(Spec(antwoord, "325", agb, (decl, maand, eigen)))
            for r in eigen:
                sim.uit.rijen["declaratieregels"].append(_regel_rij(sim, r, maand, dag, True))
        elif decl is not None:
            for r in eigen:
                sim.uit.rijen["declaratieregels"].append(_regel_rij(sim, r, maand, dag, False))


def _regel_rij(sim: Gemeentesimulatie, r: Regel, maand: date, dag: date, beantwoord: bool) -> dict[str, Any]:
    tr = r.tp.traject
    betaald = 0
    if beantwoord and not r.afgewezen:
        betaald = r.bedrag if r.dc == "D" else -r.bedrag
    return {
        "wet": sim.wet,
        "gemeente": sim.gemeente,
        "aanbieder": tr.aanbieder.agb,
        "declaratiemaand": maand,
        "declaratiedatum": dag,
        "referentienummer": r.referentie,
        "vorig_referentienummer": r.vorige,
        "toewijzingnummer": r.tp.nummer,
        "persoon_id": tr.persoon.persoon_id,
        "bsn": tr.persoon.bsn,
        "traject_id": tr.traject_id,
        "productcategorie": r.tp.product.categorie,
        "productcode": r.tp.product.code,
        "begindatum": r.begin,
        "einddatum": r.eind,
        "volume": r.volume,
        "eenheid": r.tp.product.eenheid,
        "tarief": r.tarief,
        "bedrag": r.bedrag,
        "debet_credit": r.dc,
        "beantwoord": beantwoord,
        "afgewezen": r.afgewezen,
        "retourcode": r.retourcode,
        "betaald": betaald,
    }


def waarheid(sim: Gemeentesimulatie) -> None:
    """Ground-truth rows for trajectories, allocations, deliveries and requests (state at the end of the period)."""
    rijen, p1 = sim.uit.rijen, sim.p1
    betaald: dict[str, int] = defaultdict(int)
    for r in rijen["declaratieregels"]:
        betaald[r["traject_id"]] += r["betaald"]
    for tr in sim.trajecten:
        p = tr.product
        a = tr.aanbieder
        wacht = (tr.begindatum - tr.toewijzingsdatum).days if tr.begindatum and tr.toewijzingsdatum else None
        rijen["trajecten"].append(
            {
                "traject_id": tr.traject_id,
                "persoon_id": tr.persoon.persoon_id,
                "bsn": tr.persoon.bsn,
                "wet": sim.wet,
                "gemeente": sim.gemeente,
                "aanbieder": a.agb,
                "productcategorie": p.categorie,
                "productcode": p.code,
                "hulpvorm": p.groep,
                "verblijf": p.verblijf,
                "uitvoeringsvariant": p.variant,
                "verwijzer": tr.verwijzer,
                "via_verzoek": tr.via_verzoek,
                "aanvraagdatum": tr.aanvraagdatum,
                "toewijzingsdatum": tr.toewijzingsdatum,
                "begindatum": tr.begindatum,
                "einddatum": tr.einddatum,
                "wachtdagen": wacht,
                "wachtdagen_vanaf_aanvraag": (tr.begindatum - tr.aanvraagdatum).days
                if tr.begindatum
                else None,
                "reden_beeindiging": tr.reden,
                "volgens_plan": tr.reden in ("31", "19") if tr.reden else None,
                "status": tr.status,
                "herhaald_beroep": tr.herhaald_beroep,
                "eerdere_zorg_buiten_venster": tr.eerdere_zorg_buiten_venster,
                "in_voorraad": tr.in_voorraad,
                "leeftijd_bij_aanvraag": tr.persoon.leeftijd(max(tr.aanvraagdatum, sim.p0)),
                "geslacht": tr.persoon.geslacht,
                "betaald": betaald.get(tr.traject_id, 0),
                "toewijzingnummers": [tp.nummer for tp in tr.tps],
            }
        )
        for tp in tr.tps:
            zichtbaar = [v for v in tp.versies if v.datum <= p1]
            if not zichtbaar:
                continue
            v = zichtbaar[-1]
            rijen["toewijzingen"].append(
                {
                    "wet": sim.wet,
                    "gemeente": sim.gemeente,
                    "aanbieder": a.agb,
                    "toewijzingnummer": tp.nummer,
                    "persoon_id": tr.persoon.persoon_id,
                    "bsn": tr.persoon.bsn,
                    "traject_id": tr.traject_id,
                    "productcategorie": p.categorie,
                    "productcode": p.code,
                    "ingangsdatum": tp.ingangsdatum,
                    "einddatum": v.einddatum,
                    "volume": v.volume,
                    "eenheid": p.eenheid,
                    "frequentie": p.frequentie,
                    "budget": None,
                    "toewijzingsdatum": zichtbaar[0].datum,
                    "laatste_toewijzingsdatum": v.datum,
                    "laatste_toewijzingstijd": v.tijd,
                    "reden_wijziging": v.reden,
                    "redenen_wijziging": [x.reden for x in zichtbaar if x.reden],
                    "referentie_aanbieder": zichtbaar[0].referentie,
                    "verwijderd": tp.verwijderd and v.reden == "13",
                    "aantal_versies": len(zichtbaar),
                }
            )
            for lev in tp.leveringen:
                rijen["leveringen"].append(
                    {
                        "wet": sim.wet,
                        "gemeente": sim.gemeente,
                        "aanbieder": a.agb,
                        "toewijzingnummer": tp.nummer,
                        "persoon_id": tr.persoon.persoon_id,
                        "bsn": tr.persoon.bsn,
                        "traject_id": tr.traject_id,
                        "productcode": p.code,
                        "begindatum": lev.begindatum,
                        "einddatum": lev.einddatum,
                        "reden_beeindiging": lev.reden,
                        "tijdelijk": lev.reden == "20",
                        "lopend": lev.einddatum is None,
                        "start_verzonden": lev.start_verzonden,
                        "stop_verzonden": lev.stop_verzonden,
                    }
                )
    rijen["verzoeken"].extend(sim.verzoeken)
