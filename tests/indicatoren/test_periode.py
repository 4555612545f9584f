"""Periods as analysts type them, and their split into months, quarters and years."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from regiekamer.indicatoren.periode import parse_periode


@pytest.mark.parametrize(
    ("tekst", "van", "tot"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2025-q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-03-15..2025-04-02", dt.date(2025, 3, 15), dt.date(2025, 4, 2)),
    ],
)
def test_parse(tekst: str, van: dt.date, tot: dt.date) -> None:
    p = parse_periode(tekst)
    assert (p.van, p.tot) == (van, tot)


@pytest.mark.parametrize(
    "tekst", ["25", "2025-13", "2025-Q5", "2025-02-30..2025-03-01", "2025-04-01..2025-03-01", ""]
)
def test_parse_refuses_with_a_clear_message(tekst: str) -> None:
    with pytest.raises(ValueError, match="periode"):
        parse_periode(tekst)


def test_deel_covers_the_period_without_gaps_or_overlap() -> None:
    p = parse_periode("2024-02-10..2025-05-03")
    for per, n in (("maand", 16), ("kwartaal", 6), ("jaar", 2)):
        delen = p.deel(per)  # type: ignore[arg-type]
        assert len(delen) == n
        assert delen[0].van == p.van and delen[-1].tot == p.tot
        for a, b in itertools.pairwise(delen):
            assert b.van == a.tot + dt.timedelta(days=1)
        assert sum(d.dagen for d in delen) == p.dagen
    assert [d.label for d in parse_periode("2025").deel("kwartaal")] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
