"""The analytical store: an embedded DuckDB database with the message log and normalised tables."""

from regiekamer.store.service import DATA_ENV, Store, StoreError, default_data_dir, open_store

__all__ = ["DATA_ENV", "Store", "StoreError", "default_data_dir", "open_store"]
