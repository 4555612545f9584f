"""Helpers for the tests, importable from every test folder (``tests/`` is on the path): the generated region's
handle, the comparison of frames from two engines, and a store with hand-made rows. The fixtures that make the
region and the engines are in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import regiekamer
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
    if isinstance(v, uuid.UUID):
        return v.hex  # a key: Spark carries the 32 digits as text (clientpaden.sleutels)
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


def _product(nummer: int, categorie: str) -> dict[str, Any]:
    """The allocation and product of a hand-made row: one product code per category."""
    return {"toewijzingnummer": nummer, "productcategorie": categorie, "productcode": f"{categorie}X01"}


def sleutel(label: str) -> str:
    """A hand-made key (message id, pseudonym) as the ingest hands keys to the store: 32 hexadecimal digits,
    here the label's bytes followed by zeros (store.schema.SLEUTELS; :func:`label` reads it back)."""
    ruw = label.encode()
    assert len(ruw) <= 16, label
    return ruw.hex().ljust(32, "0")


def label(waarde: Any) -> str:
    """The label of a key made by :func:`sleutel`, from its text or the ``uuid.UUID`` DuckDB returns."""
    return bytes.fromhex(str(waarde).replace("-", "")).rstrip(b"\0").decode()


def sleutels_als_tekst(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every key DuckDB returned as a ``uuid.UUID`` as its 32 digits, the text Spark returns."""
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object and df[c].map(lambda v: isinstance(v, uuid.UUID)).any():
            df[c] = df[c].map(lambda v: v.hex if isinstance(v, uuid.UUID) else v)
    return df


class Opslag:
    """A store with hand-made rows: one message per call, jw, gemeente 0001."""

    def __init__(self, pad: Path) -> None:
        self.store = regiekamer.open_store(pad)
        self.n = 0
        self.clients: dict[str, str] = {}

    def bericht(self, soort: str, dag: dt.date, aanbieder: str, client: str) -> str:
        self.n += 1
        bid = sleutel(f"b{self.n:04d}")
        self.store.con.execute(
            "INSERT INTO bericht (bericht_id, wet, berichttype, gemeente, aanbieder, dagtekening, eigen_identificatie,"
            " afgekeurd) VALUES (?, 'jw', ?, '0001', ?, ?, ?, false)",
            [bid, soort, aanbieder, dag, f"0001{self.n:08d}"],
        )
        self.store.con.execute(
            "INSERT INTO client (bericht_id, client_index, client, afgekeurd) VALUES (?, 0, ?, false)",
            [bid, sleutel(client)],
        )
        self.clients[bid] = sleutel(client)
        return bid

    def _rij(self, tabel: str, bid: str, **waarden: Any) -> None:
        # the ingest writes the client block's pseudonym on each row as well (store.indeling, layouts 2 and 3)
        waarden = {
            "bericht_id": bid,
            "client_index": 0,
            "client": self.clients[bid],
            "rij": 0,
            "afgekeurd": False,
            **waarden,
        }
        kolommen = ", ".join(waarden)
        self.store.con.execute(
            f"INSERT INTO {tabel} ({kolommen}) VALUES ({', '.join('?' for _ in waarden)})",
            list(waarden.values()),
        )

    def tp(
        self,
        nummer: int,
        categorie: str,
        ingang: dt.date,
        eind: dt.date,
        *,
        aanbieder: str = "A1",
        client: str = "c1",
        volume: int = 2,
    ) -> None:
        bid = self.bericht("301", ingang - dt.timedelta(days=10), aanbieder, client)
        self._rij(
            "toewijzing",
            bid,
            **_product(nummer, categorie),
            toewijzingsdatum=ingang - dt.timedelta(days=10),
            toewijzingstijd=dt.time(9),
            ingangsdatum=ingang,
            einddatum=eind,
            volume=volume,
            eenheid="04",
            frequentie="2",
        )

    def start(
        self, nummer: int, categorie: str, begin: dt.date, *, aanbieder: str = "A1", client: str = "c1"
    ) -> None:
        bid = self.bericht("305", begin, aanbieder, client)
        self._rij(
            "start_product",
            bid,
            **_product(nummer, categorie),
            begindatum=begin,
            status_aanlevering="1",
        )

    def stop(
        self,
        nummer: int,
        categorie: str,
        begin: dt.date,
        eind: dt.date,
        reden: str,
        *,
        aanbieder: str = "A1",
        client: str = "c1",
    ) -> None:
        bid = self.bericht("307", eind, aanbieder, client)
        self._rij(
            "stop_product",
            bid,
            **_product(nummer, categorie),
            begindatum=begin,
            einddatum=eind,
            reden_beeindiging=reden,
            status_aanlevering="1",
        )
