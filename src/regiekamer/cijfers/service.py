"""The figures behind every page and API route, computed from the store and kept until the store changes.

:class:`Cijfers` wraps the indicator catalogue (``regiekamer.indicatoren``) and the cliëntpaden sources for an
interactive reader: a filter becomes a breakdown whose one row is then kept (so every indicator, also medians and
Kaplan–Meier quantiles, is computed on exactly the filtered population, never re-aggregated), results are stored
as Parquet in ``<data-dir>/cijfers-cache/`` keyed by the request and a fingerprint of the store (so several server
processes share them and a new ingest invalidates them), and the user's :class:`~regiekamer.cijfers.scope.Scope` is
applied to every answer. No web dependencies: usable from a notebook as well.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from regiekamer.cijfers.scope import BuitenBereik, Scope, Selectie
from regiekamer.clientpaden.reconstructie import connect
from regiekamer.clientpaden.sleutels import tekst_kolommen
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.codelijsten import lijst_voor, omschrijving
from regiekamer.indicatoren.bronnen import Bronnen
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID
from regiekamer.indicatoren.periode import Granulariteit, Periode, parse_periode
from regiekamer.indicatoren.service import bereken
from regiekamer.statistiek.km import kaplan_meier

CACHE_MAP = "cijfers-cache"
CACHE_VERSIE = "3"  # raise when the meaning of a cached table changes
WACHTKLASSEN = ((0, 13, "< 2 weken"), (14, 41, "2-6 weken"), (42, 83, "6-12 weken"), (84, None, "12 weken of langer"))
"""Waiting-time bands in days, the same thresholds as the indicators wachtend_2/6/12_weken."""


@dataclass(frozen=True)
class Keuze:
    """A code with its Dutch label, for filters and tables."""

    code: str
    naam: str


@dataclass(frozen=True)
class Opties:
    """What a user can choose from in this store."""

    eerste_dag: dt.date
    """The first day of full message traffic (figures before it would be incomplete)."""
    laatste_dag: dt.date
    jaren: tuple[str, ...]
    kwartalen: tuple[str, ...]
    maanden: tuple[str, ...]
    wetten: tuple[Keuze, ...]
    gemeenten: tuple[Keuze, ...]
    aanbieders: tuple[Keuze, ...]
    productcategorieen: tuple[Keuze, ...]
    leeftijdsklassen: tuple[Keuze, ...]
    regios: tuple[str, ...]
    per_regio: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Per jeugdregio the gemeente and aanbieder codes that occur in its data."""

    def binnen(self, scope: Scope) -> Opties:
        """The choices within a user's jeugdregio: its gemeenten, and the aanbieders active there."""
        if scope.regio is None:
            return self
        r = self.per_regio.get(scope.regio, {"gemeenten": [], "aanbieders": []})
        g, a = set(r["gemeenten"]), set(r["aanbieders"])
        return replace(
            self,
            gemeenten=tuple(k for k in self.gemeenten if k.code in g),
            aanbieders=tuple(k for k in self.aanbieders if k.code in a),
            regios=tuple(x for x in self.regios if x == scope.regio),
            per_regio={scope.regio: r},
        )

    def perioden(self) -> tuple[str, ...]:
        return (*reversed(self.jaren), *reversed(self.kwartalen), *reversed(self.maanden))

    @property
    def standaard_periode(self) -> str:
        """The last whole calendar year in the data, else the last whole month."""
        volle_jaren = [j for j in self.jaren if dt.date(int(j), 12, 31) <= self.laatste_dag]
        return volle_jaren[-1] if volle_jaren else self.maanden[-1]


WET_NAMEN = {"jw": "Jeugdwet", "wmo": "Wmo 2015"}


