"""Ingest of the official examples: quarantine, findings, exactly-once, zip input, library API."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import regiekamer
from regiekamer.ingest import ingest
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
FOLDERS = [SHARED / "ijw" / "berichten", SHARED / "iwmo" / "berichten"]
PSEUDO = Pseudonymiser(b"i" * 32)

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/istandaarden is not beside the repository")


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "data") as s:
        yield s


def _digest(store) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def,type-arg]
    return {t: sorted(map(str, store.sql(f"SELECT * EXCLUDE (bericht_id) FROM {t}").fetchall()))
            if t not in ("ingest_run", "bericht", "quarantaine", "koppeling_bevinding")
            else store.count(t) for t in store.tables()}


def test_exactly_the_two_broken_examples_are_quarantined(store) -> None:  # type: ignore[no-untyped-def]
    summary = ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    q = store.df("quarantaine")
    assert sorted(Path(p).name for p in q["bron_bestand"]) == ["JW315.xml", "JW318.xml"]
    assert set(q["reden"]) == {"xsd-ongeldig"}
    jw315 = q[q["bron_bestand"].str.endswith("JW315.xml")].iloc[0]
    assert "ToewijzingEinddatum" in jw315["element"] and "2027-06-31" in jw315["toelichting"]
    jw318 = q[q["bron_bestand"].str.endswith("JW318.xml")].iloc[0]
    assert jw318["element"].endswith("Verzoek/jw318:RetourCode")
    assert summary.geaccepteerd == 19 and summary.aantal_afgewezen == 2
    assert summary.xsd_gevalideerd == 19  # every accepted example has its XSD in the reference set


def test_without_xsd_the_impossible_date_is_still_caught(store) -> None:  # type: ignore[no-untyped-def]
    ingest(store, FOLDERS, PSEUDO)
    q = store.df("quarantaine")
    assert list(q["reden"]) == ["ongeldige-waarde"] and q["bron_bestand"].iloc[0].endswith("JW315.xml")


def test_rule_findings_of_the_examples_are_reported_and_applied(store) -> None:  # type: ignore[no-untyped-def]
    ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    found = store.sql("""SELECT b.berichtnaam, f.regel, f.gevolg FROM bevinding f JOIN bericht b USING (bericht_id)
                         ORDER BY 1, 2""").fetchall()
    assert ("JW317", "TR018", "bericht") in found  # NieuwProduct ends before it starts
    assert ("WMO317", "TR380", "bericht") in found  # start date equal to the message date
    assert ("JW323", "TR314", "regel") in found  # RN004 twice
    links = {r[0] for r in store.sql("""SELECT b.berichtnaam FROM koppeling_bevinding k
                                        JOIN bericht b USING (bericht_id) WHERE regel = 'TR367'""").fetchall()}
    assert links == {"JW325"}  # JW325 does not mirror JW323
    # a message rejected at XSLT level counts as not sent: its rows are marked afgekeurd
    assert store.sql("""SELECT bool_and(verzoek_product.afgekeurd) FROM verzoek_product JOIN bericht USING (bericht_id)
                        WHERE berichtnaam IN ('JW317', 'WMO317')""").fetchall() == [(True,)]
    # only the duplicated prestaties of JW323 are rejected, the others stand
    assert store.sql("""SELECT referentienummer, prestatie.afgekeurd FROM prestatie JOIN bericht USING (bericht_id)
                        WHERE berichtnaam = 'JW323' ORDER BY rij""").fetchall() == [
        ("RN001", False), ("RN002", False), ("RN003", False), ("RN004", True), ("RN004", True)]


def test_reingest_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    before = _digest(store)
    again = ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    assert again.geaccepteerd == 0 and again.dubbel == 19 and again.aantal_afgewezen == 2
    assert _digest(store) == before
    assert store.count("ingest_run") == 1  # a run that adds nothing leaves no trace either


def test_same_identity_other_content_is_quarantined_as_TR056(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = (SHARED / "ijw" / "berichten" / "JW301.xml").read_bytes()
    changed = original.replace(b"<jw301:Volume>2</jw301:Volume>", b"<jw301:Volume>3</jw301:Volume>", 1)
    changed = changed.replace(b"<ijw:Volume>2</ijw:Volume>", b"<ijw:Volume>3</ijw:Volume>", 1)
    assert changed != original
    (tmp_path / "a.xml").write_bytes(original)
    (tmp_path / "b.xml").write_bytes(changed)
    (tmp_path / "c.xml").write_bytes(original)  # a plain re-delivery
    summary = ingest(store, [tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml"], PSEUDO)
    assert summary.geaccepteerd == 1 and summary.dubbel == 1
    assert summary.afgewezen == {"TR056-identificatie-niet-uniek": 1}
    (row,) = store.sql("SELECT bron_bestand, berichtnaam, eigen_identificatie FROM quarantaine").fetchall()
    assert row[0].endswith("b.xml") and row[1] == "JW301" and row[2] == "123456789012"


def test_zip_archives_and_good_messages_beside_bad_ones(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted((SHARED / "iwmo" / "berichten").glob("*.xml")):
            zf.write(p, f"wmo/{p.name}")
        zf.writestr("kapot.xml", b"<Bericht><niet-af>")
    summary = ingest(store, [archive], PSEUDO)
    assert summary.geaccepteerd == 7 and summary.afgewezen == {"xml-onleesbaar": 1}
    assert set(store.df("bericht")["bron_lid"]) == {f"wmo/{p.name}" for p in (SHARED / "iwmo" / "berichten").glob("*.xml")}


def test_library_api_returns_pandas_and_arrow(tmp_path: Path) -> None:
    with regiekamer.open_store(tmp_path / "d") as s:
        ingest(s, FOLDERS, PSEUDO)
    with regiekamer.open_store(tmp_path / "d", read_only=True) as s:
        df = s.df("toewijzing")
        table = s.arrow("prestatie")
    assert len(df) == 3 and {300201, 300202} <= set(df["toewijzingnummer"])
    assert str(df["toewijzingnummer"].dtype) == "int64"
    assert str(table.schema.field("bedrag").type) == "int64"


def test_amounts_stay_integers_in_the_store(store) -> None:  # type: ignore[no-untyped-def]
    ingest(store, FOLDERS, PSEUDO)
    types = dict(store.sql("SELECT column_name, data_type FROM information_schema.columns "
                           "WHERE table_name = 'prestatie'").fetchall())
    assert types["bedrag"] == "BIGINT" and types["producttarief"] == "BIGINT"
    assert store.sql("SELECT sum(bedrag) FROM prestatie JOIN bericht USING (bericht_id) "
                     "WHERE berichtnaam='JW323'").fetchall() == [(5000 + 24000 + 20000 + 15000 + 15000,)]


def test_retours_and_declaration_answers_have_their_own_tables(store) -> None:  # type: ignore[no-untyped-def]
    ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    # allocations, starts and stops hold heenberichten only; the 302/306/308 copies are not counted twice
    for table, types in (("toewijzing", {"301"}), ("start_product", {"305"}), ("stop_product", {"307"}),
                         ("prestatie", {"323"}), ("afgewezen_prestatie", {"325"})):
        got = {r[0] for r in store.sql(f"SELECT DISTINCT berichttype FROM {table} JOIN bericht USING (bericht_id)")
               .fetchall()}
        assert got == types, table
    assert store.sql("SELECT retourcodes FROM bericht WHERE berichtnaam = 'JW302'").fetchall() == [(["8848"],)]
    rows = store.sql("""SELECT r.tabel, r.sleutel, r.retourcode FROM retourcode r JOIN bericht b USING (bericht_id)
                        WHERE b.berichtnaam = 'JW316' ORDER BY 1, 2, 3""").fetchall()
    xml = (SHARED / "ijw" / "berichten" / "JW316.xml").read_text()
    assert rows and all(code in xml for _, _, code in rows)
    assert {t for t, _, _ in rows} <= {"client", "aangevraagd_product"}
    assert all(s in xml for t, s, _ in rows if t == "aangevraagd_product")  # keyed by ReferentieAanbieder
    (total,) = store.sql("SELECT totaal_toegekend FROM declaratie_antwoord").fetchall()[0]
    assert isinstance(total, int)


def test_summary_counts_cross_message_findings_per_rule_as_the_view_does(store) -> None:  # type: ignore[no-untyped-def]
    summary = ingest(store, FOLDERS, PSEUDO, xsd_dir=SHARED)
    per_rule = dict(store.sql("SELECT regel, count(*) FROM koppeling_bevinding GROUP BY regel").fetchall())
    assert summary.koppeling == per_rule
    assert summary.koppeling["TR367"] >= 1 and summary.koppeling_fout is None


def test_a_failure_counting_cross_message_findings_after_the_commit_keeps_the_run(
    store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The counts are taken after the commit: when they fail (here: the view is gone; in practice a memory limit
    too low for a large store), the messages are stored and the summary says why the counts are missing."""
    store.sql("DROP VIEW koppeling_bevinding")
    summary = ingest(store, FOLDERS, PSEUDO)
    assert summary.geaccepteerd > 0 and store.count("bericht") == summary.geaccepteerd
    assert summary.koppeling == {} and "koppeling_bevinding" in (summary.koppeling_fout or "")


