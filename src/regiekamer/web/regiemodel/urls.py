from django.urls import path

from regiekamer.web.regiemodel import views

urlpatterns = [
    path("", views.landing, name="regiemodel"),
    path("model/", views.model_uitleg, name="regiemodel-model"),
    path("regio/", views.regio, name="regiemodel-regio"),
    path("gemeente/<str:code>/", views.gemeente, name="regiemodel-gemeente"),
    path("gemeente/<str:code>/nieuw/", views.voorziening_nieuw, name="regiemodel-voorziening-nieuw"),
    path("gemeente/<str:code>/enquete/", views.enquete_nieuw, name="regiemodel-enquete-nieuw"),
    path("gemeente/<str:code>/rapport/", views.rapport, name="regiemodel-rapport"),
    path("gemeente/<str:code>/export/", views.export, name="regiemodel-export"),
    path("gemeente/<str:code>/import/", views.importeren, name="regiemodel-import"),
    path("voorziening/<int:pk>/", views.voorziening, name="regiemodel-voorziening"),
    path("voorziening/<int:pk>/bewerken/", views.voorziening_bewerken, name="regiemodel-voorziening-bewerken"),
    path("voorziening/<int:pk>/verwijderen/", views.voorziening_verwijderen,
         name="regiemodel-voorziening-verwijderen"),
    path("voorziening/<int:pk>/<str:meting>/", views.vragenlijst, name="regiemodel-vragenlijst"),
    path("enquete/<int:pk>/", views.enquete, name="regiemodel-enquete"),
    path("uitnodiging/<str:token>/", views.uitnodiging, name="regiemodel-uitnodiging"),
]
