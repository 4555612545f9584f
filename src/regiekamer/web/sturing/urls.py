from django.urls import path

from regiekamer.web.sturing import views

urlpatterns = [
    path("", views.lijst, name="ambities"),
    path("nieuw/", views.nieuw, name="ambitie-nieuw"),
    path("export.yaml", views.export, name="ambities-export"),
    path("import/", views.importeren, name="ambities-import"),
    path("<slug:sleutel>/", views.detail, name="ambitie"),
    path("<slug:sleutel>/bewerken/", views.bewerken, name="ambitie-bewerken"),
    path("<slug:sleutel>/verwijderen/", views.verwijderen, name="ambitie-verwijderen"),
]
