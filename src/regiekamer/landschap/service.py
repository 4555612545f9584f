"""The :class:`Landschap` service: the landscape for one user, selection and period (see the package docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie
from regiekamer.cijfers.scope import BuitenBereik
from regiekamer.indicatoren.periode import Periode
from regiekamer.landschap import analyse, basis
from regiekamer.landschap.analyse import STANDAARD, Drempels
from regiekamer.landschap.inrichting import Inrichting, grensovergangen
from regiekamer.openbaarheid import STANDAARD as KLEINE_AANTALLEN
from regiekamer.openbaarheid import Regel


def vorige_periode(p: Periode) -> Periode:
    """The period of the same length just before ``p``."""
    tot = p.van - dt.timedelta(days=1)
    return Periode(tot - dt.timedelta(days=p.dagen - 1), tot, f"voor {p.label}")


@dataclass
class Landschap:
    cijfers: Cijfers
    scope: Scope
    selectie: Selectie
    periode: Periode
    drempels: Drempels = STANDAARD
    kleine_aantallen: Regel = KLEINE_AANTALLEN

    def __post_init__(self) -> None:
        if not self.scope.ziet_cijfers:
            raise BuitenBereik("de rol beheerder ziet geen cijfers")
        self.scope.controleer(self.selectie)

    # --- the filtered base frames --------------------------------------------------------------------------

    def _filter(self, df: pd.DataFrame, *, gemeente: bool = False, aanbieder: bool = False) -> pd.DataFrame:
        s = self.selectie
        for k in ("wet", "productcategorie", "leeftijdsklasse"):
            if (v := getattr(s, k)) is not None and k in df.columns:
                df = df[df[k] == v]
        if gemeente and s.gemeente is not None:
            df = df[df["gemeente"] == s.gemeente]
        if aanbieder and s.aanbieder is not None:
            df = df[df["aanbieder"] == s.aanbieder]
        return df

    def trajecten(self, periode: Periode | None = None) -> pd.DataFrame:
        return self._filter(basis.trajecten(self.cijfers, self.scope.regio, periode or self.periode))

    def betaald(self) -> pd.DataFrame:
        return self._filter(basis.betaald(self.cijfers, self.scope.regio, self.periode))

    def _eigen(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows of other gemeenten dropped for a gemeente-analist; other aanbieders labelled for an aanbieder."""
        return self.scope.beperk(df.reset_index(drop=True))

    # --- 1. the landscape ------------------------------------------------------------------------------------

    def matrix(self, functie: str = "productcategorie") -> pd.DataFrame:
        """Per aanbieder, function (``productcategorie`` or ``productcode``) and gemeente: clients, trajectories
        and paid; plus, when no gemeente is selected, per aanbieder and function a region row (gemeente empty)."""
        niveau = ["wet", "aanbieder", functie]
        t = self._filter(self.trajecten(), gemeente=True, aanbieder=True)
        b = self._filter(self.betaald(), gemeente=True, aanbieder=True)
        per_g = analyse.landschap(t, b, [*niveau, "gemeente"])
        delen = [per_g]
        if self.selectie.gemeente is None:  # region rows only when the whole region is selected
            delen.insert(0, analyse.landschap(t, b, niveau).assign(gemeente=None))
        df = pd.concat(delen, ignore_index=True)[[*niveau, "gemeente", "clienten", "trajecten", "betaald"]]
        df = df.sort_values([*niveau, "gemeente"], na_position="first")
        return self._eigen(df)

    def netwerk(self) -> pd.DataFrame:
        """Edges aanbieder ↔ gemeente: clients, trajectories and paid (the network picture's data table)."""
        t = self._filter(self.trajecten(), gemeente=True, aanbieder=True)
        b = self._filter(self.betaald(), gemeente=True, aanbieder=True)
        return self._eigen(analyse.landschap(t, b, ["aanbieder", "gemeente"]))

    # --- 2. dependency -----------------------------------------------------------------------------------------

    def afhankelijkheid_aanbieders(self) -> pd.DataFrame:
        df = analyse.afhankelijkheid_aanbieders(
            self.betaald(), basis.omzet(self.cijfers, self.periode), self.drempels
        )
        if self.scope.rol == Rol.AANBIEDER:
            df = df[df["aanbieder"] == self.scope.aanbieder]
        return self._eigen(df)

    def afhankelijkheid_gemeenten(self) -> pd.DataFrame:
        return self._eigen(analyse.afhankelijkheid_gemeenten(self.betaald(), self.drempels))

    # --- 3. concentration and continuity ------------------------------------------------------------------------

    def concentratie(self) -> pd.DataFrame:
        df = analyse.concentratie(self.trajecten(), self.betaald(), self.drempels)
        return self._eigen(df.rename(columns={"grootste_aanbieder": "aanbieder"})).rename(
            columns={"aanbieder": "grootste_aanbieder"})

    def continuiteit(self, per_gemeente: bool = False) -> pd.DataFrame:
        niveau = ["gemeente"] if per_gemeente else []
        return self._eigen(analyse.continuiteit(self.trajecten(), self.betaald(), niveau))

    def signalen(self) -> pd.DataFrame:
        regio = self.scope.regio
        begin = self._filter(basis.wachtend(self.cijfers, regio, self.periode.van))
        eind = self._filter(basis.wachtend(self.cijfers, regio, self.periode.tot))
        vorige = vorige_periode(self.periode)
        t_vorige = self.trajecten(vorige) if vorige.van >= self.cijfers.opties.eerste_dag else self.trajecten().iloc[:0]
        return analyse.signalen(begin, eind, self.trajecten(), t_vorige, self.drempels)

    # --- 5. gemeenten side by side ---------------------------------------------------------------------------

    def gemeenten(self, inwoners: dict[str, int], jeugdigen: dict[str, int] | None = None) -> pd.DataFrame:
        """Per gemeente clients with paid care, trajectories, paid and clients waiting on the last day, absolute
        and per 1,000 inhabitants (when known), with the regional value and the spread on the row with gemeente
        empty. With ``jeugdigen`` (gemeente → number aged 0-17) also Jeugdwet clients per 1,000 youths."""
        t, b = self.trajecten(), self.betaald()
        df = analyse.landschap(t, b, ["gemeente"])
        w = self._filter(basis.wachtend(self.cijfers, self.scope.regio, self.periode.tot))
        df = df.merge(w.groupby("gemeente").clienten.sum().rename("wachtend").reset_index(), on="gemeente",
                      how="left")
        df["wachtend"] = df["wachtend"].fillna(0).astype("int64")
        df = analyse.per_inwoners(df, inwoners, ["clienten", "trajecten", "betaald", "wachtend"])
        if jeugdigen:  # Jeugdwet figures per 1,000 youths (0-17): the population the law is for
            jw = analyse.landschap(t[t["wet"] == "jw"], b[b["wet"] == "jw"], ["gemeente"])
            df = df.merge(jw[["gemeente", "clienten"]].rename(columns={"clienten": "clienten_jw"}), on="gemeente",
                          how="left")
            df["clienten_jw"] = df["clienten_jw"].fillna(0).astype("int64")
            df = analyse.per_inwoners(df, jeugdigen, ["clienten_jw"], noemer="jeugdigen")
        regio = df[df["gemeente"].isna()]
        if self.scope.rol == Rol.GEMEENTE:  # the region's spread would show the other gemeenten's extremes
            regio = regio.assign(**{k: float("nan") for k in df.columns if k.endswith(("_min", "_max"))})
        eigen = self._eigen(df[df["gemeente"].notna()])
        return pd.concat([eigen, regio], ignore_index=True)

    # --- 6. samenloop -------------------------------------------------------------------------------------------

    def samenloop(self) -> pd.DataFrame:
        """Households with care under both laws or from several aanbieders at once, per gemeente and postcode
        area: counts only, after the small-number rule (``"."`` for a suppressed count)."""
        h = basis.huishoudens(self.cijfers, self.scope.regio, self.periode)
        sel = replace(self.selectie, wet=None, productcategorie=None, leeftijdsklasse=None, aanbieder=None)
        if sel.gemeente is not None:
            h = h[h["gemeente"] == sel.gemeente]
        df = self._eigen(analyse.samenloop(h))
        return self.kleine_aantallen.pas_toe(df, ["huishoudens", "beide_wetten", "meer_aanbieders", "samenloop"])

    # --- 4. local or regional -----------------------------------------------------------------------------------

    def grens(self, inrichting: Inrichting) -> pd.DataFrame:
        """Transitions in the period between a locally and a regionally organised function (and back); a
        gemeente-analist sees those of the own gemeente's clients only."""
        o = self._filter(basis.overgangen(self.cijfers, self.scope.regio, self.periode), gemeente=True)
        if self.scope.rol == Rol.GEMEENTE:
            o = o[o["gemeente"] == self.scope.gemeente]
        return grensovergangen(o, inrichting)
