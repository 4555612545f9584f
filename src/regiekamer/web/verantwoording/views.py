"""Pages of the public report (docs/verantwoording.md). Thin over :mod:`regiekamer.verantwoording`: the core
computes and suppresses, these views decide who may prepare, write, approve and publish, keep the state, and
render one template as web page, PDF and static export."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from regiekamer.cijfers import Rol, Scope, Selectie
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.openbaarheid import STANDAARD, Regel
from regiekamer.sturing.prioriteiten import prioriteiten_uit
from regiekamer.verantwoording import ONDERDELEN, Onderwerp, Tabel, maak_rapport
from regiekamer.verantwoording import Rapport as KernRapport
from regiekamer.verantwoording import Verhaal as KernVerhaal
from regiekamer.web.dashboard import grafieken
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.sturing.models import Ambitie, Contract, Prioriteitenprofiel
from regiekamer.web.verantwoording.models import Publicatie, Rapport, Verhaal, VerhaalVersie


def regel() -> Regel:
    """The small-number rule: threshold and rounding from ``REGIEKAMER_KLEINE_AANTALLEN`` (docs/web.md)."""
    return replace(STANDAARD, **getattr(settings, "LANDSCHAP_KLEINE_AANTALLEN", {}))


# ---------------------------------------------------------------- who may do what


@dataclass(frozen=True)
class Wie:
    scope: Scope
    gebruiker: str

    @property
    def organisatie(self) -> str:
        """The organisation the user writes for: 'gemeente:<code>', 'regio:<naam>' or 'aanbieder:<AGB>'."""
        s = self.scope
        if s.rol == Rol.GEMEENTE:
            return f"gemeente:{s.gemeente}"
        if s.rol == Rol.AANBIEDER:
            return f"aanbieder:{s.aanbieder}"
        return f"regio:{s.regio}"

    def eigen_onderwerp(self) -> Onderwerp:
        s = self.scope
        if s.rol == Rol.GEMEENTE and s.gemeente:
            return Onderwerp("gemeente", s.gemeente, s.regio, naam_org(f"gemeente:{s.gemeente}").split(" ", 1)[1])
        if s.rol == Rol.AANBIEDER and s.aanbieder:
            return Onderwerp("aanbieder", s.aanbieder, s.regio, s.aanbieder)
        if s.rol == Rol.REGIO and s.regio:
            return Onderwerp("regio", s.regio, s.regio, s.regio)
        raise PermissionDenied("deze rol maakt geen verantwoordingsrapport")


def wie(request: HttpRequest) -> Wie:
    scope = scope_van(request)
    if scope.rol == Rol.BEHEERDER:
        raise PermissionDenied("de rol beheerder ziet geen cijfers en maakt geen rapporten")
    return Wie(scope, request.user.get_username())


def naam_org(org: str) -> str:
    soort, _, code = org.partition(":")
    if soort == "gemeente":
        i = gemeente_info(code)
        return f"Gemeente {i.naam}" if i else f"Gemeente {code}"
    if soort == "aanbieder":
        return f"Aanbieder {code}"
    return f"Jeugdregio {code}"


def onderwerp_van(r: Rapport) -> Onderwerp:
    soort, _, code = r.onderwerp.partition(":")
    naam = naam_org(r.onderwerp).split(" ", 1)[1]
    return Onderwerp(soort, code, r.regio or None, naam)  # type: ignore[arg-type]


def werkt_voor(aanbieder: str, r: Rapport) -> bool:
    """Whether an aanbieder worked for the subject of a gemeente or regio report in its period: it had paid or
    allocated care there (Cijfers.kosten), or a contract with the gemeente or regio."""
    if Contract.objects.filter(organisatie=r.onderwerp, aanbieder=aanbieder).exists():
        return True
    c = cijfers()
    try:
        p = c.periode(r.periode)
    except ValueError:
        return False
    soort, _, code = r.onderwerp.partition(":")
    sel = Selectie(gemeente=code) if soort == "gemeente" else Selectie()
    df = c.kosten(Scope(Rol.REGIO, regio=r.regio), sel, p, by=["aanbieder"])
    return bool((df["aanbieder"] == aanbieder).any())


def is_maker(w: Wie, r: Rapport) -> bool:
    """The organisation the report is about prepares, reviews and publishes it."""
    return r.onderwerp == w.organisatie and (w.scope.regio is None or r.regio == w.scope.regio)


def mag_schrijven(w: Wie, r: Rapport) -> bool:
    if is_maker(w, r):
        return True
    return (w.scope.rol == Rol.AANBIEDER and not r.onderwerp.startswith("aanbieder:") and r.regio == w.scope.regio
            and w.scope.aanbieder is not None and werkt_voor(w.scope.aanbieder, r))


def mag_zien(w: Wie, r: Rapport) -> bool:
    """The preparing organisation sees the report before publication; a regio-analist also the reports of the
    gemeenten of its region (read only). Parties writing in it see their own sections and the published report."""
    if is_maker(w, r):
        return True
    return bool(w.scope.rol == Rol.REGIO and r.regio == w.scope.regio and r.onderwerp.startswith("gemeente:"))


# ---------------------------------------------------------------- assembling and rendering


def gepubliceerde_verhalen(r: Rapport) -> list[KernVerhaal]:
    """The latest published version of every party's section (approved by that party)."""
    laatste = (VerhaalVersie.objects.filter(rapport=r).values("partij", "onderdeel").annotate(v=Max("versie")))
    uit = []
    for rij in laatste:
        v = VerhaalVersie.objects.get(rapport=r, partij=rij["partij"], onderdeel=rij["onderdeel"], versie=rij["v"])
        uit.append(KernVerhaal(v.partij, naam_org(v.partij), v.onderdeel, v.tekst, v.versie, v.gepubliceerd))
    return uit