class Cijfers:
    """Figures over one store (``regiekamer ingest``'s data directory), safe to share between threads."""

    def __init__(self, data_dir: Path | str, *, gap_dagen: int = 0, geheugen_items: int = 512,
                 threads: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        if not (self.data_dir / "regiekamer.duckdb").exists():
            raise FileNotFoundError(
                f"geen opslag in {self.data_dir}: lees eerst berichten in met 'regiekamer ingest -d {self.data_dir}'"
            )
        self.gap_dagen = gap_dagen
        self.threads = threads
        self._lock = threading.RLock()
        self._bron: Bronnen | None = None
        self._laatst_gebruikt = 0.0
        self._vingerafdruk: str | None = None
        self._geheugen: OrderedDict[str, pd.DataFrame] = OrderedDict()
        self._max_geheugen = geheugen_items

    # --- infrastructure ---------------------------------------------------------------------------------

    @property
    def vingerafdruk(self) -> str:
        """Changes whenever the store file changes (an ingest), so cached figures from before are not used."""
        st = (self.data_dir / "regiekamer.duckdb").stat()
        v = f"{st.st_size}-{st.st_mtime_ns}-{self.gap_dagen}-{CACHE_VERSIE}"
        if v != self._vingerafdruk:
            with self._lock:
                self._vingerafdruk, self._bron = v, None
                self._geheugen.clear()
                self.__dict__.pop("opties", None)
        return v

    @property
    def bron(self) -> Bronnen:
        self.vingerafdruk  # noqa: B018 - drops the sources when the store changed
        with self._lock:
            if self._bron is None:
                self._bron = Bronnen(connect(self.data_dir, threads=self.threads), gap_dagen=self.gap_dagen)
            self._laatst_gebruikt = time.monotonic()
            return self._bron

    def loslaten(self, na_seconden: float = 0.0) -> bool:
        """Close the store connection when it has not been used for ``na_seconden``: DuckDB lets no writer in
        while a reader holds the file, so a long-running server releases it between computations (an ingest can
        then run; the figures computed so far stay cached). Returns whether it was released."""
        if not self._lock.acquire(blocking=False):
            return False  # a computation is running
        try:
            if self._bron is None or time.monotonic() - self._laatst_gebruikt < na_seconden:
                return False
            con = self._bron.con
            con = getattr(con, "con", con)  # the Ibis backend under clientpaden.tussen's wrapper
            self._bron = None
            # temporary tables go with the connection: detach Ibis' finalisers that would drop them later
            for entry in list(getattr(con, "_cache_name_to_entry", {}).values()):
                entry.finalizer.detach()
            getattr(con, "_cache_name_to_entry", {}).clear()
            getattr(con, "_cache_op_to_entry", {}).clear()
            con.disconnect()
            gc.collect()
            return True
        finally:
            self._lock.release()

    def laat_los_na(self, seconden: float) -> None:
        """Release the store connection whenever it has been idle for ``seconden`` (a daemon thread)."""

        def wacht() -> None:
            while True:
                time.sleep(max(1.0, seconden / 4))
                self.loslaten(seconden)

        threading.Thread(target=wacht, name="regiekamer-loslaten", daemon=True).start()

    def bewaard(self, sleutel: Sequence[Any], maak: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``maak()`` once per key and store state: kept in memory (LRU) and as Parquet in the cache folder. The
        capabilities that build on these figures (landschap, sturing) cache their own tables through it too."""
        tekst = json.dumps([self.vingerafdruk, *sleutel], default=str, sort_keys=True)
        h = hashlib.sha256(tekst.encode()).hexdigest()[:32]
        if (df := self._geheugen.get(h)) is not None:
            self._geheugen.move_to_end(h)
            return df.copy()
        pad = self.data_dir / CACHE_MAP / f"{h}.parquet"
        if pad.exists():
            df = pd.read_parquet(pad)
        else:
            with self._lock:
                if pad.exists():
                    df = pd.read_parquet(pad)
                else:
                    df = maak()
                    pad.parent.mkdir(exist_ok=True)
                    tmp = pad.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
                    df.to_parquet(tmp, index=False)
                    os.replace(tmp, pad)
        self._geheugen[h] = df
        if len(self._geheugen) > self._max_geheugen:
            self._geheugen.popitem(last=False)
        return df.copy()

    def _filter_ibis(self, t: ir.Table, scope: Scope, selectie: Selectie) -> ir.Table:
        """A raw source limited to the scope's jeugdregio and the selection; the role's own limits (other
        gemeenten, other aanbieders' codes) are applied to the result by ``Scope.beperk``."""
        if scope.regio and "regio" in t.columns:
            t = t.filter(t.regio == scope.regio)
        for k, v in selectie.actief().items():
            if k in t.columns:
                t = t.filter(t[k] == v)
        return t

    # --- what there is to choose ------------------------------------------------------------------------

    @cached_property
    def opties(self) -> Opties:
        return _opties_uit(self.bewaard(("opties",), self._maak_opties).iloc[0])

    def _maak_opties(self) -> pd.DataFrame:
        b = self.bron
        laatste = b.einde_gegevens
        eerste = self._begin_verkeer(laatste)
        alles = Periode(dt.date(eerste.year, eerste.month, 1), laatste, "alles")

        def codes(kolom: str) -> list[str]:
            waarden: set[str] = set()
            for bron in (b.trajecten, b.toewijzingen, b.declaraties):
                if kolom in bron.columns:
                    waarden |= {str(x) for x in bron.select(kolom).distinct().to_pandas()[kolom] if x is not None}
            return sorted(waarden)

        wetten = [[w, WET_NAMEN.get(w, w)] for w in codes("wet")]
        gemeenten = [[g, (i.naam if (i := gemeente_info(g)) else g)] for g in codes("gemeente")]
        aanbieders = [[a, a] for a in codes("aanbieder")]
        cats = []
        for c in codes("productcategorie"):
            naam = omschrijving(lijst_voor("jw", "productcategorie"), c) or omschrijving(
                lijst_voor("wmo", "productcategorie"), c
            )
            cats.append([c, f"{c} {naam}" if naam else c])
        klassen = [[k, k] for k in codes("leeftijdsklasse")]
        regios = sorted({r for r in b.trajecten.select("regio").distinct().to_pandas()["regio"] if r})
        tp = b.toewijzingen.join(b.regio, "gemeente").select("regio", "gemeente", "aanbieder").distinct()
        paren = _pd(tp)
        per_regio = {
            str(r): {"gemeenten": sorted(set(g["gemeente"])), "aanbieders": sorted(set(g["aanbieder"]))}
            for r, g in paren.groupby("regio")
        }
        return pd.DataFrame(
            [
                {
                    "eerste_dag": alles.van.isoformat(),
                    "laatste_dag": laatste.isoformat(),
                    "jaren": json.dumps([p.label for p in alles.deel("jaar")]),
                    "kwartalen": json.dumps([p.label for p in alles.deel("kwartaal")]),
                    "maanden": json.dumps([p.label for p in alles.deel("maand")]),
                    "wetten": json.dumps(wetten),
                    "gemeenten": json.dumps(gemeenten),
                    "aanbieders": json.dumps(aanbieders),
                    "productcategorieen": json.dumps(cats),
                    "leeftijdsklassen": json.dumps(klassen),
                    "regios": json.dumps(regios),
                    "per_regio": json.dumps(per_regio),
                }
            ]
        )

    def _begin_verkeer(self, laatste: dt.date) -> dt.date:
        """The first month of full message traffic: the first month with at least half the median monthly
        number of messages of the last year. Older messages (the allocations and starts of care that was already
        running when the store began) describe that care, but figures over those months would be incomplete."""
        bericht = self.bron.con.table("bericht")
        m = bericht.mutate(maand=bericht.dagtekening.truncate("M")).group_by("maand").aggregate(n=ibis._.count())
        df = _pd(m.order_by("maand"))
        df["maand"] = pd.to_datetime(df["maand"]).dt.date
        recent = df[df["maand"] > dt.date(laatste.year - 1, laatste.month, 1)]
        drempel = 0.5 * float(recent["n"].median()) if not recent.empty else 0.0
        vol = df[df["n"] >= drempel]
        begin: dt.date = vol["maand"].iloc[0] if not vol.empty else df["maand"].iloc[0]
        return max(begin, dt.date(laatste.year - 5, 1, 1))  # no page goes back further than five years

    def periode(self, tekst: str | None) -> Periode:
        """A period label as users give it, clipped to the data (``None``: the default period)."""
        p = parse_periode(tekst or self.opties.standaard_periode)
        o = self.opties
        if p.tot < o.eerste_dag or p.van > o.laatste_dag:
            raise ValueError(f"periode {p.label} valt buiten de gegevens ({o.eerste_dag} tot en met {o.laatste_dag})")
        return p

    # --- indicators ---------------------------------------------------------------------------------------

    def indicatoren(
        self,
        scope: Scope,
        selectie: Selectie,
        periode: Periode,
        ids: Iterable[str] | None = None,
        *,
        per: Granulariteit | None = None,
        by: Sequence[str] = (),
    ) -> pd.DataFrame:
        """The long indicator table (as :func:`regiekamer.indicatoren.bereken`) for the filtered population.

        Indicators that do not support a filter or breakdown in use (the deadline indicators know no
        productcategorie or age) are left out; :meth:`niet_beschikbaar` names them.
        """
        scope.controleer(selectie)
        filt = dict(selectie.actief())
        if scope.regio:
            filt["regio"] = scope.regio
        by_eff = tuple(sorted(set(by) | set(filt)))
        gekozen = [PER_ID[i] for i in ids] if ids is not None else list(INDICATOREN)
        ondersteund = tuple(i.id for i in gekozen if set(by_eff) <= set(i.uitsplitsingen))
        if not ondersteund:
            return pd.DataFrame(columns=["indicator", "periode", "periode_van", "periode_tot", *by, "waarde"])
        df = self.bewaard(
            ("indicatoren", ondersteund, periode.label, periode.van, periode.tot, per, by_eff),
            lambda: bereken(self.bron, periode, indicatoren=ondersteund, by=by_eff, per=per).tabel,
        )
        for k, v in filt.items():
            df = df[df[k] == v]
        df = df.drop(columns=[k for k in filt if k not in by])
        return scope.beperk(df.reset_index(drop=True))

    @staticmethod
    def niet_beschikbaar(ids: Iterable[str], selectie: Selectie, by: Sequence[str] = ()) -> list[str]:
        nodig = set(by) | set(selectie.actief())
        return [i for i in ids if not nodig <= set(PER_ID[i].uitsplitsingen)]

    # --- cliëntpaden --------------------------------------------------------------------------------------

    def stromen(self, scope: Scope, selectie: Selectie, periode: Periode, niveau: str = "vorm") -> pd.DataFrame:
        """Transitions in the period from one trajectory to the next (docs/paden.md) counted per from → to node:
        ``niveau`` ``vorm`` (form of care), ``aanbieder`` or ``productcategorie``; with the transition types."""
        if niveau not in ("vorm", "aanbieder", "productcategorie"):
            raise ValueError(f"onbekend niveau {niveau!r}: vorm, aanbieder of productcategorie")
        scope.controleer(selectie)

        def maak() -> pd.DataFrame:
            o = self.bron.overgangen
            o = o.filter((o.datum >= periode.van) & (o.datum <= periode.tot))
            o = self._filter_ibis(o, scope, selectie)
            r = o.group_by([f"van_{niveau}", niveau, "overgang"]).aggregate(aantal=o.count())
            return _pd(r.order_by([ibis.desc("aantal"), f"van_{niveau}", niveau]))

        df = self.bewaard(("stromen", niveau, periode.label, periode.van, periode.tot, scope.regio,
                            selectie.actief()), maak)
        df = df.rename(columns={f"van_{niveau}": "van", niveau: "naar"})
        if niveau == "aanbieder":
            df = df.rename(columns={"van": "van_aanbieder", "naar": "aanbieder"})
            df = scope.beperk(df).rename(columns={"van_aanbieder": "van", "aanbieder": "naar"})
        return df

    def duurcurven(self, scope: Scope, selectie: Selectie, periode: Periode, groep: str = "vorm") -> pd.DataFrame:
        """Kaplan–Meier survival of trajectories that started in the period, per ``groep`` (vorm, wet, …):
        columns groep, dag, overleving (share still in care), at_risk."""
        scope.controleer(selectie)

        def maak() -> pd.DataFrame:
            t = self.bron.trajecten
            t = t.filter((t.begindatum >= periode.van) & (t.begindatum <= periode.tot))
            t = self._filter_ibis(t, scope, selectie)
            einde = self.bron.einde_gegevens
            t = t.mutate(
                _duur=t.einddatum.fill_null(ibis.literal(einde)).delta(t.begindatum, unit="day") + 1,
                _event=t.status == "beeindigd",
            )
            return _pd(kaplan_meier(t, "_duur", "_event", by=[groep]))

        df = self.bewaard(("duur", groep, periode.label, periode.van, periode.tot, scope.regio,
                            selectie.actief()), maak)
        return df

    # --- wachten ------------------------------------------------------------------------------------------

    def wachtend(self, scope: Scope, selectie: Selectie, datum: dt.date, by: Sequence[str] = ()) -> pd.DataFrame:
        """Clients waiting on ``datum`` (allocated, not started; docs/indicatoren.md wachtend_*), counted per
        waiting-time band and the breakdown ``by`` (e.g. aanbieder, productcategorie)."""
        scope.controleer(selectie)
        groep = [*by]

        def maak() -> pd.DataFrame:
            w = self._filter_ibis(self.bron.wachtend_op(datum), scope, selectie)
            klasse = ibis.cases(
                *[
                    ((w.wachtdagen >= lo) & (w.wachtdagen <= hi) if hi is not None else (w.wachtdagen >= lo), naam)
                    for lo, hi, naam in WACHTKLASSEN
                ]
            )
            w = w.mutate(wachtklasse=klasse)
            r = w.group_by([*groep, "wachtklasse"]).aggregate(clienten=w.client.nunique())
            return _pd(r.order_by([*groep, "wachtklasse"]))

        df = self.bewaard(("wachtend", datum, tuple(groep), scope.regio, selectie.actief()), maak)
        return scope.beperk(df)

    def wachtenden(self, scope: Scope, selectie: Selectie, datum: dt.date, min_dagen: int = 42) -> pd.DataFrame:
        """Client level: who has waited ``min_dagen`` or longer on ``datum`` (pseudonym, aanbieder, product,
        days). Only for roles that may see clients; the web layer writes every view to the access log."""
        if not scope.ziet_clienten:
            raise BuitenBereik("deze rol ziet geen gegevens op cliëntniveau")
        scope.controleer(selectie)

        def maak() -> pd.DataFrame:
            w = self._filter_ibis(self.bron.wachtend_op(datum), scope, selectie)
            w = w.filter(w.wachtdagen >= min_dagen)
            w = w.select(
                "wet", "gemeente", "aanbieder", "productcategorie", "productcode", "client", "toewijzingnummer",
                "eerste_toewijzingsdatum", "wachtdagen",
            )
            return _pd(w.order_by([ibis.desc("wachtdagen"), "client", "toewijzingnummer"]))

        df = self.bewaard(("wachtenden", datum, min_dagen, scope.regio, selectie.actief()), maak)
        return scope.beperk(df)

    def clientpad(self, scope: Scope, wet: str, client: str) -> pd.DataFrame:
        """Client level: the allocations and trajectories of one (pseudonymised) client under one law, by date:
        columns soort (toewijzing/traject), datum, gemeente, aanbieder, productcategorie, product, einddatum,
        status, reden_beeindiging, wachtdagen."""
        if not scope.ziet_clienten:
            raise BuitenBereik("deze rol ziet geen gegevens op cliëntniveau")
        client = client.strip().lower()
        if not PSEUDONIEM.fullmatch(client):  # the store compares it as a UUID: anything else is no client
            raise ValueError(f"geen pseudoniem: {client[:40]!r} is geen 32 hexadecimale cijfers")

        def maak() -> pd.DataFrame:
            b = self.bron
            t = b.trajecten.filter((ibis._.wet == wet) & (ibis._.client == client))
            tp = b.toewijzingen.filter((ibis._.wet == wet) & (ibis._.client == client))
            if scope.regio:
                t = t.filter(t.regio == scope.regio)
                tp = tp.join(b.regio.filter(ibis._.regio == scope.regio), "gemeente").select(tp)
            trajecten = t.select(
                soort=ibis.literal("traject"), datum=t.begindatum, gemeente=t.gemeente, aanbieder=t.aanbieder,
                productcategorie=t.productcategorie, product=t.laatste_productcode, einddatum=t.einddatum,
                status=t.status, reden_beeindiging=t.reden_beeindiging, wachtdagen=t.wachtdagen,
            )
            toewijzingen = tp.select(
                soort=ibis.literal("toewijzing"), datum=tp.toewijzingsdatum, gemeente=tp.gemeente,
                aanbieder=tp.aanbieder, productcategorie=tp.productcategorie, product=tp.productcode,
                einddatum=tp.einddatum, status=ibis.ifelse(tp.verwijderd, "ingetrokken", "toegewezen"),
                reden_beeindiging=ibis.null("string"), wachtdagen=ibis.null("int64"),
            )
            return _pd(trajecten.union(toewijzingen).order_by(["datum", "soort", "aanbieder"]))

        df = self.bewaard(("clientpad", wet, client, scope.regio), maak)
        return scope.beperk(df)

    # --- kosten -------------------------------------------------------------------------------------------

    def kosten(self, scope: Scope, selectie: Selectie, periode: Periode, by: Sequence[str] = ()) -> pd.DataFrame:
        """Paid (accepted declarations, by the begindatum of the declared period) against what was allocated
        (an allocation's Budget, or its volume × the mean declared tarief of its productcode; pro rata to the days
        of the allocation in the period; allocations without an Einddatum are left out), per ``by``; eurocent."""
        scope.controleer(selectie)
        groep = list(by)

        def maak() -> pd.DataFrame:
            b = self.bron
            d = self._filter_ibis(b.declaraties, scope, selectie)
            d = d.filter((d.begindatum >= periode.van) & (d.begindatum <= periode.tot))
            betaald = d.group_by(groep).aggregate(betaald=d.betaald.sum()) if groep else d.aggregate(
                betaald=d.betaald.sum())
            u = self._filter_ibis(b.uitputting, scope, selectie)
            u = u.filter(u.ingangsdatum <= periode.tot)
            u = u.filter(u.einddatum >= periode.van)
            # an allocation by volume (Omvang) is valued at the mean accepted tarief declared for its productcode
            # in the same law and gemeente; an allocation with a Budget at that budget (docs/web.md, Kosten)
            tarieven = b.declaraties.filter(ibis._.status == "toegekend")
            tarieven = tarieven.group_by(["wet", "gemeente", "productcode"]).aggregate(_tarief=tarieven.tarief.mean())
            u = u.left_join(tarieven, ["wet", "gemeente", "productcode"]).select(u, tarieven._tarief)
            waarde = ibis.coalesce(u.budget.cast("float64"), u.toegewezen_volume.cast("float64") * u._tarief)
            van = ibis.greatest(u.ingangsdatum, ibis.literal(periode.van))
            tot = ibis.least(u.einddatum, ibis.literal(periode.tot))
            aandeel = (tot.delta(van, unit="day") + 1).cast("float64") / (
                u.einddatum.delta(u.ingangsdatum, unit="day") + 1
            ).cast("float64")
            u = u.mutate(_budget=waarde * aandeel)
            budget = u.group_by(groep).aggregate(budget=u._budget.sum()) if groep else u.aggregate(
                budget=u._budget.sum())
            bp, bb = _pd(betaald), _pd(budget)
            df = bp.merge(bb, on=groep, how="outer") if groep else pd.concat([bp, bb], axis=1)
            df["betaald"] = df["betaald"].fillna(0).astype("int64")
            df["budget"] = df["budget"].round().astype("Int64")
            return df.sort_values(groep or ["betaald"]).reset_index(drop=True)

        df = self.bewaard(("kosten", periode.label, periode.van, periode.tot, tuple(groep), scope.regio,
                            selectie.actief()), maak)
        return scope.beperk(df)

    def kosten_per_maand(self, scope: Scope, selectie: Selectie, jaar: int) -> pd.DataFrame:
        """Paid per month of ``jaar`` (by declared period) and cumulative, for the trend and the projection."""
        scope.controleer(selectie)

        def maak() -> pd.DataFrame:
            d = self._filter_ibis(self.bron.declaraties, scope, selectie)
            d = d.filter(d.begindatum.year() == jaar)
            d = d.mutate(maand=d.begindatum.month())
            r = _pd(d.group_by("maand").aggregate(betaald=d.betaald.sum()).order_by("maand"))
            alle = pd.DataFrame({"maand": range(1, 13)})
            r = alle.merge(r, on="maand", how="left").fillna({"betaald": 0})
            r["betaald"] = r["betaald"].astype("int64")
            r["cumulatief"] = r["betaald"].cumsum()
            return r

        return self.bewaard(("kosten_maand", jaar, scope.regio, selectie.actief()), maak)


PSEUDONIEM = re.compile("[0-9a-f]{32}")
"""A client pseudonym as users see it: 32 hexadecimal digits (privacy.Pseudonymiser.client)."""


def _pd(t: ir.Table) -> pd.DataFrame:
    """``t`` as pandas, its keys as the 32-digit text a user knows (clientpaden.sleutels)."""
    df: pd.DataFrame = tekst_kolommen(t).to_pandas()
    return df


def _als_datum(v: Any) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return pd.Timestamp(v).date()


def _opties_uit(rij: pd.Series) -> Opties:
    def keuzes(k: str) -> tuple[Keuze, ...]:
        return tuple(Keuze(c, n) for c, n in json.loads(rij[k]))

    return Opties(
        eerste_dag=dt.date.fromisoformat(rij["eerste_dag"]),
        laatste_dag=dt.date.fromisoformat(rij["laatste_dag"]),
        jaren=tuple(json.loads(rij["jaren"])),
        kwartalen=tuple(json.loads(rij["kwartalen"])),
        maanden=tuple(json.loads(rij["maanden"])),
        wetten=keuzes("wetten"),
        gemeenten=keuzes("gemeenten"),
        aanbieders=keuzes("aanbieders"),
        productcategorieen=keuzes("productcategorieen"),
        leeftijdsklassen=keuzes("leeftijdsklassen"),
        regios=tuple(json.loads(rij["regios"])),
        per_regio=json.loads(rij["per_regio"]),
    )
