from django.apps import AppConfig


class RegiemodelConfig(AppConfig):
    name = "regiekamer.web.regiemodel"
    label = "regiemodel"
    verbose_name = "Regiemodel"
