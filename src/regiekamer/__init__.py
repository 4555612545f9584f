"""Regiekamer: a gemeente's own information position on Jeugdwet and Wmo, from iJw/iWmo 3.2 messages.

From a notebook::

    import regiekamer
    store = regiekamer.open_store("regiekamer-data", read_only=True)
    store.df("toewijzing")          # pandas
    store.arrow("prestatie")        # Arrow
"""

from regiekamer.store import Store, open_store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "open_store"]
