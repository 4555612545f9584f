"""Who waits on a date, on hand-made rows with every boundary on a month end: the twelve month ends of a trend are
materialised at once (``Bronnen.wachtend_op_data``) and each must hold exactly who waits on that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regiekamer.indicatoren import Bronnen, bereken, parse_periode
from regiohulp import Opslag, label

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

D = dt.date
JAAR = parse_periode("2025")
EINDEN = [p.tot for p in JAAR.deel("maand")]


@pytest.fixture(scope="module")
def wachtrij(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pad = tmp_path_factory.mktemp("wachtend") / "s"
    o = Opslag(pad)  # an allocation is dated 10 days before its Ingangsdatum
    # w1: allocated for the whole year, never started: waits on every month end
    o.tp(1, "45", D(2025, 1, 1), D(2025, 12, 31), client="w1")
    # w2: the same, and in care in the same chain from 31 March (a month end) to 30 April (a month end)
    o.tp(2, "45", D(2025, 1, 1), D(2025, 12, 31), client="w2")
    o.tp(3, "45", D(2025, 1, 1), D(2025, 12, 31), client="w2")
    o.start(3, "45", D(2025, 3, 31), client="w2")
    o.stop(3, "45", D(2025, 3, 31), D(2025, 4, 30), "31", client="w2")
    # w3: an allocation that ends on 30 April: still valid that day, not on 31 May
    o.tp(4, "45", D(2025, 1, 1), D(2025, 4, 30), client="w3")
    # w4: valid from 1 March, started on 31 May: waits on the month ends of March and April only
    o.tp(5, "45", D(2025, 3, 1), D(2025, 12, 31), client="w4")
    o.start(5, "45", D(2025, 5, 31), client="w4")
    o.store.close()
    return pad


def _labels(df: Any) -> Any:
    """The hand-made clients by their labels (w1, w2, …) instead of the keys the store holds."""
    return df.assign(client=df["client"].map(label))


VERWACHT = {
    D(2025, 1, 31): {"w1", "w2", "w3"},
    D(2025, 2, 28): {"w1", "w2", "w3"},
    D(2025, 3, 31): {"w1", "w3", "w4"},
    D(2025, 4, 30): {"w1", "w3", "w4"},
    **{d: {"w1", "w2"} for d in EINDEN[4:]},
}


def test_all_month_ends_at_once_hold_who_waits_on_each(
    wachtrij: Path, open_backend: Callable[[Path], Any]
) -> None:
    b = Bronnen(open_backend(wachtrij))
    b.wachtend_op_data(EINDEN)
    gevonden = {d: _labels(b.wachtend_op(d).to_pandas()) for d in EINDEN}
    assert {d: set(w.client) for d, w in gevonden.items()} == VERWACHT
    jan = gevonden[D(2025, 1, 31)].set_index(["client", "toewijzingnummer"]).wachtdagen
    # from the Toewijzingsdatum (22 December 2024) to the date
    assert jan.to_dict() == {("w1", 1): 40, ("w2", 2): 40, ("w2", 3): 40, ("w3", 4): 40}
    assert "peildatum" not in gevonden[D(2025, 1, 31)].columns

    # a date asked for alone (the dashboard's peildatum) gives the same rows
    los = _labels(Bronnen(b.con).wachtend_op(D(2025, 4, 30)).to_pandas())
    assert sorted(los.client) == sorted(gevonden[D(2025, 4, 30)].client)

    # and the month trend counts them (all waited at least two weeks)
    trend = bereken(b, JAAR, indicatoren=["wachtend_2_weken"], per="maand").tabel
    assert dict(zip(trend.periode_tot, trend.waarde, strict=True)) == {d: len(c) for d, c in VERWACHT.items()}
