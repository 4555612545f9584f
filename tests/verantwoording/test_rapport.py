"""The report's numbers against the generator's ground truth (an independent computation), and the parties'
words: ambitions, the priority profile and the narratives appear as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from regiekamer.cijfers import Cijfers, Selectie
from regiekamer.sturing.ambities import Ambitie, Bereik, Doel, Partner
from regiekamer.sturing.contracten import Contract
from regiekamer.sturing.prioriteiten import Prioriteiten
from regiekamer.verantwoording import Onderwerp, Verhaal, maak_rapport
from regiekamer.verantwoording.service import sleutel


def test_paid_per_aanbieder_equals_the_ground_truth(kleine_cijfers: Cijfers, kleine_regio: Path) -> None:
    c = kleine_cijfers
    o = c.opties
    g = o.gemeenten[1].code
    d = pd.read_parquet(kleine_regio / "regio" / "grondwaarheid" / "declaratieregels.parquet")
    d["begin"] = pd.to_datetime(d["begindatum"]).dt.date
    d = d[(d.gemeente == g) & d.beantwoord & (d.begin >= dt.date(2025, 1, 1)) & (d.begin <= dt.date(2025, 12, 31))]
    waar = d.groupby("aanbieder").agg(betaald=("betaald", "sum"), clienten=("bsn", "nunique"))
    r = maak_rapport(c, Onderwerp("gemeente", g, o.regios[0]), c.periode("2025"))
    sel = Selectie(gemeente=g)
    for agb, rij in waar.iterrows():
        cel = r.cellen[sleutel("kosten", "2025", sel, aanbieder=agb)]
        assert cel.ruw == rij["betaald"] and cel.clienten == rij["clienten"]
        if cel.getoond is not None:
            assert cel.clienten >= r.drempel and cel.getoond == round(rij["betaald"] / 100)
    assert r.cellen[sleutel("kosten", "2025", sel)].ruw == waar["betaald"].sum()
    assert any(c.getoond is None for c in r.cellen.values() if c.soort == "bedrag")


def test_the_parties_words_and_the_budget(kleine_cijfers: Cijfers) -> None:
    c = kleine_cijfers
    o = c.opties
    g, agb = o.gemeenten[0].code, o.aanbieders[0].code
    amb = Ambitie("dichtbij", "Lichte hulp dicht bij huis.", "Wethouder", Bereik(gemeente=g),
                  (Doel("aandeel_verblijf", "2024", 8, dt.date(2026, 12, 31)),),
                  (Partner("Wijkteam", "vroeg signaleren"),), ("overdracht na verblijf",), "Eigen toelichting.")
    prio = Prioriteiten({"ambulant": 80, "verblijf": 20}, {}, "jw", "Ambulant eerst.")
    contract = Contract("k1", agb, "Jeugdhulp", dt.date(2025, 7, 1), dt.date(2026, 6, 30), gemeente=g,
                        budgetplafond=365_000_00)
    nu = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)
    verhalen = [Verhaal(f"gemeente:{g}", "Gemeente", "geleerd", "Wij leerden veel.", 2, nu),
                Verhaal(f"aanbieder:{agb}", "Aanbieder", "reactie", "Onze reactie.", 1, nu)]
    r = maak_rapport(c, Onderwerp("gemeente", g, o.regios[0]), c.periode("2025"), ambities=[amb],
                     prioriteiten=prio, contracten=[contract], verhalen=verhalen)
    waarom = r.sectie("waarom")
    _kop, tekst = waarom.teksten[0]
    assert "Lichte hulp dicht bij huis." in tekst and "Wijkteam: vroeg signaleren" in tekst
    assert "overdracht na verblijf" in tekst and "Eigen toelichting." in tekst
    assert waarom.tabellen[0].rijen == [["ambulant", "80 %"], ["verblijf", "20 %"]]
    assert waarom.tabellen[0].toelichting == "Ambulant eerst."
    assert [v.tekst for v in r.sectie("geleerd").verhalen] == ["Wij leerden veel."]
    assert [v.tekst for v in r.sectie("opgeleverd").verhalen] == ["Onze reactie."]
    ambities = next(t for t in r.sectie("opgeleverd").tabellen if t.id == "ambities")
    assert ambities.rijen[0][:3] == ["Lichte hulp dicht bij huis.", "Aandeel cliënten met verblijf", "2024"]
    kosten = next(t for t in r.sectie("gekost").tabellen if t.id == "kosten-aanbieder")
    rij = next(x for x in kosten.rijen if x[0] == agb)
    assert rij[2] == "€ 184.000"  # 184 of the contract's 365 days fall in 2025
