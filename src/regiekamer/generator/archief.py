"""A minimal, fast, deterministic zip writer for the generator's delivery archives.

``zipfile.ZipFile.writestr`` costs about 20 µs per member, as much as simulating and rendering a message; this
writer streams each member (local header + data) straight to a buffered file and keeps only the packed central
directory entries (≈ 100 bytes per member) in memory. Members are written in call order with the DOS timestamp
of the given date (00:00), so the same input gives the same bytes. Stored (method 0) or raw deflate (method 8);
ZIP64 end records are written when an archive has more than 65,535 members or passes 4 GiB. Readable by
``zipfile`` and ``unzip``.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path
from types import TracebackType

_LOKAAL = struct.Struct("<IHHHHHIIIHH")  # local file header
_CENTRAAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory header
_EINDE = struct.Struct("<IHHHHIIH")  # end of central directory
_EINDE64 = struct.Struct("<IQHHIIQQQQ")  # zip64 end of central directory record
_WIJZER64 = struct.Struct("<IIQI")  # zip64 end of central directory locator
_MAX16 = 0xFFFF
_MAX32 = 0xFFFFFFFF


def dos_datum(dag: date) -> int:
    """The MS-DOS date field of ``dag`` (time 00:00:00); clamped to the DOS range 1980–2107."""
    if dag.year < 1980:
        return (1 << 5) | 1
    if dag.year > 2107:
        return (127 << 9) | (12 << 5) | 31
    return ((dag.year - 1980) << 9) | (dag.month << 5) | dag.day


class ZipSchrijver:
    """Write one zip archive member by member (``voeg_toe``), then ``sluit``."""

    __slots__ = ("_centraal", "_f", "_niveau", "_positie", "aantal")

    def __init__(self, pad: Path, niveau: int = 0) -> None:
        """``niveau`` 0: stored; 1–9: deflate at that level."""
        self._f = open(pad, "wb", buffering=1 << 20)  # noqa: SIM115 - closed in sluit()
        self._niveau = niveau
        self._centraal = bytearray()
        self._positie = 0
        self.aantal = 0

    def voeg_toe(self, naam: str, data: bytes, dag: date) -> None:
        """Append member ``naam`` (ASCII) with ``data``, dated ``dag``."""
        crc = zlib.crc32(data)
        grootte = len(data)
        if self._niveau:
            c = zlib.compressobj(self._niveau, zlib.DEFLATED, -15)
            data = c.compress(data) + c.flush()
            methode = 8
        else:
            methode = 0
        n = naam.encode("ascii")
        d = dos_datum(dag)
        f = self._f
        f.write(_LOKAAL.pack(0x04034B50, 20, 0, methode, 0, d, crc, len(data), grootte, len(n), 0))
        f.write(n)
        f.write(data)
        positie = self._positie
        if positie > _MAX32:
            extra = struct.pack("<HHQ", 1, 8, positie)
            kop = _CENTRAAL.pack(
                0x02014B50, 45, 45, 0, methode, 0, d, crc, len(data), grootte, len(n), 12, 0, 0, 0, 0, _MAX32
            )
            self._centraal += kop + n + extra
        else:
            self._centraal += (
                _CENTRAAL.pack(
                    0x02014B50,
                    20,
                    20,
                    0,
                    methode,
                    0,
                    d,
                    crc,
                    len(data),
                    grootte,
                    len(n),
                    0,
                    0,
                    0,
                    0,
                    0,
                    positie,
                )
                + n
            )
        self._positie = positie + _LOKAAL.size + len(n) + len(data)
        self.aantal += 1

    def sluit(self) -> None:
        """Write the central directory and the end records; close the file."""
        f = self._f
        begin, grootte, n = self._positie, len(self._centraal), self.aantal
        f.write(self._centraal)
        if n > _MAX16 or begin > _MAX32 or grootte > _MAX32:
            eind64 = begin + grootte
            f.write(_EINDE64.pack(0x06064B50, 44, 45, 45, 0, 0, n, n, grootte, begin))
            f.write(_WIJZER64.pack(0x07064B50, 0, eind64, 1))
            f.write(_EINDE.pack(0x06054B50, 0, 0, _MAX16, _MAX16, _MAX32, _MAX32, 0))
        else:
            f.write(_EINDE.pack(0x06054B50, 0, 0, n, n, grootte, begin, 0))
        f.close()
        self._centraal = bytearray()

    def __enter__(self) -> ZipSchrijver:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.sluit()
