from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "regiekamer.web.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
