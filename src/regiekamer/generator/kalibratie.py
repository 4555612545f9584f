"""Calibration statistics of a generated region, computed from its ground truth (docs/generator.md).

Each statistic has the published figure it is calibrated to (figures.md) and a tolerance; the tests check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd


@dataclass(frozen=True, slots=True)
class Ijkpunt:
    naam: str
    waarde: float
    doel: float
    marge: float  # absolute tolerance
    bron: str

    @property
    def binnen_marge(self) -> bool:
        return abs(self.waarde - self.doel) <= self.marge


def _actief(df: pd.DataFrame, a: date, b: date) -> pd.Series:
    begin = pd.to_datetime(df["begindatum"])
    eind = pd.to_datetime(df["einddatum"])
    return begin.notna() & (begin <= pd.Timestamp(b)) & (eind.isna() | (eind >= pd.Timestamp(a)))


def ijkpunten(map_: Path, jaar: int) -> list[Ijkpunt]:
    """The calibration statistics of the region in ``map_`` for calendar year ``jaar``."""
    gw = Path(map_) / "grondwaarheid"
    tr = pd.read_parquet(gw / "trajecten.parquet")
    gem = pd.read_parquet(gw / "gemeenten.parquet")
    hh = pd.read_parquet(gw / "huishoudens.parquet")
    regels = pd.read_parquet(gw / "declaratieregels.parquet")
    inwoners = float(gem["inwoners"].sum())
    a, b = date(jaar, 1, 1), date(jaar, 12, 31)
    uit: list[Ijkpunt] = []
    jw = tr[tr["wet"] == "jw"]
    jw_act = jw[_actief(jw, a, b)]
    n_jeugd = inwoners * 0.246
    if len(jw):
        uit.append(
            Ijkpunt(
                "jeugd_met_jeugdzorg",
                jw_act["persoon_id"].nunique() / n_jeugd,
                0.106,
                0.012,
                "CBS Jeugdmonitor 2024: 10.6 % of under-23s",
            )
        )
        hulp = jw_act[~jw_act["hulpvorm"].isin(["jeugdbescherming", "jeugdreclassering"])]
        verblijf = hulp.groupby("persoon_id")["verblijf"].any()
        uit.append(
            Ijkpunt(
                "verblijf_onder_jeugdhulp",
                float(verblijf.mean()),
                0.094,
                0.025,
                "CBS Jeugdhulp H1 2023: 9.4 %",
            )
        )
        uit.append(
            Ijkpunt(
                "trajecten_per_jongere",
                len(jw_act) / max(1, jw_act["persoon_id"].nunique()),
                1.35,
                0.12,
                "CBS Jeugdhulp 2021: 625.5k trajectories / youths",
            )
        )
        starts = jw[pd.to_datetime(jw["begindatum"]).between(pd.Timestamp(a), pd.Timestamp(b))]
        uit.append(
            Ijkpunt(
                "herhaald_beroep",
                float(starts["herhaald_beroep"].mean()) if len(starts) else 0.0,
                0.245,
                0.05,
                "CBS StatLine 85097NED H1 2023: 24.5 % of starts",
            )
        )
        for code, doel in (("02", 0.355), ("01", 0.328), ("06", 0.147), ("04", 0.085)):
            uit.append(
                Ijkpunt(
                    f"verwijzer_{code}",
                    float((jw_act["verwijzer"] == code).mean()),
                    doel,
                    0.04,
                    "CBS StatLine 85097NED H1 2023",
                )
            )
        wacht = jw["wachtdagen"].dropna()
        amb = jw.loc[jw["hulpvorm"].eq("ambulant"), "wachtdagen"].dropna()
        uit.append(
            Ijkpunt(
                "wachtweken_ambulant",
                float(amb.mean()) / 7 if len(amb) else 0.0,
                13.5,
                4.0,
                "Jeugdhulp Rijnmond 2022–2023: 13–14 weeks ambulant",
            )
        )
        del wacht
    wmo = tr[tr["wet"] == "wmo"]
    if len(wmo):
        h1 = wmo[_actief(wmo, a, date(jaar, 6, 30))]
        uit.append(
            Ijkpunt(
                "wmo_clienten_per_1000",
                1000 * h1["persoon_id"].nunique() / inwoners,
                62.0,
                6.0,
                "CBS StatLine 83264NED H1 2023: 62 per 1,000",
            )
        )
        n_h1 = max(1, h1["persoon_id"].nunique())
        for groep, doel in (
            ("hulpmiddelen", 0.65),
            ("huishouden", 0.36),
            ("thuis", 0.27),
            ("verblijf", 0.04),
        ):
            aandeel = h1.loc[h1["hulpvorm"] == groep, "persoon_id"].nunique() / n_h1
            uit.append(Ijkpunt(f"wmo_mix_{groep}", aandeel, doel, 0.08, "CBS news 2019/49 (H1 2019)"))
    if len(hh):
        zorg = hh[(hh["clienten_jw"] > 0) | (hh["clienten_wmo"] > 0)]
        uit.append(
            Ijkpunt(
                "samenloop_huishoudens",
                float(zorg["samenloop"].mean()),
                0.13,
                0.04,
                "SCP Voorzieningen in 3D: 13 % of using households",
            )
        )
    if len(regels):
        jaar_r = regels[pd.to_datetime(regels["declaratiemaand"]).dt.year == jaar]
        for wet, doel, marge in (("jw", 452.0, 250.0), ("wmo", 308.0, 180.0)):
            bedrag = float(jaar_r.loc[jaar_r["wet"] == wet, "betaald"].sum()) / 100
            uit.append(
                Ijkpunt(
                    f"uitgaven_per_inwoner_{wet}",
                    bedrag / inwoners,
                    doel,
                    marge,
                    "Jw €8.1 bn 2024 / 17.9 M; Wmo €308 (StatLine 84580NED)",
                )
            )
    return uit
