"""Aanbieders: all providers side by side, and a profile page per provider with its figures beside the region's."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from regiekamer.cijfers import Rol
from regiekamer.web.dashboard.bouwstenen import kerncijfers, trend, uitsplitsing
from regiekamer.web.dashboard.pagina import Blok, Context, toon
from regiekamer.web.dashboard.paginas.gemeenten import naast_elkaar

PROFIEL = ["clienten_in_zorg", "nieuwe_clienten", "trajecten_gestart", "duur_mediaan", "wachttijd_mediaan",
           "wachttijd_p90", "wachtend_6_weken", "aandeel_volgens_plan", "aandeel_overstap",
           "heraanmelding_12_maanden", "afschaling", "opschaling", "termijn_start_stop", "termijn_declaratie",
           "kosten", "kosten_per_client"]
LIJST = ["clienten_in_zorg", "wachttijd_mediaan", "aandeel_volgens_plan", "heraanmelding_12_maanden", "kosten"]


def _lijst(ctx: Context) -> list[Blok]:
    label = {k.code: ctx.scope.label_aanbieder(k.code) for k in ctx.opties.aanbieders}
    return [
        naast_elkaar(ctx, "aanbieder", LIJST, "Aanbieders naast elkaar", {}),
        uitsplitsing(ctx, "clienten_in_zorg", "aanbieder", titel="Cliënten in zorg per aanbieder", label=label),
    ]


@login_required
def aanbieders(request: HttpRequest) -> HttpResponse:
    """All providers side by side (an aanbieder sees itself by AGB code and the others under a neutral label),
    with a link to each provider's profile (an aanbieder: only its own)."""
    from regiekamer.web.dashboard.bron import cijfers, scope_van

    scope = scope_van(request)
    codes = [k.code for k in cijfers().opties.binnen(scope).aanbieders] if scope.ziet_cijfers else []
    if scope.rol == Rol.AANBIEDER:
        codes = [c for c in codes if c == scope.aanbieder]
    return toon(request, "Aanbieders", _lijst, sjabloon="dashboard/aanbieders.html", standaard_eigen=False,
                extra={"profielen": codes})


@login_required
def profiel(request: HttpRequest, agb: str) -> HttpResponse:
    """One provider's figures beside the region's (for an aanbieder: only its own profile)."""
    from regiekamer.web.dashboard.bron import scope_van

    scope = scope_van(request)
    if scope.rol == Rol.AANBIEDER and agb != scope.aanbieder:
        raise PermissionDenied("u ziet alleen het profiel van uw eigen organisatie")

    def bouw(ctx: Context) -> list[Blok]:
        pctx = ctx  # the aanbieder filter is fixed to this profile's AGB code
        regio = replace(ctx.selectie, aanbieder=None)
        return [
            kerncijfers(pctx, PROFIEL, titel=f"Aanbieder {agb} naast de regio", vergelijk=regio,
                        vergelijk_naam="Regio (alle aanbieders)"),
            trend(pctx, ["clienten_in_zorg", "nieuwe_clienten", "wachtend_6_weken", "kosten"]),
            uitsplitsing(pctx, "clienten_in_zorg", "productcategorie", titel="Cliënten per productcategorie",
                         label={k.code: k.naam for k in ctx.opties.productcategorieen}),
            uitsplitsing(pctx, "clienten_in_zorg", "gemeente", titel="Cliënten per gemeente",
                         label={k.code: k.naam for k in ctx.opties.gemeenten}),
        ]

    return toon(request, f"Aanbieder {scope.label_aanbieder(agb)}", bouw, standaard_eigen=False,
                vast={"aanbieder": agb})

