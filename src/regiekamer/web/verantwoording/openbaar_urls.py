"""Public pages (no login), mounted at /openbaar/: only published snapshots (docs/verantwoording.md)."""

from django.urls import URLPattern, path

from regiekamer.web.verantwoording import views

urlpatterns: list[URLPattern] = [
    path("", views.openbaar_index, name="openbaar"),
    path("<str:slug>/", views.openbaar_rapport, name="openbaar-rapport"),
    path("<str:slug>/rapport.pdf", views.openbaar_pdf, name="openbaar-pdf"),
    path("<str:slug>/export.zip", views.openbaar_export, name="openbaar-export"),
    path("<str:slug>/v<int:versie>/", views.openbaar_rapport, name="openbaar-versie"),
    path("<str:slug>/v<int:versie>/rapport.pdf", views.openbaar_pdf, name="openbaar-versie-pdf"),
    path("<str:slug>/v<int:versie>/export.zip", views.openbaar_export, name="openbaar-versie-export"),
]
