"""The REST API (``/api/v1/``): the same figures as the pages, through :class:`~regiekamer.cijfers.Cijfers` and the
user's :class:`~regiekamer.cijfers.Scope` (so the API cannot show more than the pages), as JSON with limit/offset
pagination and errors as problem details (RFC 7807, as the ZGW APIs of Common Ground)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from regiekamer.cijfers import FILTERS, BuitenBereik, Cijfers, Opties, Rol, Scope
from regiekamer.indicatoren.bronnen import UITSPLITSINGEN
from regiekamer.indicatoren.catalogus import INDICATOREN, PER_ID, Indicator
from regiekamer.indicatoren.periode import Periode
from regiekamer.web.api import serializers as s
from regiekamer.web.api.parameters import Parameters, gemeenten_in_bereik
from regiekamer.web.dashboard.bron import cijfers, scope_van
from regiekamer.web.dashboard.toegang import log_toegang

# --- errors -----------------------------------------------------------------------------------------------

TITELS = {400: "Ongeldige parameters", 401: "Niet geauthenticeerd", 403: "Geen toegang", 404: "Niet gevonden",
          405: "Methode niet toegestaan", 406: "Formaat niet beschikbaar"}


def fout_antwoord(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handling (status, WWW-Authenticate), with the body as problem details: a 400 lists every wrong
    parameter in ``invalidParams`` with the reason."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    body: dict[str, Any] = {
        "type": f"urn:regiekamer:fout:{code}",
        "code": code,
        "title": TITELS.get(response.status_code, "Fout"),
        "status": response.status_code,
    }
    if isinstance(exc, ValidationError) and isinstance(exc.detail, dict):
        ongeldig = [{"name": naam, "code": getattr(r, "code", "invalid"), "reason": str(r)}
                    for naam, redenen in exc.detail.items() for r in (redenen if isinstance(redenen, list)
                                                                       else [redenen])]
        body["detail"] = "; ".join(f"{o['name']}: {o['reason']}" for o in ongeldig)
        body["invalidParams"] = ongeldig
    else:
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
        body["detail"] = str(detail)
    request = context.get("request")
    body["instance"] = request.get_full_path() if request is not None else ""
    response.data = body
    return response


FOUTEN = {
    400: OpenApiResponse(s.FoutSerializer, description="Een parameter is onbekend of ongeldig (invalidParams)."),
    401: OpenApiResponse(s.FoutSerializer, description="Geen of een ongeldig token."),
    403: OpenApiResponse(s.FoutSerializer, description="Buiten uw bereik (filter op een andere gemeente of "
                                                       "aanbieder), of een rol die deze gegevens niet ziet."),
}
AUTH_FOUTEN = {k: FOUTEN[k] for k in (401, 403)}
FILTER_NAMEN = FILTERS

# --- parameters for the schema ----------------------------------------------------------------------------

P_PERIODE = OpenApiParameter(
    "periode", str, description="Periode: `2025`, `2025-Q2`, `2025-03` of `2025-01-01..2025-06-30`; zonder: het "
                                "laatste hele jaar in de gegevens (zie `opties/`).",
    examples=[OpenApiExample("jaar", value="2025"), OpenApiExample("kwartaal", value="2025-Q2")])
P_FILTERS = [
    OpenApiParameter("wet", str, enum=["jw", "wmo"], description="Filter: jw (Jeugdwet) of wmo (Wmo 2015)."),
    OpenApiParameter("gemeente", str, description="Filter: CBS-gemeentecode (4 cijfers). Een gemeente-analist "
                                                  "mag alleen de eigen gemeente kiezen (anders 403)."),
    OpenApiParameter("aanbieder", str, description="Filter: AGB-code (8 cijfers). Een aanbieder-gebruiker mag "
                                                   "alleen de eigen code kiezen (anders 403)."),
    OpenApiParameter("productcategorie", str, description="Filter: productcategorie (JZ020/WMO020), zie opties/."),
    OpenApiParameter("leeftijdsklasse", str, description="Filter: leeftijdsklasse, zie opties/."),
]
P_DATUM = OpenApiParameter("datum", OpenApiTypes.DATE,
                           description="Peildatum (JJJJ-MM-DD); zonder: de laatste dag met gegevens.")


def p_by(toegestaan: tuple[str, ...]) -> OpenApiParameter:
    return OpenApiParameter(
        "by", str, many=True, explode=False, style="form", enum=list(toegestaan),
        description="Uitsplitsing: één of meer kolommen, komma-gescheiden (`by=gemeente,wet`). Een "
                    "gemeente-analist krijgt alleen rijen van de eigen gemeente; een aanbieder ziet andere "
                    "aanbieders onder een neutraal label.")


def paginering(**extra: dict[str, Any]) -> type[LimitOffsetPagination]:
    """Limit/offset pagination (count, next, previous, results) with extra top-level fields, e.g. the period
    the figures are for."""

    class Paginering(LimitOffsetPagination):
        max_limit = 10_000
        limit_query_description = "Aantal resultaten per pagina (standaard 100, hoogstens 10000)."
        offset_query_description = "Vanaf welk resultaat (0 = het eerste)."
        velden: ClassVar[dict[str, dict[str, Any]]] = extra

        def __init__(self) -> None:
            self.meta: dict[str, Any] = {}

        def get_paginated_response(self, data: Any) -> Response:
            return Response({"count": self.count, "next": self.get_next_link(),
                             "previous": self.get_previous_link(), **self.meta, "results": data})

        def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
            basis = super().get_paginated_response_schema(schema)
            props = dict(basis["properties"])
            for k in ("next", "previous"):
                props[k] = {**{a: b for a, b in props[k].items() if a != "example"},
                            "description": "Link naar de volgende/vorige pagina, of null."}
            props["count"] = {**props["count"], "description": "Aantal resultaten over alle pagina's."}
            resultaten = props.pop("results")
            basis["properties"] = {**props, **self.velden, "results": resultaten}
            basis["required"] = ["count", "next", "previous", *self.velden, "results"]
            return basis

    return Paginering


PERIODE_SCHEMA = {"type": "object", "description": "De periode waarover de cijfers gaan.",
                  "required": ["label", "van", "tot"],
                  "properties": {"label": {"type": "string", "example": "2025"},
                                 "van": {"type": "string", "format": "date"},
                                 "tot": {"type": "string", "format": "date"}}}
DATUM_SCHEMA = {"type": "string", "format": "date", "description": "De peildatum."}


# --- values -------------------------------------------------------------------------------------------------


def json_waarde(v: Any) -> Any:
    """A table cell as JSON: missing → null, numpy numbers → int/float, dates ISO."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float | np.floating):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer | np.bool_):
        return v.item()
    if isinstance(v, pd.Timestamp | dt.datetime):
        return v.date().isoformat()  # the figures' timestamps are all whole days
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def rijen(df: pd.DataFrame) -> list[dict[str, Any]]:
    kolommen = [str(k) for k in df.columns]
    return [dict(zip(kolommen, map(json_waarde, r), strict=True))
            for r in df.astype(object).itertuples(index=False, name=None)]


