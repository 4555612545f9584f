"""The path event log: its events follow the trajectories, our directly-follows counts and variants equal pm4py's
(an independent peer, test-only: AGPL), and the CSV and XES exports read back as the same events (XES with pm4py's
reader)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest
from lxml import etree

from regiekamer.clientpaden import toewijzingen
from regiekamer.clientpaden.eventlog import (
    KOLOMMEN,
    PIJL,
    df_en_varianten,
    directly_follows,
    eventlog,
    schrijf_csv,
    schrijf_xes,
    varianten,
)
from regiekamer.clientpaden.trajecten import LOPEND, trajecten

from .conftest import Regio, gelijk

pytestmark = [
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:pm4py"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
]


@pytest.fixture(scope="module")
def log_df(duckdb_con: Any) -> pd.DataFrame:
    return eventlog(duckdb_con).to_pandas().sort_values(["case_id", "volgnummer"]).reset_index(drop=True)


def _pm4py_df(log_df: pd.DataFrame) -> pd.DataFrame:
    """The event log as pm4py expects it, sorted by case and timestamp first (pm4py gives wrong variants on
    unsorted input); within a timestamp our volgnummer, which pm4py's stable sort keeps."""
    df = log_df.sort_values(["case_id", "tijdstip", "volgnummer"], kind="mergesort")
    return df.rename(
        columns={"case_id": "case:concept:name", "activiteit": "concept:name", "tijdstip": "time:timestamp"}
    )[["case:concept:name", "concept:name", "time:timestamp", "aanbieder"]]


def test_events_follow_the_trajectories(duckdb_con: Any, log_df: pd.DataFrame, regio: Regio) -> None:
    t = trajecten(duckdb_con).to_pandas()
    soort = log_df["activiteit"].str.split(" ").str[0]
    assert (soort == "start").sum() == len(t)
    assert (soort == "einde").sum() == (t["status"] != LOPEND).sum()  # running: censored, no end event
    assert (soort == "toewijzing").sum() == len(toewijzingen(duckdb_con).to_pandas())
    assert set(log_df.columns) == set(KOLOMMEN)
    for _, g in log_df.groupby("case_id"):
        assert g["volgnummer"].tolist() == list(range(1, len(g) + 1))
        assert g["tijdstip"].is_monotonic_increasing
    # every trajectory starts before it ends, in its client's case
    se = log_df[soort != "toewijzing"].pivot_table(index="traject_id", columns=soort, values="volgnummer")
    assert (se["start"] < se["einde"]).loc[se["einde"].notna()].all()
    # an end closes its last day, after which an adjacent start follows
    einde = log_df[soort == "einde"]["tijdstip"]
    assert (einde.dt.time == dt.time(23, 59, 59)).all()
    # the case is the pseudonym, never the BSN
    bsn = set(regio.waarheid("personen")["bsn"])
    assert not bsn & set(log_df["client"]) and not any(
        b in c for c in log_df["case_id"][:500] for b in list(bsn)[:50]
    )


def test_directly_follows_and_variants_equal_pm4py(log_df: pd.DataFrame) -> None:
    import pm4py

    log = ibis.memtable(log_df)  # the DuckDB event log, materialised once for this module
    df = _pm4py_df(log_df)
    dfg, _, _ = pm4py.discover_dfg(
        df, case_id_key="case:concept:name", activity_key="concept:name", timestamp_key="time:timestamp"
    )
    ons = directly_follows(log).to_pandas()
    assert {(r.van, r.naar): r.aantal for r in ons.itertuples()} == dict(dfg)
    assert len(ons) > 20

    pm_varianten = pm4py.get_variants(
        df, case_id_key="case:concept:name", activity_key="concept:name", timestamp_key="time:timestamp"
    )
    ons_v = varianten(log).to_pandas()
    assert {tuple(v.split(PIJL)): n for v, n in zip(ons_v["variant"], ons_v["aantal"], strict=True)} == dict(
        pm_varianten
    )
    assert (ons_v["lengte"] == ons_v["variant"].str.count(PIJL) + 1).all()
    assert ons_v["aantal"].is_monotonic_decreasing and ons_v["aantal"].sum() == log_df["case_id"].nunique()
    # both from one pass over the sequences: the same answers
    samen_df, samen_v = df_en_varianten(log)
    assert gelijk(samen_df, ons) and gelijk(samen_v, ons_v)