def kern_rapport(r: Rapport) -> KernRapport:
    ow = onderwerp_van(r)
    c = cijfers()
    periode = c.periode(r.periode)
    rec = Prioriteitenprofiel.objects.filter(organisatie=r.onderwerp).first()
    prioriteiten = prioriteiten_uit(rec.gegevens) if rec is not None and ow.soort != "aanbieder" else None
    if ow.soort == "aanbieder":
        rijen = list(Contract.objects.filter(aanbieder=ow.code))
        # what the gemeente (regio) wrote is its own to publish: an aanbieder's report quotes the ambitions its
        # contracts serve, and counts their budget ceilings, only from organisations that published themselves
        openbaar = set(Publicatie.objects.values_list("rapport__onderwerp", flat=True))
        contracten = [k.contract if k.organisatie in openbaar else replace(k.contract, budgetplafond=None)
                      for k in rijen]
        ambities = [a.ambitie for k in rijen if k.organisatie in openbaar for kpi in k.contract.kpis if kpi.ambitie
                    for a in Ambitie.objects.filter(organisatie=k.organisatie, sleutel=kpi.ambitie)]
        ambities = list({a.id: a for a in ambities}.values())
    else:
        contracten = [k.contract for k in Contract.objects.filter(organisatie=r.onderwerp)]
        ambities = [a.ambitie for a in Ambitie.objects.filter(organisatie=r.onderwerp)]
    return maak_rapport(c, ow, periode, wet=r.wet or None, regel=regel(), ambities=ambities,
                        prioriteiten=prioriteiten, contracten=contracten, verhalen=gepubliceerde_verhalen(r),
                        voortgang=ow.soort != "aanbieder")


def _alt(t: Tabel) -> str:
    delen = [f"{label}: {_fmt(w)}" for label, w in (t.grafiek or [])]
    tekst = f"{'Lijndiagram' if t.grafiek_soort == 'lijn' else 'Staafdiagram'}: {t.titel}. " + "; ".join(delen) + "."
    if t.weggelaten:
        tekst += " Niet getekend omdat het getal geheim is: " + "; ".join(t.weggelaten) + "."
    return tekst + " De tabel eronder geeft alle getallen."


def _fmt(w: float) -> str:
    return f"{w:,.0f}".replace(",", ".")


