"""The definitions page (docs/indicatoren.md), generated from the catalogue so the two cannot drift apart."""

from __future__ import annotations

import textwrap

import pandas as pd

from regiekamer.indicatoren.bronnen import UITSPLITSINGEN
from regiekamer.indicatoren.catalogus import INDICATOREN, Indicator

EENHEDEN = {
    "aantal": "aantal",
    "dagen": "kalenderdagen",
    "werkdagen": "werkdagen",
    "procent": "procent (0–100)",
    "eurocent": "eurocent",
    "ratio": "verhouding (1,0 = 100 %)",
}
RICHTING = {"hoger": "hoger is beter", "lager": "lager is beter", "neutraal": "geen richting: duiden"}


def definities() -> pd.DataFrame:
    """One row per indicator: what ``regiekamer indicators --list`` prints and the xlsx 'definities' sheet holds."""
    return pd.DataFrame(
        [
            {
                "id": i.id,
                "naam": i.naam,
                "definitie": i.definitie,
                "eenheid": EENHEDEN[i.eenheid],
                "beter": RICHTING[i.beter],
                "bron": "; ".join(i.bron),
                "uitsplitsingen": ", ".join(i.uitsplitsingen),
                "kanttekeningen": " ".join(i.kanttekeningen),
            }
            for i in INDICATOREN
        ]
    )


def _sectie(i: Indicator) -> str:
    regels = [
        f"## `{i.id}` — {i.naam}",
        "",
        i.definitie,
        "",
        f"- **Eenheid:** {EENHEDEN[i.eenheid]}; **richting:** {RICHTING[i.beter]}",
        f"- **Bronvelden:** {', '.join(i.bron)}",
        f"- **Uitsplitsingen:** {', '.join(i.uitsplitsingen)}",
    ]
    if i.extra_kolommen:
        regels.append(f"- **Altijd uitgesplitst naar:** {', '.join(i.extra_kolommen)}")
    for k in i.kanttekeningen:
        regels.append(f"- **Let op:** {k}")
    regels += [
        "",
        "<details><summary>Definitie in code</summary>",
        "",
        "```python",
        i.code.rstrip(),
        "```",
        "",
        "</details>",
        "",
    ]
    return "\n".join(regels)


def markdown() -> str:
    kop = textwrap.dedent(
        """\
        # Indicatoren

        <!-- Gegenereerd door `regiekamer indicators --docs docs/indicatoren.md`; niet met de hand bewerken. -->

        Elke indicator wordt berekend uit de gereconstrueerde toewijzingen, leveringen, trajecten, verzoeken,
        declaraties en termijnen (docs/reconstructie.md, docs/paden.md, docs/methoden-statistiek.md), op DuckDB
        of Spark (docs/motoren.md). De uitvoer is een lange tabel: `indicator, periode, periode_van, periode_tot`,
        de gevraagde uitsplitsingen, `waarde`, en bij aandelen en gemiddelden `teller` en `noemer`.

        Berekenen: `regiekamer indicators --period 2025 --by gemeente,aanbieder --format xlsx --out cijfers.xlsx`.
        Vanuit Python: `regiekamer.indicatoren.bereken(con, parse_periode("2025"), by=["gemeente"]).tabel`.

        ## Uitsplitsingen

        | uitsplitsing | betekenis |
        |---|---|
        """
    )
    rijen = "\n".join(f"| `{k}` | {v} |" for k, v in UITSPLITSINGEN.items())
    overzicht = "\n".join(
        ["", "", "## Overzicht", "", "| id | naam | eenheid | richting |", "|---|---|---|---|"]
        + [f"| `{i.id}` | {i.naam} | {EENHEDEN[i.eenheid]} | {RICHTING[i.beter]} |" for i in INDICATOREN]
    )
    return kop + rijen + overzicht + "\n\n" + "\n".join(_sectie(i) for i in INDICATOREN)
