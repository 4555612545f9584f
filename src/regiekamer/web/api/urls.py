from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from regiekamer.web.api import pagina, views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", pagina.docs, name="api-docs"),
    path("token/", pagina.token, name="api-token"),
    path("indicatoren/", views.IndicatorenView.as_view(), name="api-indicatoren"),
    path("indicatoren/<str:id>/", views.IndicatorView.as_view(), name="api-indicator"),
    path("opties/", views.OptiesView.as_view(), name="api-opties"),
    path("cijfers/", views.CijfersView.as_view(), name="api-cijfers"),
    path("stromen/", views.StromenView.as_view(), name="api-stromen"),
    path("wachtend/", views.WachtendView.as_view(), name="api-wachtend"),
    path("kosten/", views.KostenView.as_view(), name="api-kosten"),
    path("wachtenden/", views.WachtendenView.as_view(), name="api-wachtenden"),
]
