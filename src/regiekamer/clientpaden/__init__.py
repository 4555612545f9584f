"""Cliëntpaden: what happened to each client, reconstructed from the stored messages.

Everything is written once as Ibis expressions, so the same code runs on the DuckDB store and on Apache Spark
(docs/motoren.md): allocations and deliveries (docs/reconstructie.md), requests and declarations, deadlines
(docs/methoden-statistiek.md), trajectories, paths and the event log (docs/paden.md).
"""

from regiekamer.clientpaden.declaraties import betaald_per_toewijzing, declaraties
from regiekamer.clientpaden.eventlog import directly_follows, eventlog, schrijf_csv, schrijf_xes, varianten
from regiekamer.clientpaden.paden import clientpaden
from regiekamer.clientpaden.reconstructie import connect, leveringen, toewijzingen
from regiekamer.clientpaden.termijnen import termijnen
from regiekamer.clientpaden.trajecten import niet_gestart, traject_perioden, trajecten
from regiekamer.clientpaden.verzoeken import verzoek_producten, verzoeken

__all__ = [
    "betaald_per_toewijzing",
    "clientpaden",
    "connect",
    "declaraties",
    "directly_follows",
    "eventlog",
    "leveringen",
    "niet_gestart",
    "schrijf_csv",
    "schrijf_xes",
    "termijnen",
    "toewijzingen",
    "traject_perioden",
    "trajecten",
    "varianten",
    "verzoek_producten",
    "verzoeken",
]
