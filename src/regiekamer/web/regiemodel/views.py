"""Pages of the Regiemodel scan. Thin over :mod:`regiekamer.regiemodel`: the core scores and analyses, these
views check who may see or edit, keep the state and render."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from regiekamer.cijfers import Rol
from regiekamer.regiemodel import (
    METINGEN,
    InventarisFout,
    Transitiemodel,
    Vorm,
    conditiescores,
    gat,
    laad_model,
    lees_inventaris,
    positie,
    posities,
    schrijf_inventaris,
    spaghetti,
    verschillen,
)
from regiekamer.regiemodel import Enquete as KernEnquete
from regiekamer.regiemodel import Inventaris as KernInventaris
from regiekamer.regiemodel import Partij as KernPartij
from regiekamer.regiemodel import regio as regio_analyse
from regiekamer.regiemodel.score import bekende_antwoorden
from regiekamer.web.bestanden import UploadFout, lees_upload, yaml_download
from regiekamer.web.regiemodel import grafieken
from regiekamer.web.regiemodel.forms import (
    ConditiesForm,
    EnqueteForm,
    ImportForm,
    VoorzieningForm,
    VragenlijstForm,
)
from regiekamer.web.regiemodel.models import Deelnemer, Enquete, Voorziening
from regiekamer.web.regiemodel.toegang import Wie, gemeenten_in, mag_bewerken, mag_zien, naam, wie


def model() -> Transitiemodel:
    return laad_model()


def _rijen(df: pd.DataFrame) -> list[SimpleNamespace]:
    """The rows of a table as objects with attribute access (also in templates)."""
    return [SimpleNamespace(**{str(k): w for k, w in r.items()}) for r in df.to_dict("records")]


def _getal(w: Any) -> str:
    return f"{float(w):.2f}".replace(".", ",") if pd.notna(w) else "–"


@dataclass
class Figuur:
    """A chart with its text alternative and its data table (always shown beside it)."""

    id: str
    titel: str
    grafiek: str | None
    alt: str
    kolommen: list[str]
    rijen: list[list[Any]]
    toelichting: str = ""
    naast: bool = True
    """Table beside the chart (wide screens); False puts a wide table under it."""


# ---------------------------------------------------------------- figures of one gemeente


def _gat_figuur(m: Transitiemodel, df: pd.DataFrame, titel: str, id_: str) -> Figuur:
    rijen = [[r.voorziening, r.domein, r.vorm_ambitie, f"({_getal(r.x_ambitie)}; {_getal(r.y_ambitie)})",
              r.vorm_praktijk, f"({_getal(r.x_praktijk)}; {_getal(r.y_praktijk)})", _getal(r.afstand)]
             for r in _rijen(df)]
    return Figuur(id_, titel, grafieken.gat(m, df), grafieken.gat_alt(df),
                  ["Voorziening", "Domein", "Vorm ambitie", "Positie ambitie (x; y)", "Vorm praktijk",
                   "Positie praktijk (x; y)", "Gat (afstand)"], rijen,
                  "x loopt van -1 (cocreatie) tot +1 (controle), y van -1 (decentraal) tot +1 (centraal). "
                  "De pijl wijst van de ambitie (open cirkel) naar de praktijk (dichte cirkel).")


def _spaghetti_figuur(df: pd.DataFrame) -> Figuur:
    rijen = [[r.domein, r.meting, r.voorzieningen, r.aantal_vormen, r.vormen] for r in _rijen(df)]
    alt = "Staafdiagram van het aantal verschillende regievormen per domein, voor ambitie en praktijk. " + "; ".join(
        f"{r.domein} {r.meting}: {r.aantal_vormen} ({r.vormen})" for r in _rijen(df)) + "."
    return Figuur("spaghetti", "Spaghetti: verschillende vormen binnen één domein",
                  grafieken.spaghetti(df) if not df.empty else None, alt,
                  ["Domein", "Meting", "Voorzieningen", "Aantal vormen", "Vormen"], rijen,
                  "Hoe meer verschillende vormen binnen één domein, hoe meer 'spaghetti' van regie- en "
                  "coördinatiemiddelen: onduidelijk voor aanbieders die met al die vormen werken.")


def _gemeente_context(m: Transitiemodel, code: str) -> dict[str, Any]:
    objs = list(Voorziening.objects.filter(gemeente=code))
    kern = [v.kern(m) for v in objs]
    df_gat = gat(m, kern)
    per_domein: dict[str, list[dict[str, Any]]] = {}
    for o, k in zip(objs, kern, strict=True):
        a, p = positie(m, k.ambitie), positie(m, k.praktijk)
        per_domein.setdefault(o.domein, []).append({"obj": o, "ambitie": a, "praktijk": p})
    figuren = []
    if not df_gat.empty:
        figuren.append(_gat_figuur(m, df_gat, "Het gat tussen ambitie en praktijk", "gat"))
    df_sp = spaghetti(m, kern)
    if not df_sp.empty:
        figuren.append(_spaghetti_figuur(df_sp))
    return {"gemeente": code, "gemeente_naam": naam(code), "per_domein": sorted(per_domein.items()),
            "figuren": figuren, "aantal": len(objs), "model": m}


def _enquete_resultaat(m: Transitiemodel, enq: Enquete) -> dict[str, Any]:
    deelnemers = list(Deelnemer.objects.filter(enquete=enq))
    partijen = {d.naam: bekende_antwoorden(m, d.antwoorden, condities=True) for d in deelnemers if d.beantwoord}
    lang = conditiescores(m, partijen)
    v = verschillen(m, partijen)
    breed = lang.pivot(index="conditie", columns="partij", values="score") if not lang.empty else pd.DataFrame()
    namen = list(partijen)
    rijen = []
    for r in _rijen(v):
        per = [_getal(breed.loc[r.conditie, p]) if not breed.empty else "–" for p in namen]
        rijen.append([r.conditie, *per, _getal(r.gemiddelde), _getal(r.spreiding),
                      "Ja: " + f"{r.laagste_partij} {_getal(r.laagste)} tegenover {r.hoogste_partij} "
                      f"{_getal(r.hoogste)}" if r.verschil else "Nee"])
    figuur = None
    if partijen:
        alt = ("Puntdiagram met per conditie de score van elke partij op de schaal 1 tot 5. " + "; ".join(
            f"{r.conditie}: " + ", ".join(f"{p} {_getal(breed.loc[r.conditie, p])}" for p in namen)
            for r in _rijen(v)) + ".")
        figuur = Figuur("condities", "Vijf condities per partij", grafieken.condities(lang), alt,
                        ["Conditie", *namen, "Gemiddelde", "Spreiding", "Verschil in beleving"], rijen,
                        f"Een verschil in beleving is gemarkeerd als de hoogste en laagste partij minstens "
                        f"{_getal(m.verschil_drempel)} punt uit elkaar liggen.", naast=False)
    verschil = [SimpleNamespace(conditie=r.conditie, laagste_partij=r.laagste_partij, hoogste_partij=r.hoogste_partij,
                                laagste=_getal(r.laagste), hoogste=_getal(r.hoogste), spreiding=_getal(r.spreiding))
                for r in _rijen(v) if r.verschil]
    return {"enquete": enq, "deelnemers": deelnemers, "figuur": figuur, "verschil": verschil,
            "beantwoord": len(partijen), "drempel": _getal(m.verschil_drempel)}


# ---------------------------------------------------------------- pages


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    w = wie(request)
    if w.rol == Rol.GEMEENTE:
        return _gemeente_pagina(request, w, w.gemeente)
    return _regio_pagina(request, w)


@login_required
def gemeente(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_zien(w, code)
    return _gemeente_pagina(request, w, code)


def _gemeente_pagina(request: HttpRequest, w: Wie, code: str) -> HttpResponse:
    m = model()
    ctx = _gemeente_context(m, code)
    ctx.update({"titel": f"Regiemodelscan {naam(code)}", "bewerken": w.bewerkt(code),
                "enquetes": Enquete.objects.filter(gemeente=code).prefetch_related("deelnemers"),
                "ziet_regio": w.ziet_regio})
    return render(request, "regiemodel/gemeente.html", ctx)


@login_required
def regio(request: HttpRequest) -> HttpResponse:
    return _regio_pagina(request, wie(request))


def _regio_pagina(request: HttpRequest, w: Wie) -> HttpResponse:
    if not w.ziet_regio:
        raise PermissionDenied("het regio-overzicht is voor de regio-analist en aanbieders; u ziet uw eigen gemeente")
    if not w.regio:
        raise Http404("geen jeugdregio bekend voor deze gebruiker")
    m = model()
    codes = gemeenten_in(w.regio)
    objs = list(Voorziening.objects.filter(gemeente__in=codes))
    domeinen = sorted({o.domein for o in objs} | set(m.domeinen))
    domein = request.GET.get("domein") or (domeinen[0] if domeinen else "")
    if domein not in domeinen:
        raise Http404("onbekend domein")
    kern = [o.kern(m) for o in objs]
    df = regio_analyse(m, kern, domein)
    pos = posities(m, [k for k in kern if k.domein == domein])
    pos_praktijk = pos[pos["meting"] == "praktijk"].copy()
    pos_praktijk["gemeente"] = [naam(c) for c in pos_praktijk["gemeente"]]
    rijen = [[naam(str(r.gemeente)), r.meting, r.voorzieningen, r.vormen, len(r.vormen.split(", "))
              if r.vormen != "–" else 0] for r in _rijen(df)]
    alt = (f"Vier kwadranten van het transitiemodel met de voorzieningen van domein {domein} in de praktijk, "
           "een kleur en vorm per gemeente. " + "; ".join(
               f"{r.gemeente} {r.voorziening}: {r.vorm}" for r in _rijen(pos_praktijk)) + ".")
    figuur = Figuur("regio", f"Hoe de gemeenten van {w.regio} het domein {domein} positioneren",
                    grafieken.regio(m, pos_praktijk), alt,
                    ["Gemeente", "Meting", "Voorzieningen", "Vormen", "Aantal vormen"], rijen,
                    "Dit is wat een aanbieder tegenkomt die in meerdere gemeenten van de regio werkt. Punten op "
                    "dezelfde plek zijn iets uit elkaar gezet; de tabel eronder geeft elke voorziening.")
    vormen_regio = sorted({str(v) for v in pos_praktijk["vorm"] if v != "op de grens"})
    lijst = []
    for k in sorted((k for k in kern if k.domein == domein), key=lambda k: (naam(k.gemeente), k.naam)):
        a, p = positie(m, k.ambitie), positie(m, k.praktijk)
        lijst.append([naam(k.gemeente), k.naam, k.soort, p.vorm_naam if p else "–", a.vorm_naam if a else "–"])
    per_gemeente = [(c, naam(c), sum(1 for o in objs if o.gemeente == c)) for c in codes]
    return render(request, "regiemodel/regio.html", {
        "titel": f"Regiemodel in de regio {w.regio}", "regio": w.regio, "domeinen": domeinen, "domein": domein,
        "figuur": figuur, "vormen_regio": vormen_regio, "lijst": lijst, "per_gemeente": per_gemeente,
        "links": w.rol == Rol.REGIO, "eigen": w.gemeente if w.rol == Rol.GEMEENTE else ""})


@login_required
def model_uitleg(request: HttpRequest) -> HttpResponse:
    wie(request)
    m = model()
    return render(request, "regiemodel/model.html", {"titel": "Het transitiemodel", "model": m})


# ---------------------------------------------------------------- arrangements


def _voorziening(request: HttpRequest, pk: int, *, bewerken: bool = False) -> tuple[Wie, Voorziening]:
    w = wie(request)
    v = get_object_or_404(Voorziening, pk=pk)
    mag_zien(w, v.gemeente)
    if bewerken:
        mag_bewerken(w, v.gemeente)
    return w, v


@login_required
def voorziening_nieuw(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_bewerken(w, code)
    m = model()
    form = VoorzieningForm(request.POST or None, model=m)
    if request.method == "POST" and form.is_valid():
        v = form.save(commit=False)
        v.gemeente = code
        v.save()
        return redirect("regiemodel-vragenlijst", pk=v.pk, meting="ambitie")
    return render(request, "regiemodel/voorziening_form.html", {
        "titel": "Voorziening toevoegen", "form": form, "model": m, "gemeente": code,
        "terug": reverse("regiemodel-gemeente", args=[code])})


@login_required
def voorziening_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    _, v = _voorziening(request, pk, bewerken=True)
    m = model()
    form = VoorzieningForm(request.POST or None, instance=v, model=m)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("regiemodel-voorziening", pk=v.pk)
    return render(request, "regiemodel/voorziening_form.html", {
        "titel": f"{v.naam} bewerken", "form": form, "model": m, "gemeente": v.gemeente,
        "terug": reverse("regiemodel-voorziening", args=[v.pk])})


@login_required
@require_POST
def voorziening_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    _, v = _voorziening(request, pk, bewerken=True)
    code = v.gemeente
    v.delete()
    return redirect("regiemodel-gemeente", code=code)


def rollen_bij(m: Transitiemodel, praktijk: Vorm | None, ambitie: Vorm | None) -> list[dict[str, str]]:
    """Roles of gemeente and providers for the form in practice (and in ambition if it differs)."""
    uit = []
    for r, label in m.rollen_labels.items():
        uit.append({"rol": label, "praktijk": praktijk.rollen[r] if praktijk else "–",
                    "ambitie": ambitie.rollen[r] if ambitie else "–"})
    return uit


@login_required
def voorziening(request: HttpRequest, pk: int) -> HttpResponse:
    w, v = _voorziening(request, pk)
    m = model()
    k = v.kern(m)
    a, p = positie(m, k.ambitie), positie(m, k.praktijk)
    df = gat(m, [k])
    figuur = _gat_figuur(m, df, f"Ambitie en praktijk van {v.naam}", "gat") if not df.empty else None
    vorm_p = p.vorm if p else None
    vorm_a = a.vorm if a else None
    return render(request, "regiemodel/voorziening.html", {
        "titel": v.naam, "v": v, "ambitie": a, "praktijk": p, "figuur": figuur, "model": m,
        "bewerken": w.bewerkt(v.gemeente), "gemeente_naam": naam(v.gemeente),
        "vorm_praktijk": vorm_p, "vorm_ambitie": vorm_a,
        "verschillend": bool(vorm_a and vorm_p and vorm_a.id != vorm_p.id),
        "rollen": rollen_bij(m, vorm_p, vorm_a)})


@login_required
def vragenlijst(request: HttpRequest, pk: int, meting: str) -> HttpResponse:
    if meting not in METINGEN:
        raise Http404("onbekende meting")
    _, v = _voorziening(request, pk, bewerken=True)
    m = model()
    bestaand: dict[str, Any] = {k: str(w) for k, w in getattr(v, meting).items()}
    if meting == "ambitie":
        bestaand.update({"document": v.ambitie_document, "passage": v.ambitie_passage})
    form = VragenlijstForm(request.POST or None, initial=bestaand, model=m, meting=meting)
    if request.method == "POST" and form.is_valid():
        setattr(v, meting, form.antwoorden())
        if meting == "ambitie":
            v.ambitie_document = form.cleaned_data["document"]
            v.ambitie_passage = form.cleaned_data["passage"]
        v.save()
        if meting == "ambitie" and not v.praktijk:
            return redirect("regiemodel-vragenlijst", pk=v.pk, meting="praktijk")
        return redirect("regiemodel-voorziening", pk=v.pk)
    titel = f"{'Ambitie' if meting == 'ambitie' else 'Praktijk'}: {v.naam}"
    return render(request, "regiemodel/vragenlijst.html", {"titel": titel, "form": form, "v": v, "meting": meting,
                                                          "model": m})


# ---------------------------------------------------------------- conditions survey


@login_required
def enquete_nieuw(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_bewerken(w, code)
    form = EnqueteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            enq = Enquete.objects.create(gemeente=code, titel=form.cleaned_data["titel"])
            Deelnemer.objects.create(enquete=enq, naam=f"Gemeente {naam(code)}", soort="gemeente")
            if zv := form.cleaned_data["zorgverzekeraar"].strip():
                Deelnemer.objects.create(enquete=enq, naam=zv, soort="zorgverzekeraar")
            for a in form.cleaned_data["aanbieders"]:
                Deelnemer.objects.create(enquete=enq, naam=a, soort="aanbieder")
        return redirect("regiemodel-enquete", pk=enq.pk)
    return render(request, "regiemodel/enquete_nieuw.html", {"titel": "Enquête vijf condities aanmaken",
                                                             "form": form, "gemeente": code})


@login_required
def enquete(request: HttpRequest, pk: int) -> HttpResponse:
    w = wie(request)
    enq = get_object_or_404(Enquete, pk=pk)
    mag_zien(w, enq.gemeente)
    m = model()
    ctx = _enquete_resultaat(m, enq)
    links = [(d, request.build_absolute_uri(reverse("regiemodel-uitnodiging", args=[d.token])))
             for d in ctx["deelnemers"]]
    ctx.update({"titel": enq.titel, "links": links if w.bewerkt(enq.gemeente) else [],
                "gemeente_naam": naam(enq.gemeente), "model": m})
    return render(request, "regiemodel/enquete.html", ctx)


def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """The invited party's own page (no account): its unguessable link is its key."""
    d = get_object_or_404(Deelnemer.objects.select_related("enquete"), token=token)
    m = model()
    form = ConditiesForm(request.POST or None, initial={k: str(v) for k, v in d.antwoorden.items()}, model=m)
    if request.method == "POST" and form.is_valid():
        d.antwoorden = form.antwoorden()
        d.beantwoord = timezone.now()
        d.save()
        return render(request, "regiemodel/bedankt.html", {"titel": "Bedankt", "d": d})
    return render(request, "regiemodel/uitnodiging.html", {
        "titel": f"Vijf condities voor samenwerking – {d.naam}", "form": form, "d": d,
        "gemeente_naam": naam(d.enquete.gemeente), "model": m})


