"""Reading and checking the query parameters of the figures routes: every mistake becomes a 400 naming the
parameter and why; a request outside the user's scope stays :class:`BuitenBereik` (a 403)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request

from regiekamer.cijfers import FILTERS, BuitenBereik, Cijfers, Opties, Rol, Scope, Selectie
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.indicatoren.periode import Periode

ALGEMEEN = ("limit", "offset", "format")
"""Parameters every route accepts: pagination and DRF's format override."""


def gemeenten_in_bereik(scope: Scope, opties: Opties) -> list[str]:
    """The gemeente codes of the store a user can filter on: the own one for a gemeente-analist, else those of
    the jeugdregio."""
    if scope.rol == Rol.GEMEENTE:
        return [k.code for k in opties.gemeenten if k.code == scope.gemeente]
    return [k.code for k in opties.gemeenten if in_regio(k.code, scope)]


def in_regio(code: str, scope: Scope) -> bool:
    if not scope.regio:
        return True
    info = gemeente_info(code)
    return info is not None and info.jeugdregio == scope.regio


class Parameters:
    """The query of one request; collects every problem, then :meth:`klaar` raises them together."""

    def __init__(self, request: Request, toegestaan: Iterable[str]) -> None:
        self.q = request.query_params
        self.fouten: dict[str, list[ErrorDetail]] = {}
        bekend = (*toegestaan, *ALGEMEEN)
        for naam in sorted(set(self.q) - set(bekend)):
            self.fout(naam, f"onbekende parameter; deze route kent {', '.join(bekend)}", "unknown")

    def fout(self, naam: str, reden: str, code: str = "invalid") -> None:
        self.fouten.setdefault(naam, []).append(ErrorDetail(reden, code=code))

    def klaar(self) -> None:
        if self.fouten:
            raise ValidationError(self.fouten)

    def tekst(self, naam: str) -> str | None:
        waarden = self.q.getlist(naam)
        if len(waarden) > 1:
            self.fout(naam, "geef deze parameter één keer")
        return (waarden[-1].strip() or None) if waarden else None

    def lijst(self, naam: str, toegestaan: Collection[str], waar: str = "") -> list[str]:
        """A repeatable or comma-separated parameter, each value checked; in the given order, without doubles.
        ``waar`` names the route listing the values, instead of listing a long list in the error."""
        waarden = [w.strip() for v in self.q.getlist(naam) for w in v.split(",") if w.strip()]
        uit: list[str] = []
        for w in waarden:
            if w not in toegestaan:
                keuze = f"zie {waar}" if waar else f"kies uit {', '.join(sorted(toegestaan))}"
                self.fout(naam, f"onbekende waarde {w!r}; {keuze}", "unknown")
            elif w not in uit:
                uit.append(w)
        return uit

    def keuze(self, naam: str, toegestaan: Collection[str], standaard: str | None = None) -> str | None:
        w = self.tekst(naam)
        if w is None:
            return standaard
        if w not in toegestaan:
            self.fout(naam, f"onbekende waarde {w!r}; kies uit {', '.join(toegestaan)}", "unknown")
            return standaard
        return w

    def periode(self, c: Cijfers) -> Periode:
        tekst = self.tekst("periode")
        try:
            return c.periode(tekst)
        except ValueError as e:
            self.fout("periode", str(e))
            return c.periode(None)

    def datum(self, naam: str, opties: Opties) -> dt.date:
        """An ISO date within the data; the last day with data when not given."""
        tekst = self.tekst(naam)
        if tekst is None:
            return opties.laatste_dag
        try:
            d = dt.date.fromisoformat(tekst)
        except ValueError:
            self.fout(naam, f"{tekst!r} is geen datum; gebruik JJJJ-MM-DD")
            return opties.laatste_dag
        if not opties.eerste_dag <= d <= opties.laatste_dag:
            self.fout(naam, f"{d} valt buiten de gegevens ({opties.eerste_dag} tot en met {opties.laatste_dag})")
        return d

    def geheel(self, naam: str, standaard: int, minimum: int = 0) -> int:
        tekst = self.tekst(naam)
        if tekst is None:
            return standaard
        try:
            n = int(tekst)
        except ValueError:
            self.fout(naam, f"{tekst!r} is geen geheel getal")
            return standaard
        if n < minimum:
            self.fout(naam, f"moet {minimum} of meer zijn")
        return n

    def selectie(self, scope: Scope, opties: Opties) -> Selectie:
        """The filters wet, gemeente, aanbieder, productcategorie, leeftijdsklasse: outside the scope raises
        :class:`BuitenBereik` (403), an unknown value is a parameter error (400)."""
        selectie = Selectie.uit({k: self.tekst(k) for k in FILTERS})
        scope.controleer(selectie)
        if (g := selectie.gemeente) is not None:
            if g in gemeenten_in_bereik(scope, opties):
                pass
            elif any(k.code == g for k in opties.gemeenten) or gemeente_info(g) is not None:
                raise BuitenBereik(f"gemeente {g} valt buiten uw jeugdregio ({scope.regio})")
            else:
                self.fout("gemeente", f"onbekende gemeente {g!r}; gebruik een CBS-gemeentecode uit opties/",
                          "unknown")
        controles: dict[str, Any] = {
            "wet": opties.wetten, "aanbieder": opties.aanbieders,
            "productcategorie": opties.productcategorieen, "leeftijdsklasse": opties.leeftijdsklassen,
        }
        for naam, keuzes in controles.items():
            w = getattr(selectie, naam)
            if w is not None and not any(k.code == w for k in keuzes):
                self.fout(naam, f"onbekende {naam} {w!r}; zie opties/ voor de mogelijke waarden", "unknown")
        return selectie
