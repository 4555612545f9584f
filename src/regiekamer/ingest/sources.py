"""Where messages come from: single XML files, folders (recursive) and zip archives, read one at a time.

Only one message is in memory at a time (plus the batch the ingest is writing), so memory stays bounded
whatever the size of the input. The input is cut into :class:`Deel` s (a file, a zip archive or a run of its
members) that each process of the ingest reads for itself, so the bytes of a message are read where they are
parsed and never copied between processes. A member or file over the size limit is reported without being read; a zip
member is read with a cap, so a zip bomb cannot blow up memory.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from regiekamer.berichten.errors import BerichtFout, MalformedXml, NestedTooDeep, TooLarge
from regiekamer.privacy import scrub


@dataclass(frozen=True, slots=True)
class Bron:
    """One message as read from its source: the file, the zip member (if any) and its bytes — or, when it
    could not be read, the error that says why."""

    bestand: str
    lid: str | None
    data: bytes
    fout: BerichtFout | None = None


class SourceError(Exception):
    """A path the user named does not exist or cannot be read at all."""


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _is_xml(name: str) -> bool:
    return name.lower().endswith(".xml")


def check(paths: Sequence[Path]) -> None:
    """Raise :class:`SourceError` for the first path that does not exist."""
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path} bestaat niet")


def expand(paths: Sequence[Path]) -> Iterator[Path]:
    """The files to read, in a stable order: XML and zip files, folders searched recursively.

    Checks that every path exists at once, then lists lazily: the listing is never held whole, so a delivery
    of a million files does not put a million paths in the memory of every process of the ingest (until 2 Dec a
    list of 200,000 paths was about 100 MB in the main process and in each worker, docs/benchmarks.md,
    "Ingest")."""
    check(paths)
    return _files(paths)


def _files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    """XML and zip files under ``folder``, depth first with the entries of each folder sorted by name (the
    order of ``sorted(folder.rglob("*"))``), from the directory entries alone: no ``stat`` per file, which
    matters for a delivery of a million files. Symbolic links to folders are not followed (as ``rglob``).
    Of each folder only the names and kinds of its entries are held while it is walked."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(
                (entry.name, is_dir)
                for entry in it
                if (is_dir := entry.is_dir(follow_symlinks=False))
                or (entry.is_file() and (_is_xml(entry.name) or _is_zip(entry.name)))
            )
    except OSError as exc:
        # a folder found in the walk, not one the user named: its name may hold a BSN (a folder per client)
        raise SourceError(f"map {scrub(str(folder))} kan niet worden gelezen: {exc.strerror or type(exc).__name__}") from None
    for name, is_dir in entries:
        if is_dir:
            yield from _walk(folder / name)
        else:
            yield folder / name


def count_messages(files: Iterable[Path]) -> int:
    """How many messages the files hold (zip members counted), for a progress bar."""
    total = 0
    for f in files:
        if _is_zip(f.name):
            try:
                with zipfile.ZipFile(f) as zf:
                    total += sum(1 for i in zf.infolist() if not i.is_dir() and _is_xml(i.filename)) or 1
            except (zipfile.BadZipFile, OSError):
                total += 1
        else:
            total += 1
    return total


@dataclass(frozen=True, slots=True)
class Deel:
    """A part of the input that one process reads on its own: a plain file, a whole zip archive
    (``leden`` None), or the members ``leden = (start, stop)`` of a zip archive in its sorted member order.
    ``aantal`` is the number of messages it holds as far as known without reading it (1 for a file)."""

    pad: Path
    leden: tuple[int, int] | None = None
    aantal: int = 1


def delen(files: Iterable[Path], per: int) -> Iterator[Deel]:
    """The input as parts of at most ``per`` messages, in reading order. A zip archive is listed (its
    central directory only) and cut into runs of ``per`` members; one that cannot be listed stays whole, so
    reading it gives the error."""
    for f in files:
        if not _is_zip(f.name):
            yield Deel(f)
            continue
        try:
            with zipfile.ZipFile(f) as zf:
                n = len(zf.infolist())
        except (zipfile.BadZipFile, OSError):
            yield Deel(f)
            continue
        if n <= per:
            yield Deel(f, None, max(n, 1))
            continue
        for start in range(0, n, per):
            stop = min(start + per, n)
            yield Deel(f, (start, stop), stop - start)


def read_deel(deel: Deel, max_bytes: int, *, max_depth: int = 2) -> Iterator[Bron]:
    """Yield every message of one part, as :func:`read` would yield them for its whole file."""
    if deel.leden is None:
        yield from read([deel.pad], max_bytes, max_depth=max_depth)
        return
    name = str(deel.pad)
    try:
        zf, infos = _geopend(deel.pad)
        yield from _zip(zf, name, "", max_bytes, max_depth, deel.leden, infos)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Bron(name, None, b"", MalformedXml(f"zip-archief is niet te lezen: {exc}"))


