from django.urls import path

from regiekamer.web.dashboard.paginas import (
    aanbieders,
    clientpaden,
    definities,
    gemeenten,
    kosten,
    overzicht,
    wachten,
)

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
    path("clientpaden/", clientpaden.clientpaden, name="clientpaden"),
    path("clientpaden/client/", clientpaden.client, name="client"),
    path("wachten/", wachten.wachten, name="wachten"),
    path("kosten/", kosten.kosten, name="kosten"),
    path("aanbieders/", aanbieders.aanbieders, name="aanbieders"),
    path("aanbieders/<str:agb>/", aanbieders.profiel, name="aanbieder"),
    path("gemeenten/", gemeenten.gemeenten, name="gemeenten"),
    path("definities/", definities.definities, name="definities"),
    path("definities/<str:ind_id>/", definities.definitie, name="definitie"),
]
