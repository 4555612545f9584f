"""Hostile and malformed input: each gives its typed error, and through the ingest lands in quarantine with
that ``reden`` while a good message in the same batch still lands.

Inputs are built from the official JW301/JW305 examples, changed in one place each.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from regiekamer.berichten import errors
from regiekamer.berichten.parser import parse
from regiekamer.ingest import Ingester
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
JW301_PATH = SHARED / "ijw" / "berichten" / "JW301.xml"
if not JW301_PATH.exists():
    pytest.skip("../shared/istandaarden is not beside the repository", allow_module_level=True)

PSEUDO = Pseudonymiser(bytes.fromhex("5e" * 32))
JW301 = JW301_PATH.read_bytes()
GOOD = (SHARED / "ijw" / "berichten" / "JW305.xml").read_bytes()
LIMIT = 64 * 1024  # max_bytes for the ingest in these tests; every example is far below it
NS301 = b"http://www.istandaarden.nl/ijw/3_2/jw301/schema"
BODY = JW301.split(b"?>", 1)[1]  # the message without its XML declaration
PASSWD = Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").exists() else "root:x:0:0"
COMMENTAAR = b"<jw301:Commentaar>Commentaar client</jw301:Commentaar>"


def _doctype(subset: bytes, root: bytes = b"jw301:Bericht") -> bytes:
    return b'<?xml version="1.0"?>\n<!DOCTYPE ' + root + b" [" + subset + b"]>\n"


def _laughs(levels: int) -> bytes:
    ents = [b'<!ENTITY lol0 "lol">']
    ents += [
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(1, levels + 1)
    ]
    return _doctype(b"".join(ents)) + BODY.replace(b"Commentaar client", b"&lol%d;" % levels)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _replace(old: bytes, new: bytes, count: int = 1) -> Callable[[], bytes]:
    def build() -> bytes:
        assert old in JW301
        return JW301.replace(old, new, count)

    return build


E = errors
# name → (builder, the typed error, file name in the batch)
XML_CASES: dict[str, tuple[Callable[[], bytes], type[errors.BerichtFout]]] = {
    "billion-laughs": (lambda: _laughs(9), E.HostileXml),
    "entity-expansion-small": (lambda: _laughs(3), E.HostileXml),
    "xxe-local-file": (
        lambda: (
            _doctype(b'<!ENTITY xxe SYSTEM "file:///etc/passwd">')
            + BODY.replace(b"Commentaar client", b"&xxe;")
        ),
        E.HostileXml,
    ),
    "xxe-utf-16": (  # the same XXE, encoded as UTF-16 (a byte search for b"<!DOCTYPE" does not see it)
        lambda: (
            (
                _doctype(b'<!ENTITY xxe SYSTEM "file:///etc/passwd">').replace(
                    b'version="1.0"', b'version="1.0" encoding="UTF-16"'
                )
                + BODY.replace(b"Commentaar client", b"&xxe;")
            )
            .decode()
            .encode("utf-16")
        ),
        E.HostileXml,
    ),
    "xxe-parameter-entity": (
        lambda: _doctype(b'<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;') + BODY,
        E.HostileXml,
    ),
    "external-dtd": (
        lambda: (
            b'<?xml version="1.0"?>\n<!DOCTYPE jw301:Bericht SYSTEM "http://127.0.0.1:9/kwaad.dtd">\n' + BODY
        ),
        E.HostileXml,
    ),
    "xinclude": (
        _replace(
            COMMENTAAR,
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>',
        ),
        E.WrongNamespace,
    ),
    "not-well-formed": (lambda: JW301[: len(JW301) // 2], E.MalformedXml),
    "mismatched-tag": (_replace(b"</jw301:Geslacht>", b"</jw301:Geslacht2>"), E.MalformedXml),
    "empty-file": (lambda: b"", E.MalformedXml),
    "wrong-root-namespace": (_replace(NS301, b"http://example.org/berichten/jw301", 1), E.UnknownMessageType),
    "unknown-message-type": (
        _replace(NS301, b"http://www.istandaarden.nl/ijw/3_2/jw399/schema", 1),
        E.UnknownMessageType,
    ),
    "namespace-of-3.1": (
        _replace(NS301, b"http://www.istandaarden.nl/ijw/3_1/jw301/schema", 1),
        E.UnsupportedVersion,
    ),
    "berichtversie-3.1": (
        _replace(
            b"<jw301:BerichtSubversie>2</jw301:BerichtSubversie>",
            b"<jw301:BerichtSubversie>1</jw301:BerichtSubversie>",
        ),
        E.UnsupportedVersion,
    ),
    "berichtcode-not-namespace": (
        _replace(
            b"<jw301:BerichtCode>436</jw301:BerichtCode>", b"<jw301:BerichtCode>438</jw301:BerichtCode>"
        ),
        E.UnknownMessageType,
    ),
    "foreign-namespace-element": (
        _replace(COMMENTAAR, b'<x:Commentaar xmlns:x="urn:kwaad">Commentaar client</x:Commentaar>'),
        E.WrongNamespace,
    ),
    "missing-toewijzingnummer": (
        _replace(b"<jw301:ToewijzingNummer>300201</jw301:ToewijzingNummer>", b""),
        E.MissingElement,
    ),
    "missing-header": (
        lambda: JW301[: JW301.index(b"<jw301:Header>")] + JW301[JW301.index(b"</jw301:Header>") + 15 :],
        E.MissingElement,
    ),
    "invalid-date": (
        _replace(
            b"<jw301:Ingangsdatum>2026-04-01</jw301:Ingangsdatum>",
            b"<jw301:Ingangsdatum>2026-02-30</jw301:Ingangsdatum>",
        ),
        E.InvalidValue,
    ),
    "non-numeric-volume": (
        _replace(b"<ijw:Volume>2</ijw:Volume>", b"<ijw:Volume>twee</ijw:Volume>"),
        E.InvalidValue,
    ),
}


@pytest.mark.parametrize("case", list(XML_CASES))
def test_parse_gives_its_typed_error(case: str) -> None:
    build, expected = XML_CASES[case]
    data = build()
    started = time.perf_counter()
    with pytest.raises(errors.BerichtFout) as info:
        parse(data, PSEUDO)
    assert time.perf_counter() - started < 1.0  # no expansion, no network, no waiting
    assert type(info.value) is expected, f"{type(info.value).__name__}: {info.value}"
    assert info.value.reden == expected.reden
    assert PASSWD not in str(info.value)


def test_too_large_message_is_refused_before_parsing() -> None:
    with pytest.raises(errors.TooLarge):
        parse(JW301 + b" " * LIMIT, PSEUDO, max_bytes=LIMIT)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises((errors.MalformedXml, errors.HostileXml)):
        parse(b"<a>" * 100_000 + b"</a>" * 100_000, PSEUDO)


# --- through the ingest -----------------------------------------------------------------------------------


def _oversize() -> bytes:
    return JW301.replace(b"</jw301:Bericht>", b" " * (LIMIT + 1) + b"</jw301:Bericht>")


FILE_CASES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name → (file bytes, file name, reden)
    **{name: (build, f"{name}.xml", cls.reden) for name, (build, cls) in XML_CASES.items()},
    "file-over-limit": (_oversize, "groot.xml", E.TooLarge.reden),
    "zip-member-over-limit": (lambda: _zip([("groot.xml", _oversize())]), "groot-lid.zip", E.TooLarge.reden),
    "corrupt-zip": (
        lambda: _zip([("x.xml", JW301)])[:80] + b"\x00kapot" * 20,
        "kapot.zip",
        E.MalformedXml.reden,
    ),
    "hostile-member-in-zip": (
        lambda: _zip([("xxe.xml", XML_CASES["xxe-local-file"][0]())]),
        "xxe.zip",
        E.HostileXml.reden,
    ),
}


def _store_and_ingest(rk, tmp_path: Path, files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    data_dir = rk.fresh_store_dir(tmp_path / "opslag")
    store = open_store(data_dir)
    summary = Ingester(store, PSEUDO, max_bytes=LIMIT).run([folder])
    return store, summary


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_ingest_quarantines_with_reden_and_keeps_the_good_message(rk, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    build, name, reden = FILE_CASES[case]
    store, summary = _store_and_ingest(rk, tmp_path, {"a-goed.xml": GOOD, name: build()})
    try:
        assert store.con.execute("SELECT berichtnaam FROM bericht").fetchall() == [("JW305",)]
        rows = store.con.execute(
            "SELECT bron_bestand, reden, toelichting, element FROM quarantaine"
        ).fetchall()
        assert [(Path(r[0]).name, r[1]) for r in rows] == [(name, reden)], rows
        assert dict(summary.afgewezen) == {reden: 1} and summary.geaccepteerd == 1
        assert all(PASSWD not in str(v) for r in rows for v in r)
    finally:
        store.close()


def test_nested_zip_is_read_and_deeper_nesting_is_not_lost(rk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A single-message zip inside a delivery zip is read (IB901-905). Anything nested deeper must not vanish
    silently: the ingest promises to lose nothing, so it is either read or quarantined."""
    inner = _zip([("bericht.xml", JW301)])
    deeper = _zip([("laag1.zip", _zip([("laag2.zip", _zip([("diep.xml", GOOD)]))]))])
    store, summary = _store_and_ingest(
        rk, tmp_path, {"levering.zip": _zip([("enkel.zip", inner)]), "te-diep.zip": deeper}
    )
    try:
        stored = store.con.execute("SELECT berichtnaam, bron_lid FROM bericht").fetchall()
        assert ("JW301", "enkel.zip!bericht.xml") in stored
        quarantined = store.con.execute("SELECT bron_bestand FROM quarantaine").fetchall()
        accounted = {Path(r[0]).name for r in quarantined} | {
            Path(r[0]).name for r in store.con.execute("SELECT bron_bestand FROM bericht").fetchall()
        }
        assert "te-diep.zip" in accounted, f"te-diep.zip neither stored nor quarantined ({summary})"
    finally:
        store.close()


def test_cli_batch_of_hostile_files(rk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """All hostile files plus one good message in one CLI run: exit code 1, a summary and no traceback, the
    good message stored, one quarantine row per bad file, and /etc/passwd nowhere."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-goed.xml").write_bytes(GOOD)
    names = []
    for case, (build, name, _) in FILE_CASES.items():
        if case in ("file-over-limit", "zip-member-over-limit"):
            continue  # the CLI uses the standard's 25 MB limit
        (folder / name).write_bytes(build())
        names.append(name)
    data_dir = tmp_path / "opslag"
    proc = rk.cli("ingest", folder, "-d", data_dir)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 1, out
    assert "Traceback" not in out and PASSWD not in out
    con = rk.connect(data_dir)
    try:
        assert con.execute("SELECT count(*) FROM bericht").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM quarantaine").fetchone()[0] == len(names)
    finally:
        con.close()
    raw = (data_dir / rk.db_file).read_bytes()
    assert PASSWD.encode() not in raw
