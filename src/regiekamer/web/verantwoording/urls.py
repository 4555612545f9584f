"""Logged-in pages of the public report, mounted at /verantwoording/ (docs/verantwoording.md)."""

from django.urls import URLPattern, path

from regiekamer.web.verantwoording import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="verantwoording"),
    path("rapport/<int:pk>/", views.rapport, name="verantwoording-rapport"),
    path("rapport/<int:pk>/publiceren/", views.beheer, name="verantwoording-beheer"),
    path("rapport/<int:pk>/publiceren/nu/", views.publiceren, name="verantwoording-publiceren"),
    path("rapport/<int:pk>/verhaal/", views.verhaal, name="verantwoording-verhaal"),
]
