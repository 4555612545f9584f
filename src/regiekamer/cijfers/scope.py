"""Who may see what: roles, the selection a user makes, and the scope that bounds it.

The rules (docs/web.md, "Rollen en bereik"):

- ``gemeente-analist``: the figures of the own gemeente, plus aggregates over the own jeugdregio (no other gemeente's
  own figures: a breakdown by gemeente shows only the own gemeente);
- ``regio-analist``: every gemeente of the own jeugdregio, each on its own and together;
- ``aanbieder``: the own figures (aanbieder = own AGB code), plus benchmarks over all aanbieders of the region;
  other aanbieders appear only under a neutral label ("Aanbieder 03"), never by AGB code;
- ``beheerder``: manages users and reads the access log; sees no figures.

Every figure is always limited to the user's jeugdregio. The scope is enforced here, in the core library, so the
web pages, the API and a notebook share one implementation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

import pandas as pd

FILTERS = ("wet", "gemeente", "aanbieder", "productcategorie", "leeftijdsklasse")
"""The filters every page and API route offers (besides the period)."""


class Rol(StrEnum):
    GEMEENTE = "gemeente-analist"
    REGIO = "regio-analist"
    AANBIEDER = "aanbieder"
    BEHEERDER = "beheerder"


class BuitenBereik(PermissionError):
    """A request for figures outside the user's scope."""


@dataclass(frozen=True)
class Selectie:
    """The filter values a user chose; ``None`` means all (within the scope)."""

    wet: str | None = None
    gemeente: str | None = None
    aanbieder: str | None = None
    productcategorie: str | None = None
    leeftijdsklasse: str | None = None

    def actief(self) -> dict[str, str]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name))}

    @classmethod
    def uit(cls, waarden: dict[str, str | None]) -> Selectie:
        return cls(**{k: (waarden.get(k) or None) for k in FILTERS})


@dataclass(frozen=True)
class Scope:
    """The bounds of one user: role, jeugdregio and, for the narrow roles, the own gemeente or aanbieder."""

    rol: Rol
    regio: str | None = None
    """Jeugdregio name (CBS); ``None`` only for a national deployment's own use (no role gets it by default)."""
    gemeente: str | None = None
    aanbieder: str | None = None
    zout: str = field(default="", repr=False)
    """Server secret for the neutral labels of other aanbieders; without it a label could be brute-forced back
    to its 8-digit AGB code."""

    def __post_init__(self) -> None:
        if self.rol == Rol.GEMEENTE and not self.gemeente:
            raise ValueError("een gemeente-analist hoort bij een gemeente")
        if self.rol == Rol.AANBIEDER and not self.aanbieder:
            raise ValueError("een aanbieder-gebruiker hoort bij een aanbieder (AGB-code)")

    @property
    def ziet_cijfers(self) -> bool:
        return self.rol != Rol.BEHEERDER

    @property
    def ziet_clienten(self) -> bool:
        """Client-level views (waiting lists, a client's path): only the gemeente that allocated and the region."""
        return self.rol in (Rol.GEMEENTE, Rol.REGIO)

    def controleer(self, selectie: Selectie) -> Selectie:
        """The selection as allowed, or :class:`BuitenBereik` naming what is not."""
        if not self.ziet_cijfers:
            raise BuitenBereik("de rol beheerder ziet geen cijfers")
        if self.rol == Rol.GEMEENTE and selectie.gemeente not in (None, self.gemeente):
            raise BuitenBereik(f"gemeente {selectie.gemeente} valt buiten uw bereik (alleen {self.gemeente})")
        if self.rol == Rol.AANBIEDER and selectie.aanbieder not in (None, self.aanbieder):
            raise BuitenBereik(f"aanbieder {selectie.aanbieder} valt buiten uw bereik (alleen {self.aanbieder})")
        if self.regio is not None and selectie.gemeente is not None:
            from regiekamer.codelijsten import gemeente as gemeente_info

            g = gemeente_info(selectie.gemeente)
            # an unknown code is not a scope question: the caller's validation names it (400, not 403)
            if g is not None and g.jeugdregio != self.regio:
                raise BuitenBereik(f"gemeente {selectie.gemeente} ligt niet in uw jeugdregio ({self.regio})")
        return selectie

    def standaard(self, selectie: Selectie) -> Selectie:
        """The selection a page opens with: a gemeente-analist on the own gemeente, an aanbieder on itself."""
        if self.rol == Rol.GEMEENTE and selectie.gemeente is None:
            return replace(selectie, gemeente=self.gemeente)
        if self.rol == Rol.AANBIEDER and selectie.aanbieder is None:
            return replace(selectie, aanbieder=self.aanbieder)
        return selectie

    def beperk(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows of a result table the user may see: other gemeenten's rows dropped for a gemeente-analist (rows
        without a gemeente are regional aggregates and stay); other aanbieders relabelled for an aanbieder."""
        if df.empty:
            return df
        if self.rol == Rol.GEMEENTE:
            for kolom in ("gemeente", "van_gemeente"):
                if kolom in df.columns:
                    df = df[df[kolom].isna() | (df[kolom] == self.gemeente)]
        if self.rol == Rol.AANBIEDER:
            df = df.copy()
            gelabeld = False
            for kolom in ("aanbieder", "van_aanbieder"):
                if kolom in df.columns:
                    df[kolom] = df[kolom].map(lambda a: self.label_aanbieder(a) if isinstance(a, str) else a)
                    gelabeld = True
            if gelabeld:
                # re-sort on the labels: rows kept in AGB order would tell where a hidden code lies
                sleutels = [k for k in df.columns if df[k].dtype == object or str(df[k].dtype) == "string"]
                df = df.sort_values(sleutels, kind="stable", na_position="last").reset_index(drop=True)
        return df

    def label_aanbieder(self, agb: str) -> str:
        """The own AGB code as is; any other as a neutral label that is stable but does not reveal the code."""
        if self.rol != Rol.AANBIEDER or agb == self.aanbieder:
            return agb
        return anoniem_label(agb, f"{self.zout}|{self.aanbieder}")


def anoniem_label(agb: str, zout: str) -> str:
    """'Aanbieder 3f9a0c': a keyed hash of the code, so the same aanbieder keeps its label on every page."""
    sleutel = hashlib.sha256(zout.encode()).digest()
    h = hashlib.blake2s(agb.encode(), key=sleutel, digest_size=3).hexdigest()
    return f"Aanbieder {h}"
