"""Local or regional: the YAML round trip, its Dutch errors, and the crossings counted on a small path set."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from regiekamer.landschap import Inrichting, InrichtingFout, grensovergangen
from regiekamer.landschap.inwoners import InwonersFout, lees_bevolking, lees_inwoners

YAML = """\
regio: Holland-Rijnland
regionaal:
  jw: ["43", "44"]
lokaal:
  "0484":
    jw: ["45", "43"]
"""


def test_yaml_round_trip_and_levels() -> None:
    i = Inrichting.uit_yaml(YAML, regio="Holland-Rijnland", gemeenten={"0484", "0534"},
                            categorieen={"jw": {"43", "44", "45"}})
    assert i.niveau("0484", "jw", "43") == "lokaal"  # the gemeente's own choice wins
    assert i.niveau("0534", "jw", "43") == "regionaal"
    assert i.niveau("0534", "jw", "45") == "onbekend"
    assert Inrichting.uit_yaml(i.als_yaml(), regio="Holland-Rijnland") == i


@pytest.mark.parametrize(("tekst", "fout"), [
    ("regio: Holland-Rijnland\nregionaal: [", "geen geldige YAML (regel"),
    ("regio: Elders\n", "niet voor uw regio"),
    ("regio: Holland-Rijnland\nregionaal:\n  zvw: ['43']\n", "regionaal.zvw: onbekende wet"),
    ("regio: Holland-Rijnland\nregionaal:\n  jw: ['99']\n", "regionaal.jw[0]: onbekende productcategorie '99'"),
    ("regio: Holland-Rijnland\nlokaal:\n  '0363':\n    jw: ['43']\n", "lokaal.0363: gemeente hoort niet"),
    ("regio: Holland-Rijnland\nextra: 1\n", "onbekende sleutel(s) bovenaan: extra"),
    ("regio: Holland-Rijnland\nlokaal:\n  0123:\n    jw: ['43']\n", "lokaal.83: zet de gemeentecode tussen"),
])
def test_bad_yaml_says_what_and_where(tekst: str, fout: str) -> None:
    with pytest.raises(InrichtingFout) as e:
        Inrichting.uit_yaml(tekst, regio="Holland-Rijnland", gemeenten={"0484"}, categorieen={"jw": {"43"}})
    assert fout in str(e.value)


def test_crossings_and_round_trips() -> None:
    i = Inrichting("R", frozenset({("jw", "43")}), {"0484": frozenset({("jw", "45")})})
    d = dt.date(2025, 1, 1)
    o = pd.DataFrame([
        # client a: local → regional → local (a round trip); client b: local → regional only
        ("jw", "0484", "a", "45", "43", d), ("jw", "0484", "a", "43", "45", d + dt.timedelta(days=90)),
        ("jw", "0484", "b", "45", "43", d),
        ("jw", "0484", "c", "44", "43", d),  # 44 is not recorded: not counted
    ], columns=["wet", "gemeente", "client", "van_productcategorie", "productcategorie", "datum"])
    g = grensovergangen(o, i).set_index("grens")
    assert g.loc["lokaal → regionaal", "overgangen"] == 2
    assert g.loc["regionaal → lokaal", "clienten"] == 1
    assert g.loc["lokaal → regionaal → lokaal", "clienten"] == 1


def test_inhabitants_csv_and_yaml() -> None:
    assert lees_inwoners("gemeente;inwoners\n0484;112.000\n0534;22000\n") == {"0484": 112000, "0534": 22000}
    assert lees_inwoners('"0484": 112000\n') == {"0484": 112000}
    for tekst, fout in (("gemeente,inwoners\n484,10\n", "regel 2"), ("0123: 10\n", "aanhalingstekens"),
                        ("gemeente,inwoners\n0484,veel\n", "geen aantal"), ("", "leeg")):
        with pytest.raises(InwonersFout, match=fout):
            lees_inwoners(tekst)
    with pytest.raises(InwonersFout, match="horen niet bij"):
        lees_inwoners("gemeente,inwoners\n0363,10\n", gemeenten={"0484"})


def test_youths_are_optional() -> None:
    assert lees_bevolking("gemeente,inwoners,jeugdigen\n0484,100,20\n0534,50,\n") == (
        {"0484": 100, "0534": 50}, {"0484": 20})
    assert lees_bevolking('"0484": {inwoners: 100, jeugdigen: 20}\n"0534": 50\n') == (
        {"0484": 100, "0534": 50}, {"0484": 20})
    with pytest.raises(InwonersFout, match="meer jeugdigen"):
        lees_bevolking("gemeente,inwoners,jeugdigen\n0484,100,200\n")
