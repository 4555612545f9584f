"""Vergelijken: a funnel plot of one share indicator over the aanbieders in the user's scope (docs/vergelijken.md),
and the methods page that says why it is a signal for a conversation, not a league table.

Every role but the beheerder; an aanbieder sees its own point marked and the others under neutral labels (the
scope's labels, applied by :func:`regiekamer.sturing.vergelijking.funnel_aanbieders`)."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regiekamer.cijfers import BuitenBereik, Rol, Selectie
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.sturing.vergelijking import AANDEEL_INDICATOREN, STANDAARDISEERBAAR, funnel_aanbieders
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.grafieken import BREEDTE, svg
from regiekamer.web.dashboard.opmaak import getal, waarde

OORDELEN = {
    "te_klein": "te weinig gevallen om te beoordelen",
    "binnen": "binnen de grenzen",
    "boven_95": "boven de 95 %-grens",
    "onder_95": "onder de 95 %-grens",
    "boven_998": "boven de 99,8 %-grens",
    "onder_998": "onder de 99,8 %-grens",
}


def _grafiek(f: Any, eigen: str | None) -> str:
    c = f.curven.melt(id_vars=["n"], value_vars=["onder_998", "onder_95", "boven_95", "boven_998", "doel"],
                      var_name="lijn", value_name="waarde")
    namen = {"onder_998": "99,8 %-grens", "boven_998": "99,8 %-grens", "onder_95": "95 %-grens",
             "boven_95": "95 %-grens", "doel": "waarde van allen"}
    c["soort"] = c["lijn"].map(namen)
    lijnen = alt.Chart(c).mark_line().encode(
        x=alt.X("n:Q", title="aantal gevallen (noemer)"),
        y=alt.Y("waarde:Q", title="%"),
        detail="lijn:N",
        strokeDash=alt.StrokeDash("soort:N", title=None,
                                  scale=alt.Scale(domain=["waarde van allen", "95 %-grens", "99,8 %-grens"],
                                                  range=[[1, 0], [6, 4], [2, 2]])),
        color=alt.value("#555"),
    )
    a = f.aanbieders.copy()
    a["wie"] = a["gekozen"].map({True: "u", False: "andere aanbieder"})
    a["beoordeeld"] = a["oordeel"] != "te_klein"
    punten = alt.Chart(a).mark_point(filled=True, size=60).encode(
        x="n:Q", y="waarde:Q",
        color=alt.Color("wie:N", title=None, scale=alt.Scale(domain=["andere aanbieder", "u"],
                                                               range=["#1f4e79", "#c55a11"])),
        shape=alt.Shape("beoordeeld:N", title=None, legend=None),
    )
    return svg(alt.layer(lijnen, punten).properties(width=BREEDTE, height=320))


def _alt(f: Any, naam: str) -> str:
    a = f.aanbieders
    tel = a["oordeel"].value_counts()
    buiten = int(tel.drop(labels=["binnen", "te_klein"], errors="ignore").sum())
    return (f"Trechterdiagram van {naam} voor {len(a)} aanbieders rond de waarde van allen "
            f"({getal(f.doel, 1)} %): {int(tel.get('binnen', 0))} binnen de grenzen, {buiten} erbuiten, "
            f"{int(tel.get('te_klein', 0))} met te weinig gevallen. De tabel hieronder geeft elke aanbieder.")


@login_required
def vergelijken(request: HttpRequest) -> HttpResponse:
    scope = scope_van(request)
    if scope.rol == Rol.BEHEERDER:
        raise PermissionDenied("de rol beheerder ziet geen cijfers")
    cf = cijfers()
    o = cf.opties.binnen(scope)
    indicator = request.GET.get("indicator") or AANDEEL_INDICATOREN[0]
    if indicator not in AANDEEL_INDICATOREN:
        indicator = AANDEEL_INDICATOREN[0]
    periode_label = request.GET.get("periode") or o.standaard_periode
    if periode_label not in o.perioden():
        periode_label = o.standaard_periode
    wet = request.GET.get("wet") or None
    gemeente = request.GET.get("gemeente") or None
    if scope.rol == Rol.GEMEENTE and gemeente not in (None, scope.gemeente):
        raise PermissionDenied(f"gemeente {gemeente} valt buiten uw bereik")
    standaardiseer = request.GET.get("standaardiseer") == "1" and indicator in STANDAARDISEERBAAR
    selectie = Selectie(wet=wet, gemeente=gemeente, aanbieder=scope.aanbieder if scope.rol == Rol.AANBIEDER else None)
    fout = None
    f = None
    try:
        f = funnel_aanbieders(cf, scope, selectie, cf.periode(periode_label), indicator, standaardiseer=standaardiseer)
    except BuitenBereik as exc:
        raise PermissionDenied(str(exc)) from None
    except ValueError as exc:
        fout = str(exc)
    naam = PER_ID[indicator].naam
    ctx: dict[str, Any] = {
        "titel": "Vergelijken", "indicatoren": [(i, PER_ID[i].naam) for i in AANDEEL_INDICATOREN],
        "indicator": indicator, "naam": naam, "perioden": o.perioden(), "periode": periode_label,
        "wetten": [(k.code, k.naam) for k in o.wetten], "wet": wet or "",
        "gemeenten": [(k.code, k.naam) for k in o.gemeenten if scope.rol != Rol.GEMEENTE or k.code == scope.gemeente],
        "gemeente": gemeente or "", "standaardiseer": standaardiseer,
        "kan_standaardiseren": indicator in STANDAARDISEERBAAR, "fout": fout, "f": f,
    }
    if f is not None:
        ctx["grafiek"] = _grafiek(f, scope.aanbieder)
        ctx["alt"] = _alt(f, naam)
        rijen = []
        for r in f.aanbieders.to_dict("records"):
            rijen.append([r["aanbieder"] + (" (u)" if r["gekozen"] else ""), getal(r["n"]), getal(r["waargenomen"]),
                          getal(r["verwacht"], 1), waarde(r["waarde"], "procent"),
                          f"{waarde(r['onder_95'], 'procent')} – {waarde(r['boven_95'], 'procent')}",
                          f"{waarde(r['onder_998'], 'procent')} – {waarde(r['boven_998'], 'procent')}",
                          OORDELEN[str(r["oordeel"])]])
        ctx["rijen"] = rijen
        ctx["koppen"] = ["Aanbieder", "Gevallen", "Waargenomen", "Verwacht", "Waarde", "95 %-grenzen",
                         "99,8 %-grenzen", "Oordeel"]
        od = f.overdispersie
        ctx["od"] = od
        if f.kalibratie is not None:
            k = f.kalibratie
            ctx["kalibratie"] = [[getal(r["deciel"]), getal(r["n"]), getal(r["waargenomen"]), getal(r["verwacht"], 1),
                                  waarde(100 * r["risico_gemiddeld"], "procent"),
                                  waarde(100 * r["aandeel_waargenomen"], "procent")]
                                 for r in k.decielen.to_dict("records")]
            ctx["kalibratie_koppen"] = ["Deciel", "Eenheden", "Waargenomen", "Verwacht", "Voorspeld risico",
                                        "Waargenomen aandeel"]
            ctx["c"] = getal(k.c_statistiek, 2)
    return render(request, "sturing/vergelijken.html", ctx)


@login_required
def methode(request: HttpRequest) -> HttpResponse:
    if scope_van(request).rol == Rol.BEHEERDER:
        raise PermissionDenied("de rol beheerder ziet geen cijfers")
    return render(request, "sturing/vergelijken_methode.html", {"titel": "Eerlijk vergelijken: de methode"})


