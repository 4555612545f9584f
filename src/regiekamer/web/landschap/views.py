"""The landscape pages (docs/landschap.md): thin over :mod:`regiekamer.landschap`. Every page goes through the
dashboard's filter bar and scope check (``context_van``); the blocks are rendered with the dashboard's block
template (chart + data table + download). Pages are not kept whole like the dashboard's: two read the region's
settings, which change without an ingest; the figures underneath are cached by Cijfers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from regiekamer.cijfers import Rol
from regiekamer.cijfers.scope import BuitenBereik
from regiekamer.landschap import STANDAARD, Drempels, Inrichting, InrichtingFout, Landschap
from regiekamer.landschap.inwoners import InwonersFout, lees_bevolking
from regiekamer.openbaarheid import STANDAARD as KLEINE_AANTALLEN
from regiekamer.openbaarheid import Regel
from regiekamer.web.bestanden import UploadFout, lees_upload, yaml_download
from regiekamer.web.dashboard.bron import scope_van
from regiekamer.web.dashboard.opmaak import getal, waarde
from regiekamer.web.dashboard.pagina import Blok, Context, blok_download, context_van, query_zonder_download
from regiekamer.web.landschap.models import Regioinstelling
from regiekamer.web.landschap.netwerk import netwerk_svg

PAGINAS = [
    ("landschap", "Zorglandschap"),
    ("landschap-afhankelijkheid", "Afhankelijkheid"),
    ("landschap-continuiteit", "Continuïteit"),
    ("landschap-gemeenten", "Gemeenten en huishoudens"),
]


def _euro(v: Any) -> str:
    return waarde(v, "eurocent")


def _pct(v: Any) -> str:
    return waarde(None if pd.isna(v) else v, "ratio")


def _ja(v: Any) -> str:
    return "ja" if bool(v) else "nee"


class Namen:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.aanbieders = {k.code: k.naam for k in ctx.opties.aanbieders}

    def gemeente(self, code: Any) -> str:
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return "Hele regio"
        return self.ctx.naam_gemeente(str(code))

    def aanbieder(self, code: Any) -> str:
        c = str(code)
        if self.ctx.scope.rol == Rol.AANBIEDER:
            return f"{c} (eigen)" if c == self.ctx.scope.aanbieder else c  # others arrive labelled
        naam = self.aanbieders.get(c)
        return f"{naam} ({c})" if naam and naam != c else c

    def functie(self, wet: Any, cat: Any) -> str:
        naam = self.ctx.naam_categorie(str(cat))
        return f"{str(wet).upper()} {naam if naam.startswith(str(cat)) else f'{cat} {naam}'}"


def drempels() -> Drempels:
    """The thresholds: the defaults of :class:`Drempels`, overridden by the Django setting ``LANDSCHAP_DREMPELS``
    (a dict, e.g. ``{"gemeente_afhankelijk": 0.7}``; docs/landschap.md)."""
    return replace(STANDAARD, **getattr(settings, "LANDSCHAP_DREMPELS", {}))


def kleine_aantallen() -> Regel:
    """The small-number rule, overridden by ``LANDSCHAP_KLEINE_AANTALLEN`` (``{"drempel": 10, "afronding": 5}``)."""
    return replace(KLEINE_AANTALLEN, **getattr(settings, "LANDSCHAP_KLEINE_AANTALLEN", {}))


def _instelling(regio: str | None) -> Regioinstelling | None:
    return Regioinstelling.objects.filter(regio=regio).first() if regio else None


def _inrichting(ctx: Context) -> Inrichting | None:
    r = _instelling(ctx.scope.regio)
    if r is None or not r.inrichting.strip() or not ctx.scope.regio:
        return None
    return Inrichting.uit_yaml(r.inrichting, regio=ctx.scope.regio)


# --- blocks -------------------------------------------------------------------------------------------------


def blokken_landschap(ctx: Context, L: Landschap) -> list[Blok]:
    n = Namen(ctx)
    net = L.netwerk()
    tabel = pd.DataFrame({
        "Aanbieder": net["aanbieder"].map(n.aanbieder), "Gemeente": net["gemeente"].map(n.gemeente),
        "Cliënten": net["clienten"].map(getal), "Trajecten": net["trajecten"].map(getal),
        "Betaald": net["betaald"].map(_euro),
    })
    grafiek = netwerk_svg(net, {a: n.aanbieder(a) for a in net["aanbieder"]},
                          {g: n.gemeente(g) for g in net["gemeente"]}) if not net.empty else None
    netwerkblok = Blok(
        "netwerk", "Wie levert aan welke gemeente", tabel, grafiek=grafiek, ruw=net,
        alt=f"Netwerk van {net['aanbieder'].nunique()} aanbieders (links) en {net['gemeente'].nunique()} "
            "gemeenten (rechts); de dikte van een lijn volgt het betaalde bedrag. De tabel eronder geeft per "
            "aanbieder en gemeente de cliënten, trajecten en het betaalde bedrag.",
        toelichting="Cliënten: met betaalde zorg (geaccepteerde declaraties over prestaties die in de periode "
                    "beginnen). Trajecten: die in de periode liepen. Betaald: in euro's, credits afgetrokken.")
    m = L.matrix()
    matrix = pd.DataFrame({
        "Aanbieder": m["aanbieder"].map(n.aanbieder),
        "Functie": [n.functie(w, c) for w, c in zip(m["wet"], m["productcategorie"], strict=True)],
        "Gemeente": m["gemeente"].map(n.gemeente), "Cliënten": m["clienten"].map(getal),
        "Trajecten": m["trajecten"].map(getal), "Betaald": m["betaald"].map(_euro),
    })
    blokken = [netwerkblok]
    regio = m[m["gemeente"].isna()] if ctx.selectie.gemeente is None else m[m["gemeente"] == ctx.selectie.gemeente]
    for wet, d in regio.groupby("wet"):
        kruis = d.pivot_table(index="aanbieder", columns="productcategorie", values="clienten", aggfunc="sum")
        kruis = kruis.reindex(d.groupby("aanbieder").betaald.sum().sort_values(ascending=False).index)
        tabel_k = pd.DataFrame({"Aanbieder": [n.aanbieder(a) for a in kruis.index]})
        for cat in kruis.columns:
            tabel_k[n.functie(wet, cat)[len(str(wet)) + 1:]] = [getal(v) if pd.notna(v) else "" for v in kruis[cat]]
        blokken.append(Blok(
            f"kruistabel-{wet}", f"Matrix {str(wet).upper()}: aanbieder × functie", tabel_k, ruw=kruis.reset_index(),
            toelichting=f"Cliënten met betaalde zorg per aanbieder en productcategorie, "
                        f"{'hele regio' if ctx.selectie.gemeente is None else n.gemeente(ctx.selectie.gemeente)}; "
                        "een lege cel: deze aanbieder levert die functie niet (geen betaalde zorg in de periode)."))
    matrixblok = Blok("matrix", "Aanbieders, functies en gemeenten", matrix, ruw=m,
                      toelichting="Per aanbieder en functie (productcategorie) eerst de hele regio, dan per gemeente.")
    p = L.matrix("productcode")
    product = pd.DataFrame({
        "Aanbieder": p["aanbieder"].map(n.aanbieder), "Product": p["productcode"].fillna("onbekend"),
        "Gemeente": p["gemeente"].map(n.gemeente), "Cliënten": p["clienten"].map(getal),
        "Trajecten": p["trajecten"].map(getal), "Betaald": p["betaald"].map(_euro),
    })
    return [*blokken, matrixblok, Blok("producten", "Aanbieders per product", product, ruw=p)]


def blokken_afhankelijkheid(ctx: Context, L: Landschap) -> list[Blok]:
    n = Namen(ctx)
    d = L.drempels
    a = L.afhankelijkheid_aanbieders()
    tabel_a = pd.DataFrame({
        "Aanbieder": a["aanbieder"].map(n.aanbieder), "Gemeente": a["gemeente"].map(n.gemeente),
        "Betaald": a["betaald"].map(_euro), "Omzet in de gegevens": a["omzet"].map(_euro),
        "Aandeel van de omzet": a["aandeel"].map(_pct),
        "Sterk afhankelijk van de regio": [("ja" if v else "nee") if g is None or pd.isna(g) else ""
                                           for v, g in zip(a["afhankelijk"], a["gemeente"], strict=True)],
    })
    g = L.afhankelijkheid_gemeenten()
    tabel_g = pd.DataFrame({
        "Gemeente": g["gemeente"].map(n.gemeente),
        "Functie": [n.functie(w, c) for w, c in zip(g["wet"], g["productcategorie"], strict=True)],
        "Aanbieder": g["aanbieder"].map(n.aanbieder), "Betaald": g["betaald"].map(_euro),
        "Aandeel van de functie": g["aandeel"].map(_pct), "Enige aanbieder": g["enige"].map(_ja),
        "Afhankelijk": g["afhankelijk"].map(_ja),
    })
    return [
        Blok("aanbieders", "Hoe afhankelijk is een aanbieder van de regio", tabel_a, ruw=a,
             toelichting=f"Omzet in de gegevens: alles wat de aanbieder in deze periode betaald kreeg van alle "
                         f"gemeenten in de opslag. Sterk afhankelijk: minstens "
                         f"{getal(d.aanbieder_afhankelijk * 100)} % van die omzet komt uit de regio."),
        Blok("gemeenten", "Hoe afhankelijk is een gemeente van een aanbieder per functie", tabel_g, ruw=g,
             toelichting=f"Afhankelijk: de aanbieder draagt minstens {getal(d.gemeente_afhankelijk * 100)} % "
                         "van wat de gemeente voor die functie betaalde."),
    ]


def blokken_continuiteit(ctx: Context, L: Landschap) -> list[Blok]:
    n = Namen(ctx)
    d = L.drempels
    c = L.concentratie()
    tabel_c = pd.DataFrame({
        "Functie": [n.functie(w, k) for w, k in zip(c["wet"], c["productcategorie"], strict=True)],
        "Aanbieders": c["aanbieders"].map(getal), "HHI": c["hhi"].map(getal),
        "Concentratie": c["concentratie"], "Grootste aanbieder": c["grootste_aanbieder"].map(n.aanbieder),
        "Aandeel grootste": c["grootste_aandeel"].map(_pct), "Cliënten in zorg nu": c["in_zorg"].map(getal),
    })
    e = L.continuiteit()
    tabel_e = pd.DataFrame({
        "Functie": [n.functie(w, k) for w, k in zip(e["wet"], e["productcategorie"], strict=True)],
        "Enige aanbieder": e["aanbieder"].map(n.aanbieder), "Cliënten in zorg nu": e["in_zorg"].map(getal),
    })
    eg = L.continuiteit(per_gemeente=True)
    tabel_eg = pd.DataFrame({
        "Gemeente": eg["gemeente"].map(n.gemeente),
        "Functie": [n.functie(w, k) for w, k in zip(eg["wet"], eg["productcategorie"], strict=True)],
        "Enige aanbieder": eg["aanbieder"].map(n.aanbieder), "Cliënten in zorg nu": eg["in_zorg"].map(getal),
    })
    s = L.signalen()
    tabel_s = pd.DataFrame({
        "Functie": [n.functie(w, k) for w, k in zip(s["wet"], s["productcategorie"], strict=True)],
        "Wachtend bij begin": s["wachtend_begin"].map(getal), "Wachtend bij einde": s["wachtend_eind"].map(getal),
        "Wachten groeit": s["wachten_groeit"].map(_ja), "Starts": s["starts"].map(getal),
        "Starts periode ervoor": s["starts_vorige"].map(getal), "Starts dalen": s["starts_dalen"].map(_ja),
    })
    return [
        Blok("concentratie", "Concentratie per functie", tabel_c, ruw=c,
             toelichting=f"HHI: som van de kwadraten van de marktaandelen (in %, op het betaalde bedrag); boven "
                         f"{getal(d.hhi_matig)} matig, boven {getal(d.hhi_hoog)} hoog geconcentreerd "
                         "(Amerikaanse merger guidelines 1992 en 2023). Cliënten in zorg nu: op de laatste dag van de periode."),
        Blok("enige-regio", "Functies met één aanbieder in de regio", tabel_e, ruw=e,
             toelichting="Valt deze aanbieder weg, dan heeft de regio voor deze functie geen aanbod meer."),
        Blok("enige-gemeente", "Functies met één aanbieder in een gemeente", tabel_eg, ruw=eg),
        Blok("signalen", "Wachten en capaciteit per functie", tabel_s, ruw=s,
             toelichting=f"Wachten groeit: aan het einde minstens {getal(d.wachtend_groei * 100)} % meer wachtenden "
                         f"dan aan het begin. Starts dalen: minstens {getal(d.starts_daling * 100)} % minder starts "
                         "dan in de even lange periode ervoor."),
    ]


def blokken_gemeenten(ctx: Context, L: Landschap) -> list[Blok]:
    n = Namen(ctx)
    r = _instelling(ctx.scope.regio)
    inwoners = dict(r.inwoners) if r is not None else {}
    jeugdigen = dict(r.jeugdigen) if r is not None else {}
    g = L.gemeenten(inwoners, jeugdigen)
    heeft = bool(inwoners)

    def per1000(k: str, achter: str = "") -> list[str]:
        return [getal(v, 1) for v in g[f"{k}_per_1000{achter}"]]

    tabel: dict[str, Any] = {"Gemeente": g["gemeente"].map(n.gemeente), "Inwoners": g["inwoners"].map(getal),
             "Cliënten": g["clienten"].map(getal), "Trajecten": g["trajecten"].map(getal),
             "Betaald": g["betaald"].map(_euro), "Wachtend op de laatste dag": g["wachtend"].map(getal)}
    if heeft:
        tabel.update({"Cliënten per 1.000 inwoners": per1000("clienten"),
                      "Trajecten per 1.000 inwoners": per1000("trajecten"),
                      "Betaald per inwoner": [waarde(v / 1000 if pd.notna(v) else None, "eurocent")
                                              for v in g["betaald_per_1000"]],
                      "Wachtend per 1.000 inwoners": per1000("wachtend"),
                      **({"Jeugdwet-cliënten per 1.000 jeugdigen": per1000("clienten_jw", "_jeugdigen")}
                         if jeugdigen else {}),
                      "Spreiding cliënten per 1.000": [
                          f"{getal(lo, 1)} – {getal(hi, 1)}" if pd.notna(lo) else ""
                          for lo, hi in zip(g["clienten_min"], g["clienten_max"], strict=True)]})
    toel = ("Per 1.000 inwoners; de laatste rij is de regio (totaal over de totale bevolking) met de spreiding "
            "tussen de gemeenten (laagste – hoogste)." if heeft else
            "Let op: voor deze regio zijn geen inwonertallen ingesteld, dus staan hier alleen absolute aantallen. "
            "Een regio-analist kan ze invoeren onder Instellingen.")
    blokken = [Blok("vergelijken", "Gemeenten vergeleken", pd.DataFrame(tabel), ruw=g, toelichting=toel)]

    s = L.samenloop()
    tabel_s = pd.DataFrame({
        "Gemeente": s["gemeente"].map(n.gemeente),
        "Postcodegebied": [("alle" if pd.isna(p) else p) for p in s["postcodegebied"]],
        "Huishoudens met zorg": s["huishoudens"], "Zorg onder beide wetten": s["beide_wetten"],
        "Zorg van meer aanbieders tegelijk": s["meer_aanbieders"], "Een van beide": s["samenloop"],
    })
    leeg = len(s) <= 1 and s["huishoudens"].iloc[0] == 0 if not s.empty else True
    blokken.append(Blok(
        "samenloop", "Huishoudens met zorg van meer kanten (samenloop)", tabel_s, ruw=s,
        toelichting=("Alleen aantallen, op de gepseudonimiseerde huishoudsleutel (adres). Aantallen onder "
                     f"{L.kleine_aantallen.drempel} staan als '.', de rest is afgerond op "
                     f"{L.kleine_aantallen.afronding}-tallen." +
                     (" De gegevens bevatten geen adressen van cliënten, dus geen huishoudsleutels." if leeg else ""))))
    try:
        inr = _inrichting(ctx)
    except InrichtingFout:
        inr = None
    if inr is None:
        blokken.append(Blok("grens", "Overgangen tussen lokaal en regionaal", pd.DataFrame(),
                            toelichting="De regio heeft nog niet vastgelegd welke functies regionaal en welke lokaal "
                                        "georganiseerd zijn (Instellingen)."))
    else:
        o = L.grens(inr)
        tabel_o = pd.DataFrame({"Wet": o["wet"].str.upper(), "Overgang": o["grens"],
                                "Overgangen": o["overgangen"].map(getal), "Cliënten": o["clienten"].map(getal)})
        blokken.append(Blok("grens", "Overgangen tussen lokaal en regionaal", tabel_o, ruw=o,
                            toelichting="Overgangen van een traject naar het volgende van dezelfde cliënt in de "
                                        "periode, waarbij de functie van lokaal naar regionaal gaat of terug."))
    return blokken


# --- pages ---------------------------------------------------------------------------------------------------


def _toon(request: HttpRequest, naam: str, titel: str, bouw: Callable[[Context, Landschap], list[Blok]],
          inleiding: str) -> HttpResponse:
    ctx, form = context_van(request, standaard_eigen=False)
    try:
        L = Landschap(ctx.cijfers, ctx.scope, ctx.selectie, ctx.periode, drempels(), kleine_aantallen())
        blokken = bouw(ctx, L)
    except BuitenBereik as e:
        raise PermissionDenied(str(e)) from None
    if (antwoord := blok_download(request, blokken, f"{titel}-{{id}}-{ctx.periode.label}")) is not None:
        return antwoord
    q = query_zonder_download(request)
    html = render_to_string("dashboard/blokken.html", {"blokken": blokken, "query": q})
    return render(request, "landschap/pagina.html", {
        "titel": titel, "form": form, "blokken_html": html, "ctx": ctx, "query": q, "inleiding": inleiding,
        "paginas": PAGINAS, "huidig": naam, "mag_instellen": ctx.scope.rol == Rol.REGIO,
    })


@login_required
def landschap(request: HttpRequest) -> HttpResponse:
    return _toon(request, "landschap", "Zorglandschap", blokken_landschap,
                 "Welke aanbieders leveren welke functies voor welke gemeenten, met cliënten, trajecten en "
                 "betaalde bedragen.")


@login_required
def afhankelijkheid(request: HttpRequest) -> HttpResponse:
    return _toon(request, "landschap-afhankelijkheid", "Afhankelijkheid", blokken_afhankelijkheid,
                 "Afhankelijkheid in twee richtingen: van de aanbieder van de regio, en van de gemeente van één "
                 "aanbieder voor een functie.")


@login_required
def continuiteit(request: HttpRequest) -> HttpResponse:
    return _toon(request, "landschap-continuiteit", "Continuïteit", blokken_continuiteit,
                 "Concentratie en continuïteitsrisico per functie: hoeveel aanbieders, hoe geconcentreerd, en waar "
                 "het wegvallen van één aanbieder cliënten zonder zorg laat.")


@login_required
def gemeenten(request: HttpRequest) -> HttpResponse:
    return _toon(request, "landschap-gemeenten", "Gemeenten en huishoudens", blokken_gemeenten,
                 "Gemeenten naast elkaar per 1.000 inwoners, huishoudens met zorg van meer kanten, en overgangen "
                 "tussen lokaal en regionaal georganiseerde zorg.")


@login_required
def instellingen(request: HttpRequest) -> HttpResponse:
    """The region's settings: how it organised its functions, and its inhabitants (regio-analist only)."""
    scope = scope_van(request)
    if scope.rol != Rol.REGIO or not scope.regio:
        raise PermissionDenied("alleen een regio-analist legt de inrichting van de regio vast")
    regio = scope.regio
    r, _ = Regioinstelling.objects.get_or_create(regio=regio)
    if request.GET.get("export") == "inrichting":
        return yaml_download(r.inrichting or Inrichting(regio).als_yaml(), "inrichting.yaml")
    from regiekamer.web.dashboard.bron import cijfers

    opties = cijfers().opties.binnen(scope)
    leden = {g.code for g in _leden(regio)} | {k.code for k in opties.gemeenten}
    fouten: dict[str, str] = {}
    inrichting_tekst, inwoners_tekst = r.inrichting, _inwoners_tekst(r.inwoners, r.jeugdigen)
    if request.method == "POST":
        soort = request.POST.get("soort")
        if soort == "inrichting":
            inrichting_tekst = request.POST.get("inrichting", "")
            try:
                if (bestand := request.FILES.get("bestand")) is not None:
                    inrichting_tekst = lees_upload(bestand)
                Inrichting.uit_yaml(inrichting_tekst, regio=regio, gemeenten=leden)
            except (InrichtingFout, UploadFout) as e:
                fouten["inrichting"] = str(e)
            else:
                r.inrichting = inrichting_tekst
                r.save()
                return redirect("landschap-instellingen")
        elif soort == "inwoners":
            inwoners_tekst = request.POST.get("inwoners", "")
            try:
                if (bestand := request.FILES.get("bestand")) is not None:
                    inwoners_tekst = lees_upload(bestand)
                r.inwoners, r.jeugdigen = lees_bevolking(inwoners_tekst, gemeenten=leden)
            except (InwonersFout, UploadFout) as e:
                fouten["inwoners"] = str(e)
            else:
                r.save()
                return redirect("landschap-instellingen")
    return render(request, "landschap/instellingen.html", {
        "titel": "Inrichting van de regio", "regio": regio, "inrichting": inrichting_tekst or
        f"regio: {regio}\nregionaal:\n  jw: []\n  wmo: []\nlokaal: {{}}\n", "inwoners": inwoners_tekst, "fouten": fouten, "paginas": PAGINAS,
        "huidig": "landschap-instellingen", "mag_instellen": True,
    }, status=400 if fouten else 200)


def _leden(regio: str) -> list[Any]:
    from regiekamer.codelijsten import jeugdregios

    return list(jeugdregios().get(regio, []))


def _inwoners_tekst(inwoners: dict[str, int], jeugdigen: dict[str, int]) -> str:
    if jeugdigen:
        return "gemeente,inwoners,jeugdigen\n" + "".join(
            f"{g},{n},{jeugdigen.get(g, '')}\n" for g, n in sorted(inwoners.items()))
    return "gemeente,inwoners\n" + "".join(f"{g},{n}\n" for g, n in sorted(inwoners.items()))
