from django.contrib import admin

from regiekamer.web.landschap.models import Regioinstelling


@admin.register(Regioinstelling)
class RegioinstellingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("regio", "bijgewerkt")
    readonly_fields = ("bijgewerkt",)
