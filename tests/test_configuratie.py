"""Every environment variable the code reads is documented (README or docs/), so a deployment never depends on a
setting nobody can find."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEZEN = re.compile(r"""(?:os\.environ(?:\.get)?[\[(]|os\.getenv\(|_json_instelling\()\s*["']([A-Z][A-Z0-9_]+)["']""")
EIGEN = re.compile(r"""["'](REGIEKAMER_[A-Z0-9_]+)["']""")
"""Our own variables are also read through a constant (``OMGEVING = "REGIEKAMER_REGIEMODEL"``)."""


def test_every_environment_variable_is_documented() -> None:
    gelezen = {m.group(1) for p in (ROOT / "src").rglob("*.py") for r in (LEZEN, EIGEN)
               for m in r.finditer(p.read_text())}
    assert {"REGIEKAMER_DATA", "REGIEKAMER_LANDSCHAP_DREMPELS", "REGIEKAMER_REGIEMODEL"} <= gelezen, gelezen
    docs = "\n".join(p.read_text() for p in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
    ontbreekt = sorted(v for v in gelezen if v not in docs and not v.startswith(("DJANGO_", "PYTEST_")))
    assert not ontbreekt, f"niet gedocumenteerd: {ontbreekt}"
