"""Example ambitions for the demo: two goals a gemeente typically sets, on its own data's years."""

from __future__ import annotations

from regiekamer.sturing.ambities import Ambitie, laad_ambities


def voorbeeld_ambities(gemeente: str, laatste_jaar: int) -> list[Ambitie]:
    """A waiting-time and a step-down ambition for ``gemeente``, with the last quarter of the year before
    ``laatste_jaar`` as baseline and the end of the year after it as deadline."""
    basis = f"{laatste_jaar - 1}-Q4"
    deadline = f"{laatste_jaar + 1}-12-31"
    return laad_ambities(f"""
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
      - {{indicator: wachttijd_p90, basisperiode: "{basis}", streefwaarde: 42, deadline: {deadline}}}
      - {{indicator: wachtend_6_weken, basisperiode: "{basis}", streefwaarde: 5, deadline: {deadline}}}
  - id: minder-verblijf
    tekst: Minder jeugdigen in verblijf, meer hulp thuis en dichtbij.
    eigenaar: Wethouder jeugd
    bereik: {{gemeente: "{gemeente}", wet: jw}}
    partners:
      - {{naam: Aanbieders verblijf, bijdrage: na verblijf binnen zes weken terug naar ambulante hulp}}
      - {{naam: Wijkteams, bijdrage: vroeg ambulante hulp inzetten en die na verblijf overnemen}}
    raakvlakken: [afschalen van verblijf naar ambulant]
    doelen:
      - {{indicator: aandeel_verblijf, basisperiode: "{basis}", streefwaarde: 5, deadline: {deadline}}}
""")
