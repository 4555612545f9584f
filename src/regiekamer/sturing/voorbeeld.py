"""Example ambitions for the demo: two a gemeente typically sets, with targets set against its own baseline."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from regiekamer.cijfers import Cijfers, Scope
from regiekamer.sturing.ambities import Ambitie, laad_ambities
from regiekamer.sturing.contracten import KPI, Contract, Tarief
from regiekamer.sturing.prioriteiten import Prioriteiten

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


def voorbeeld_contract(cijfers: Cijfers, gemeente: str, aanbieder: str) -> Contract:
    """A contract of ``gemeente`` with ``aanbieder`` for the last year of data: its three most declared
    Jeugdwet products at 2 % below their mean declared tariff (so the page has something above the contract),
    a budget ceiling of 90 % of what was paid, and KPIs linked to the example ambitions."""
    jaar = cijfers.opties.laatste_dag.year
    d = cijfers.bron.declaraties
    d = d.filter((d.gemeente == gemeente) & (d.aanbieder == aanbieder) & (d.wet == "jw")
                 & (d.begindatum >= dt.date(jaar, 1, 1)) & (d.begindatum <= dt.date(jaar, 12, 31)))
    per = d.group_by("productcode").aggregate(bedrag=d.bedrag.sum(), volume=d.volume.sum(),
                                              betaald=d.betaald.sum()).to_pandas()
    per = per[per["volume"] > 0].sort_values("bedrag", ascending=False)
    tarieven = [Tarief(str(r.productcode), int(r.bedrag / r.volume * 0.98)) for r in per.head(3).itertuples()]
    plafond = int(per["betaald"].fillna(0).sum() * 0.9) or None
    return Contract(
        id=f"jeugdhulp-{jaar}", aanbieder=aanbieder, naam=f"Jeugdhulp {jaar}", van=dt.date(jaar, 1, 1),
        tot=dt.date(jaar, 12, 31), gemeente=gemeente, wet="jw", budgetplafond=plafond, tarieven=tuple(tarieven),
        kpis=(KPI("wachttijd_p90", 42.0, "lager", "binnen-zes-weken-aan-de-slag"),
              KPI("aandeel_verblijf", 10.0, "lager", "minder-verblijf"),
              KPI("aandeel_volgens_plan", 60.0, "hoger")),
    )


VOORBEELD_PRIORITEITEN = Prioriteiten(
    vormen={"ambulant": 65.0, "daghulp": 10.0, "verblijf": 10.0, "jeugdbescherming": 10.0, "crisis": 5.0},
    doelgroepen={"0-3": 10.0, "4-11": 40.0, "12-17": 45.0, "18+": 5.0}, wet="jw",
    toelichting="Meer lichte hulp dichtbij, minder verblijf.",
)
