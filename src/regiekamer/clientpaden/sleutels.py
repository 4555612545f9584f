"""The store's keys as text: the same 32 hexadecimal digits on every engine and in everything a user gets.

Since store layout 3 the client pseudonym, the household pseudonym and the message id are ``UUID`` columns in
DuckDB (store.schema.SLEUTELS): joins and groupings compare them as numbers. Spark has no UUID type and reads
them as the text the ingest wrote (clientpaden.motoren.exporteer_parquet). Wherever a key becomes part of a text
(a trajectory id, a case id) or leaves the engine (a DataFrame, an export, a web page), it goes through
:func:`tekst`, so that DuckDB and Spark give the same value and a user sees the pseudonym as before.
"""

from __future__ import annotations

import ibis.expr.types as ir


def tekst(kolom: ir.Value) -> ir.StringValue:
    """``kolom`` as its 32 hexadecimal digits: a ``UUID`` loses DuckDB's dashes, text stays as it is."""
    if kolom.type().is_uuid():
        return kolom.cast("string").replace("-", "")
    return kolom


def tekst_kolommen(t: ir.Table) -> ir.Table:
    """``t`` with every ``UUID`` column as text (:func:`tekst`), in place and under its own name."""
    sleutels = {naam: tekst(t[naam]) for naam, soort in t.schema().items() if soort.is_uuid()}
    return t.mutate(**sleutels) if sleutels else t
