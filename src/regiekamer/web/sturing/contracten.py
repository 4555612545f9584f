"""Contracten: the list per organisation, the YAML editor, and the contract page a gemeente and its aanbieder
read together (KPIs against norm and region, spending against the ceiling, dependency both ways, declared against
contracted tariffs, the ambitions the KPIs serve).

Who: a gemeente-analist manages the own gemeente's contracts; a regio-analist the region's, and reads those of
the region's gemeenten; an aanbieder reads the contracts it is party to (within its jeugdregio); the beheerder
gets 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from regiekamer.cijfers import BuitenBereik, Rol, Scope
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.codelijsten import gemeenten as alle_gemeenten
from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.sturing.contracten import (
    ContractCijfers,
    contract_cijfers,
    contract_uit,
    contracten_yaml,
    mag_zien,
)
from regiekamer.sturing.lezen import SturingFout, lijst, tabel, yaml_laden
from regiekamer.sturing.voortgang import voortgang
from regiekamer.web.bestanden import UploadFout, lees_upload, yaml_download
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.opmaak import getal, waarde
from regiekamer.web.sturing.models import Ambitie, Contract

VOORBEELD = """contracten:
  - id: jeugdhulp-ambulant-2025
    aanbieder: "12345678"          # AGB-code
    naam: Jeugdhulp ambulant 2025
    gemeente: "{gemeente}"           # of: regio: <jeugdregio>
    wet: jw
    van: 2025-01-01
    tot: 2025-12-31
    budgetplafond: 250000000       # eurocent over de hele contractperiode
    tarieven:                      # eurocent per eenheid, per productcode
      - {{productcode: 45A01, tarief: 9500}}
    kpis:                          # richting: hoger (norm is een minimum) of lager (een maximum)
      - {{indicator: aandeel_volgens_plan, norm: 60}}
      - {{indicator: wachttijd_p90, norm: 42, ambitie: binnen-zes-weken-aan-de-slag}}