def test_same_on_spark(spark_con: Any, log_df: pd.DataFrame) -> None:
    """The event log's directly-follows counts and variants on Spark equal DuckDB's (the reference, checked
    against pm4py above)."""
    duckdb_log = ibis.memtable(log_df)
    assert gelijk(directly_follows(spark_con).to_pandas(), directly_follows(duckdb_log).to_pandas())
    assert gelijk(varianten(spark_con).to_pandas(), varianten(duckdb_log).to_pandas())
    samen_df, samen_v = df_en_varianten(eventlog(spark_con))
    assert gelijk(samen_df, directly_follows(duckdb_log).to_pandas())
    assert gelijk(samen_v, varianten(duckdb_log).to_pandas())


def test_xes_and_csv_read_back_as_the_same_events(
    duckdb_con: Any, log_df: pd.DataFrame, tmp_path: Path
) -> None:
    import pm4py

    log = eventlog(duckdb_con)
    assert schrijf_xes(log, tmp_path / "paden.xes") == len(log_df)
    terug = pm4py.read_xes(str(tmp_path / "paden.xes"), variant="iterparse")
    assert len(terug) == len(log_df)
    verwacht = log_df[["case_id", "activiteit", "tijdstip", "aanbieder"]]
    gelezen = pd.DataFrame(
        {
            "case_id": terug["case:concept:name"].to_numpy(),
            "activiteit": terug["concept:name"].to_numpy(),
            "tijdstip": terug["time:timestamp"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(),
            "aanbieder": terug["org:resource"].to_numpy(),
        }
    )
    pd.testing.assert_frame_equal(gelezen, verwacht.reset_index(drop=True), check_dtype=False)
    assert (terug["case:wet"] + ":" + terug["case:client"] == terug["case:concept:name"]).all()

    assert schrijf_csv(log, tmp_path / "paden.csv") == len(log_df)
    csv = pd.read_csv(tmp_path / "paden.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(KOLOMMEN)
    assert (csv["case_id"] == log_df["case_id"]).all() and (csv["activiteit"] == log_df["activiteit"]).all()
    assert (pd.to_datetime(csv["tijdstip"]) == log_df["tijdstip"]).all()


def test_export_escapes_and_orders(tmp_path: Path) -> None:
    """Values with XML and CSV specials survive both formats; rows are written in case and event order, whatever
    order the table has; a log without volgnummer is ordered by time, then activity."""
    lastig = "a & b <c> \"d\" 'e', f; ë → g"
    rijen = pd.DataFrame(
        {
            "case_id": ["wmo:2", "jw:1", "jw:1", "wmo:2"],
            "activiteit": ["einde x", lastig, "start y", "start x"],
            "tijdstip": pd.to_datetime(
                ["2025-02-01 23:59:59", "2025-01-01 00:00:00", "2025-01-01 00:00:00", "2025-01-05 00:00:00"]
            ),
            "aanbieder": ["A<1>", "A&2", None, 'A"3'],
            "wet": ["wmo", "jw", "jw", "wmo"],
            "client": ["2", "1", "1", "2"],
        }
    )
    log = ibis.memtable(rijen)
    assert schrijf_xes(log, tmp_path / "l.xes") == 4
    boom = etree.parse(str(tmp_path / "l.xes"), etree.XMLParser(resolve_entities=False, no_network=True))
    assert boom.getroot().get("xes.version") == "1849-2016"
    cases = [
        [
            (
                e.find("string[@key='concept:name']").get("value"),  # type: ignore[union-attr]
                getattr(e.find("string[@key='org:resource']"), "attrib", {}).get("value"),
            )
            for e in tr.findall("event")
        ]
        for tr in boom.getroot().findall("trace")
    ]
    # by case, then time, then activity: "start y" < the lastig activity ("a & b …" sorts first)
    assert cases == [[(lastig, "A&2"), ("start y", None)], [("start x", 'A"3'), ("einde x", "A<1>")]]
    import pm4py

    terug = pm4py.read_xes(str(tmp_path / "l.xes"), variant="iterparse")
    assert Counter(terug["concept:name"]) == Counter(rijen["activiteit"])

    assert schrijf_csv(log, tmp_path / "l.csv") == 4
    csv = pd.read_csv(tmp_path / "l.csv", dtype=str, keep_default_na=False)
    assert csv["activiteit"].tolist() == [lastig, "start y", "start x", "einde x"]
    assert csv["aanbieder"].tolist() == ["A&2", "", 'A"3', "A<1>"]
