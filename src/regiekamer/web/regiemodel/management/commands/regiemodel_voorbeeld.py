"""Load an example Regiemodel scan (three arrangements with both questionnaires, and a conditions survey answered
by three parties) for one gemeente: ``regiekamer web regiemodel_voorbeeld 0344 [--bestand eigen.yaml]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.regiemodel import InventarisFout, ModelFout, laad_model, lees_inventaris
from regiekamer.regiemodel.inventaris import VOORBEELD
from regiekamer.web.regiemodel.views import laad_inventaris


class Command(BaseCommand):
    help = "Laad een voorbeeldscan van het regiemodel voor een gemeente (CBS-code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gemeente", help="CBS-gemeentecode, 4 cijfers (bijvoorbeeld 0344)")
        parser.add_argument("--bestand", type=Path, default=VOORBEELD,
                            help="inventaris in YAML (standaard de meegeleverde voorbeeldscan)")
        parser.add_argument("--vervangen", action="store_true",
                            help="verwijder eerst de bestaande scan van deze gemeente")

    def handle(self, *args: Any, **opties: Any) -> None:
        code = str(opties["gemeente"])
        if not gemeente_info(code):
            raise CommandError(f"onbekende CBS-gemeentecode {code!r}")
        pad: Path = opties["bestand"]
        try:
            inv = lees_inventaris(laad_model(), pad.read_text(encoding="utf-8"), code)
        except OSError as e:
            raise CommandError(f"{pad}: kan het bestand niet lezen ({e.strerror})") from None
        except (InventarisFout, ModelFout) as e:
            raise CommandError(f"{pad}: {e}") from None
        laad_inventaris(code, inv, vervangen=opties["vervangen"])
        self.stdout.write(f"Regiemodelscan voor {code}: {len(inv.voorzieningen)} voorzieningen, "
                          f"{len(inv.enquetes)} enquête(s) geladen.")
