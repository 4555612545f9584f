"""Prioriteiten: the gemeente's (regio's) priority profile, edited as YAML, against the mix of forms of care and
target groups each aanbieder realises, with the distance and its drift over the years of data."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from regiekamer.cijfers import Rol, Selectie
from regiekamer.sturing.lezen import SturingFout
from regiekamer.sturing.prioriteiten import (
    ALLE,
    Prioriteiten,
    afstand,
    drift,
    lees_prioriteiten,
    mix,
    prioriteiten_uit,
    prioriteiten_yaml,
)
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.grafieken import BREEDTE, svg
from regiekamer.web.dashboard.opmaak import getal
from regiekamer.web.sturing.models import Prioriteitenprofiel

VOORBEELD = """prioriteiten:
  wet: jw
  vormen:            # gewenste verdeling van de trajecten over vormen van zorg, in procenten (samen 100)
    ambulant: 65
    daghulp: 10
    verblijf: 10
    jeugdbescherming: 10
    crisis: 5
  doelgroepen:       # optioneel: verdeling over leeftijdsklassen (samen 100)
    "0-3": 10
    "4-11": 40
    "12-17": 45
    "18+": 5
  toelichting: Meer lichte hulp dichtbij, minder verblijf.
"""
TOP = 12
"""The chart shows the aanbieders with the most trajectories; the table shows all."""


def _org(request: HttpRequest) -> tuple[Any, str]:
    scope = scope_van(request)
    if scope.rol == Rol.GEMEENTE:
        return scope, f"gemeente:{scope.gemeente}"
    if scope.rol == Rol.REGIO:
        return scope, f"regio:{scope.regio}"
    raise PermissionDenied("het prioriteitenprofiel is van de gemeente of regio")


def _grafiek(m: pd.DataFrame, profiel: dict[str, float], periode: str) -> str:
    d = m[m["periode"] == periode]
    grootste = (d[d["aanbieder"] != ALLE].groupby("aanbieder")["trajecten"].sum()
                .sort_values(ascending=False).head(TOP).index.tolist())
    d = d[d["aanbieder"].isin([ALLE, *grootste])][["aanbieder", "categorie", "aandeel"]]
    p = pd.DataFrame({"aanbieder": "profiel", "categorie": list(profiel), "aandeel": list(profiel.values())})
    d = pd.concat([p, d], ignore_index=True)
    volgorde = ["profiel", ALLE, *grootste]
    chart = alt.Chart(d).mark_bar().encode(
        y=alt.Y("aanbieder:N", sort=volgorde, title=None),
        x=alt.X("aandeel:Q", title="% van de trajecten", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("categorie:N", title=None),
        order=alt.Order("categorie:N"),
    ).properties(width=BREEDTE, height=24 * len(volgorde))
    return svg(chart)


@login_required
def prioriteiten(request: HttpRequest) -> HttpResponse:
    scope, org = _org(request)
    rec = Prioriteitenprofiel.objects.filter(organisatie=org).first()
    fout = None
    if request.method == "POST":
        tekst = request.POST.get("yaml", "")
        try:
            p = lees_prioriteiten(tekst)
        except SturingFout as exc:
            fout = str(exc)
        else:
            Prioriteitenprofiel.objects.update_or_create(
                organisatie=org, defaults={"gegevens": p.als_dict(), "gewijzigd_door": request.user.get_username()})
            return redirect("prioriteiten")
    else:
        tekst = prioriteiten_yaml(prioriteiten_uit(rec.gegevens)) if rec else VOORBEELD
    ctx: dict[str, Any] = {"titel": "Prioriteiten", "yaml": tekst, "fout": fout, "rec": rec}
    if rec is not None:
        profiel: Prioriteiten = prioriteiten_uit(rec.gegevens)
        cf = cijfers()
        jaren = list(cf.opties.jaren)
        perioden = [cf.periode(j) for j in jaren]
        sel = Selectie(wet=profiel.wet, gemeente=scope.gemeente if scope.rol == Rol.GEMEENTE else None)
        for kenmerk, verdeling, sleutel in (("vorm", profiel.vormen, "vormen"),
                                            ("leeftijdsklasse", profiel.doelgroepen, "doelgroepen")):
            if not verdeling:
                continue
            m = mix(cf, scope, sel, perioden, kenmerk)
            a = afstand(m, verdeling)
            d = drift(a, jaren)
            n = a[a["periode"] == jaren[-1]].set_index("aanbieder")["trajecten"]
            rijen = [[r["aanbieder"], getal(n.get(r["aanbieder"])), getal(r["eerste"], 1), getal(r["laatste"], 1),
                      ("–" if pd.isna(r["drift"]) else ("+" if r["drift"] > 0 else "") + getal(r["drift"], 1))]
                     for r in d.to_dict("records")]
            ctx[sleutel] = {
                "grafiek": _grafiek(m, dict(verdeling), jaren[-1]),
                "alt": (f"Gestapelde staven: de gewenste verdeling (profiel) boven de gerealiseerde verdeling van alle "
                        f"aanbieders samen en van de {min(TOP, len(n))} grootste aanbieders in {jaren[-1]}. "
                        "De tabel eronder geeft de afstand tot het profiel van elke aanbieder."),
                "rijen": rijen,
                "koppen": ["Aanbieder", f"Trajecten {jaren[-1]}", f"Afstand {jaren[0]}", f"Afstand {jaren[-1]}",
                           "Drift"],
            }
        ctx["jaren"] = jaren
    return render(request, "sturing/prioriteiten.html", ctx, status=400 if fout else 200)
