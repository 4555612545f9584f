"""The region's own settings for the landscape pages: how it organised its functions (local or regional) and its
inhabitants per gemeente (the store knows no population). Kept as the YAML the regio-analist edits and exports,
so what is stored is exactly what can be downloaded again."""

from __future__ import annotations

from django.db import models


class Regioinstelling(models.Model):
    regio = models.CharField(max_length=100, unique=True, help_text="Jeugdregio (CBS)")
    inrichting = models.TextField(blank=True, default="", help_text="YAML: regionaal en lokaal georganiseerde "
                                  "functies (docs/landschap.md)")
    inwoners = models.JSONField(default=dict, blank=True, help_text="gemeentecode → aantal inwoners")
    jeugdigen = models.JSONField(default=dict, blank=True, help_text="gemeentecode → aantal inwoners van 0-17 jaar")
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "regio-instelling"
        verbose_name_plural = "regio-instellingen"

    def __str__(self) -> str:
        return self.regio
