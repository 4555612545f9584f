from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "regiekamer.web.api"
    label = "api"
    verbose_name = "API"
