"""Gemeenten: the gemeenten of the region side by side on the main figures, with the regional value."""

from __future__ import annotations

import pandas as pd

from regiekamer.indicatoren.catalogus import PER_ID
from regiekamer.web.dashboard.opmaak import waarde
from regiekamer.web.dashboard.pagina import Blok, Context, pagina

NAAST_ELKAAR = ["clienten_in_zorg", "nieuwe_clienten", "wachttijd_mediaan", "wachtend_6_weken",
                "aandeel_volgens_plan", "heraanmelding_12_maanden", "aandeel_verblijf", "termijn_besluit",
                "kosten_per_client", "kosten"]


def naast_elkaar(ctx: Context, by: str, ids: list[str], titel: str, label: dict[str, str]) -> Blok:
    sel = ctx.selectie
    df = ctx.cijfers.indicatoren(ctx.scope, sel, ctx.periode, ids, by=[by])
    totaal = ctx.cijfers.indicatoren(ctx.scope, sel, ctx.periode, ids)
    if "reden_beeindiging" in df.columns:
        df, totaal = df[df["reden_beeindiging"].isna()], totaal[totaal["reden_beeindiging"].isna()]
    rijen, ruw = [], []
    for code, g in df.groupby(by):
        w = dict(zip(g["indicator"], g["waarde"], strict=True))
        rijen.append({by: label.get(str(code), str(code)),
                      **{PER_ID[i].naam: waarde(w.get(i), PER_ID[i].eenheid) for i in ids}})
        ruw.append({by: code, **{i: w.get(i) for i in ids}})
    w = dict(zip(totaal["indicator"], totaal["waarde"], strict=True))
    rijen.append({by: "Hele regio" if by == "gemeente" else "Alle aanbieders",
                  **{PER_ID[i].naam: waarde(w.get(i), PER_ID[i].eenheid) for i in ids}})
    ruw.append({by: "totaal", **{i: w.get(i) for i in ids}})
    return Blok(f"per-{by}", titel, pd.DataFrame(rijen), indicatoren=tuple(ids), ruw=pd.DataFrame(ruw))


@pagina("Gemeenten", standaard_eigen=False)
def gemeenten(ctx: Context) -> list[Blok]:
    """The gemeenten side by side (a gemeente-analist sees the own gemeente beside the region)."""
    from regiekamer.web.dashboard.bouwstenen import uitsplitsing

    namen = {k.code: k.naam for k in ctx.opties.gemeenten}
    return [
        naast_elkaar(ctx, "gemeente", NAAST_ELKAAR, "Gemeenten naast elkaar", namen),
        uitsplitsing(ctx, "clienten_in_zorg", "gemeente", titel="Cliënten in zorg per gemeente", label=namen),
        uitsplitsing(ctx, "wachttijd_mediaan", "gemeente", titel="Mediane wachttijd per gemeente", label=namen),
        uitsplitsing(ctx, "kosten_per_client", "gemeente", titel="Betaald per cliënt per gemeente", label=namen),
    ]
