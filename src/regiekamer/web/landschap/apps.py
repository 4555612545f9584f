from django.apps import AppConfig


class LandschapConfig(AppConfig):
    name = "regiekamer.web.landschap"
    label = "landschap"
    verbose_name = "Zorglandschap"
