"""Definities: every indicator with its formula in words and in code, unit, direction, sources and caveats."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regiekamer.indicatoren.bronnen import UITSPLITSINGEN
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID


@login_required
def definities(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/definities.html", {"titel": "Definities", "indicatoren": INDICATOREN})


@login_required
def definitie(request: HttpRequest, ind_id: str) -> HttpResponse:
    ind = PER_ID.get(ind_id)
    if ind is None:
        raise Http404(f"onbekende indicator {ind_id!r}")
    uits = [(u, UITSPLITSINGEN[u]) for u in ind.uitsplitsingen]
    return render(request, "dashboard/definitie.html", {"titel": ind.naam, "ind": ind, "uitsplitsingen": uits})
