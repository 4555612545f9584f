"""Ingest: read iJw/iWmo messages from files, folders and zips into the store, exactly once."""

from regiekamer.ingest.service import Ingester, IngestSummary, bericht_id, ingest

__all__ = ["IngestSummary", "Ingester", "bericht_id", "ingest"]
