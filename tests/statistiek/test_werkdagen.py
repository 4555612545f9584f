"""The working-day calendar: the holidays of the Algemene termijnenwet, and working days between two dates.

Independent checks: a handmade list of the Atw holidays for 2024–2026, and numpy's business-day counter
(``numpy.busday_count``) with the same holidays for random date pairs. The same join on every engine:
tests/clientpaden/test_termijnen.py.
"""

from __future__ import annotations

import datetime as dt

import holidays
import ibis
import numpy as np
import pandas as pd
import pytest

from regiekamer.statistiek import feestdagen, kalender, werkdagen_tussen
from regiekamer.statistiek.werkdagen import kalender_tabel, pasen

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

D = dt.date

ATW_2024_2026 = {
    # Algemene termijnenwet art. 3 lid 1; 5 mei every year; no Goede Vrijdag (lid 2 equates it for the Atw only)
    D(2024, 1, 1), D(2024, 4, 1), D(2024, 4, 27), D(2024, 5, 5), D(2024, 5, 9), D(2024, 5, 20),
    D(2024, 12, 25), D(2024, 12, 26),
    D(2025, 1, 1), D(2025, 4, 21), D(2025, 4, 26), D(2025, 5, 5), D(2025, 5, 29), D(2025, 6, 9),
    D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 5), D(2026, 5, 14), D(2026, 5, 25),
    D(2026, 12, 25), D(2026, 12, 26),
}  # fmt: skip


def test_feestdagen_are_those_of_the_algemene_termijnenwet() -> None:
    f = feestdagen([2024, 2025, 2026])
    assert set(f) == ATW_2024_2026
    assert f[D(2025, 4, 26)] == "Koningsdag"  # 27 April 2025 is a Sunday: celebrated on Saturday the 26th
    assert D(2025, 4, 18) not in f  # Goede Vrijdag is a working day …
    g = feestdagen([2025], goede_vrijdag=True, extra=[D(2025, 5, 30), D(2030, 1, 2)])
    assert g[D(2025, 4, 18)] == "Goede Vrijdag"  # … unless asked for
    assert g[D(2025, 5, 30)] == "gelijkgestelde dag" and D(2030, 1, 2) not in g


def test_pasen_agrees_with_the_holidays_package() -> None:
    for jaar in range(1990, 2051):
        assert pasen(jaar) + dt.timedelta(days=1) in holidays.country_holidays("NL", years=jaar)


def test_kalender_columns_and_index() -> None:
    k = kalender(D(2025, 12, 24), D(2026, 1, 5)).to_pandas()
    assert list(k.columns) == ["datum", "werkdag", "werkdag_index", "feestdag"]
    werk = dict(zip(k["datum"], k["werkdag"], strict=True))
    assert [d.day for d, w in werk.items() if w] == [24, 29, 30, 31, 2, 5]
    assert list(k["werkdag_index"]) == list(np.cumsum(k["werkdag"]))
    with pytest.raises(ValueError):
        kalender(D(2025, 1, 2), D(2025, 1, 1))


# (van, tot, working days d with van < d <= tot): the day of receipt is day 0
GEVALLEN = [
    (
        D(2025, 4, 17),
        D(2025, 4, 22),
        2,
    ),  # Thu → Tue over Easter: Goede Vrijdag counts, Tweede Paasdag does not
    (D(2025, 4, 25), D(2025, 4, 28), 1),  # Fri → Mon: Koningsdag 2025 is Saturday the 26th
    (D(2026, 4, 24), D(2026, 4, 28), 1),  # Fri → Tue: Koningsdag 2026 is Monday the 27th
    (D(2026, 5, 4), D(2026, 5, 6), 1),  # Mon → Wed: Bevrijdingsdag (Tue) counts as a holiday every year
    (D(2025, 12, 24), D(2025, 12, 29), 1),  # Wed → Mon over both Kerstdagen
    (D(2025, 12, 31), D(2026, 1, 2), 1),  # over Nieuwjaarsdag
    (D(2025, 5, 28), D(2025, 6, 10), 7),  # over Hemelvaart (Thu) and Tweede Pinksterdag (Mon)
    (D(2025, 11, 22), D(2025, 11, 24), 1),  # received on Saturday, answered Monday: day 1
    (D(2025, 11, 22), D(2025, 11, 23), 0),  # answered on Sunday
    (D(2025, 11, 20), D(2025, 11, 20), 0),  # same day
    (D(2025, 11, 24), D(2025, 11, 20), -2),  # answer before the heenbericht: negative
    (D(2025, 11, 17), D(2025, 11, 21), 4),
]


def _check(uit: pd.DataFrame) -> None:
    verwacht = {(a, b): n for a, b, n in GEVALLEN}
    for a, b, n in zip(uit["van"], uit["tot"], uit["werkdagen"], strict=True):
        a, b = pd.Timestamp(a).date(), pd.Timestamp(b).date()
        assert n == verwacht[(a, b)], (a, b, n)


def test_werkdagen_tussen_handmade() -> None:
    t = ibis.memtable(pd.DataFrame(GEVALLEN, columns=["van", "tot", "n"]).drop(columns="n"))
    uit = werkdagen_tussen(t, "van", "tot", kalender_tabel(D(2025, 1, 1), D(2026, 12, 31))).to_pandas()
    assert len(uit) == len(GEVALLEN)
    _check(uit)


def test_werkdagen_tussen_agrees_with_numpy_busday_count() -> None:
    rng = np.random.default_rng(5)
    van = pd.to_datetime("2023-12-01") + pd.to_timedelta(rng.integers(0, 800, 3_000), unit="D")
    tot = van + pd.to_timedelta(rng.integers(-5, 30, 3_000), unit="D")
    df = pd.DataFrame({"id": range(3_000), "van": van.date, "tot": tot.date})
    df.loc[::97, "tot"] = None  # an unanswered one: null, and the row is kept
    kal = kalender_tabel(D(2023, 1, 1), D(2026, 12, 31))
    uit = werkdagen_tussen(ibis.memtable(df), "van", "tot", kal).to_pandas().sort_values("id")
    assert len(uit) == len(df)
    vrij = np.array(sorted(feestdagen(range(2023, 2027))), dtype="datetime64[D]")
    a = np.array(df["van"], dtype="datetime64[D]") + 1
    b = np.array(df["tot"].where(df["tot"].notna(), df["van"]), dtype="datetime64[D]") + 1
    # working days in (van, tot] = busdays in [van + 1, tot + 1); backwards, minus those in (tot, van]
    # (numpy's own negative count is over another half-open interval, so it is not used)
    verwacht = np.where(
        b >= a,
        np.busday_count(a, np.maximum(a, b), holidays=vrij),
        -np.busday_count(b, np.maximum(a, b), holidays=vrij),
    )
    gevonden = uit["werkdagen"].to_numpy()
    leeg = df["tot"].isna().to_numpy()
    assert np.isnan(gevonden[leeg].astype(float)).all()
    assert (gevonden[~leeg].astype("int64") == verwacht[~leeg]).all()
    assert (verwacht < 0).any() and (verwacht > 10).any()


def test_dates_outside_the_calendar_give_null() -> None:
    t = ibis.memtable(pd.DataFrame({"van": [D(2024, 12, 30)], "tot": [D(2025, 1, 3)]}))
    uit = werkdagen_tussen(t, "van", "tot", kalender_tabel(D(2025, 1, 1), D(2025, 12, 31))).to_pandas()
    assert uit["werkdagen"].isna().all()
