"""Kosten: paid against what was allocated, per provider and product, the monthly trend and the year-end
projection (docs/indicatoren.md kosten, jaarprognose; docs/web.md for the allocated value)."""

from __future__ import annotations

import pandas as pd

from regiekamer.web.dashboard import grafieken
from regiekamer.web.dashboard.bouwstenen import kerncijfers
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.dashboard.pagina import Blok, Context, pagina

KOSTEN = ["kosten", "kosten_per_client", "kosten_per_traject", "uitputting_budget", "uitputting_volume",
          "jaarprognose"]


def tegen_budget(ctx: Context, by: str) -> Blok:
    df = ctx.cijfers.kosten(ctx.scope, ctx.selectie, ctx.periode, by=[by])
    df[by] = df[by].fillna("onbekend")
    if by == "productcategorie":
        df[by] = df[by].map(ctx.naam_categorie)
    df = df.sort_values("betaald", ascending=False)
    lang = df.melt(id_vars=[by], value_vars=["betaald", "budget"], var_name="soort", value_name="eurocent")
    lang["euro"] = lang["eurocent"].astype("float64") / 100
    lang["soort"] = lang["soort"].map({"betaald": "Betaald", "budget": "Toegewezen"})
    grafiek = grafieken.staaf(lang.dropna(subset=["euro"]), by, "euro", kleur="soort", gestapeld=False,
                              titel_y="euro") if not df.empty else None
    tabel = pd.DataFrame({
        by: df[by],
        "Betaald": df["betaald"].map(lambda v: waarde(v, "eurocent")),
        "Toegewezen": df["budget"].map(lambda v: waarde(v, "eurocent")),
        "Betaald / toegewezen": [waarde(b / t if pd.notna(t) and t else None, "ratio")
                                 for b, t in zip(df["betaald"], df["budget"], strict=True)],
    })
    return Blok(f"kosten-{by}", f"Betaald tegen toegewezen, per {by}", tabel, grafiek=grafiek, ruw=df,
                alt=f"Staafdiagram per {by}: betaald en toegewezen bedrag in euro's naast elkaar; de tabel "
                    "eronder geeft de bedragen.", indicatoren=("kosten", "uitputting_budget"),
                toelichting="Toegewezen: het budget van een toewijzing, of het toegewezen volume maal het gemiddeld "
                            "gedeclareerde tarief van dat product, naar rato van de dagen in de periode.")


def per_maand(ctx: Context) -> Blok:
    jaar = ctx.periode.tot.year
    df = ctx.cijfers.kosten_per_maand(ctx.scope, ctx.selectie, jaar)
    prognose = ctx.cijfers.indicatoren(ctx.scope, ctx.selectie, ctx.cijfers.periode(str(jaar)), ["jaarprognose"])
    p = float(prognose["waarde"].iloc[0]) if not prognose.empty and pd.notna(prognose["waarde"].iloc[0]) else None
    lang = pd.DataFrame({"maand": df["maand"], "euro": df["cumulatief"] / 100, "reeks": "Betaald, cumulatief"})
    if p is not None:
        lang = pd.concat([lang, pd.DataFrame({"maand": [12], "euro": [p / 100], "reeks": ["Prognose jaareinde"]})])
    grafiek = grafieken.lijn(lang, "maand", "euro", kleur="reeks", titel_x="maand", titel_y="euro")
    tabel = pd.DataFrame({"Maand": df["maand"], "Betaald": df["betaald"].map(lambda v: waarde(v, "eurocent")),
                          "Cumulatief": df["cumulatief"].map(lambda v: waarde(v, "eurocent"))})
    toel = f"Prognose voor {jaar}: {waarde(p, 'eurocent')} (definitie jaarprognose)." if p is not None else ""
    return Blok("kosten-per-maand", f"Betaald per maand in {jaar} en de prognose voor het jaareinde", tabel,
                grafiek=grafiek, ruw=df, indicatoren=("kosten", "jaarprognose"), toelichting=toel,
                alt=f"Lijngrafiek van het cumulatief betaalde bedrag per maand in {jaar}, met de prognose voor het "
                    "jaareinde als los punt in december. De tabel eronder geeft de bedragen per maand.")


@pagina("Kosten")
def kosten(ctx: Context) -> list[Blok]:
    """Paid, allocated, trend and projection."""
    return [
        kerncijfers(ctx, KOSTEN, titel="Kosten"),
        tegen_budget(ctx, "aanbieder"),
        tegen_budget(ctx, "productcategorie"),
        per_maand(ctx),
    ]
