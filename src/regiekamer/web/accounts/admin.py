"""The beheerder's screens: users with their profile (role and organisation), and the access log (read only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from regiekamer.web.accounts.models import Profiel, Toegangslog


class ProfielInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profiel
    can_delete = False


class GebruikerAdmin(UserAdmin):
    inlines = [ProfielInline]
    list_display = ("username", "email", "is_active", "rol")  # type: ignore[assignment]

    @admin.display(description="rol")
    def rol(self, obj: User) -> str:
        p = getattr(obj, "profiel", None)
        return str(p) if p else "-"


@admin.register(Toegangslog)
class ToegangslogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("tijdstip", "gebruiker", "rol", "wat", "pad")
    list_filter = ("rol",)
    search_fields = ("gebruiker", "wat", "pad")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(User)
admin.site.register(User, GebruikerAdmin)
admin.site.site_header = "Regiekamer beheer"
admin.site.site_title = "Regiekamer beheer"
