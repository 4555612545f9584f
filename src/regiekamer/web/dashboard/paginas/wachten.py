"""Wachten: waiting per provider and product, who still waits by duration, request-to-decision lead times, and
how gemeente and provider keep the standard's deadlines (docs/indicatoren.md termijn_*)."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from django.urls import reverse

from regiekamer.cijfers import WACHTKLASSEN
from regiekamer.web.dashboard import grafieken
from regiekamer.web.dashboard.bouwstenen import kerncijfers, uitsplitsing
from regiekamer.web.dashboard.pagina import Blok, Context, Link, pagina

WACHTEN = ["wachttijd_mediaan", "wachttijd_p90", "wachtend_2_weken", "wachtend_6_weken", "wachtend_12_weken",
           "doorlooptijd_verzoek_mediaan", "doorlooptijd_verzoek_p90", "aandeel_verzoeken_afgewezen"]
TERMIJNEN = ["termijn_ontvangst", "termijn_besluit", "termijn_declaratie", "termijn_start_stop"]
VOLGORDE = [naam for _, _, naam in WACHTKLASSEN]


def wachtend_blok(ctx: Context, by: str) -> Blok:
    datum = min(ctx.periode.tot, ctx.opties.laatste_dag)
    df = ctx.cijfers.wachtend(ctx.scope, ctx.selectie, datum, by=[by])
    titel = f"Nog wachtend op {datum:%d-%m-%Y} per {by} en wachtduur"
    if df.empty:
        return Blok(f"wachtend-{by}", titel, pd.DataFrame())
    df[by] = df[by].fillna("onbekend")
    breed = df.pivot_table(index=by, columns="wachtklasse", values="clienten", aggfunc="sum", fill_value=0)
    breed = breed.reindex(columns=[k for k in VOLGORDE if k in breed.columns])
    breed["Totaal"] = breed.sum(axis=1)
    breed = breed.sort_values("Totaal", ascending=False).reset_index()
    if by == "productcategorie":
        breed[by] = breed[by].map(ctx.naam_categorie)
    grafiek = grafieken.staaf(df.assign(**{by: df[by].map(ctx.naam_categorie) if by == "productcategorie"
                                           else df[by]}), by, "clienten", kleur="wachtklasse")
    return Blok(f"wachtend-{by}", titel, breed, grafiek=grafiek, ruw=df,
                alt=f"Gestapeld staafdiagram: aantal wachtende cliënten per {by}, naar hoe lang zij al wachten. "
                    "De tabel eronder geeft de aantallen.",
                indicatoren=("wachtend_2_weken", "wachtend_6_weken", "wachtend_12_weken"),
                toelichting="Wachtend: toegewezen, maar (nog) niet gestart bij die aanbieder in die "
                            "productcategorie; wachtduur sinds de eerste toewijzingsdatum.")


def wachtenden_blok(ctx: Context) -> Blok | None:
    """Client level, only for gemeente and region: who has waited 12 weeks or longer (logged)."""
    if ctx.request is None or not ctx.scope.ziet_clienten:
        return None
    datum = min(ctx.periode.tot, ctx.opties.laatste_dag)
    df = ctx.cijfers.wachtenden(ctx.scope, ctx.selectie, datum, min_dagen=84)
    toon = df.head(50).copy()
    toon["productcategorie"] = toon["productcategorie"].map(ctx.naam_categorie)
    toon["client"] = pd.Series([Link(c[:16] + "…", reverse("client") + "?" + urlencode({"wet": w, "client": c}))
                      for c, w in zip(toon["client"], toon["wet"], strict=True)], index=toon.index, dtype=object)
    toon = toon[["client", "wet", "gemeente", "aanbieder", "productcategorie", "wachtdagen"]]
    toon = toon.rename(columns={"client": "Cliënt (pseudoniem)", "wachtdagen": "Dagen wachtend"})
    return Blok("wachtenden", f"Wie wacht er 12 weken of langer ({len(df)} cliënten, langst wachtend eerst)",
                toon, ruw=df,
                toelichting="Gegevens op cliëntniveau (gepseudonimiseerd); het bekijken wordt gelogd. Het "
                            "pseudoniem opent het cliëntpad van die cliënt (ook gelogd).",
                clientniveau={"wat": "wachtenden ≥ 12 weken", "datum": str(datum), "rijen": len(df),
                              "selectie": ctx.selectie.actief()})


@pagina("Wachten")
def wachten(ctx: Context) -> list[Blok]:
    """Waiting, lead times and deadlines."""
    blokken = [
        kerncijfers(ctx, WACHTEN, titel="Wachttijden en doorlooptijden"),
        wachtend_blok(ctx, "aanbieder"),
        wachtend_blok(ctx, "productcategorie"),
        uitsplitsing(ctx, "wachttijd_mediaan", "aanbieder", titel="Mediane wachttijd per aanbieder"),
        kerncijfers(ctx, TERMIJNEN, titel="Termijnen van de standaard gehaald", id="termijnen"),
        uitsplitsing(ctx, "termijn_besluit", "aanbieder",
                     titel="Besluiten op verzoeken binnen de termijn, per aanbieder"),
    ]
    if (b := wachtenden_blok(ctx)) is not None:
        blokken.append(b)
    return blokken
