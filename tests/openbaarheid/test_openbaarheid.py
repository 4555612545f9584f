"""The small-number rule: primary suppression below the threshold ('.'), rounding to multiples as CBS does."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiekamer.openbaarheid import GEHEIM, STANDAARD, Regel


def test_defaults_suppress_below_ten_and_round_to_fives() -> None:
    assert [STANDAARD.toon(n) for n in (0, 1, 9, 10, 12, 13, 17, 18, 22, 23)] == [
        0, GEHEIM, GEHEIM, 10, 10, 15, 15, 20, 20, 25]
    assert STANDAARD.toon(None) == GEHEIM


@given(st.integers(0, 10**7), st.integers(1, 50), st.integers(1, 20))
def test_shown_counts_are_near_multiples_and_never_small(n: int, drempel: int, afronding: int) -> None:
    r = Regel(drempel=drempel, afronding=afronding)
    t = r.toon(n)
    if 0 < n < drempel:
        assert t == GEHEIM
    else:
        assert isinstance(t, int) and t % afronding == 0 and abs(t - n) * 2 <= afronding


def test_rule_applied_to_a_table_and_bad_input() -> None:
    df = pd.DataFrame({"gemeente": ["0484", None], "huishoudens": [4, 123]})
    uit = Regel().pas_toe(df, ["huishoudens"])
    assert uit["huishoudens"].tolist() == [GEHEIM, 125] and df["huishoudens"].tolist() == [4, 123]
    with pytest.raises(ValueError, match="aantallen"):
        Regel().toon(2.5)
    with pytest.raises(ValueError, match="drempel"):
        Regel(drempel=0)