def periode_json(p: Periode) -> dict[str, str]:
    return {"label": p.label, "van": p.van.isoformat(), "tot": p.tot.isoformat()}


def indicator_json(i: Indicator) -> dict[str, Any]:
    return {"id": i.id, "naam": i.naam, "definitie": i.definitie, "eenheid": i.eenheid, "beter": i.beter,
            "bron": list(i.bron), "kanttekeningen": list(i.kanttekeningen),
            "uitsplitsingen": [u for u in i.uitsplitsingen if u != "periode"]}


# --- views -------------------------------------------------------------------------------------------------


class Basis(GenericAPIView):
    """What every route shares: problem-detail errors and BuitenBereik as 403."""

    def get_exception_handler(self) -> Any:
        return fout_antwoord

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, BuitenBereik):
            exc = PermissionDenied(str(exc))
        return super().handle_exception(exc)

    def bereik(self) -> tuple[Scope, Cijfers, Opties]:
        """The user's scope and the figures, or 403 for a role without figures (before any parameter check)."""
        scope = scope_van(self.request)
        if not scope.ziet_cijfers:
            raise PermissionDenied("de rol beheerder ziet geen cijfers")
        c = cijfers()
        return scope, c, c.opties.binnen(scope)

    def pagina(self, data: list[dict[str, Any]], **meta: Any) -> Response:
        self.paginator.meta = meta  # type: ignore[union-attr]
        page = self.paginate_queryset(data)  # type: ignore[arg-type]
        return self.get_paginated_response(page)


