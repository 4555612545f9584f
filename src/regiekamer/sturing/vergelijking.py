"""Fair comparison of aanbieders (issue 6, point 4): funnel plots of share indicators, optionally after indirect
standardisation for casemix. The method, its defaults and why: docs/vergelijken.md.

:func:`funnel_aanbieders` reads the indicator per aanbieder through :meth:`Cijfers.indicatoren` (so the user's scope
is applied by the existing code: an aanbieder sees the others under neutral labels) and judges each aanbieder
against limits around the overall value (:mod:`regiekamer.statistiek.funnel`). With ``standaardiseer=True`` a
logistic model on the units of the indicator (trajectories, ends of care, transitions) gives each aanbieder an
expected count E from its own clients; the plotted value is the indirectly standardised percentage theta0 * O / E.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, replace

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from regiekamer.cijfers.scope import Scope, Selectie
from regiekamer.cijfers.service import Cijfers
from regiekamer.clientpaden.paden import HERAANMELDING_6M, HERAANMELDING_12M
from regiekamer.indicatoren.bronnen import Bronnen
from regiekamer.indicatoren.catalogus import _beeindigd_in, _in, _plan_of_voortijdig
from regiekamer.indicatoren.periode import Periode
from regiekamer.statistiek.funnel import GRENZEN, MINIMUM, Correctie, Overdispersie, funnel, raster

AANDEEL_INDICATOREN: tuple[str, ...] = (
    "aandeel_volgens_plan",
    "heraanmelding_6_maanden",
    "heraanmelding_12_maanden",
    "afschaling",
    "opschaling",
    "aandeel_verblijf",
    "aandeel_overstap",
    "aandeel_ander_domein",
)
"""Share indicators (teller / noemer per aanbieder) that a funnel plot can show."""
STANDAARDISEERBAAR: tuple[str, ...] = (
    "aandeel_volgens_plan",
    "heraanmelding_6_maanden",
    "heraanmelding_12_maanden",
    "afschaling",
    "opschaling",
)
"""Indicators with a unit-level outcome for the casemix model. Not aandeel_verblijf: verblijf follows from the
productcategorie, so adjusting for it would remove exactly the difference the indicator shows."""
COVARIATEN: tuple[str, ...] = ("leeftijdsklasse", "geslacht", "productcategorie", "verwijzer", "eerdere_zorg")
"""The casemix model's covariates (issue 6): age band, sex, productcategorie, verwijzer and prior care (the client
had an earlier trajectory under the same law)."""
RIDGE = 1e-4
"""The L2 penalty (statsmodels' ``alpha`` on the mean log-likelihood) on every coefficient except the intercept."""
ZELDZAAM = 10
"""Levels of a covariate with fewer units than this are pooled into 'overig' (keeps the model estimable)."""
KOLOMMEN: tuple[str, ...] = (
    "aanbieder", "n", "waargenomen", "verwacht", "waarde", "verhouding", "doel", "z",
    "onder_998", "onder_95", "boven_95", "boven_998", "oordeel", "gekozen",
)
"""The columns of :attr:`Funnel.aanbieders`, in order."""


@dataclass(frozen=True)
class Kalibratie:
    """How well the casemix model predicts: observed against expected per decile of predicted risk."""

    decielen: pd.DataFrame
    """deciel (1-10), n, waargenomen (events), verwacht (sum of predicted probabilities), risico_gemiddeld (mean
    predicted), aandeel_waargenomen (observed share), both 0-1."""
    c_statistiek: float
    """Area under the ROC curve (concordance) of the predicted risk; 0.5 is no discrimination."""
    eenheden: int
    """Units the model was fitted on."""
    covariaten: tuple[str, ...]
    """The covariates that were used (those with more than one level in the data)."""


@dataclass(frozen=True)
class Funnel:
    """A funnel plot of one share indicator over the aanbieders in the user's scope."""

    indicator: str
    periode: Periode
    gestandaardiseerd: bool
    doel: float
    """The overall value in percent (sum teller / sum noemer over the aanbieders shown)."""
    aanbieders: pd.DataFrame
    """One row per aanbieder (:data:`KOLOMMEN`): n (noemer), waargenomen (teller, O), verwacht (E: n * doel
    crude, the model's sum of predicted probabilities standardised), waarde (percent: O / n crude, doel * O / E
    standardised), verhouding (O / E), doel (percent), z, the four limits at its n (percent) and oordeel
    (te_klein, binnen, boven_95, onder_95, boven_998, onder_998), gekozen (the aanbieder in the selection)."""
    curven: pd.DataFrame
    """The limit curves for the chart: n, doel, onder_998, onder_95, boven_95, boven_998 (percent)."""
    overdispersie: Overdispersie
    minimum: int
    kalibratie: Kalibratie | None = None

    @property
    def teller(self) -> int:
        return int(self.aanbieders["waargenomen"].sum())

    @property
    def noemer(self) -> int:
        return int(self.aanbieders["n"].sum())


def funnel_aanbieders(
    cijfers: Cijfers,
    scope: Scope,
    selectie: Selectie,
    periode: Periode,
    indicator: str,
    *,
    standaardiseer: bool = False,
    minimum: int = MINIMUM,
    correctie: Correctie = "additief",
) -> Funnel:
    """The funnel plot of ``indicator`` per aanbieder in the scope and selection over ``periode``.

    A chosen aanbieder in ``selectie`` does not narrow the comparison (it is across aanbieders by definition): all
    aanbieders in the scope are shown and the chosen one is marked in the column ``gekozen``.

    Raises ``ValueError`` (Dutch message) for an indicator that is not a share, for standardisation of an
    indicator without a unit-level model, or when there are no aanbieders with cases."""
    if indicator not in AANDEEL_INDICATOREN:
        raise ValueError(
            f"{indicator} is geen aandeel-indicator; kies uit: {', '.join(AANDEEL_INDICATOREN)}"
        )
    if standaardiseer and indicator not in STANDAARDISEERBAAR:
        raise ValueError(
            f"{indicator} kan niet gestandaardiseerd worden (verblijf volgt uit de productcategorie); kies uit: "
            f"{', '.join(STANDAARDISEERBAAR)}"
        )
    scope.controleer(selectie)
    gekozen = scope.label_aanbieder(selectie.aanbieder) if selectie.aanbieder else None
    selectie = replace(selectie, aanbieder=None)
    df = cijfers.indicatoren(scope, selectie, periode, [indicator], by=["aanbieder"])
    df = df[df["aanbieder"].notna() & (df["noemer"].fillna(0) > 0)]
    if df.empty:
        raise ValueError(f"geen aanbieders met gegevens voor {indicator} in {periode.label}")
    tabel = pd.DataFrame(
        {
            "aanbieder": df["aanbieder"].astype(str).to_numpy(),
            "n": df["noemer"].astype("int64").to_numpy(),
            "waargenomen": df["teller"].astype("int64").to_numpy(),
        }
    )
    kalibratie: Kalibratie | None = None
    theta0 = float(tabel["waargenomen"].sum() / tabel["n"].sum())
    if standaardiseer:
        eenheden = _eenheden(cijfers, scope, selectie, periode, indicator)
        verwacht, kalibratie = _verwachting(eenheden)
        e = scope.beperk(verwacht)  # the same (neutral) labels as the indicator table
        tabel = tabel.merge(e, on="aanbieder", how="left")
        if tabel["verwacht"].isna().any() or (tabel["waargenomen_model"] != tabel["waargenomen"]).any():
            raise RuntimeError(f"de eenheden van het model wijken af van de indicator {indicator}")
        tabel = tabel.drop(columns="waargenomen_model")
        # indirectly standardised proportion theta0 * O / E, judged as a proportion with n cases
        o = tabel["waargenomen"].to_numpy(dtype=np.float64)
        nn = tabel["n"].to_numpy(dtype=np.float64)
        e_j = tabel["verwacht"].to_numpy(dtype=np.float64)
        ratio = np.divide(o, e_j, out=np.ones_like(o), where=e_j > 0)  # E = 0 only when no unit had the event
        o_eq = np.minimum(theta0 * ratio * nn, nn)
    else:
        tabel["verwacht"] = theta0 * tabel["n"]
        o_eq = tabel["waargenomen"].to_numpy(dtype=np.float64)
    n = tabel["n"].to_numpy(dtype=np.float64)
    uit = funnel("aandeel", o_eq, n, doel=theta0, correctie=correctie, minimum=minimum)
    tabel["waarde"] = 100.0 * uit.waarde
    tabel["verhouding"] = (tabel["waargenomen"] / tabel["verwacht"]).where(tabel["verwacht"] > 0)
    tabel["doel"] = 100.0 * theta0
    tabel["z"] = uit.z
    for naam, _ in GRENZEN:
        tabel[naam] = 100.0 * uit.limieten[naam]
    tabel["oordeel"] = uit.oordeel
    tabel["gekozen"] = tabel["aanbieder"] == gekozen
    n_raster = raster(max(float(n.max()), float(minimum)) * 1.1)
    c = uit.curven(n_raster)
    curven = pd.DataFrame({"n": n_raster, "doel": 100.0 * theta0, **{k: 100.0 * v for k, v in c.items()}})
    return Funnel(
        indicator=indicator,
        periode=periode,
        gestandaardiseerd=standaardiseer,
        doel=100.0 * theta0,
        aanbieders=tabel[list(KOLOMMEN)].sort_values(["n", "aanbieder"], ascending=[False, True])
        .reset_index(drop=True),
        curven=curven,
        overdispersie=uit.overdispersie,
        minimum=minimum,
        kalibratie=kalibratie,
    )


# --- the units of each indicator, with outcome and covariates ----------------------------------------------------


def eenheden(b: Bronnen, p: Periode, indicator: str) -> ir.Table:
    """The units the indicator counts (one row per unit in its noemer) with ``uitkomst`` (in the teller), the
    breakdown columns and the covariates; the same filters as the catalogue (regiekamer.indicatoren.catalogus)."""
    if indicator == "aandeel_volgens_plan":
        t = _plan_of_voortijdig(_beeindigd_in(b.trajecten, p))
        t = t.mutate(uitkomst=t.volgens_plan, eerdere_zorg=~t.eerste_van_client)
    elif indicator in ("heraanmelding_6_maanden", "heraanmelding_12_maanden"):
        zes = indicator == "heraanmelding_6_maanden"
        t = b.heraanmeldingen
        volg = b.einde_gegevens - dt.timedelta(days=HERAANMELDING_6M if zes else HERAANMELDING_12M)
        t = t.filter(_in(t.einddatum, p) & (t.einddatum <= volg))
        t = t.mutate(
            uitkomst=t.heraanmelding_6m if zes else t.heraanmelding_12m, eerdere_zorg=~t.eerste_van_client
        )
    elif indicator in ("afschaling", "opschaling"):
        o = b.overgangen
        t = o.filter(_in(o.datum, p))
        # every transition follows an earlier trajectory: prior care is always true here
        t = t.mutate(uitkomst=t[indicator], eerdere_zorg=ibis.literal(True))
    else:
        raise ValueError(f"geen eenhedenmodel voor {indicator}")
    return t.select(
        "wet", "gemeente", "regio", "aanbieder", "productcategorie", "leeftijdsklasse", "geslacht", "verwijzer",
        uitkomst=t.uitkomst.cast("int64"), eerdere_zorg=t.eerdere_zorg.fill_null(False).cast("int64"),
    )


def _eenheden(cijfers: Cijfers, scope: Scope, selectie: Selectie, periode: Periode, indicator: str) -> pd.DataFrame:
    """The units within the scope's jeugdregio and the selection (as :meth:`Cijfers.indicatoren` filters); no
    client identifiers, only the outcome, the breakdown columns and the covariates."""
    def maak() -> pd.DataFrame:
        t = eenheden(cijfers.bron, periode, indicator)
        if scope.regio:
            t = t.filter(t.regio == scope.regio)
        for k, v in selectie.actief().items():
            t = t.filter(t[k] == v)
        df: pd.DataFrame = t.to_pandas()
        df = df[df["aanbieder"].notna()]
        # a fixed row order: the engine returns rows in any order, and the model fit should not depend on it
        return df.sort_values(list(df.columns)).reset_index(drop=True)

    # kept like every other figure: in memory and as Parquet in the store's cache, dropped on a new ingest
    sleutel = ("vergelijking-eenheden", indicator, periode.label, periode.van, periode.tot, scope.regio,
               selectie.actief())
    return cijfers.bewaard(sleutel, maak)


def ontwerp(df: pd.DataFrame, covariaten: tuple[str, ...] = COVARIATEN) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The design matrix (intercept + dummies, first level as reference; rare levels pooled) and the covariates
    that vary in the data."""
    delen = [pd.Series(1.0, index=df.index, name="const")]
    gebruikt = []
    for k in covariaten:
        x = df[k].fillna("onbekend").astype(str)
        telling = x.value_counts()
        x = x.where(x.map(telling) >= ZELDZAAM, "overig")
        if x.nunique() < 2:
            continue
        gebruikt.append(k)
        niveaus = x.value_counts().index.tolist()  # the most frequent level is the reference
        for niveau in niveaus[1:]:
            delen.append((x == niveau).astype(float).rename(f"{k}={niveau}"))
    return pd.concat(delen, axis=1), tuple(gebruikt)


def voorspel(df: pd.DataFrame, covariaten: tuple[str, ...] = COVARIATEN) -> tuple[np.ndarray, tuple[str, ...]]:
    """Predicted probabilities of ``uitkomst`` from a logistic GLM (statsmodels, Binomial, logit link; a very light
    ridge penalty, :data:`RIDGE`, and the intercept set so that sum p = sum y) on the covariates; the aanbieder is
    not in the model, so E is what the region's average care would give its clients."""
    import statsmodels.api as sm  # type: ignore[import-untyped]  # statsmodels ships no stubs

    x, gebruikt = ontwerp(df, covariaten)
    y = df["uitkomst"].to_numpy(dtype=np.float64)
    if y.min() == y.max():
        return np.full(len(df), y.mean()), gebruikt
    xm = x.to_numpy()
    model = sm.GLM(y, xm, family=sm.families.Binomial())
    # a very light ridge penalty (not on the intercept): a level whose outcome is (nearly) always the same, or two
    # levels that almost coincide (productcategorie 47/48 and verwijzer 04), would otherwise send the plain
    # maximum-likelihood coefficients off to infinity along a path that depends on the row order
    straf = np.full(xm.shape[1], RIDGE)
    straf[0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit_regularized(alpha=straf, L1_wt=0.0)
    eta = np.clip(xm @ np.asarray(fit.params, dtype=np.float64), -30.0, 30.0)
    # calibration-in-the-large exactly, as an unpenalised intercept gives: shift eta so that sum p = sum y
    delta = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(eta + delta)))
        stap = float((y.sum() - p.sum()) / max(float((p * (1 - p)).sum()), 1e-12))
        delta += stap
        if abs(stap) < 1e-12:
            break
    kans: np.ndarray = 1.0 / (1.0 + np.exp(-(eta + delta)))
    return kans, gebruikt


