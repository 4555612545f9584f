"""The store's keys are UUIDs (store layout 3) but reach every reader as the 32 digits the ingest wrote."""

from __future__ import annotations

import csv
import re
import uuid
from pathlib import Path

import ibis
import pyarrow.parquet as pq
import pytest

import regiekamer
from regiekamer.clientpaden.sleutels import tekst, tekst_kolommen
from regiekamer.store.schema import SLEUTELS, TABLES
from regiohulp import Regio

HEX = "0123456789abcdef0123456789abcdef"
DIGITS = re.compile("[0-9a-f]{32}")


def test_tekst_gives_the_digits_of_a_uuid_and_leaves_text_alone() -> None:
    con = ibis.duckdb.connect()
    con.raw_sql(f"CREATE TABLE t AS SELECT CAST('{HEX}' AS UUID) AS client, '{HEX}' AS al_tekst, 1 AS n")
    t = con.table("t")
    assert t.schema()["client"].is_uuid()
    assert con.execute(t.select(c=tekst(t.client))).c[0] == HEX  # DuckDB's own text would have dashes
    assert tekst(t.al_tekst).equals(t.al_tekst)  # Spark: the key is text already, nothing to do
    uit = tekst_kolommen(t)
    assert [str(s) for s in uit.schema().types] == ["string", "string", "int32"]
    assert uit.columns == t.columns
    assert con.execute(uit).to_dict("records") == [{"client": HEX, "al_tekst": HEX, "n": 1}]
    assert tekst_kolommen(t.select("n")).equals(t.select("n"))


def test_every_key_column_is_a_uuid_in_the_store(regio: Regio) -> None:
    with regiekamer.open_store(regio.opslag, read_only=True) as store:
        for table, columns in TABLES.items():
            soorten = {str(r[0]): str(r[1]) for r in store.con.execute(f'DESCRIBE "{table}"').fetchall()}
            for c in columns:
                assert (soorten[c.name] == "UUID") == (c.name in SLEUTELS), (table, c.name)
        # the message id: 96 bits of the hash and eight zeros (ingest.service.bericht_id)
        rij = store.con.execute("SELECT count(*), count(*) FILTER (WHERE bericht_id::VARCHAR LIKE '%00000000') "
                                "FROM bericht").fetchone()
        assert rij is not None and rij[0] > 1000 and rij[0] == rij[1]


def test_readers_and_exports_show_the_digits(regio: Regio, tmp_path: Path) -> None:
    with regiekamer.open_store(regio.opslag, read_only=True) as store:
        df = store.df("client")
        assert len(df) > 1000
        for kolom in ("bericht_id", "client"):
            assert all(isinstance(v, str) and DIGITS.fullmatch(v) for v in df[kolom]), kolom
        assert all(v is None or DIGITS.fullmatch(v) for v in df["huishouden"])
        assert store.arrow("prestatie").schema.field("client").type == "string"
        store.export("client", tmp_path / "client.csv")
        store.export("client", tmp_path / "client.parquet", "parquet")
    with (tmp_path / "client.csv").open() as f:
        rijen = list(csv.DictReader(f))
    assert [r["client"] for r in rijen] == list(df["client"])
    assert pq.read_table(tmp_path / "client.parquet").column("bericht_id").to_pylist() == list(df["bericht_id"])
    # the digits are the UUID the store holds
    assert uuid.UUID(df["client"][0]).hex == df["client"][0]


def test_a_client_page_asks_for_a_pseudonym(regio: Regio) -> None:
    from regiekamer.cijfers import Cijfers
    from regiekamer.cijfers.scope import Rol, Scope

    c = Cijfers(regio.opslag)
    scope = Scope(Rol.REGIO)
    with pytest.raises(ValueError, match="geen pseudoniem"):
        c.clientpad(scope, "jw", "'; DROP TABLE bericht; --")  # not compared with a UUID at all
    with regiekamer.open_store(regio.opslag, read_only=True) as store:
        wet, client = store.df("toewijzing").merge(store.df("bericht"), on="bericht_id")[["wet", "client"]].iloc[0]
    gevonden = c.clientpad(scope, wet, client)
    assert len(gevonden) > 0
    # the digits in capitals are the same pseudonym
    assert c.clientpad(scope, wet, client.upper()).equals(gevonden)