class IndicatorenView(Basis):
    pagination_class = paginering()

    @extend_schema(
        operation_id="indicatoren_lijst", summary="Catalogus van alle cijfers", tags=["indicatoren"],
        description="Elk cijfer met id, naam, definitie, eenheid, welke richting beter is, bronvelden, "
                    "kanttekeningen en de uitsplitsingen (en dus filters) die het kent.",
        responses={200: s.IndicatorSerializer(many=True), **AUTH_FOUTEN})
    def get(self, request: Request) -> Response:
        Parameters(request, ()).klaar()
        return self.pagina([indicator_json(i) for i in INDICATOREN])


class IndicatorView(Basis):
    @extend_schema(
        operation_id="indicator_lezen", summary="Eén cijfer uit de catalogus", tags=["indicatoren"],
        parameters=[OpenApiParameter("id", str, OpenApiParameter.PATH, enum=[i.id for i in INDICATOREN],
                                     description="Id van het cijfer.")],
        responses={200: s.IndicatorSerializer, **AUTH_FOUTEN,
                   404: OpenApiResponse(s.FoutSerializer, description="Onbekend cijfer.")})
    def get(self, request: Request, id: str) -> Response:
        ind = PER_ID.get(id)
        if ind is None:
            raise NotFound(f"onbekende indicator {id!r}; zie indicatoren/")
        return Response(indicator_json(ind))


class OptiesView(Basis):
    @extend_schema(
        operation_id="opties_lezen", summary="Wat er te kiezen is, binnen uw bereik", tags=["opties"],
        description="De perioden met gegevens en de waarden van elke filter. Een gemeente-analist ziet alleen de "
                    "eigen gemeente; een aanbieder-gebruiker ziet de eigen AGB-code en andere aanbieders alleen "
                    "onder een neutraal label (niet bruikbaar als filter).",
        responses={200: s.OptiesSerializer, **AUTH_FOUTEN})
    def get(self, request: Request) -> Response:
        scope, _, o = self.bereik()
        Parameters(request, ()).klaar()

        def keuzes(lijst: Any) -> list[dict[str, str]]:
            return [{"code": k.code, "naam": k.naam} for k in lijst]

        eigen = set(gemeenten_in_bereik(scope, o))
        if scope.rol == Rol.AANBIEDER:
            # the own code first, then every other aanbieder under its neutral label, sorted by label
            anderen = sorted(scope.label_aanbieder(k.code) for k in o.aanbieders if k.code != scope.aanbieder)
            aanbieders: list[dict[str, Any]] = [{"code": scope.aanbieder, "naam": f"{scope.aanbieder} (eigen)"},
                          *({"code": a, "naam": a} for a in anderen)]
        else:
            aanbieders = keuzes(o.aanbieders)
        return Response({
            "perioden": {"eerste_dag": o.eerste_dag.isoformat(), "laatste_dag": o.laatste_dag.isoformat(),
                         "standaard": o.standaard_periode, "jaren": list(o.jaren),
                         "kwartalen": list(o.kwartalen), "maanden": list(o.maanden)},
            "wetten": keuzes(o.wetten),
            "gemeenten": keuzes(k for k in o.gemeenten if k.code in eigen),
            "aanbieders": aanbieders,
            "productcategorieen": keuzes(o.productcategorieen),
            "leeftijdsklassen": keuzes(o.leeftijdsklassen),
            "uitsplitsingen": {u: UITSPLITSINGEN[u] for u in s.UITSPLITSING_VELDEN},
        })


