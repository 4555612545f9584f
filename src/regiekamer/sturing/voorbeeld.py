"""Example ambitions for the demo: two a gemeente typically sets, with targets set against its own baseline."""

from __future__ import annotations

from dataclasses import replace

from regiekamer.cijfers import Cijfers, Scope
from regiekamer.sturing.ambities import Ambitie, laad_ambities

STREEF = {"wachttijd_p90": 0.6, "wachtend_6_weken": 0.5, "aandeel_verblijf": 0.8}
"""Target as a fraction of the baseline (the demo's ambitions are ambitious on purpose)."""


def voorbeeld_ambities(cijfers: Cijfers, scope: Scope, gemeente: str) -> list[Ambitie]:
    """A waiting-time and a less-verblijf ambition for ``gemeente``: the last quarter of the year before the last
    year of data as baseline, the end of the year after it as deadline, targets a fixed fraction of the baseline
    (:data:`STREEF`)."""
    jaar = cijfers.opties.laatste_dag.year
    basis = f"{jaar - 1}-Q4"
    deadline = f"{jaar + 1}-12-31"
    ambities = laad_ambities(f"""
ambities:
  - id: binnen-zes-weken-aan-de-slag
    tekst: Wie jeugdhulp toegewezen krijgt, kan binnen zes weken beginnen.
    eigenaar: Wethouder jeugd
    bereik: {{gemeente: "{gemeente}", wet: jw}}
    partners:
      - {{naam: Toegang (wijkteam), bijdrage: "toewijzen bij een aanbieder die plek heeft, en wachtenden volgen"}}
      - {{naam: Aanbieders jeugdhulp, bijdrage: "wachttijd en capaciteit maandelijks delen, en een startdatum noemen"}}
    raakvlakken: [de overdracht van toewijzing naar start]
    doelen:
      - {{indicator: wachttijd_p90, basisperiode: "{basis}", streefwaarde: 0, deadline: {deadline}}}
      - {{indicator: wachtend_6_weken, basisperiode: "{basis}", streefwaarde: 0, deadline: {deadline}}}
  - id: minder-verblijf
    tekst: Minder jeugdigen in verblijf, meer hulp thuis en dichtbij.
    eigenaar: Wethouder jeugd
    bereik: {{gemeente: "{gemeente}", wet: jw}}
    partners:
      - {{naam: Aanbieders verblijf, bijdrage: na verblijf binnen zes weken terug naar ambulante hulp}}
      - {{naam: Wijkteams, bijdrage: vroeg ambulante hulp inzetten en die na verblijf overnemen}}
    raakvlakken: [afschalen van verblijf naar ambulant]
    doelen:
      - {{indicator: aandeel_verblijf, basisperiode: "{basis}", streefwaarde: 0, deadline: {deadline}}}
""")
    uit = []
    for a in ambities:
        doelen = []
        for d in a.doelen:
            rij = cijfers.indicatoren(scope, a.bereik.selectie(), d.basis, [d.indicator])
            b = float(rij["waarde"].iloc[0]) if not rij.empty and rij["waarde"].notna().iloc[0] else 0.0
            doelen.append(replace(d, streefwaarde=round(b * STREEF[d.indicator], 1)))
        uit.append(replace(a, doelen=tuple(doelen)))
    return uit
