"""Overzicht: the key figures of the period against the previous one, what changed since last month, trends."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from regiekamer.cijfers import Rol
from regiekamer.indicatoren.periode import parse_periode
from regiekamer.web.dashboard.bouwstenen import kerncijfers, trend
from regiekamer.web.dashboard.pagina import Blok, Context, pagina

KERN = [
    "clienten_in_zorg",
    "nieuwe_clienten",
    "trajecten_gestart",
    "trajecten_beeindigd",
    "wachttijd_mediaan",
    "wachtend_6_weken",
    "aandeel_volgens_plan",
    "heraanmelding_12_maanden",
    "doorlooptijd_verzoek_mediaan",
    "termijn_besluit",
    "kosten",
    "kosten_per_client",
]
TREND = ["clienten_in_zorg", "nieuwe_clienten", "wachtend_6_weken", "kosten"]


@pagina("Overzicht")
def _overzicht(ctx: Context) -> list[Blok]:
    """Key figures, the change since last month and the trend of the last twelve months."""
    blokken = [kerncijfers(ctx, KERN)]
    eind = min(ctx.periode.tot, ctx.opties.laatste_dag)
    laatste_maand = parse_periode(f"{eind.year}-{eind.month:02d}")
    mctx = Context(ctx.request, ctx.cijfers, ctx.scope, ctx.opties, ctx.selectie, laatste_maand)
    blokken.append(kerncijfers(mctx, KERN, titel=f"Wat veranderde sinds vorige maand ({laatste_maand.label})",
                               id="vorige-maand"))
    blokken.append(trend(ctx, TREND))
    return blokken


def overzicht(request: HttpRequest) -> HttpResponse:
    """The start page; a beheerder (who sees no figures) goes to the beheer screens instead."""
    profiel = getattr(request.user, "profiel", None)
    if profiel is not None and profiel.rol == Rol.BEHEERDER:
        return redirect("admin:index")
    return _overzicht(request)


overzicht.bouw = _overzicht.bouw  # type: ignore[attr-defined]
