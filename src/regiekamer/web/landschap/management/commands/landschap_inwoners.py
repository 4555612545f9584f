"""Import inhabitants per gemeente into the region settings, from a generated region's ground truth
(grondwaarheid/gemeenten.parquet) or a CSV/YAML file (docs/landschap.md)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.landschap.inwoners import InwonersFout, bevolking_uit_grondwaarheid, lees_bevolking
from regiekamer.web.landschap.models import Regioinstelling


class Command(BaseCommand):
    help = ("Lees inwoners per gemeente in (grondwaarheid van een gegenereerde regio, of CSV/YAML) en sla ze op "
            "bij de jeugdregio van elke gemeente.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bron", type=Path, help="map van een gegenereerde regio, gemeenten.parquet, of CSV/YAML")

    def handle(self, *args: Any, **opts: Any) -> None:
        bron: Path = opts["bron"]
        if not bron.exists():
            raise CommandError(f"{bron} bestaat niet")
        try:
            if bron.is_dir() or bron.suffix == ".parquet":
                inwoners, jeugdigen = bevolking_uit_grondwaarheid(bron)
            else:
                inwoners, jeugdigen = lees_bevolking(bron.read_text(encoding="utf-8"))
        except (InwonersFout, OSError, KeyError) as e:
            raise CommandError(f"{bron}: {e}") from None
        per_regio: dict[str, dict[str, int]] = defaultdict(dict)
        jong: dict[str, dict[str, int]] = defaultdict(dict)
        for g, n in inwoners.items():
            info = gemeente_info(g)
            if info is None or not info.jeugdregio:
                raise CommandError(f"gemeente {g} is onbekend of hoort bij geen jeugdregio")
            per_regio[info.jeugdregio][g] = n
            if g in jeugdigen:
                jong[info.jeugdregio][g] = jeugdigen[g]
        for regio, waarden in sorted(per_regio.items()):
            r, _ = Regioinstelling.objects.get_or_create(regio=regio)
            r.inwoners = {**r.inwoners, **waarden}
            r.jeugdigen = {**r.jeugdigen, **jong[regio]}
            r.save()
            self.stdout.write(f"{regio}: inwoners van {len(waarden)} gemeente(n) opgeslagen")
