"""No BSN leaves the door: after ingesting the official examples plus variations with known BSNs (an invalid
elfproef BSN, a BSN in a malformed message, in a schema-invalid message, in a file, folder and zip-member
name) through the CLI, no input BSN occurs in any file under the data dir, in any export, in the CLI's
output or in the quarantine. Pseudonyms are stable across files, depend on the key, and a store refuses a
different key.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import subprocess
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from lxml import etree

from regiekamer.ingest import Ingester
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import StoreError, open_store


def _elfproef(bsn: str) -> bool:
    """istandaarden/ijw/elfproef.md, written out independently of the parser."""
    digits = [int(c) for c in bsn]
    return (
        len(digits) == 9
        and (sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=False)) - digits[8]) % 11 == 0
    )


def _valid_bsn(start: int) -> str:
    n = start
    while not _elfproef(f"{n:09d}"):
        n += 1
    return f"{n:09d}"


BSN_A = _valid_bsn(123_456_700)  # in three files of both laws
BSN_B = _valid_bsn(234_567_800)  # second client of a 323
BSN_FOUT = "246813579"  # fails the elfproef (CS002): stored as a pseudonym with a finding
BSN_KAPOT = _valid_bsn(345_678_900)  # inside a not-well-formed message
BSN_NAAM = _valid_bsn(456_789_000)  # in a file name
BSN_MAP = _valid_bsn(567_890_100)  # in a folder name
BSN_LID = _valid_bsn(678_901_200)  # in a zip member name
BSN_XSD = _valid_bsn(789_012_300)  # in a schema-invalid message (the error is elsewhere)
BSN_XSD10 = _valid_bsn(890_123_400)  # as part of a 10-digit Bsn the XSD error quotes
BSN_TIJD = _valid_bsn(901_234_500)  # in Toewijzingstijd, quoted by the XSD error
BSN_ZIP = _valid_bsn(112_233_400)  # inside a zip member
assert not _elfproef(BSN_FOUT)

BSNS_CONTENT = [BSN_A, BSN_B, BSN_FOUT, BSN_KAPOT, BSN_XSD, BSN_XSD10, BSN_TIJD, BSN_ZIP]
BSNS_NAMES = [BSN_NAAM, BSN_MAP, BSN_LID]


def _bsn(data: bytes, *values: str) -> bytes:
    """The message with its client BSNs replaced, in order, by ``values``."""
    root = etree.fromstring(data)
    els = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "Bsn"]
    assert len(els) >= len(values)
    for el, v in zip(els, values, strict=False):
        el.text = v
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _with_id(rk, data: bytes, ident: str) -> bytes:  # type: ignore[no-untyped-def]
    return rk.with_identity(data, ident)


@pytest.fixture(scope="module")
def ingested(rk, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("privacy")
    ex = {p.stem: p.read_bytes() for p in rk.examples}
    src = root / "bron"
    src.mkdir()
    files: dict[str, bytes] = {
        "JW301-a.xml": _with_id(rk, _bsn(ex["JW301"], BSN_A), "PA301"),
        "JW305-a.xml": _with_id(rk, _bsn(ex["JW305"], BSN_A), "PA305"),
        "WMO323-ab.xml": _with_id(rk, _bsn(ex["WMO323"], BSN_A, BSN_B), "PA323"),
        "JW307-elfproef.xml": _with_id(rk, _bsn(ex["JW307"], BSN_FOUT), "PF307"),
        f"client-{BSN_NAAM}.xml": _with_id(rk, ex["WMO305"], "PN305"),
    }
    kapot = _bsn(ex["JW301"], BSN_KAPOT)
    files["kapot.xml"] = kapot[: kapot.index(BSN_KAPOT.encode()) + 60]
    files["xsd-geslacht.xml"] = _with_id(rk, _bsn(ex["WMO301"], BSN_XSD), "PX301").replace(
        b"<wmo301:Geslacht>1</wmo301:Geslacht>", b"<wmo301:Geslacht>7</wmo301:Geslacht>"
    )
    files["xsd-bsn10.xml"] = _with_id(rk, _bsn(ex["JW305"], "1" + BSN_XSD10), "PX305")
    tijd = _with_id(rk, ex["JW301"], "PT301")
    files["xsd-tijd.xml"] = tijd.replace(b"12:34:56", BSN_TIJD.encode(), 1)
    for name, data in files.items():
        (src / name).write_bytes(data)
    folder = src / f"dossier-{BSN_MAP}"
    folder.mkdir()
    (folder / "JW317.xml").write_bytes(_with_id(rk, _bsn(ex["JW317"], BSN_A), "PM317"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"lid-{BSN_LID}.xml", _with_id(rk, _bsn(ex["WMO307"], BSN_ZIP), "PZ307"))
    (src / "levering.zip").write_bytes(buf.getvalue())
    for name in ("JW301-a.xml", "kapot.xml", "xsd-geslacht.xml"):
        assert any(b in files[name] for b in (BSN_A.encode(), BSN_KAPOT.encode(), BSN_XSD.encode()))

    examples = [rk.istandaarden / "ijw" / "berichten", rk.istandaarden / "iwmo" / "berichten"]
    data = root / "opslag"
    # the file with a BSN in its name is also named on the command line (it is recorded in ingest_run)
    proc = rk.cli("ingest", *examples, src, src / f"client-{BSN_NAAM}.xml", "--xsd", rk.xsd_dir, "-d", data)
    assert proc.returncode == 1, proc.stderr.decode()  # rejections → exit code 1
    return root, src, examples, data, proc


def _input_bsns(rk) -> list[str]:  # type: ignore[no-untyped-def]
    from_examples = {
        el.text.strip()
        for p in rk.examples
        for el in etree.parse(str(p)).iter()
        if isinstance(el.tag, str) and etree.QName(el).localname == "Bsn"
    }
    assert from_examples == {"999900006", "999900018"}
    return sorted(from_examples | set(BSNS_CONTENT) | set(BSNS_NAMES))


def _patterns(bsn: str) -> list[bytes]:
    return [bsn.encode(), bsn.encode("utf-16-le"), bsn.encode("utf-16-be")]


def test_the_batch_did_what_it_should(rk, ingested) -> None:  # type: ignore[no-untyped-def]
    data = ingested[3]
    con = rk.connect(data)
    try:
        names = {r[0] for r in con.execute("SELECT eigen_identificatie FROM bericht").fetchall()}
        assert {"PA301", "PA305", "PA323", "PF307", "PN305", "PM317", "PZ307"} <= names
        reasons = sorted(r[0] for r in con.execute("SELECT reden FROM quarantaine").fetchall())
        # JW315, JW318 (examples), kapot, and the three schema-invalid variations
        assert reasons == sorted(["xsd-ongeldig"] * 5 + ["xml-onleesbaar"]), reasons
        cs002 = con.execute("SELECT count(*) FROM bevinding WHERE regel = 'CS002'").fetchone()[0]
        assert cs002 == 1  # the invalid-elfproef BSN is kept (pseudonymised) and flagged
    finally:
        con.close()


def test_no_bsn_in_any_file_of_the_data_dir(rk, ingested) -> None:  # type: ignore[no-untyped-def]
    _, _, _, data, _ = ingested
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == rk.db_file for p in files)
    for path in files:
        raw = path.read_bytes()
        for bsn in _input_bsns(rk):
            for pat in _patterns(bsn):
                assert pat not in raw, f"BSN {bsn} ({pat!r}) in {path.name}"


def test_no_bsn_in_any_value_of_any_table(rk, ingested) -> None:  # type: ignore[no-untyped-def]
    """DuckDB compresses strings, so the byte scan alone could miss one: also search every value."""
    _, _, _, data, _ = ingested
    con = rk.connect(data)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        assert {"bericht", "quarantaine", "client", "ingest_run", "koppeling_bevinding"} <= set(tables)
        for t in tables:
            for row in con.execute(f'SELECT * FROM "{t}"').fetchall():
                text = repr(row)
                for bsn in _input_bsns(rk):
                    assert bsn not in text, f"BSN {bsn} in {t}: {row}"
        q = con.execute("SELECT bron_bestand, bron_lid, toelichting, element FROM quarantaine").fetchall()
        assert len(q) == 6
        bronnen = con.execute("SELECT bronnen FROM ingest_run").fetchone()[0]
        assert "client-[nummer].xml" in bronnen  # the BSN in the command line is redacted, the rest kept
    finally:
        con.close()


def test_no_bsn_in_cli_output_or_any_export(rk, ingested) -> None:  # type: ignore[no-untyped-def]
    root, _, _, data, proc = ingested
    out = proc.stdout + proc.stderr
    assert b"Inleesronde" in proc.stdout
    exports = root / "exports"
    tables = open_store(data, read_only=True)
    try:
        names = tables.tables()
    finally:
        tables.close()
    targets = [exports / f"{t}.{fmt}" for t in names for fmt in ("csv", "parquet")]
    done = []
    for i in range(0, len(targets), 4):  # four export processes at a time
        running = [
            (
                target,
                subprocess.Popen(
                    rk.command("export", target.stem, "-f", target.suffix[1:], "-o", target, "-d", data),
                    env=rk.env(),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                ),
            )
            for target in targets[i : i + 4]
        ]
        done += [(target, p, *p.communicate(timeout=60)) for target, p in running]
    assert len(done) == 2 * len(names)
    for target, p, o, e in done:
        assert p.returncode == 0, e.decode()
        out += o + e
        raw = target.read_bytes()
        # parquet is compressed: also read the values back
        values = repr(pq.read_table(target).to_pylist()) if target.suffix == ".parquet" else raw.decode()
        for bsn in _input_bsns(rk):
            for pat in _patterns(bsn):
                assert pat not in raw, f"BSN {bsn} in {target.name}"
            assert bsn not in values, f"BSN {bsn} in {target.name}"
    assert (exports / "client.csv").read_text().count("\n") > 10
    for bsn in _input_bsns(rk):
        for pat in _patterns(bsn):
            assert pat not in out, f"BSN {bsn} in CLI output"


def _keyed(key_hex: str, bsn: str) -> str:
    """The documented pseudonym, HMAC-SHA-256(key, "bsn:" + BSN), computed here without our code."""
    return hmac.new(bytes.fromhex(key_hex), b"bsn:" + bsn.encode(), hashlib.sha256).hexdigest()[:32]


def _clients_by_message(rk, data: Path) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    con = rk.connect(data)
    try:
        rows = con.execute(
            "SELECT b.eigen_identificatie, c.client FROM client c JOIN bericht b USING (bericht_id) "
            "ORDER BY b.eigen_identificatie, c.client_index"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[str]] = {}
    for ident, client in rows:
        out.setdefault(ident, []).append(client.hex)  # the store's UUID as the pseudonym's 32 digits
    return out


def test_pseudonyms_are_stable_across_files_and_depend_on_the_key(rk, ingested, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, src, examples, data, _ = ingested
    clients = _clients_by_message(rk, data)
    a = _keyed(rk.key_hex, BSN_A)
    # one BSN in four files (JW301, JW305, WMO323, JW317 in a sub-folder) → one pseudonym
    assert clients["PA301"] == [a] and clients["PA305"] == [a] and clients["PM317"] == [a]
    assert clients["PA323"] == [a, _keyed(rk.key_hex, BSN_B)]
    assert clients["PF307"] == [_keyed(rk.key_hex, BSN_FOUT)]
    assert clients["PZ307"] == [_keyed(rk.key_hex, BSN_ZIP)]

    other = tmp_path / "andere-sleutel"
    proc = rk.cli("ingest", *examples, src, "--xsd", rk.xsd_dir, "-d", other, key_hex=rk.other_key_hex)
    assert proc.returncode == 1
    clients2 = _clients_by_message(rk, other)
    assert clients2.keys() == clients.keys()
    assert clients2["PA301"] == clients2["PA305"] == [_keyed(rk.other_key_hex, BSN_A)]
    mine = {c for cs in clients.values() for c in cs}
    theirs = {c for cs in clients2.values() for c in cs}
    assert mine.isdisjoint(theirs)


def test_store_refuses_a_different_key(rk, ingested) -> None:  # type: ignore[no-untyped-def]
    _, src, _, data, _ = ingested
    before = rk.digests(data)
    proc = rk.cli("ingest", src, "-d", data, key_hex=rk.other_key_hex)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "andere pseudonimiseringssleutel" in err, err
    assert "Traceback" not in err
    store = open_store(data)
    try:
        with pytest.raises(StoreError):
            Ingester(store, Pseudonymiser(bytes.fromhex(rk.other_key_hex)))
    finally:
        store.close()
    assert rk.digests(data) == before
