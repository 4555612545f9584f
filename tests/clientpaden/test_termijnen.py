"""Deadlines of the standard (retours OP090, decisions OP274/OP346, declaration answers OP090x4) on the generated
region, against the generator's ground truth; and Kaplan–Meier on the reconstructed deliveries — on every engine.

How the generator dates answers (src/regiekamer/generator/simulatie.py), so what the region must show:

* every retour 0–3 calendar days after its heenbericht (never later than the last day): all within 3 working days;
* a 325 3–14 calendar days after its 323: at most 10 working days, so all in time; a 325 that would fall after
  the period is not sent: that 323 is open, and never overdue (fewer than 10 working days remain);
* a VOT decision 2–7 calendar days after the request: in time; a VOW for an extension is decided 5–15 calendar
  days after it — the planted late decisions; a VOW for a change of volume 2–7 days after it;
* a 305 0–5 calendar days after the start, or 60–150 days late (``laat_startbericht``), or — for a start first
  sent with a wrong Begindatum — the right row 5–20 days after the wrong one (``verwijderen_herzenden``);
  a 307 0–7 calendar days after the end: in time.

Working days are checked independently with ``numpy.busday_count`` over the Atw holidays.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter
from lifelines.utils import qth_survival_times

from regiekamer.clientpaden import leveringen
from regiekamer.clientpaden.termijnen import KOLOMMEN, termijnen
from regiekamer.statistiek import feestdagen, kaplan_meier, km_kwantielen, werkdagen_tussen
from regiekamer.statistiek.werkdagen import kalender_tabel

from .conftest import Regio

pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table:DeprecationWarning", "ignore::lifelines.exceptions.ApproximationWarning"
)

P1 = dt.date(2025, 12, 31)  # last day of the region in conftest.py (startjaar 2024, 2 years)
VRIJ = np.array(sorted(feestdagen(range(1970, 2051))), dtype="datetime64[D]")


def _wd(van: Any, tot: Any) -> int:
    """Working days d with van < d <= tot (van <= tot), independently of the calendar table."""
    return int(np.busday_count(np.datetime64(van, "D") + 1, np.datetime64(tot, "D") + 1, holidays=VRIJ))


def _datum(x: Any) -> dt.date | None:
    return None if x is None or pd.isna(x) else pd.Timestamp(x).date()


@pytest.fixture(scope="module")
def t(con: Any) -> pd.DataFrame:
    df = termijnen(con, peildatum=P1).to_pandas()
    for c in ("dagtekening_heen", "dagtekening_antwoord"):
        df[c] = [_datum(x) for x in df[c]]
    return df


def test_werkdagen_on_the_engine(con: Any) -> None:
    gevallen = [
        (dt.date(2025, 4, 17), dt.date(2025, 4, 22), 2),  # Goede Vrijdag counts, Tweede Paasdag does not
        (dt.date(2026, 4, 24), dt.date(2026, 4, 28), 1),  # Koningsdag 2026 (Monday)
        (dt.date(2025, 12, 24), dt.date(2025, 12, 29), 1),  # both Kerstdagen
        (dt.date(2025, 11, 22), dt.date(2025, 11, 24), 1),  # received on Saturday
        (dt.date(2025, 11, 24), None, None),
    ]
    m = ibis.memtable(pd.DataFrame(gevallen, columns=["van", "tot", "n"]).astype({"n": "Int64"}))
    m = m.mutate(van=m.van.cast("date"), tot=m.tot.cast("date"))
    uit = con.execute(
        werkdagen_tussen(m, "van", "tot", kalender_tabel(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
    )
    uit = uit.sort_values("van").reset_index(drop=True)
    assert [None if pd.isna(x) else int(x) for x in uit["werkdagen"]] == [
        None if pd.isna(x) else int(x) for x in uit["n"]
    ]


def test_columns_and_status_rules(t: pd.DataFrame) -> None:
    assert list(t.columns) == list(KOLOMMEN)
    beantwoord = t["dagtekening_antwoord"].notna()
    assert (t.loc[beantwoord, "status"].isin(["tijdig", "te_laat"])).all()
    assert (t.loc[~beantwoord, "status"].isin(["open", "verlopen"])).all()
    assert t["werkdagen"].notna().eq(beantwoord).all()
    assert (
        t.loc[t["status"] == "tijdig", "werkdagen"] <= t.loc[t["status"] == "tijdig", "termijn_werkdagen"]
    ).all()
    assert (
        t.loc[t["status"] == "te_laat", "werkdagen"] > t.loc[t["status"] == "te_laat", "termijn_werkdagen"]
    ).all()
    assert t.loc[t["status"] == "tijdig", "binnen_termijn"].eq(True).all()
    assert t.loc[t["status"].isin(["te_laat", "verlopen"]), "binnen_termijn"].eq(False).all()
    assert t.loc[t["status"] == "open", "binnen_termijn"].isna().all()
    for _, r in t.sample(300, random_state=1).iterrows():  # the calendar join against numpy
        if r["dagtekening_antwoord"] is not None:
            assert r["werkdagen"] == _wd(r["dagtekening_heen"], r["dagtekening_antwoord"])
    regels = t.groupby("soort_termijn")[["regel", "termijn_werkdagen"]].first().to_dict("index")
    assert regels == {
        "retour": {"regel": "OP090", "termijn_werkdagen": 3},
        "besluit_vot": {"regel": "OP274", "termijn_werkdagen": 5},
        "besluit_vow": {"regel": "OP346", "termijn_werkdagen": 5},
        "declaratie_antwoord": {"regel": "OP090x4", "termijn_werkdagen": 10},
        "startbericht": {"regel": "OP271", "termijn_werkdagen": 5},
        "stopbericht": {"regel": "OP272", "termijn_werkdagen": 5},
    }


def _gt_berichten(regio: Regio) -> pd.DataFrame:
    b = regio.waarheid("berichten")
    b = b[~b["duplicaat"]].copy()  # a duplicate delivery is one message (same identity)
    b["nummer"] = b["berichttype"].str[-3:]
    b["dagtekening"] = [_datum(x) for x in b["dagtekening"]]
    return b


def test_every_heenbericht_got_its_retour_in_time(regio: Regio, t: pd.DataFrame) -> None:
    b = _gt_berichten(regio)
    r = t[t["soort_termijn"] == "retour"]
    heen = b[b["nummer"].isin(["301", "305", "307", "315", "317", "319"])]
    assert (
        r.groupby(["wet", "berichttype"]).size().to_dict() == heen.groupby(["wet", "nummer"]).size().to_dict()
    )
    assert (r["status"] == "tijdig").all()  # the generator answers within 0–3 calendar days
    dagen = [(a - h).days for h, a in zip(r["dagtekening_heen"], r["dagtekening_antwoord"], strict=True)]
    assert set(dagen) == {0, 1, 2, 3}
    # the answers are exactly the generator's retours: same type, gemeente and date
    ret = b[b["nummer"].isin(["302", "306", "308", "316", "318", "320"])]
    gevonden = r.groupby(["wet", "gemeente", "berichttype_antwoord", "dagtekening_antwoord"]).size()
    verwacht = ret.groupby(["wet", "gemeente", "nummer", "dagtekening"]).size()
    assert gevonden.to_dict() == verwacht.to_dict()
    # the gemeente owes the retour of what the aanbieder sent, and the other way round
    assert (r["actor"] == np.where(r["berichttype"].isin(["301", "319"]), "aanbieder", "gemeente")).all()


def test_decisions_on_requests_equal_ground_truth(regio: Regio, t: pd.DataFrame) -> None:
    v = regio.waarheid("verzoeken")
    v["verzoekdatum"] = [_datum(x) for x in v["verzoekdatum"]]
    v["antwoorddatum"] = [_datum(x) for x in v["antwoorddatum"]]
    v = v[v["verzoekdatum"] <= P1]  # a request dated after the period was never sent
    sleutel = ["wet", "gemeente", "aanbieder", "referentie_aanbieder"]
    r = t[t["soort_termijn"].isin(["besluit_vot", "besluit_vow"])].rename(
        columns={"sleutel": "referentie_aanbieder"}
    )
    m = v.merge(r, on=sleutel, how="outer", indicator=True)
    assert (m["_merge"] == "both").all(), m["_merge"].value_counts()
    assert (m["soort_termijn"] == np.where(m["soort"] == "VOT", "besluit_vot", "besluit_vow")).all()
    assert (m["dagtekening_heen"] == m["verzoekdatum"]).all()

    def verwacht(w: pd.Series) -> str:
        if w["in_onderzoek"]:
            return "tijdig"  # the 319 "in onderzoek" came 2–7 calendar days after the request
        if w["antwoorddatum"] <= P1:
            return "tijdig" if _wd(w["verzoekdatum"], w["antwoorddatum"]) <= 5 else "te_laat"
        return "verlopen" if _wd(w["verzoekdatum"], P1) > 5 else "open"

    m["verwacht"] = m.apply(verwacht, axis=1)
    assert (m["status"] == m["verwacht"]).all(), m.loc[
        m["status"] != m["verwacht"], [*sleutel, "status", "verwacht"]
    ]
    gewoon = m[~m["in_onderzoek"] & (m["antwoorddatum"] <= P1)]
    assert (gewoon["dagtekening_antwoord"] == gewoon["antwoorddatum"]).all()
    onderzoek = m[m["in_onderzoek"]]
    assert len(onderzoek) > 0 and (onderzoek["berichttype_antwoord"] == "319").all()
    assert (onderzoek["dagtekening_antwoord"] < onderzoek["antwoorddatum"]).all()  # the final 301 came later
    # the planted late decisions: extensions asked by VOW, decided 5–15 calendar days later
    telling = m.groupby(["soort", "status"]).size().to_dict()
    assert telling.get(("VOW", "te_laat"), 0) > 100 and ("VOT", "te_laat") not in telling
    afgewezen = m[(m["antwoord"] == "afgewezen") & (m["antwoorddatum"] <= P1)]
    assert len(afgewezen) > 0 and (afgewezen["berichttype_antwoord"] == "319").all()


def test_declaration_answers_equal_ground_truth(regio: Regio, t: pd.DataFrame) -> None:
    b = _gt_berichten(regio)
    r = t[t["soort_termijn"] == "declaratie_antwoord"]
    decl, antw = b[b["nummer"] == "323"], b[b["nummer"] == "325"]
    assert (
        r.groupby(["wet", "gemeente", "aanbieder"]).size().to_dict()
        == decl.groupby(["wet", "gemeente", "afzender"]).size().to_dict()
    )
    beantwoord = r[r["dagtekening_antwoord"].notna()]
    assert (
        beantwoord.groupby(["wet", "gemeente", "aanbieder", "dagtekening_antwoord"]).size().to_dict()
        == antw.groupby(["wet", "gemeente", "ontvanger", "dagtekening"]).size().to_dict()
    )
    assert (beantwoord["status"] == "tijdig").all()
    assert (beantwoord["werkdagen"] <= 10).all()
    open_ = r[r["dagtekening_antwoord"].isna()]
    assert len(open_) == len(decl) - len(antw) > 0
    assert (open_["status"] == "open").all()  # its 325 would have come after the period: not yet due


def test_peildatum_judges_the_state_of_that_day(con: Any, t: pd.DataFrame) -> None:
    peil = dt.date(2025, 6, 30)
    p = termijnen(con, peildatum=peil).to_pandas()
    for c in ("dagtekening_heen", "dagtekening_antwoord"):
        p[c] = [_datum(x) for x in p[c]]
    voor = t[t["dagtekening_heen"] <= peil]
    assert len(p) == len(voor)
    sleutel = ["soort_termijn", "bericht_id", "sleutel"]
    m = voor.merge(p, on=sleutel, suffixes=("_nu", "_peil"))
    assert len(m) == len(p)
    later = m["dagtekening_antwoord_nu"].notna() & (m["dagtekening_antwoord_nu"] > peil)
    assert later.sum() > 0
    assert m.loc[later, "dagtekening_antwoord_peil"].isna().all()
    verlopen = [
        _wd(h, peil) > n
        for h, n in zip(
            m.loc[later, "dagtekening_heen_nu"], m.loc[later, "termijn_werkdagen_nu"], strict=True
        )
    ]
    assert list(m.loc[later, "status_peil"]) == ["verlopen" if x else "open" for x in verlopen]
    zelfde = ~later & m["dagtekening_antwoord_nu"].notna()
    assert (m.loc[zelfde, "status_peil"] == m.loc[zelfde, "status_nu"]).all()
    # the default peildatum is the latest Dagtekening in the store: here the last day of the period
    assert len(termijnen(con).to_pandas()) == len(t)


def test_kaplan_meier_on_reconstructed_deliveries(con: Any) -> None:
    """Duration of delivery periods in days: ended = event, running = censored at the last day (never dropped,
    never treated as ended). The engine's curve and quartiles per law agree with lifelines."""
    lev = leveringen(con).filter(ibis._.gestart & (ibis._.lopend | ibis._.einddatum.notnull()))
    eind = ibis.coalesce(lev.einddatum, ibis.literal(P1))
    lev = lev.mutate(duur=eind.delta(lev.begindatum, unit="day"), beeindigd=lev.einddatum.notnull())
    curve = kaplan_meier(lev, "duur", "beeindigd", ["wet"])
    c = curve.to_pandas()
    k = km_kwantielen(curve).to_pandas().set_index("wet")
    ruw = lev.select("wet", "duur", "beeindigd").to_pandas()
    assert ruw["beeindigd"].any() and (~ruw["beeindigd"]).any()
    for wet, sub in ruw.groupby("wet"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sf = KaplanMeierFitter().fit(sub["duur"], sub["beeindigd"]).survival_function_.iloc[:, 0]
        mijn = c[c["wet"] == wet].sort_values("tijd").set_index("tijd")["survival"]
        np.testing.assert_allclose(mijn.to_numpy(), sf.reindex(mijn.index).to_numpy(), rtol=0, atol=1e-9)
        for q, kolom in ((0.25, "p25"), (0.5, "p50"), (0.75, "p75")):
            verwacht = float(qth_survival_times(1 - q, sf.round(12)))
            gevonden = k.loc[wet, kolom]
            assert (pd.isna(gevonden) and math.isinf(verwacht)) or float(gevonden) == verwacht, (wet, q)
        assert k.loc[wet, "n"] == len(sub)


def test_start_and_stop_messages_against_ground_truth(regio: Regio, t: pd.DataFrame) -> None:
    lev = regio.waarheid("leveringen")
    for c in ("begindatum", "einddatum"):
        lev[c] = [_datum(x) for x in lev[c]]
    sleutel = ["wet", "gemeente", "aanbieder", "sleutel", "dagtekening_heen"]
    lev["sleutel"] = lev["toewijzingnummer"].astype(str)
    # the clock starts at the Begindatum (the generator never allocates afterwards) / the Einddatum
    start = t[t["soort_termijn"] == "startbericht"]
    gestart = lev[lev["start_verzonden"]].rename(columns={"begindatum": "dagtekening_heen"})
    assert start.groupby(sleutel).size().to_dict() == gestart.groupby(sleutel).size().to_dict()
    stop = t[t["soort_termijn"] == "stopbericht"]
    gestopt = lev[lev["stop_verzonden"]].rename(columns={"einddatum": "dagtekening_heen"})
    assert stop.groupby(sleutel).size().to_dict() == gestopt.groupby(sleutel).size().to_dict()
    assert (stop["status"] == "tijdig").all()
    assert start["status"].isin(["tijdig", "te_laat"]).all()
    dagen = pd.Series(
        [(a - h).days for h, a in zip(start["dagtekening_heen"], start["dagtekening_antwoord"], strict=True)],
        index=start.index,
    )
    laat = start["status"] == "te_laat"
    # late: the planted late 305s (60–150 days) and the corrected starts (right row 5–25 days after the start)
    assert dagen[laat].between(60, 150).sum() > 0 and dagen[laat].between(6, 25).sum() > 0
    assert (dagen[laat].between(60, 150) | dagen[laat].between(6, 25)).all()
    assert (dagen[~laat] <= 25).all()