def test_a_large_archive_is_read_in_runs_listed_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An archive of more members than a window is cut into runs that the workers read on their own; together
    they give every message of the archive in its order, and a process lists the archive once, not once per run
    (opening it reads the whole central directory: per run, a large archive would be quadratic)."""
    from regiekamer.ingest import sources

    archive = tmp_path / "groot.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(25):
            zf.writestr(f"m{i:03d}.xml", f"<a>{i}</a>")
    heel = [(b.lid, b.data) for b in sources.read([archive], 1_000)]
    delen = list(sources.delen([archive], 4))
    assert [d.leden for d in delen][:2] == [(0, 4), (4, 8)] and len(delen) == 7

    geopend = []
    echte = zipfile.ZipFile

    def tellend(*args, **kwargs):  # type: ignore[no-untyped-def]
        geopend.append(args[0])
        return echte(*args, **kwargs)

    monkeypatch.setattr(sources.zipfile, "ZipFile", tellend)
    in_delen = [(b.lid, b.data) for d in delen for b in sources.read_deel(d, 1_000)]
    assert in_delen == heel and len(heel) == 25
    assert geopend == [archive]


def test_the_listing_is_in_rglob_order_lazy_and_checks_paths_first(tmp_path: Path) -> None:
    """Folders are listed depth first in name order (as ``sorted(rglob)``), only XML and zip files, without
    holding the whole listing: ``expand`` gives an iterator that lists a folder only when it gets there. A
    path that does not exist is reported before anything is read."""
    import collections.abc

    from regiekamer.ingest import sources

    for rel in ("b/2.xml", "b/1.XML", "a/z/9.xml", "a/3.zip", "a/notitie.txt", "c.xml", "b/a/0.xml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"<a/>")
    files = sources.expand([tmp_path])
    assert isinstance(files, collections.abc.Iterator)
    verwacht = sorted(p for p in tmp_path.rglob("*") if p.suffix.lower() in (".xml", ".zip"))
    assert list(files) == verwacht and len(verwacht) == 6

    later = tmp_path / "later"
    later.mkdir()
    files = sources.expand([tmp_path / "b", later])
    assert next(files) == tmp_path / "b" / "1.XML"
    (later / "x.xml").write_bytes(b"<a/>")  # listed only when the walk reaches it
    assert list(files)[-1] == later / "x.xml"

    with pytest.raises(sources.SourceError, match="bestaat niet"):
        sources.expand([tmp_path / "c.xml", tmp_path / "weg"])


def test_an_unreadable_folder_in_the_walk_is_named_without_a_bsn(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A folder that cannot be listed (permissions; root, who runs the tests, can read anything, so the refusal
    is the operating system's answer put in by hand) stops the walk with an error naming the folder, and a
    folder named after a client does not put the BSN in that error."""
    from regiekamer.ingest import sources

    client = tmp_path / "levering" / "999990019"
    client.mkdir(parents=True)
    (client / "JW301.xml").write_bytes(b"<a/>")
    echte = sources.os.scandir

    def weigert(pad):  # type: ignore[no-untyped-def]
        if str(pad).endswith("999990019"):
            raise PermissionError(13, "Permission denied", str(pad))
        return echte(pad)

    monkeypatch.setattr(sources.os, "scandir", weigert)
    with pytest.raises(sources.SourceError) as fout:
        list(sources.expand([tmp_path / "levering"]))
    assert "kan niet worden gelezen: Permission denied" in str(fout.value)
    assert "999990019" not in str(fout.value) and str(tmp_path / "levering") in str(fout.value)
