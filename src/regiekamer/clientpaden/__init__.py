"""Cliëntpaden: what happened to each client, reconstructed from the stored messages.

The reconstruction is written once as Ibis expressions (:mod:`regiekamer.clientpaden.reconstructie`), so the same
code runs on the DuckDB store and, later, on Apache Spark. See docs/reconstructie.md.
"""

from regiekamer.clientpaden.reconstructie import connect, leveringen, toewijzingen

__all__ = ["connect", "leveringen", "toewijzingen"]
