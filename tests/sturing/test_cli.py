"""``regiekamer ambities`` as a user runs it: a file checked, progress shown and exported, bad input refused in
one line that names the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from regiekamer.cijfers import Cijfers
from regiohulp import Regio


def test_progress_from_the_command_line(rk: Any, regio: Regio, tmp_path: Path) -> None:
    g = Cijfers(regio.opslag).opties.gemeenten[0].code
    f = tmp_path / "ambities.yaml"
    f.write_text(f"""
ambities:
  - id: snel-aan-de-slag
    tekst: Wie hulp krijgt toegewezen, begint binnen zes weken.
    eigenaar: Regio-overleg jeugd
    bereik: {{gemeente: "{g}", wet: jw}}
    doelen:
      - {{indicator: wachttijd_p90, basisperiode: "2024", streefwaarde: 42, deadline: 2026-12-31}}
      - {{indicator: clienten_in_zorg, basisperiode: 2024-Q4, streefwaarde: 50, deadline: 2026-12-31}}
""", encoding="utf-8")
    uit = tmp_path / "voortgang.csv"
    p = rk.cli("ambities", f, "-d", regio.opslag, "-o", uit, check=True)
    tekst = p.stdout.decode()
    assert "1 ambities, 2 doelen" in tekst and "snel-aan-de-slag" in tekst
    t = pd.read_csv(uit)
    assert set(t["indicator"]) == {"wachttijd_p90", "clienten_in_zorg"}
    assert list(t[t.indicator == "clienten_in_zorg"]["periode"]) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert t["status"].isin(["doel bereikt", "op koers", "binnen marge", "achter"]).all()

    f.write_text(f.read_text().replace("deadline: 2026-12-31}\n      - {indicator: clienten",
                                       "deadline: 2024-01-31}\n      - {indicator: clienten"))
    p = rk.cli("ambities", f, "--controleer")
    fout = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in fout
    assert str(f) in fout and "ambities[0].doelen[0].deadline" in fout
