"""The HTML pages of the API: its documentation (read from the OpenAPI document, so it cannot drift from it; no
Swagger UI or Redoc, which load scripts from CDNs this closed network cannot reach) and the token page."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

METHODEN = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict[str, Any]:
    gen = SchemaGenerator()  # type: ignore[no-untyped-call]
    uit: dict[str, Any] = gen.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return uit


def _type(s: dict[str, Any]) -> str:
    if "enum" in s:
        return "één van: " + ", ".join(str(e) for e in s["enum"])
    if s.get("type") == "array":
        return "lijst van " + _type(s.get("items", {}))
    return str(s.get("format") or s.get("type") or "")


def routes() -> list[dict[str, Any]]:
    """Each operation of the schema with its parameters and responses, as the docs page lists them."""
    uit = []
    for pad, item in schema()["paths"].items():
        for methode in METHODEN:
            if (op := item.get(methode)) is None:
                continue
            params = [{
                "naam": p["name"], "waar": {"query": "query", "path": "pad"}.get(p["in"], p["in"]),
                "verplicht": p.get("required", False), "type": _type(p.get("schema", {})),
                "standaard": p.get("schema", {}).get("default"), "uitleg": p.get("description", ""),
            } for p in op.get("parameters", [])]
            antwoorden = [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]
            uit.append({"methode": methode.upper(), "pad": pad, "id": op.get("operationId", ""),
                        "samenvatting": op.get("summary", ""), "uitleg": op.get("description", ""),
                        "parameters": params, "antwoorden": antwoorden})
    return uit


def docs(request: HttpRequest) -> HttpResponse:
    info = schema()["info"]
    return render(request, "api/docs.html", {"titel": "API", "info": info, "routes": routes()})


@login_required
@require_http_methods(["GET", "POST"])
def token(request: HttpRequest) -> HttpResponse:
    """A user's API token: shown once when made; a new one replaces (and so revokes) the old."""
    nieuw = None
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("actie") != "intrekken":
            nieuw = Token.objects.create(user=request.user).key
    bestaand = Token.objects.filter(user=request.user).first()
    return render(request, "api/token.html", {"titel": "API-token", "nieuw": nieuw, "bestaand": bestaand})
