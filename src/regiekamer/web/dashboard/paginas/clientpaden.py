"""Cliëntpaden: flows between forms of care and providers, how long trajectories last, re-entry, step up/down;
and (client level, access-logged) the path of one pseudonymised client."""

from __future__ import annotations

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regiekamer.cijfers import BuitenBereik
from regiekamer.web.dashboard import grafieken
from regiekamer.web.dashboard.bouwstenen import kerncijfers
from regiekamer.web.dashboard.pagina import Blok, Context, context_van, pagina
from regiekamer.web.dashboard.toegang import log_toegang

PADEN = ["trajecten_gestart", "trajecten_beeindigd", "duur_mediaan", "duur_p25", "duur_p75",
         "heraanmelding_6_maanden", "heraanmelding_12_maanden", "opschaling", "afschaling", "aandeel_overstap",
         "aandeel_ander_domein", "aandeel_verblijf"]


def stromen_blok(ctx: Context, niveau: str) -> Blok:
    df = ctx.cijfers.stromen(ctx.scope, ctx.selectie, ctx.periode, niveau)
    per_paar = df.groupby(["van", "naar"], as_index=False)["aantal"].sum().sort_values("aantal", ascending=False)
    titel = {"vorm": "Overgangen tussen vormen van zorg", "aanbieder": "Overgangen tussen aanbieders"}[niveau]
    grafiek = grafieken.sankey(per_paar.head(30), titel) if not per_paar.empty else None
    tabel = df.rename(columns={"van": "Van", "naar": "Naar", "overgang": "Soort overgang", "aantal": "Trajecten"})
    alt = (f"Stroomdiagram: {titel.lower()} in {ctx.periode.label}; links waar cliënten vandaan kwamen, rechts "
           f"waar hun volgende traject begon, de breedte is het aantal. De tabel eronder geeft alle aantallen.")
    return Blok(f"stromen-{niveau}", titel, tabel, grafiek=grafiek, alt=alt,
                toelichting="Een overgang is een nieuw traject na een eerder traject van dezelfde cliënt "
                            "(docs/paden.md), geteld op de begindatum van het nieuwe traject.")


def duur_blok(ctx: Context) -> Blok:
    km = ctx.cijfers.duurcurven(ctx.scope, ctx.selectie, ctx.periode, "vorm")
    grafiek = None
    if not km.empty:
        grafiek = grafieken.stappen(km, "tijd", "survival", kleur="vorm", titel_x="dagen sinds begin",
                                    titel_y="aandeel nog in zorg")
    samenvatting = []
    for vorm, g in km.groupby("vorm"):
        onder = g[g["survival"] <= 0.5]
        samenvatting.append({"Vorm van zorg": vorm, "Trajecten": int(g["n_at_risk"].max()),
                             "Mediane duur (dagen)": int(onder["tijd"].iloc[0]) if not onder.empty else "nog niet bereikt"})
    return Blok("duur", "Hoe lang duren trajecten (Kaplan–Meier)", pd.DataFrame(samenvatting), grafiek=grafiek,
                alt="Overlevingscurven per vorm van zorg: het aandeel trajecten dat na een aantal dagen nog loopt. "
                    "De tabel geeft per vorm het aantal trajecten en de mediane duur.",
                indicatoren=("duur_mediaan",), ruw=km,
                toelichting=f"Trajecten die begonnen in {ctx.periode.label}; lopende trajecten tellen mee tot "
                            "de laatste dag van de gegevens (gecensureerd).")


@pagina("Cliëntpaden")
def clientpaden(ctx: Context) -> list[Blok]:
    """Flows, durations, re-entry and step-up/down."""
    return [
        kerncijfers(ctx, PADEN, titel="Trajecten, duur, heraanmelding en op- en afschaling"),
        stromen_blok(ctx, "vorm"),
        stromen_blok(ctx, "aanbieder"),
        duur_blok(ctx),
    ]


@login_required
def client(request: HttpRequest) -> HttpResponse:
    """Client level: one pseudonymised client's allocations and trajectories. Written to the access log."""
    ctx, _ = context_van(request)
    wet, pseudoniem = request.GET.get("wet", ""), request.GET.get("client", "")
    if wet not in ("jw", "wmo") or not pseudoniem:
        raise Http404("geef wet (jw of wmo) en client (pseudoniem)")
    try:
        df = ctx.cijfers.clientpad(ctx.scope, wet, pseudoniem)
    except BuitenBereik as e:
        raise PermissionDenied(str(e)) from None
    except ValueError as e:  # not a pseudonym at all
        raise Http404(str(e)) from None
    if ctx.scope.gemeente:
        df = df[df["gemeente"] == ctx.scope.gemeente]
    log_toegang(request, "cliëntpad", {"wet": wet, "client": pseudoniem, "rijen": len(df)})
    if df.empty:
        raise Http404("geen gegevens voor deze cliënt binnen uw bereik")
    blok = Blok("clientpad", f"Cliëntpad {pseudoniem[:12]}… ({wet})", df)
    return render(request, "dashboard/client.html", {"titel": "Cliëntpad", "blok": blok, "query": request.GET.urlencode()})
