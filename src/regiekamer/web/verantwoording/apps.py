from django.apps import AppConfig


class VerantwoordingConfig(AppConfig):
    name = "regiekamer.web.verantwoording"
    label = "verantwoording"
    verbose_name = "Verantwoording"