def c_statistiek(y: np.ndarray, kans: np.ndarray) -> float:
    """Concordance (AUC) by the rank-sum formula, ties counted half."""
    from scipy.stats import rankdata  # type: ignore[import-untyped]  # scipy ships no stubs

    pos = y == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = rankdata(kans)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def kalibratie(y: np.ndarray, kans: np.ndarray, covariaten: tuple[str, ...] = ()) -> Kalibratie:
    """Observed against expected by decile of predicted risk (ties kept in one decile), plus the c-statistic."""
    d = pd.DataFrame({"y": y, "p": kans})
    rang = d["p"].rank(method="min")
    d["deciel"] = np.ceil(10 * rang / len(d)).clip(1, 10).astype(int)
    g = d.groupby("deciel").agg(n=("y", "size"), waargenomen=("y", "sum"), verwacht=("p", "sum"),
                                risico_gemiddeld=("p", "mean"), aandeel_waargenomen=("y", "mean"))
    g = g.reset_index()
    g["waargenomen"] = g["waargenomen"].astype("int64")
    return Kalibratie(g, c_statistiek(y, kans), len(d), covariaten)


def _verwachting(df: pd.DataFrame) -> tuple[pd.DataFrame, Kalibratie]:
    """Per aanbieder the expected count E (sum of predicted probabilities) and observed O, and the calibration."""
    kans, gebruikt = voorspel(df)
    y = df["uitkomst"].to_numpy(dtype=np.float64)
    per = (
        pd.DataFrame({"aanbieder": df["aanbieder"].astype(str), "verwacht": kans, "waargenomen_model": y})
        .groupby("aanbieder", as_index=False)
        .sum()
    )
    per["waargenomen_model"] = per["waargenomen_model"].round().astype("int64")
    return per, kalibratie(y, kans, gebruikt)


__all__ = [
    "AANDEEL_INDICATOREN",
    "COVARIATEN",
    "KOLOMMEN",
    "STANDAARDISEERBAAR",
    "Funnel",
    "Kalibratie",
    "c_statistiek",
    "eenheden",
    "funnel_aanbieders",
    "kalibratie",
    "ontwerp",
    "voorspel",
]
