"""Ambities: the list with each goal's status, the form, the progress page, and YAML import and export.

Who: a gemeente-analist records the ambitions of the own gemeente; a regio-analist those of the own jeugdregio
(for the whole region or one of its gemeenten). Each sees only the ambitions of the own organisation. Aanbieders
and the beheerder get 403 (the provider's view of the ambitions it contributes to comes with the contracts).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from regiekamer.cijfers import BuitenBereik, Rol, Scope
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.sturing.ambities import Ambitie as AmbitieData
from regiekamer.sturing.ambities import AmbitieFout, ambities_yaml, laad_ambities
from regiekamer.sturing.voortgang import DoelVoortgang, voortgang
from regiekamer.web.bestanden import UploadFout, lees_upload, yaml_download
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.grafieken import BREEDTE, svg
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.sturing.forms import AmbitieForm, DoelFormSet, PartnerFormSet, als_ambitie
from regiekamer.web.sturing.models import Ambitie


def _organisatie(scope: Scope) -> str:
    if scope.rol == Rol.GEMEENTE:
        return f"gemeente:{scope.gemeente}"
    if scope.rol == Rol.REGIO:
        return f"regio:{scope.regio}"
    raise PermissionDenied("ambities worden vastgelegd door een gemeente of regio; uw rol ziet ze (nog) niet")


def _scope(request: HttpRequest) -> tuple[Scope, str]:
    scope = scope_van(request)
    return scope, _organisatie(scope)


def toegestaan(scope: Scope, a: AmbitieData) -> str | None:
    """Why the user may not record this ambition (``None``: allowed)."""
    b = a.bereik
    if scope.rol == Rol.GEMEENTE:
        if b.gemeente != scope.gemeente or b.regio:
            return f"u legt ambities vast voor gemeente {scope.gemeente}, niet voor {b.gemeente or b.regio}"
        return None
    if b.regio and b.regio != scope.regio:
        return f"regio {b.regio} is niet uw regio ({scope.regio})"
    if b.gemeente:
        g = gemeente_info(b.gemeente)
        if g is None or g.jeugdregio != scope.regio:
            return f"gemeente {b.gemeente} ligt niet in uw regio ({scope.regio})"
    return None


def _formulier_opties(scope: Scope) -> dict[str, Any]:
    o = cijfers().opties.binnen(scope)
    gemeenten = [g for g in o.gemeenten if scope.rol != Rol.GEMEENTE or g.code == scope.gemeente]
    return {"gemeenten": gemeenten, "regio": scope.regio if scope.rol == Rol.REGIO else None,
            "productcategorieen": list(o.productcategorieen), "leeftijdsklassen": list(o.leeftijdsklassen)}


def _status_klasse(status: str) -> str:
    return {"doel bereikt": "goed", "op koers": "goed", "binnen marge": "let-op", "achter": "achter"}.get(
        status, "neutraal")


@login_required
def lijst(request: HttpRequest) -> HttpResponse:
    scope, org = _scope(request)
    return _lijst(request, scope, org)


def _lijst(request: HttpRequest, scope: Scope, org: str, importfout: str | None = None) -> HttpResponse:
    rijen = []
    c = cijfers()
    for rec in Ambitie.objects.filter(organisatie=org):
        a = rec.ambitie
        try:
            vg = voortgang(c, scope, a)
            statussen: list[tuple[str, str, str]] = [(d.naam, d.status, _status_klasse(d.status)) for d in vg]
        except (BuitenBereik, ValueError) as exc:
            statussen = [("", f"niet te meten: {exc}", "neutraal")]
        rijen.append({"a": a, "statussen": statussen, "gewijzigd": rec.gewijzigd})
    return render(request, "sturing/lijst.html", {"titel": "Ambities", "rijen": rijen, "org": org,
                                                  "importfout": importfout}, status=400 if importfout else 200)


def _bewerk(request: HttpRequest, sleutel: str | None) -> HttpResponse:
    scope, org = _scope(request)
    bestaand = None
    if sleutel is not None:
        rec = Ambitie.objects.filter(organisatie=org, sleutel=sleutel).first()
        if rec is None:
            raise Http404("geen ambitie met deze naam bij uw organisatie")
        bestaand = rec.ambitie
    opties = _formulier_opties(scope)
    if request.method == "POST":
        form = AmbitieForm(request.POST, **opties)
        partners = PartnerFormSet(request.POST, prefix="partner")
        doelen = DoelFormSet(request.POST, prefix="doel")
        if form.is_valid() and partners.is_valid() and doelen.is_valid():
            a = als_ambitie(form, partners, doelen)
            if a is not None:
                bezwaar = toegestaan(scope, a)
                if bezwaar:
                    form.add_error("gemeente", bezwaar)
                elif bestaand is None and Ambitie.objects.filter(organisatie=org, sleutel=a.id).exists():
                    form.add_error("id", f"er is al een ambitie {a.id!r}")
                else:
                    with transaction.atomic():
                        if bestaand is not None and bestaand.id != a.id:
                            Ambitie.objects.filter(organisatie=org, sleutel=bestaand.id).delete()
                        Ambitie.bewaar(org, a, request.user.get_username())
                    return redirect("ambitie", sleutel=a.id)
    else:
        begin: dict[str, Any] = {}
        p_begin: list[dict[str, Any]] = []
        d_begin: list[dict[str, Any]] = []
        if bestaand is not None:
            b = bestaand.bereik
            begin = {"id": bestaand.id, "tekst": bestaand.tekst, "eigenaar": bestaand.eigenaar,
                     "gemeente": b.gemeente or "", "wet": b.wet or "", "productcategorie": b.productcategorie or "",
                     "leeftijdsklasse": b.leeftijdsklasse or "", "raakvlakken": "\n".join(bestaand.raakvlakken),
                     "toelichting": bestaand.toelichting}
            p_begin = [{"naam": p.naam, "bijdrage": p.bijdrage} for p in bestaand.partners]
            d_begin = [{"indicator": d.indicator, "basisperiode": d.basisperiode, "streefwaarde": d.streefwaarde,
                        "deadline": d.deadline} for d in bestaand.doelen]
        elif scope.rol == Rol.GEMEENTE:
            begin = {"gemeente": scope.gemeente}
        form = AmbitieForm(initial=begin, **opties)
        partners = PartnerFormSet(initial=p_begin, prefix="partner")
        doelen = DoelFormSet(initial=d_begin, prefix="doel")
    titel = f"Ambitie {bestaand.id} bewerken" if bestaand else "Nieuwe ambitie"
    return render(request, "sturing/bewerken.html", {"titel": titel, "form": form, "partners": partners,
                                                     "doelen": doelen, "bestaand": bestaand})


@login_required
def nieuw(request: HttpRequest) -> HttpResponse:
    return _bewerk(request, None)


@login_required
def bewerken(request: HttpRequest, sleutel: str) -> HttpResponse:
    return _bewerk(request, sleutel)


@login_required
@require_POST
def verwijderen(request: HttpRequest, sleutel: str) -> HttpResponse:
    _, org = _scope(request)
    aantal, _ = Ambitie.objects.filter(organisatie=org, sleutel=sleutel).delete()
    if not aantal:
        raise Http404("geen ambitie met deze naam bij uw organisatie")
    return redirect("ambities")


def _grafiek(d: DoelVoortgang) -> str | None:
    """Baseline, measurements with their interval, the path and the target over time."""
    if d.basiswaarde is None:
        return None
    pad = pd.DataFrame({"datum": [pd.Timestamp(d.doel.basis.tot), pd.Timestamp(d.doel.deadline)],
                        "waarde": [d.basiswaarde, d.doel.streefwaarde], "reeks": "pad naar de streefwaarde"})
    gemeten = pd.DataFrame([{"datum": pd.Timestamp(d.doel.basis.tot), "waarde": d.basiswaarde,
                             "onder": None, "boven": None, "reeks": "gemeten"}]
                           + [{"datum": pd.Timestamp(m.tot), "waarde": m.waarde, "onder": m.onder, "boven": m.boven,
                               "reeks": "gemeten"} for m in d.metingen if m.waarde is not None])
    kleur = alt.Color("reeks:N", title=None, scale=alt.Scale(domain=["gemeten", "pad naar de streefwaarde"],
                                                             range=["#1f4e79", "#c55a11"]))
    x = alt.X("datum:T", title=None, axis=alt.Axis(format="%b %Y"))
    lagen = [
        alt.Chart(pad).mark_line(strokeDash=[6, 4]).encode(x=x, y=alt.Y("waarde:Q", title=d.eenheid), color=kleur),
        alt.Chart(gemeten).mark_line(point=True).encode(x=x, y="waarde:Q", color=kleur),
    ]
    met_interval = gemeten.dropna(subset=["onder", "boven"])
    if not met_interval.empty:
        lagen.append(alt.Chart(met_interval).mark_rule(color="#1f4e79").encode(x=x, y="onder:Q", y2="boven:Q"))
    return svg(alt.layer(*lagen).properties(width=BREEDTE, height=220))


def _alt_tekst(d: DoelVoortgang) -> str:
    e = d.eenheid
    m = d.laatste
    tekst = (f"{d.naam}: basis {d.doel.basisperiode} {waarde(d.basiswaarde, e)}, streefwaarde "
             f"{waarde(d.doel.streefwaarde, e)} op {d.doel.deadline:%d-%m-%Y}")
    if m is not None:
        tekst += f"; laatste meting {m.periode} {waarde(m.waarde, e)} tegen {waarde(m.pad, e)} op het pad"
    return tekst + f"; status {d.status}. De tabel hieronder geeft alle waarden."


@login_required
def detail(request: HttpRequest, sleutel: str) -> HttpResponse:
    scope, org = _scope(request)
    rec = Ambitie.objects.filter(organisatie=org, sleutel=sleutel).first()
    if rec is None:
        raise Http404("geen ambitie met deze naam bij uw organisatie")
    a = rec.ambitie
    doelen = []
    fout = None
    try:
        vg = voortgang(cijfers(), scope, a)
    except (BuitenBereik, ValueError) as exc:
        vg, fout = [], str(exc)
    for d in vg:
        e = d.eenheid
        rijen = [[d.doel.basisperiode + " (basis)", waarde(d.basiswaarde, e), "–", waarde(d.basiswaarde, e)]]
        rijen += [[m.periode, waarde(m.waarde, e),
                   "–" if m.onder is None else f"{waarde(m.onder, e)} – {waarde(m.boven, e)}", waarde(m.pad, e)]
                  for m in d.metingen]
        doelen.append({"d": d, "grafiek": _grafiek(d), "alt": _alt_tekst(d), "rijen": rijen,
                       "klasse": _status_klasse(d.status), "streef": waarde(d.doel.streefwaarde, e),
                       "projectie": waarde(d.verwacht_op_deadline, e) if d.verwacht_op_deadline is not None else None,
                       "zonder_interval": e not in ("procent", "aantal")})
    return render(request, "sturing/detail.html", {"titel": a.tekst[:80], "a": a, "doelen": doelen, "fout": fout,
                                                   "rec": rec})


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _, org = _scope(request)
    return yaml_download(ambities_yaml(r.ambitie for r in Ambitie.objects.filter(organisatie=org)), "ambities.yaml")


@login_required
@require_POST
def importeren(request: HttpRequest) -> HttpResponse:
    """A YAML file of ambitions, all or nothing: one problem refuses the file and names the key path."""
    scope, org = _scope(request)
    bestand = request.FILES.get("bestand")
    fout = None
    ambities: list[AmbitieData] = []
    if bestand is None:
        fout = "kies een YAML-bestand"
    else:
        try:
            ambities = laad_ambities(lees_upload(bestand))
        except UploadFout as exc:
            fout = str(exc)
        except AmbitieFout as exc:
            fout = f"{bestand.name}: {exc}"
        else:
            for i, a in enumerate(ambities):
                if (bezwaar := toegestaan(scope, a)) is not None:
                    fout = f"{bestand.name}: ambities[{i}].bereik: {bezwaar}"
                    break
    if fout is None:
        with transaction.atomic():
            for a in ambities:
                Ambitie.bewaar(org, a, request.user.get_username())
        return redirect("ambities")
    return _lijst(request, scope, org, importfout=fout)