class CijfersView(Basis):
    pagination_class = paginering(
        periode=PERIODE_SCHEMA,
        niet_beschikbaar={"type": "array", "items": {"type": "string"},
                          "description": "Gevraagde cijfers die de gekozen filter of uitsplitsing niet kennen "
                                         "(zie `uitsplitsingen` in indicatoren/) en daarom ontbreken."})

    @extend_schema(
        operation_id="cijfers_lijst", summary="De cijfers (lange tabel)", tags=["cijfers"],
        description="Eén rij per cijfer × (deel)periode × uitsplitsing, zoals de pagina's en `regiekamer "
                    "indicators` ze berekenen, over precies de gefilterde populatie. Bedragen in eurocent.",
        parameters=[
            P_PERIODE,
            OpenApiParameter("per", str, enum=["maand", "kwartaal", "jaar"],
                             description="Deel de periode op in maanden, kwartalen of jaren (kolom `periode`)."),
            OpenApiParameter("indicator", str, many=True, explode=True, enum=[i.id for i in INDICATOREN],
                             description="Welke cijfers (herhaalbaar of komma-gescheiden); zonder: alle."),
            p_by(s.UITSPLITSING_VELDEN), *P_FILTERS],
        responses={200: s.CijferSerializer(many=True), **FOUTEN})
    def get(self, request: Request) -> Response:
        scope, c, o = self.bereik()
        p = Parameters(request, ("periode", "per", "indicator", "by", *FILTER_NAMEN))
        ids = p.lijst("indicator", PER_ID, waar="indicatoren/")
        by = p.lijst("by", s.UITSPLITSING_VELDEN)
        per = p.keuze("per", ("maand", "kwartaal", "jaar"))
        periode = p.periode(c)
        selectie = p.selectie(scope, o)
        p.klaar()
        df = c.indicatoren(scope, selectie, periode, ids or None, per=per, by=by)  # type: ignore[arg-type]
        data = []
        for rij in rijen(df):
            ind = PER_ID[rij["indicator"]]
            if ind.eenheid == "eurocent" and rij.get("waarde") is not None:
                rij["waarde"] = round(rij["waarde"])  # whole cents, as every amount in Regiekamer
            data.append({"indicator": rij.pop("indicator"), "eenheid": ind.eenheid, **rij})
        niet = c.niet_beschikbaar(ids or list(PER_ID), selectie, by)
        return self.pagina(data, periode=periode_json(periode), niet_beschikbaar=niet)


class StromenView(Basis):
    pagination_class = paginering(periode=PERIODE_SCHEMA, niveau={"type": "string"})

    @extend_schema(
        operation_id="stromen_lijst", summary="Overgangen tussen zorgvormen, aanbieders of productcategorieën",
        tags=["cliëntpaden"],
        description="Overgangen in de periode van het ene traject naar het volgende (docs/paden.md), geteld per "
                    "van → naar en soort overgang; het meeste eerst.",
        parameters=[P_PERIODE, OpenApiParameter(
            "niveau", str, enum=["vorm", "aanbieder", "productcategorie"], default="vorm",
            description="Knopen: zorgvorm, aanbieder (AGB-code of neutraal label) of productcategorie."),
            *P_FILTERS],
        responses={200: s.StroomSerializer(many=True), **FOUTEN})
    def get(self, request: Request) -> Response:
        scope, c, o = self.bereik()
        p = Parameters(request, ("periode", "niveau", *FILTER_NAMEN))
        niveau = p.keuze("niveau", ("vorm", "aanbieder", "productcategorie"), "vorm") or "vorm"
        periode = p.periode(c)
        selectie = p.selectie(scope, o)
        p.klaar()
        df = c.stromen(scope, selectie, periode, niveau)
        return self.pagina(rijen(df), periode=periode_json(periode), niveau=niveau)


