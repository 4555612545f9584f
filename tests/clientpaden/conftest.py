"""The region fixtures live in tests/conftest.py (shared with tests/indicatoren); the helpers in
tests/regiohulp.py. Re-exported here for the ``from .conftest import …`` of the tests in this folder."""

from regiohulp import Regio, gelijk, normaliseer

__all__ = ["Regio", "gelijk", "normaliseer"]