"""


def _organisatie(scope: Scope) -> str | None:
    if scope.rol == Rol.GEMEENTE:
        return f"gemeente:{scope.gemeente}"
    if scope.rol == Rol.REGIO:
        return f"regio:{scope.regio}"
    return None


def _zichtbaar(scope: Scope) -> list[Contract]:
    if scope.rol == Rol.BEHEERDER:
        raise PermissionDenied("de rol beheerder ziet geen contracten")
    if scope.rol == Rol.AANBIEDER:
        kandidaten = Contract.objects.filter(aanbieder=scope.aanbieder)
    elif scope.rol == Rol.GEMEENTE:
        kandidaten = Contract.objects.filter(organisatie=f"gemeente:{scope.gemeente}")
    else:
        codes = [f"gemeente:{g.code}" for g in alle_gemeenten() if g.jeugdregio == scope.regio]
        kandidaten = Contract.objects.filter(organisatie__in=[f"regio:{scope.regio}", *codes])
    uit = []
    for rec in kandidaten:
        try:
            c = rec.contract
            mag_zien(scope, c)
            if scope.rol == Rol.AANBIEDER:
                _in_regio(scope, c)
        except (BuitenBereik, SturingFout):
            continue
        uit.append(rec)
    return uit


def _in_regio(scope: Scope, c: Any) -> None:
    """An aanbieder sees its contracts with the gemeenten of its own jeugdregio (its figures are bound to it)."""
    if c.regio is not None and c.regio != scope.regio:
        raise BuitenBereik("contract buiten uw regio")
    if c.gemeente is not None:
        g = gemeente_info(c.gemeente)
        if g is None or g.jeugdregio != scope.regio:
            raise BuitenBereik("contract buiten uw regio")


def _naam_gemeente(code: str | None) -> str:
    g = gemeente_info(code) if code else None
    return f"{g.naam} ({code})" if g else (code or "")


@login_required
def lijst_view(request: HttpRequest) -> HttpResponse:
    scope = scope_van(request)
    recs = _zichtbaar(scope)
    org = _organisatie(scope)
    rijen = [{"rec": r, "c": r.contract, "partij": _naam_gemeente(r.contract.gemeente) or r.contract.regio,
              "eigen": r.organisatie == org} for r in recs]
    return render(request, "sturing/contracten.html", {
        "titel": "Contracten", "rijen": rijen, "beheert": org is not None,
    })


def _beheer(request: HttpRequest) -> tuple[Scope, str]:
    scope = scope_van(request)
    org = _organisatie(scope)
    if org is None:
        raise PermissionDenied("contracten worden vastgelegd door de gemeente of regio die ze sluit")
    return scope, org


def _toegestaan(scope: Scope, c: Any) -> str | None:
    try:
        mag_zien(scope, c)
    except BuitenBereik as exc:
        return str(exc)
    if scope.rol == Rol.REGIO and c.gemeente is not None:
        return "een regio-analist legt contracten van de regio vast; een gemeente legt die van zichzelf vast"
    return None


@login_required
def bewerken(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Edit one or more contracts as YAML: all or nothing, the first problem named with its key path."""
    scope, org = _beheer(request)
    bestaand = None
    if pk is not None:
        bestaand = Contract.objects.filter(pk=pk, organisatie=org).first()
        if bestaand is None:
            raise Http404("geen contract met dit nummer bij uw organisatie")
    fout = None
    if request.method == "POST":
        tekst = request.POST.get("yaml", "")
        bestand = request.FILES.get("bestand")
        if bestand is not None:
            try:
                tekst = lees_upload(bestand)
            except UploadFout as exc:
                fout = str(exc)
        if fout is None:
            try:
                top = tabel(yaml_laden(tekst), "", {"contracten"}, ("contracten",))
                nieuw = [contract_uit(x, f"contracten[{i}]")
                         for i, x in enumerate(lijst(top["contracten"], "contracten"))]
                if not nieuw:
                    raise SturingFout("contracten", "geen contract in het bestand")
                for i, c in enumerate(nieuw):
                    if (bezwaar := _toegestaan(scope, c)) is not None:
                        raise SturingFout(f"contracten[{i}]", bezwaar)
            except SturingFout as exc:
                fout = str(exc)
            else:
                with transaction.atomic():
                    if bestaand is not None and all(c.id != bestaand.sleutel for c in nieuw):
                        bestaand.delete()
                    recs = [Contract.bewaar(org, c, request.user.get_username()) for c in nieuw]
                if len(recs) == 1:
                    return redirect("contract", pk=recs[0].pk)
                return redirect("contracten")
    else:
        if bestaand is not None:
            tekst = contracten_yaml([bestaand.contract])
        else:
            tekst = VOORBEELD.format(gemeente=scope.gemeente or "0000")
            if scope.rol == Rol.REGIO:
                tekst = tekst.replace(f'gemeente: "{scope.gemeente or "0000"}"           # of: regio: <jeugdregio>',
                                      f'regio: "{scope.regio}"')
    return render(request, "sturing/contract_bewerken.html", {
        "titel": "Contract bewerken" if bestaand else "Nieuw contract", "yaml": tekst, "fout": fout,
        "bestaand": bestaand,
    }, status=400 if fout else 200)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    scope = scope_van(request)
    return yaml_download(contracten_yaml(r.contract for r in _zichtbaar(scope)), "contracten.yaml")


@login_required
@require_POST
def verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    _, org = _beheer(request)
    aantal, _ = Contract.objects.filter(pk=pk, organisatie=org).delete()
    if not aantal:
        raise Http404("geen contract met dit nummer bij uw organisatie")
    return redirect("contracten")