class WachtendView(Basis):
    pagination_class = paginering(datum=DATUM_SCHEMA)

    @extend_schema(
        operation_id="wachtend_lijst", summary="Aantal wachtenden per wachtduur", tags=["wachten"],
        description="Cliënten die op de peildatum wachten (toegewezen, nog niet gestart), per wachtklasse en de "
                    "gekozen uitsplitsing.",
        parameters=[P_DATUM, p_by(s.FILTER_UITSPLITSINGEN), *P_FILTERS],
        responses={200: s.WachtendSerializer(many=True), **FOUTEN})
    def get(self, request: Request) -> Response:
        scope, c, o = self.bereik()
        p = Parameters(request, ("datum", "by", *FILTER_NAMEN))
        datum = p.datum("datum", o)
        by = p.lijst("by", s.FILTER_UITSPLITSINGEN)
        selectie = p.selectie(scope, o)
        p.klaar()
        df = c.wachtend(scope, selectie, datum, by=by)
        return self.pagina(rijen(df), datum=datum.isoformat())


class KostenView(Basis):
    pagination_class = paginering(periode=PERIODE_SCHEMA)

    @extend_schema(
        operation_id="kosten_lijst", summary="Betaald tegenover toegewezen budget", tags=["kosten"],
        description="Betaald (toegekende declaraties, naar begindatum van de gedeclareerde periode) en het "
                    "toegewezen bedrag (het budget van de toewijzing, of het toegewezen volume maal het gemiddeld "
                    "gedeclareerde tarief van het product) naar rato van de dagen in de periode, in eurocent, per "
                    "uitsplitsing (docs/web.md, Kosten).",
        parameters=[P_PERIODE, p_by(s.FILTER_UITSPLITSINGEN), *P_FILTERS],
        responses={200: s.KostenSerializer(many=True), **FOUTEN})
    def get(self, request: Request) -> Response:
        scope, c, o = self.bereik()
        p = Parameters(request, ("periode", "by", *FILTER_NAMEN))
        periode = p.periode(c)
        by = p.lijst("by", s.FILTER_UITSPLITSINGEN)
        selectie = p.selectie(scope, o)
        p.klaar()
        df = c.kosten(scope, selectie, periode, by=by)
        return self.pagina(rijen(df), periode=periode_json(periode))


class WachtendenView(Basis):
    pagination_class = paginering(datum=DATUM_SCHEMA, min_dagen={"type": "integer"})

    @extend_schema(
        operation_id="wachtenden_lijst", summary="Wie wacht er (cliëntniveau, gelogd)", tags=["wachten"],
        description="Cliëntniveau (pseudoniemen, nooit een BSN): wie op de peildatum `min_dagen` of langer "
                    "wacht, langst wachtend eerst. Alleen voor gemeente- en regio-analisten; elke opvraging "
                    "komt in het toegangslog (wie, wanneer, wat).",
        parameters=[P_DATUM, OpenApiParameter("min_dagen", int, default=42,
                                              description="Minimaal aantal dagen wachtend (42 = 6 weken)."),
                    *P_FILTERS],
        responses={200: s.WachtendeSerializer(many=True), **FOUTEN})
    def get(self, request: Request) -> Response:
        scope, c, o = self.bereik()
        if not scope.ziet_clienten:
            raise PermissionDenied("deze rol ziet geen gegevens op cliëntniveau")
        p = Parameters(request, ("datum", "min_dagen", *FILTER_NAMEN))
        datum = p.datum("datum", o)
        min_dagen = p.geheel("min_dagen", 42)
        selectie = p.selectie(scope, o)
        p.klaar()
        df = c.wachtenden(scope, selectie, datum, min_dagen=min_dagen)
        antwoord = self.pagina(rijen(df), datum=datum.isoformat(), min_dagen=min_dagen)
        log_toegang(request, "wachtenden (API)", {  # type: ignore[arg-type]
            "datum": str(datum), "min_dagen": min_dagen, "rijen": len(df), "selectie": selectie.actief(),
            "offset": self.paginator.offset, "limit": self.paginator.limit})  # type: ignore[union-attr]
        return antwoord
