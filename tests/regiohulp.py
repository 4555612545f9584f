"""Helpers for the tests on a generated region, importable from every test folder (``tests/`` is on the path):
the region's handle and the comparison of frames from two engines. The fixtures that make the region and the
engines are in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regiekamer.privacy import Pseudonymiser

SLEUTEL = b"c" * 32


@dataclass(frozen=True)
class Regio:
    berichten: Path
    grondwaarheid: Path
    opslag: Path
    pseudo: Pseudonymiser

    def waarheid(self, tabel: str) -> pd.DataFrame:
        return pd.read_parquet(self.grondwaarheid / f"{tabel}.parquet")


def _waarde(v: Any) -> Any:
    """One representation per value, whichever engine and pandas dtype it came from."""
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(v)
        # dates arrive as midnight timestamps on both engines; timestamps are compared as naive UTC
        ts = ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts
        return ts.date() if ts == ts.normalize() else ts.to_pydatetime()
    if isinstance(v, dt.time):
        return v.isoformat()  # the text Spark carries for TIME (docs/motoren.md)
    if isinstance(v, decimal.Decimal):
        v = float(v)
    if isinstance(v, float):
        # a nullable integer column is float64 on Spark and object on DuckDB; real fractions keep 12 digits
        return int(v) if v.is_integer() else float(f"{v:.12g}")
    if isinstance(v, np.ndarray | list | tuple):
        return tuple(_waarde(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _waarde(x)) for k, x in v.items()))
    return v


def _kolom(s: pd.Series) -> list[Any]:
    """:func:`_waarde` for a whole column; the common plain types take a fast path with the same outcome."""
    # numpy bool/int columns hold no nulls; an object column of texts only is already plain
    if s.dtype.kind in "biu" or (s.dtype == object and all(type(v) is str for v in s)):
        return list(s.tolist())
    return [_waarde(v) for v in s]


def normaliseer(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as object columns of plain Python values (dates, ints, texts, tuples; None for every null), rows
    in a canonical order: what two engines give for the same query compares equal after this."""
    uit = pd.DataFrame({c: _kolom(df[c]) for c in df.columns}, columns=df.columns, dtype=object)
    rijen = [repr(r) for r in zip(*(uit[c] for c in uit.columns), strict=True)]
    volgorde = sorted(range(len(uit)), key=rijen.__getitem__)
    return uit.iloc[volgorde].reset_index(drop=True)


def gelijk(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Assert that two frames hold the same rows (any order) in the same columns, after :func:`normaliseer`;
    returns True so it reads as ``assert gelijk(a, b)``. On a difference, the message shows it."""
    assert list(a.columns) == list(b.columns), (list(a.columns), list(b.columns))
    assert len(a) == len(b), (len(a), len(b))
    pd.testing.assert_frame_equal(normaliseer(a), normaliseer(b), check_dtype=False, check_exact=True)
    return True
