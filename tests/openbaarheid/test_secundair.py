"""Secondary suppression (regiekamer.openbaarheid.onderdruk): the rules on small tables, and — on random linked
tables — an attacker with linear programming recovers no suppressed cell."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openbaarheid.aanval import aanval
from regiekamer.openbaarheid import Groep, Regel, onderdruk


def test_one_small_cell_gets_a_partner_and_the_partner_is_the_smallest() -> None:
    w = {"T": 60, "a": 3, "b": 12, "c": 20, "d": 25}
    geheim = onderdruk(w, [Groep("T", ("a", "b", "c", "d"))], 10)
    assert geheim == {"a", "b"}  # 3 + 12 ≥ 10 + 1: each may be as large as 14


def test_small_cells_together_must_be_able_to_hold_the_threshold() -> None:
    # 2 and 3 are both suppressed, but together 5: the reader would know each is below 10
    w = {"T": 45, "a": 2, "b": 3, "c": 15, "d": 25}
    geheim = onderdruk(w, [Groep("T", ("a", "b", "c", "d"))], 10)
    assert geheim == {"a", "b", "c"}


def test_a_total_suppressed_in_one_table_spreads_to_every_table_of_the_population() -> None:
    # T is small (8): primary everywhere; its second breakdown then has the total hidden and must not be alone
    w = {"T": 8, "a": 8, "b": 0, "x": 4, "y": 4}
    geheim = onderdruk(w, [Groep("T", ("a", "b")), Groep("T", ("x", "y"))], 10)
    assert {"T", "a", "x", "y"} <= geheim and "b" not in geheim  # zeros are shown


def test_fixed_point_over_linked_tables() -> None:
    # the partner chosen in the first table is the total of the second: the second must then get a partner too
    w = {"T": 100, "a": 5, "S": 12, "b": 83, "s1": 6, "s2": 6}
    groepen = [Groep("T", ("a", "S", "b")), Groep("S", ("s1", "s2"))]
    geheim = onderdruk(w, groepen, 10)
    assert {"a", "S", "s1", "s2"} <= geheim
    gevonden, _ = aanval({k: (None if k in geheim else Regel().afronden(v)) for k, v in w.items()},
                         [(g.totaal, g.delen) for g in groepen], soort="aantal", drempel=10, afronding=5, ruw=w)
    assert not gevonden


def test_money_follows_the_given_primary_cells_and_never_alone() -> None:
    w = {"T": 1000_00, "a": 900_00, "b": 60_00, "c": 40_00}
    assert onderdruk(w, [Groep("T", ("a", "b", "c"))], None, ["c"]) == {"b", "c"}
    assert onderdruk(w, [Groep("T", ("a", "b", "c"))], None) == frozenset()


@st.composite
def gekoppelde_tabellen(draw: st.DrawFn) -> tuple[dict[str, int], list[Groep]]:
    """One population of persons split three ways (each person in one cell of each breakdown), some breakdowns
    with a nested sub-breakdown: the shape of the report's tables (kind, aanbieder, quarter)."""
    personen = draw(st.integers(0, 80))
    w: dict[str, int] = {"T": personen}
    groepen = []
    for t in range(draw(st.integers(1, 3))):
        k = draw(st.integers(1, 6))
        indeling = draw(st.lists(st.integers(0, k - 1), min_size=personen, max_size=personen))
        delen = []
        for j in range(k):
            naam = f"t{t}c{j}"
            w[naam] = indeling.count(j)
            delen.append(naam)
        groepen.append(Groep("T", tuple(delen)))
    for _ in range(draw(st.integers(0, 3))):  # nested breakdowns (a quarter of a year, a law of a total)
        cel = draw(st.sampled_from(sorted(w)))
        if cel == "T" or any(g.totaal == cel for g in groepen):
            continue
        k = draw(st.integers(2, 3))
        sub = draw(st.lists(st.integers(0, k - 1), min_size=w[cel], max_size=w[cel]))
        namen = tuple(f"{cel}s{j}" for j in range(k))
        for j, naam in enumerate(namen):
            w[naam] = sub.count(j)
        groepen.append(Groep(cel, namen))
    return w, groepen


@settings(max_examples=80, deadline=None)
@given(gekoppelde_tabellen(), st.sampled_from([(10, 5), (5, 1), (3, 3)]))
def test_no_suppressed_cell_can_be_recovered_from_linked_tables(
    tabellen: tuple[dict[str, int], list[Groep]], regel: tuple[int, int]
) -> None:
    w, groepen = tabellen
    r = Regel(*regel)
    geheim = onderdruk(w, groepen, r.drempel)
    assert {k for k, v in w.items() if 0 < v < r.drempel} <= geheim and not any(w[k] == 0 for k in geheim)
    getoond = {k: (None if k in geheim else float(r.afronden(v))) for k, v in w.items()}
    gevonden, _ = aanval(getoond, [(g.totaal, g.delen) for g in groepen], soort="aantal", drempel=r.drempel,
                         afronding=r.afronding, ruw={k: float(v) for k, v in w.items()})
    assert not gevonden, gevonden
