"""What every page shares: the filter bar, the blocks (chart + data table + download + definitions), and the
download of any block as CSV or XLSX."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from regiekamer.cijfers import BuitenBereik, Cijfers, Opties, Rol, Scope, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.indicatoren.periode import Periode
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.opmaak import KOLOM_LABELS
from regiekamer.web.dashboard.toegang import log_toegang


@dataclass(frozen=True)
class Link:
    """A table cell that links somewhere (e.g. a pseudonym to that client's path)."""

    tekst: str
    url: str

    def __str__(self) -> str:
        return self.tekst


@dataclass
class Blok:
    """One figure on a page: a chart (optional) with its data table, a download and the definitions used."""

    id: str
    titel: str
    tabel: pd.DataFrame
    grafiek: str | None = None
    alt: str = ""
    toelichting: str = ""
    indicatoren: tuple[str, ...] = ()
    ruw: pd.DataFrame | None = None
    """The table for download (unformatted values); the formatted ``tabel`` when not given."""
    niet_beschikbaar: list[str] = field(default_factory=list)
    clientniveau: dict[str, Any] | None = None
    """Set on blocks with client-level data: each view of the page writes it to the access log."""

    @property
    def definities(self) -> list[tuple[str, str]]:
        return [(i, PER_ID[i].naam) for i in self.indicatoren if i in PER_ID]

    @property
    def kolommen(self) -> list[str]:
        return [KOLOM_LABELS.get(str(k), str(k)) for k in self.tabel.columns]

    @property
    def rijen(self) -> list[list[Any]]:
        return self.tabel.astype(object).where(self.tabel.notna(), "–").values.tolist()


@dataclass
class Context:
    request: HttpRequest | None
    """None when pages are built ahead (no user): client-level blocks are then left out."""
    cijfers: Cijfers
    scope: Scope
    opties: Opties
    selectie: Selectie
    periode: Periode

    def naam_gemeente(self, code: str | None) -> str:
        for k in self.opties.gemeenten:
            if k.code == code:
                return f"{k.naam} ({k.code})"
        return code or "Hele regio"

    def naam_aanbieder(self, code: str | None) -> str:
        if not code:
            return "Alle aanbieders"
        return self.scope.label_aanbieder(code)

    def naam_categorie(self, code: str | None) -> str:
        for k in self.opties.productcategorieen:
            if k.code == code:
                return k.naam
        return code or "Alle productcategorieën"


class FilterForm(forms.Form):
    periode = forms.ChoiceField(label="Periode")
    wet = forms.ChoiceField(label="Wet", required=False)
    gemeente = forms.ChoiceField(label="Gemeente", required=False)
    aanbieder = forms.ChoiceField(label="Aanbieder", required=False)
    productcategorie = forms.ChoiceField(label="Productcategorie", required=False)
    leeftijdsklasse = forms.ChoiceField(label="Leeftijd", required=False)

    def __init__(self, data: Any, opties: Opties, scope: Scope) -> None:
        super().__init__(data)
        f = self.fields
        f["periode"].choices = [(p, p) for p in opties.perioden()]  # type: ignore[attr-defined]
        f["wet"].choices = [("", "Beide wetten"), *((k.code, k.naam) for k in opties.wetten)]  # type: ignore[attr-defined]
        gemeenten = [(k.code, f"{k.naam} ({k.code})") for k in opties.gemeenten]
        if scope.rol == Rol.GEMEENTE:
            gemeenten = [g for g in gemeenten if g[0] == scope.gemeente]
        f["gemeente"].choices = [("", "Hele regio"), *gemeenten]  # type: ignore[attr-defined]
        if scope.rol == Rol.AANBIEDER:
            aanbieders = [(scope.aanbieder, f"{scope.aanbieder} (eigen)")]
        else:
            aanbieders = [(k.code, k.naam) for k in opties.aanbieders]
        f["aanbieder"].choices = [("", "Alle aanbieders"), *aanbieders]  # type: ignore[attr-defined]
        f["productcategorie"].choices = [  # type: ignore[attr-defined]
            ("", "Alle productcategorieën"), *((k.code, k.naam) for k in opties.productcategorieen)]
        f["leeftijdsklasse"].choices = [  # type: ignore[attr-defined]
            ("", "Alle leeftijden"), *((k.code, k.naam) for k in opties.leeftijdsklassen)]


Bouwer = Callable[[Context], list[Blok]]
_PAGINAS: OrderedDict[tuple[Any, ...], list[Blok]] = OrderedDict()
"""Built pages per (page, scope, selection, period, store state): the figures only change with an ingest."""
_HTML: OrderedDict[tuple[Any, ...], str] = OrderedDict()
"""The rendered blocks per page key and query string (download links carry the query)."""
_PAGINAS_LOCK = threading.Lock()


def context_van(request: HttpRequest, *, standaard_eigen: bool = True,
                vast: dict[str, str] | None = None) -> tuple[Context, FilterForm]:
    scope = scope_van(request)
    if not scope.ziet_cijfers:
        raise PermissionDenied("de rol beheerder ziet geen cijfers; gebruik het beheer")
    c = cijfers()
    opties = c.opties.binnen(scope)
    data = request.GET.copy()
    if "periode" not in data:
        data["periode"] = opties.standaard_periode
    if standaard_eigen:
        # a gemeente-analist opens on the own gemeente, an aanbieder on itself, unless they chose otherwise
        for k, v in scope.standaard(Selectie()).actief().items():
            if k not in data:
                data[k] = v
    for k, v in (vast or {}).items():  # fixed by the page itself (e.g. the aanbieder of a profile page)
        data[k] = v
    form = FilterForm(data, opties, scope)
    for k, v in (vast or {}).items():
        form.fields[k].disabled = True
        form.fields[k].initial = v
        if v not in {str(c[0]) for c in form.fields[k].choices}:  # type: ignore[attr-defined]
            form.fields[k].choices = [*form.fields[k].choices, (v, v)]  # type: ignore[attr-defined]
    if not form.is_valid():
        fouten = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        if any(k in ("gemeente", "aanbieder") for k in form.errors):
            raise PermissionDenied(f"buiten uw bereik: {fouten}")
        raise Http404(f"ongeldige filter: {fouten}")
    selectie = Selectie.uit(form.cleaned_data)
    try:
        scope.controleer(selectie)
    except BuitenBereik as e:
        raise PermissionDenied(str(e)) from None
    periode = c.periode(form.cleaned_data["periode"])
    return Context(request, c, scope, opties, selectie, periode), form


def blok_download(request: HttpRequest, blokken: list[Blok], bestandsnaam: str) -> HttpResponse | None:
    """The download of one block's table when the request asks for it (``?download=<id>&formaat=csv|xlsx``);
    ``bestandsnaam`` may contain ``{id}``. A 404 for an unknown block; ``None`` when no download is asked."""
    if not (blok_id := request.GET.get("download")):
        return None
    for b in blokken:
        if b.id == blok_id:
            return download(b, request.GET.get("formaat", "csv"), bestandsnaam.replace("{id}", b.id))
    raise Http404(f"onbekend blok {blok_id!r}")


def query_zonder_download(request: HttpRequest) -> str:
    """The page's query string without the download parameters: for the download links of every block."""
    query = request.GET.copy()
    query.pop("download", None)
    query.pop("formaat", None)
    return query.urlencode()


def toon(request: HttpRequest, titel: str, bouw: Bouwer, *, sjabloon: str = "dashboard/pagina.html",
         extra: dict[str, Any] | None = None, standaard_eigen: bool = True,
         vast: dict[str, str] | None = None) -> HttpResponse:
    """Render a page of blocks, or (``?download=<blok>&formaat=csv|xlsx``) one block's table."""
    ctx, form = context_van(request, standaard_eigen=standaard_eigen, vast=vast)
    sleutel = (titel, bouw.__module__, bouw.__qualname__, ctx.scope, ctx.selectie, ctx.periode,
               ctx.cijfers.vingerafdruk)
    blokken = _PAGINAS.get(sleutel)
    if blokken is None:
        try:
            blokken = bouw(ctx)
        except BuitenBereik as e:
            raise PermissionDenied(str(e)) from None
        with _PAGINAS_LOCK:
            _PAGINAS[sleutel] = blokken
            if len(_PAGINAS) > 256:
                _PAGINAS.popitem(last=False)
    for b in blokken:
        if b.clientniveau is not None:
            log_toegang(request, str(b.clientniveau.get("wat", b.titel)), b.clientniveau)
    if (antwoord := blok_download(request, blokken, f"{titel}-{{id}}-{ctx.periode.label}")) is not None:
        return antwoord
    q = query_zonder_download(request)
    # the blocks' HTML (tables, charts) is the same for everyone with this scope and selection: render it once
    html = _HTML.get((sleutel, q))
    if html is None:
        html = render_to_string("dashboard/blokken.html", {"blokken": blokken, "query": q})
        with _PAGINAS_LOCK:
            _HTML[(sleutel, q)] = html
            if len(_HTML) > 512:
                _HTML.popitem(last=False)
    return render(request, sjabloon, {
        "titel": titel, "form": form, "blokken_html": html, "ctx": ctx, "query": q, **(extra or {}),
    })


def download(blok: Blok, formaat: str, naam: str) -> HttpResponse:
    df = blok.ruw if blok.ruw is not None else blok.tabel
    bestand = "".join(c if c.isalnum() or c in "-_" else "_" for c in naam)
    if formaat == "xlsx":
        buf = io.BytesIO()
        df.to_excel(buf, index=False, sheet_name=blok.id[:31])
        r = HttpResponse(buf.getvalue(),
                         content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        r["Content-Disposition"] = f'attachment; filename="{bestand}.xlsx"'
        return r
    if formaat != "csv":
        raise Http404("formaat: csv of xlsx")
    r = HttpResponse(df.to_csv(index=False), content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="{bestand}.csv"'
    return r


def pagina(titel: str, **kwargs: Any) -> Callable[[Bouwer], Callable[[HttpRequest], HttpResponse]]:
    """Decorator: turn a block builder into a login-protected page view."""

    def maak(bouw: Bouwer) -> Callable[[HttpRequest], HttpResponse]:
        @login_required
        def view(request: HttpRequest) -> HttpResponse:
            return toon(request, titel, bouw, **kwargs)

        view.__name__ = bouw.__name__
        view.__doc__ = bouw.__doc__
        view.bouw = bouw  # type: ignore[attr-defined]  # for computing ahead (regiekamer.web.vooraf)
        return view

    return maak