def grafiek(t: Tabel, *, pdf: bool = False) -> str | None:
    """The chart as an SVG data URI (Altair → vl-convert, as on the dashboard). In the PDF the same picture as
    PNG: an SVG would put its axis labels into the PDF's text layer, where a screen reader reads them as body
    text between the paragraphs; the chart's words are in its /Alt text and in the table beside it."""
    if not t.grafiek:
        return None
    df = pd.DataFrame(t.grafiek, columns=["label", "waarde"])
    if t.grafiek_soort == "lijn":
        uri = grafieken.lijn(df, "label", "waarde", titel_y=t.grafiek_as)
    else:
        uri = grafieken.staaf(df, "label", "waarde", titel_y=t.grafiek_as)
    return _als_png(uri) if pdf else uri


def _als_png(uri: str) -> str:
    import vl_convert as vlc

    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    return "data:image/png;base64," + base64.b64encode(vlc.svg_to_png(svg, scale=2)).decode()


def render_rapport(kern: KernRapport, *, pdf: bool, openbaar: bool, request: HttpRequest | None,
                   r: Rapport, publicatie: Publicatie | None = None) -> str:
    secties = [{
        "s": s,
        "tabellen": [{"t": t, "grafiek": grafiek(t, pdf=pdf), "alt": _alt(t)} for t in s.tabellen],
        "verhalen": [{"v": v, "kop": f"{v.partij_naam}: {ONDERDELEN.get(v.onderdeel, v.onderdeel).lower()}"}
                     for v in s.verhalen],
    } for s in kern.secties]
    ctx = {
        "titel": f"Verantwoording {kern.onderwerp.titel}, {kern.periode}",
        "k": kern, "secties": secties, "pdf": pdf, "openbaar": openbaar, "r": r, "publicatie": publicatie,
        "datum": publicatie.gepubliceerd if publicatie else timezone.now(),
    }
    return render_to_string("verantwoording/rapport.html", ctx, request=request)


def maak_pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


# ---------------------------------------------------------------- pages


def _rapport_voor(w: Wie, pk: int) -> Rapport:
    r = get_object_or_404(Rapport, pk=pk)
    if not (mag_zien(w, r) or mag_schrijven(w, r)):
        raise Http404("geen rapport van uw organisatie")
    return r


@login_required
def index(request: HttpRequest) -> HttpResponse:
    w = wie(request)
    c = cijfers()
    opties = c.opties.binnen(w.scope)
    eigen = w.eigen_onderwerp()
    fout = None
    if request.method == "POST":
        periode = request.POST.get("periode", "")
        wet = request.POST.get("wet", "")
        if periode not in opties.perioden() or wet not in ("", "jw", "wmo"):
            fout = "Kies een periode uit de lijst."
        else:
            r, _ = Rapport.objects.get_or_create(
                onderwerp=eigen.organisatie, regio=w.scope.regio or "", periode=periode, wet=wet,
                defaults={"aangemaakt_door": w.gebruiker})
            return redirect("verantwoording-rapport", pk=r.pk)
    eigen_rapporten = Rapport.objects.filter(onderwerp=eigen.organisatie, regio=w.scope.regio or "")
    andere: list[Rapport] = []
    if w.scope.rol == Rol.AANBIEDER:
        andere = [r for r in Rapport.objects.filter(regio=w.scope.regio or "").exclude(onderwerp__startswith="aanb")
                  if mag_schrijven(w, r)]
    elif w.scope.rol == Rol.REGIO:
        andere = list(Rapport.objects.filter(regio=w.scope.regio or "", onderwerp__startswith="gemeente:"))
    return render(request, "verantwoording/index.html", {
        "titel": "Verantwoording", "eigen": eigen, "eigen_rapporten": eigen_rapporten,
        "andere": [(r, naam_org(r.onderwerp)) for r in andere], "perioden": opties.perioden(),
        "standaard": opties.standaard_periode, "fout": fout}, status=400 if fout else 200)