def _kpi_rijen(r: ContractCijfers) -> list[list[Any]]:
    rijen = []
    for k in r.kpis.to_dict("records"):
        e = k["eenheid"]
        marge = "–" if k["onder"] is None else f"{waarde(k['onder'], e)} – {waarde(k['boven'], e)}"
        norm = f"{'minstens' if k['richting'] == 'hoger' else 'hoogstens'} {waarde(k['norm'], e)}"
        gehaald = "onbekend" if k["gehaald"] is None else ("ja" if k["gehaald"] else "nee")
        rijen.append([k["naam"], waarde(k["waarde"], e), marge, waarde(k["vergelijking"], e), norm, gehaald])
    return rijen


def _tarief_rijen(r: ContractCijfers) -> list[list[Any]]:
    rijen = []
    for t in r.tarieven.to_dict("records"):
        rijen.append([t["productcode"], getal(t["volume"]), waarde(t["gedeclareerd"], "eurocent"),
                      waarde(t["gemiddeld_tarief"], "eurocent"),
                      "niet gecontracteerd" if t["contracttarief"] is None or t["contracttarief"] != t["contracttarief"]
                      else waarde(t["contracttarief"], "eurocent"),
                      waarde(t["boven_contract"], "eurocent"), getal(t["regels"])])
    return rijen


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_van(request)
    rec = next((r for r in _zichtbaar(scope) if r.pk == pk), None)
    if rec is None:
        raise Http404("geen contract met dit nummer dat u mag zien")
    c = rec.contract
    cf = cijfers()
    opties = cf.opties
    keuzes = [p for p in opties.perioden()]
    gekozen = request.GET.get("periode") or (str(c.van.year) if str(c.van.year) in opties.jaren
                                             else opties.standaard_periode)
    if gekozen not in keuzes:
        raise Http404("onbekende periode")
    periode = cf.periode(gekozen)
    r = contract_cijfers(cf, scope, c, periode)
    # the ambitions the KPIs serve, with their progress, as the gemeente (or regio) that owns them measures it
    ambities = []
    for amb_id in dict.fromkeys(k.ambitie for k in c.kpis if k.ambitie):
        amb_rec = Ambitie.objects.filter(organisatie=rec.organisatie, sleutel=amb_id).first()
        if amb_rec is None:
            ambities.append({"id": amb_id, "tekst": None, "statussen": []})
            continue
        a = amb_rec.ambitie
        try:
            statussen = [(d.naam, d.status) for d in voortgang(cf, scope, a)]
        except BuitenBereik:
            statussen = []
        ambities.append({"id": amb_id, "tekst": a.tekst, "statussen": statussen,
                         "url": reverse("ambitie", args=[amb_id]) if rec.organisatie == _organisatie(scope) else None})
    vergelijkbaar = [k.indicator for k in c.kpis if PER_ID[k.indicator].eenheid == "procent"]
    return render(request, "sturing/contract.html", {
        "titel": c.naam, "c": c, "rec": rec, "r": r, "keuzes": keuzes, "gekozen": gekozen,
        "partij": _naam_gemeente(c.gemeente) or c.regio,
        "kpi_rijen": _kpi_rijen(r), "tarief_rijen": _tarief_rijen(r),
        "kpi_koppen": ["KPI", "Aanbieder", "Marge (95 %)", "Alle aanbieders", "Norm", "Gehaald"],
        "tarief_koppen": ["Productcode", "Volume", "Gedeclareerd", "Gemiddeld tarief", "Contracttarief",
                          "Boven contracttarief", "Regels"],
        "betaald": waarde(r.betaald, "eurocent"),
        "plafond": waarde(r.plafond_periode, "eurocent") if r.plafond_periode is not None else None,
        "aandeel_plafond": waarde(r.betaald / r.plafond_periode * 100, "procent") if r.plafond_periode else None,
        "aandeel_uitgaven": waarde(r.aandeel_uitgaven * 100, "procent") if r.aandeel_uitgaven is not None else None,
        "aandeel_omzet": waarde(r.aandeel_omzet * 100, "procent") if r.aandeel_omzet is not None else None,
        "ambities": ambities, "vergelijkbaar": vergelijkbaar,
        "beheert": rec.organisatie == _organisatie(scope),
    })
