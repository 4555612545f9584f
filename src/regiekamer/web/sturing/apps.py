from django.apps import AppConfig


class SturingConfig(AppConfig):
    name = "regiekamer.web.sturing"
    label = "sturing"
    verbose_name = "Sturen op ambities"