# ---------------------------------------------------------------- report, export, import


def _rapport_context(request: HttpRequest, code: str) -> dict[str, Any]:
    m = model()
    ctx = _gemeente_context(m, code)
    enquetes = [_enquete_resultaat(m, e) for e in Enquete.objects.filter(gemeente=code)]
    voorzieningen = []
    for _, items in ctx["per_domein"]:
        for it in items:
            vp = it["praktijk"].vorm if it["praktijk"] else None
            va = it["ambitie"].vorm if it["ambitie"] else None
            voorzieningen.append({**it, "rollen": rollen_bij(m, vp, va), "vorm_praktijk": vp, "vorm_ambitie": va,
                                  "verschillend": bool(va and vp and va.id != vp.id)})
    ctx.update({"titel": f"Regiemodelscan {naam(code)}", "enquetes": enquetes, "voorzieningen": voorzieningen,
                "datum": timezone.localdate()})
    return ctx


@login_required
def rapport(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_zien(w, code)
    ctx = _rapport_context(request, code)
    if request.GET.get("formaat") == "pdf":
        from weasyprint import HTML

        html = render_to_string("regiemodel/rapport.html", {**ctx, "pdf": True}, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="regiemodelscan-{code}.pdf"'
        return resp
    return render(request, "regiemodel/rapport.html", {**ctx, "pdf": False})


def inventaris_van(code: str) -> KernInventaris:
    m = model()
    inv = KernInventaris(voorzieningen=[v.kern(m) for v in Voorziening.objects.filter(gemeente=code)])
    for e in Enquete.objects.filter(gemeente=code).order_by("aangemaakt"):
        inv.enquetes.append(KernEnquete(e.titel, [
            KernPartij(d.naam, d.soort, bekende_antwoorden(m, d.antwoorden, condities=True))
            for d in Deelnemer.objects.filter(enquete=e)]))
    return inv


@transaction.atomic
def laad_inventaris(code: str, inv: KernInventaris, *, vervangen: bool = False) -> None:
    """Store an inventory for gemeente ``code`` (all or nothing)."""
    if vervangen:
        Voorziening.objects.filter(gemeente=code).delete()
        Enquete.objects.filter(gemeente=code).delete()
    for k in inv.voorzieningen:
        Voorziening.objects.create(gemeente=code, domein=k.domein, naam=k.naam, soort=k.soort,
                                   omschrijving=k.omschrijving, ambitie=k.ambitie, praktijk=k.praktijk,
                                   ambitie_document=k.ambitie_document, ambitie_passage=k.ambitie_passage)
    for e in inv.enquetes:
        enq = Enquete.objects.create(gemeente=code, titel=e.titel)
        for p in e.partijen:
            Deelnemer.objects.create(enquete=enq, naam=p.naam, soort=p.soort, antwoorden=p.antwoorden,
                                     beantwoord=timezone.now() if p.antwoorden else None)


@login_required
def export(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_bewerken(w, code)
    return yaml_download(schrijf_inventaris(inventaris_van(code)), f"regiemodel-{code}.yaml")


@login_required
def importeren(request: HttpRequest, code: str) -> HttpResponse:
    w = wie(request)
    mag_bewerken(w, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    fout = ""
    if request.method == "POST" and form.is_valid():
        try:
            tekst = lees_upload(form.cleaned_data["bestand"])
            inv = lees_inventaris(model(), tekst, code)
        except UploadFout as e:
            fout = f"Niets ingelezen: {e}"
        except InventarisFout as e:
            fout = f"Niets ingelezen: {e}"
        else:
            laad_inventaris(code, inv, vervangen=form.cleaned_data["vervangen"])
            return redirect("regiemodel-gemeente", code=code)
    return render(request, "regiemodel/importeren.html", {"titel": "Inventaris inlezen", "form": form,
                                                          "fout": fout, "gemeente": code}, status=400 if fout else 200)
