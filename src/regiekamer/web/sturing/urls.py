from django.urls import path

from regiekamer.web.sturing import contracten, prioriteiten, vergelijken, views

contract_urls = [
    path("", contracten.lijst_view, name="contracten"),
    path("nieuw/", contracten.bewerken, name="contract-nieuw"),
    path("export.yaml", contracten.export, name="contracten-export"),
    path("<int:pk>/", contracten.detail, name="contract"),
    path("<int:pk>/bewerken/", contracten.bewerken, name="contract-bewerken"),
    path("<int:pk>/verwijderen/", contracten.verwijderen, name="contract-verwijderen"),
]

prioriteit_urls = [path("", prioriteiten.prioriteiten, name="prioriteiten")]

vergelijk_urls = [
    path("", vergelijken.vergelijken, name="vergelijken"),
    path("methode/", vergelijken.methode, name="vergelijken-methode"),
]

urlpatterns = [
    path("", views.lijst, name="ambities"),
    path("nieuw/", views.nieuw, name="ambitie-nieuw"),
    path("export.yaml", views.export, name="ambities-export"),
    path("import/", views.importeren, name="ambities-import"),
    path("<slug:sleutel>/", views.detail, name="ambitie"),
    path("<slug:sleutel>/bewerken/", views.bewerken, name="ambitie-bewerken"),
    path("<slug:sleutel>/verwijderen/", views.verwijderen, name="ambitie-verwijderen"),
]