_GEOPEND: tuple[tuple[int, str, int, int], zipfile.ZipFile, list[zipfile.ZipInfo]] | None = None
"""The zip archive this process read a run of members from last, open, with its members sorted by name."""


def _geopend(pad: Path) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive at ``pad``, open, and its members sorted by name — kept for the next run of the same
    archive. Opening an archive reads its whole central directory (≈ 1.4 s for 200,000 members), so opening it
    again for every run of 2,000 members would make a large archive quadratic (100 runs: ≈ 140 s of listing for
    ≈ 20 s of messages). Keyed by process too: a forked worker must not share the open file (and its offset)
    of its parent or its siblings; by size and mtime, so a replaced file is opened anew."""
    global _GEOPEND
    st = os.stat(pad)
    sleutel = (os.getpid(), str(pad), st.st_size, st.st_mtime_ns)
    if _GEOPEND is not None and _GEOPEND[0] == sleutel:
        return _GEOPEND[1], _GEOPEND[2]
    vorige, _GEOPEND = _GEOPEND, None
    if vorige is not None and vorige[0][0] == os.getpid():
        vorige[1].close()
    zf = zipfile.ZipFile(pad)
    _GEOPEND = (sleutel, zf, sorted(zf.infolist(), key=lambda i: i.filename))
    return _GEOPEND[1], _GEOPEND[2]


def read(files: Sequence[Path], max_bytes: int, *, max_depth: int = 2) -> Iterator[Bron]:
    """Yield every message in ``files`` in order."""
    for f in files:
        name = str(f)
        if _is_zip(f.name):
            try:
                with zipfile.ZipFile(f) as zf:
                    yield from _zip(zf, name, "", max_bytes, max_depth)
            except (zipfile.BadZipFile, OSError) as exc:
                yield Bron(name, None, b"", MalformedXml(f"zip-archief is niet te lezen: {exc}"))
            continue
        try:
            data = _read_file(name, max_bytes)
        except TooLarge as fout:
            yield Bron(name, None, b"", fout)
            continue
        except OSError as exc:
            yield Bron(name, None, b"", MalformedXml(f"bestand is niet te lezen: {exc.strerror}"))
            continue
        yield Bron(name, None, data)


def _read_file(name: str, max_bytes: int) -> bytes:
    """The bytes of a file, at most ``max_bytes``: open, ``fstat``, read until the end (for a regular file one
    read, sized by ``fstat``), close — half the cost of ``Path.read_bytes`` after a ``stat``. A pipe is read
    in pieces up to the cap."""
    fd = os.open(name, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise TooLarge(f"bestand is {size:,} bytes, groter dan {max_bytes:,}")
        parts: list[bytes] = []
        total = 0
        while True:
            part = os.read(fd, max(size + 1 - total, 1) if size else 65536)
            if not part:
                break
            parts.append(part)
            total += len(part)
            if total > max_bytes:
                raise TooLarge(f"bestand is groter dan {max_bytes:,} bytes")
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def _zip(
    zf: zipfile.ZipFile,
    bestand: str,
    prefix: str,
    max_bytes: int,
    depth: int,
    leden: tuple[int, int] | None = None,
    gesorteerd: list[zipfile.ZipInfo] | None = None,
) -> Iterator[Bron]:
    infos = gesorteerd if gesorteerd is not None else sorted(zf.infolist(), key=lambda i: i.filename)
    if leden is not None:
        infos = infos[leden[0] : leden[1]]
    for info in infos:
        if info.is_dir():
            continue
        lid = prefix + info.filename
        if _is_zip(info.filename) and depth <= 1:
            yield Bron(
                bestand,
                lid,
                b"",
                NestedTooDeep(
                    "zip-archief in een zip-archief, dieper genest dan wordt ingelezen; pak het eerst uit"
                ),
            )
            continue
        if _is_zip(info.filename):
            # single-message zips inside a delivery zip (IB901-905): one level deeper
            data = _read_capped(zf, info, max_bytes)
            if data is None:
                yield Bron(bestand, lid, b"", TooLarge(f"zip-lid is groter dan {max_bytes:,} bytes"))
                continue
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _zip(inner, bestand, lid + "!", max_bytes, depth - 1)
            except zipfile.BadZipFile as exc:
                yield Bron(bestand, lid, b"", MalformedXml(f"zip-archief is niet te lezen: {exc}"))
            continue
        if not _is_xml(info.filename):
            continue
        if info.file_size > max_bytes:
            yield Bron(
                bestand, lid, b"", TooLarge(f"zip-lid is {info.file_size:,} bytes, groter dan {max_bytes:,}")
            )
            continue
        data = _read_capped(zf, info, max_bytes)
        if data is None:
            yield Bron(bestand, lid, b"", TooLarge(f"zip-lid pakt uit tot meer dan {max_bytes:,} bytes"))
        else:
            yield Bron(bestand, lid, data)


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes | None:
    try:
        with zf.open(info) as fh:
            data = fh.read(max_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return b""  # an unreadable member becomes a malformed (empty) message with that reason
    return None if len(data) > max_bytes else data
