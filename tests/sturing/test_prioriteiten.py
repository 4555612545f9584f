"""The priority profile against each aanbieder's realised mix: shares, distance and drift equal a direct pandas
computation over the reconstructed trajectories; a bad profile is refused with its key path."""

from __future__ import annotations

import pandas as pd
import pytest

from regiekamer.cijfers import Cijfers, Rol, Scope, Selectie
from regiekamer.clientpaden.trajecten import vorm
from regiekamer.indicatoren import parse_periode
from regiekamer.sturing.lezen import SturingFout
from regiekamer.sturing.prioriteiten import ALLE, afstand, drift, lees_prioriteiten, mix, prioriteiten_yaml
from regiohulp import Regio

PROFIEL = """
prioriteiten:
  wet: jw
  vormen: {ambulant: 70, daghulp: 10, verblijf: 10, jeugdbescherming: 10}
  doelgroepen: {"0-3": 10, "4-11": 45, "12-17": 40, "18+": 5}
  toelichting: Meer lichte hulp dichtbij, minder verblijf.
"""


def test_profile_yaml() -> None:
    p = lees_prioriteiten(PROFIEL)
    assert p.vormen["ambulant"] == 70 and p.wet == "jw" and p.doelgroepen["4-11"] == 45
    assert lees_prioriteiten(prioriteiten_yaml(p)) == p
    with pytest.raises(SturingFout) as exc:
        lees_prioriteiten(PROFIEL.replace("ambulant: 70", "ambulant: 60"))
    assert exc.value.pad == "prioriteiten.vormen" and "90" in exc.value.melding
    with pytest.raises(SturingFout) as exc:
        lees_prioriteiten(PROFIEL.replace("daghulp", "dagopvang"))
    assert exc.value.pad == "prioriteiten.vormen.dagopvang"


def test_mix_distance_and_drift_equal_a_direct_computation(regio: Regio) -> None:
    c = Cijfers(regio.opslag)
    scope = Scope(Rol.REGIO, regio=c.opties.regios[0])
    profiel = lees_prioriteiten(PROFIEL)
    perioden = [parse_periode("2024"), parse_periode("2025")]
    m = mix(c, scope, Selectie(wet="jw"), perioden)

    t = c.bron.trajecten.to_pandas()
    t = t[t.wet == "jw"]
    begin, eind = pd.to_datetime(t.begindatum).dt.date, pd.to_datetime(t.einddatum).dt.date
    for p in perioden:
        lopend = t[(begin <= p.tot) & (eind.isna() | (eind >= p.van))]
        vormen = pd.Series([vorm("jw", x) for x in lopend.productcategorie], index=lopend.index)
        verwacht = (vormen.groupby(lopend.aanbieder).value_counts(normalize=True) * 100)
        gezien = m[(m.periode == p.label) & (m.aanbieder != ALLE)].set_index(["aanbieder", "categorie"])["aandeel"]
        verwacht.index.names = ["aanbieder", "categorie"]
        pd.testing.assert_series_equal(gezien.sort_index(), verwacht.sort_index(), check_names=False)
        alle = m[(m.periode == p.label) & (m.aanbieder == ALLE)].set_index("categorie")["trajecten"]
        assert alle.to_dict() == vormen.value_counts().to_dict()

    a = afstand(m, profiel.vormen)
    for r in a.itertuples():
        g = m[(m.aanbieder == r.aanbieder) & (m.periode == r.periode)].set_index("categorie")["aandeel"]
        cats = set(g.index) | set(profiel.vormen)
        assert r.afstand == pytest.approx(0.5 * sum(abs(g.get(k, 0.0) - profiel.vormen.get(k, 0.0)) for k in cats))
        assert 0 <= r.afstand <= 100
    d = drift(a, ["2024", "2025"]).set_index("aanbieder")
    breed = a.pivot(index="aanbieder", columns="periode", values="afstand")
    beide = breed.dropna()
    assert (d.loc[beide.index, "drift"] - (beide["2025"] - beide["2024"])).abs().max() < 1e-9


def test_an_aanbieder_sees_others_under_labels(regio: Regio) -> None:
    c = Cijfers(regio.opslag)
    eigen = c.opties.aanbieders[0].code
    scope = Scope(Rol.AANBIEDER, regio=c.opties.regios[0], aanbieder=eigen, zout="x")
    m = mix(c, scope, Selectie(), [parse_periode("2025")])
    andere = {a for a in m.aanbieder if a not in (eigen, ALLE)}
    assert andere and all(a.startswith("Aanbieder ") for a in andere)
