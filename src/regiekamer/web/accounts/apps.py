from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "regiekamer.web.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"
    default_auto_field = "django.db.models.BigAutoField"