@login_required
def rapport(request: HttpRequest, pk: int) -> HttpResponse:
    w = wie(request)
    r = _rapport_voor(w, pk)
    if not mag_zien(w, r):
        return redirect("verantwoording-verhaal", pk=r.pk)  # a writing party goes to its own sections
    kern = kern_rapport(r)
    if request.GET.get("formaat") == "pdf":
        resp = HttpResponse(maak_pdf(render_rapport(kern, pdf=True, openbaar=False, request=None, r=r)),
                            content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="verantwoording-{r.onderwerp.replace(":", "-")}.pdf"'
        return resp
    html = render_rapport(kern, pdf=False, openbaar=False, request=request, r=r)
    return HttpResponse(html)


@login_required
def beheer(request: HttpRequest, pk: int) -> HttpResponse:
    """The preparer's page: status of every party's sections, publications, and the publish button."""
    w = wie(request)
    r = _rapport_voor(w, pk)
    if not is_maker(w, r):
        raise PermissionDenied("alleen de organisatie van het rapport publiceert het")
    return render(request, "verantwoording/beheer.html", _beheer_context(r))


def _beheer_context(r: Rapport, melding: str = "") -> dict[str, Any]:
    versies = VerhaalVersie.objects.filter(rapport=r).order_by("partij", "onderdeel", "-versie")
    concepten = Verhaal.objects.filter(rapport=r).order_by("partij", "onderdeel")
    return {"titel": f"Publiceren: {naam_org(r.onderwerp)}, {r.periode}", "r": r, "versies": versies,
            "concepten": concepten, "publicaties": Publicatie.objects.filter(rapport=r).order_by("-versie"), "melding": melding,
            "onderdelen": ONDERDELEN, "naam_org": naam_org,
            "openbaar_url": reverse("openbaar-rapport", args=[r.slug])}


@login_required
@require_POST
def publiceren(request: HttpRequest, pk: int) -> HttpResponse:
    w = wie(request)
    r = _rapport_voor(w, pk)
    if not is_maker(w, r):
        raise PermissionDenied("alleen de organisatie van het rapport publiceert het")
    kern = kern_rapport(r)
    with transaction.atomic():
        versie = (Publicatie.objects.filter(rapport=r).aggregate(m=Max("versie"))["m"] or 0) + 1
        p = Publicatie(rapport=r, versie=versie, door=w.gebruiker, html="", pdf=b"")
        p.gepubliceerd = timezone.now()
        p.html = render_rapport(kern, pdf=False, openbaar=True, request=None, r=r, publicatie=p)
        p.pdf = maak_pdf(render_rapport(kern, pdf=True, openbaar=True, request=None, r=r, publicatie=p))
        p.save()
    return redirect("verantwoording-beheer", pk=r.pk)


@login_required
def verhaal(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's own organisation's sections in this report: write, send for review, approve (publish)."""
    w = wie(request)
    r = _rapport_voor(w, pk)
    if not mag_schrijven(w, r):
        raise PermissionDenied("uw organisatie schrijft niet in dit rapport")
    org = w.organisatie
    concepten = {v.onderdeel: v for v in Verhaal.objects.filter(rapport=r, partij=org)}
    melding = ""
    fouten: dict[str, str] = {}
    if request.method == "POST":
        actie = request.POST.get("actie", "")
        onderdeel = request.POST.get("onderdeel", "")
        if onderdeel not in ONDERDELEN:
            raise Http404("onbekend onderdeel")
        v = concepten.get(onderdeel) or Verhaal(rapport=r, partij=org, onderdeel=onderdeel)
        if actie in ("opslaan", "beoordelen"):
            tekst = request.POST.get("tekst", "").strip()
            if len(tekst) > 20_000:
                fouten[onderdeel] = "De tekst is te lang: ten hoogste 20.000 tekens."
            elif actie == "beoordelen" and not tekst:
                fouten[onderdeel] = "Schrijf eerst een tekst voordat u die ter beoordeling aanbiedt."
            else:
                v.tekst, v.gewijzigd_door = tekst, w.gebruiker
                v.status = Verhaal.TER_BEOORDELING if actie == "beoordelen" else Verhaal.CONCEPT
                v.save()
                concepten[onderdeel] = v
                melding = (f"{ONDERDELEN[onderdeel]}: ter beoordeling. Lees de tekst hieronder na en keur hem goed "
                           "om hem te publiceren." if actie == "beoordelen" else f"{ONDERDELEN[onderdeel]}: opgeslagen "
                           "als concept.")
        elif actie == "goedkeuren":
            if v.pk is None or v.status != Verhaal.TER_BEOORDELING or not v.tekst:
                fouten[onderdeel] = "Alleen een tekst die ter beoordeling ligt, kan worden goedgekeurd."
            else:
                with transaction.atomic():
                    n = (VerhaalVersie.objects.filter(rapport=r, partij=org, onderdeel=onderdeel)
                         .aggregate(m=Max("versie"))["m"] or 0) + 1
                    VerhaalVersie.objects.create(rapport=r, partij=org, onderdeel=onderdeel, tekst=v.tekst, versie=n,
                                                 goedgekeurd_door=w.gebruiker)
                    v.status = Verhaal.CONCEPT
                    v.save()
                melding = f"{ONDERDELEN[onderdeel]}: versie {n} goedgekeurd en gepubliceerd."
        else:
            raise Http404("onbekende actie")
    versies = {o: VerhaalVersie.objects.filter(rapport=r, partij=org, onderdeel=o).order_by("-versie")
               for o in ONDERDELEN}
    onderdelen = [{"id": o, "titel": t, "concept": concepten.get(o), "versies": list(versies[o]),
                   "fout": fouten.get(o, "")} for o, t in ONDERDELEN.items()]
    return render(request, "verantwoording/verhaal.html", {
        "titel": f"Uw verhaal in het rapport van {naam_org(r.onderwerp)}, {r.periode}", "r": r,
        "onderdelen": onderdelen, "melding": melding, "org_naam": naam_org(org), "maker": is_maker(w, r),
        "drempel": regel().drempel},
        status=400 if fouten else 200)


# ---------------------------------------------------------------- public pages (no login)


def _publicatie(slug: str, versie: int | None = None) -> Publicatie:
    r = get_object_or_404(Rapport, slug=slug)
    qs = Publicatie.objects.filter(rapport=r)
    p = qs.filter(versie=versie).first() if versie is not None else qs.order_by("-versie").first()
    if p is None:
        raise Http404("dit rapport is (nog) niet gepubliceerd")
    return p


def openbaar_index(request: HttpRequest) -> HttpResponse:
    rapporten = [r for r in Rapport.objects.filter(publicaties__isnull=False).distinct().order_by("onderwerp",
                                                                                                 "-periode")]
    return render(request, "verantwoording/openbaar_index.html", {
        "titel": "Openbare verantwoording", "rapporten": [(r, naam_org(r.onderwerp), r.laatste_publicatie)
                                                         for r in rapporten]})


def openbaar_rapport(request: HttpRequest, slug: str, versie: int | None = None) -> HttpResponse:
    return HttpResponse(_publicatie(slug, versie).html)


def openbaar_pdf(request: HttpRequest, slug: str, versie: int | None = None) -> HttpResponse:
    p = _publicatie(slug, versie)
    resp = HttpResponse(bytes(p.pdf), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="verantwoording-{slug}-v{p.versie}.pdf"'
    return resp


def openbaar_export(request: HttpRequest, slug: str, versie: int | None = None) -> HttpResponse:
    """The static export: index.html (self-contained: styles inline, charts as data URIs) and the PDF, zipped."""
    p = _publicatie(slug, versie)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        # the export is the site itself: its link to the export makes no sense there
        z.writestr("index.html", re.sub(r'<li class="rk-alleen-online">.*?</li>', "", p.html, flags=re.S))
        z.writestr("rapport.pdf", bytes(p.pdf))
    resp = HttpResponse(buf.getvalue(), content_type="application/zip")
    resp["Content-Disposition"] = f'attachment; filename="verantwoording-{slug}-v{p.versie}.zip"'
    return resp
