"""What the demo writes down for its gemeente: ambitions whose progress can be measured on the demo's own data,
and an example regiemodel scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from regiekamer.cijfers import Cijfers
from regiekamer.sturing import voortgang
from regiekamer.sturing.contracten import contract_cijfers
from regiekamer.web.accounts.models import Profiel
from regiekamer.web.cli import demo_accounts, demo_voorbeelden
from regiekamer.web.regiemodel.models import Voorziening
from regiekamer.web.sturing.models import Ambitie, Contract, Prioriteitenprofiel


def test_demo_examples_are_measurable(db: Any, web: Path) -> None:
    demo_accounts(web)
    demo_voorbeelden(web)
    demo_voorbeelden(web)  # a second run replaces, it does not duplicate
    profiel = Profiel.objects.get(user__username="demo-gemeente")
    ambities = [r.ambitie for r in Ambitie.objects.filter(organisatie=f"gemeente:{profiel.gemeente}")]
    assert len(ambities) == 2
    c = Cijfers(web)
    for a in ambities:
        for d in voortgang(c, profiel.scope(), a):
            assert d.basiswaarde is not None and len(d.metingen) == 4, (a.id, d.doel.indicator)
            assert d.status not in ("geen basis", "geen meting")
            assert d.doel.streefwaarde < d.basiswaarde  # each target is an improvement on the baseline
    assert Voorziening.objects.filter(gemeente=profiel.gemeente).count() == 3
    # the contract with the demo aanbieder has declared products with tariffs, and the aanbieder reads it
    aanbieder = Profiel.objects.get(user__username="demo-aanbieder")
    (rec,) = Contract.objects.filter(aanbieder=aanbieder.aanbieder)
    r = contract_cijfers(c, aanbieder.scope(), rec.contract, c.periode(str(rec.contract.van.year)))
    assert r.betaald > 0 and len(rec.contract.tarieven) >= 1 and (r.tarieven["boven_contract"].fillna(0) > 0).any()
    assert Prioriteitenprofiel.objects.filter(organisatie=f"gemeente:{profiel.gemeente}").exists()
