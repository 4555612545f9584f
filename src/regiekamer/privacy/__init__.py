"""Privacy at the door: keyed pseudonyms for BSN and household, and scrubbing of error texts.

The BSN is replaced while parsing by ``HMAC-SHA-256(key, "bsn:" + BSN)``. With a secret 256-bit key nobody
can recover a BSN by trying all 10^9 candidates, because each try needs the key; the same BSN gives the same
pseudonym in every file as long as the key is the same. The store records a fingerprint of the key and
refuses a different one, so pseudonyms in one store never mix keys.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sys
from collections.abc import Iterable
from pathlib import Path

KEY_ENV = "REGIEKAMER_SLEUTEL"
"""Environment variable with the key as 64 hex characters."""
KEY_FILE_ENV = "REGIEKAMER_SLEUTELBESTAND"
"""Environment variable with the path of the key file."""
KEY_FILE_NAME = "pseudonimisering.sleutel"

_BSN_SHAPE = re.compile(r"(?<!\d)\d{9}(?!\d)")


class KeyError_(Exception):
    """The key is missing, malformed or not the key this store was made with."""


class Pseudonymiser:
    """Keyed pseudonyms. Construct with :func:`load_or_create_key` or a raw 32-byte key."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise KeyError_("de pseudonimiseringssleutel moet minstens 32 bytes (64 hex-tekens) zijn")
        self._key = key

    def client(self, bsn: str) -> str:
        """Pseudonym of a BSN (32 hex characters, 128 bits)."""
        return hmac.new(self._key, b"bsn:" + bsn.strip().encode(), hashlib.sha256).hexdigest()[:32]

    def huishouden(self, postcode: str, huisnummer: str, huisletter: str = "", toevoeging: str = "") -> str:
        """Pseudonym of an address: postcode + huisnummer + huisletter + toevoeging, normalised."""
        parts = (
            postcode.replace(" ", "").upper(),
            huisnummer.strip(),
            huisletter.strip().upper(),
            toevoeging.strip().upper(),
        )
        return hmac.new(self._key, ("adres:" + "|".join(parts)).encode(), hashlib.sha256).hexdigest()[:32]

    def fingerprint(self) -> str:
        """A value that identifies the key without revealing it (stored in the store's metadata)."""
        return hmac.new(self._key, b"regiekamer-sleutel-vingerafdruk", hashlib.sha256).hexdigest()[:16]


def load_or_create_key(default_path: Path, *, announce: bool = True) -> Pseudonymiser:
    """The key from ``REGIEKAMER_SLEUTEL``, else from the file named by ``REGIEKAMER_SLEUTELBESTAND``, else
    from ``default_path``; a missing key file is created (mode 0600) with a message on stderr."""
    raw = os.environ.get(KEY_ENV)
    if raw:
        try:
            return Pseudonymiser(bytes.fromhex(raw.strip()))
        except ValueError as exc:
            raise KeyError_(f"{KEY_ENV} moet 64 hex-tekens bevatten") from exc
    path = Path(os.environ.get(KEY_FILE_ENV) or default_path)
    if path.exists():
        try:
            return Pseudonymiser(bytes.fromhex(path.read_text().strip()))
        except ValueError as exc:
            raise KeyError_(f"sleutelbestand {path} bevat geen geldige hex-sleutel") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    if announce:
        print(
            f"Nieuwe pseudonimiseringssleutel aangemaakt in {path}. Bewaar die veilig en gescheiden van de "
            f"gegevens: zonder deze sleutel zijn nieuwe berichten niet meer aan dezelfde cliënten te koppelen.",
            file=sys.stderr,
        )
    return Pseudonymiser(key)


def scrub(text: str, known: Iterable[str] = ()) -> str:
    """Remove BSN values from a text meant for a log, an error or the quarantine.

    Every value in ``known`` (the BSNs found in the message) is replaced, and so is any free-standing run of
    9 digits, the shape of a BSN. Other identifiers of that shape (a 9-digit ToewijzingNummer) are
    redacted too: the element path still says where the problem is.
    """
    for value in known:
        if value:
            text = text.replace(value, "[BSN]")
    return _BSN_SHAPE.sub("[nummer]", text)
