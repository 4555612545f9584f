"""Property tests of the ingest over generated variations of the official 301/305/307/323 examples (iJw and
iWmo): Identificatie, dates, ToewijzingNummer, amounts up to the XSD maximum and the number of products vary.

Every generated message is validated against the official XSDs by the ingest itself, so "valid" is checked,
not assumed. Stores are real DuckDB files (copies of one empty store, see ``rk.fresh_store_dir``).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from regiekamer.ingest import Ingester
from regiekamer.privacy import Pseudonymiser
from regiekamer.store import open_store
from regiekamer.validation.xsd import SchemaSet

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "istandaarden"
if not (SHARED / "ijw" / "berichten" / "JW301.xml").exists():
    pytest.skip("../shared/istandaarden is not beside the repository", allow_module_level=True)

PSEUDO = Pseudonymiser(bytes.fromhex("5e" * 32))
SCHEMAS = SchemaSet(SHARED)
TYPES = ("301", "305", "307", "323")
WETTEN = ("jw", "wmo")
PRODUCT = {"301": "ToegewezenProduct", "305": "StartProduct", "307": "StopProduct", "323": "Prestatie"}
MAX_BEDRAG = 99_999_999  # LDT_Bedrag, LDT_Budget, LDT_Volume
MAX_NUMMER = 999_999_999  # LDT_Nummer (ToewijzingNummer)
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
NUMMER_POOL = (1, 300201, 300202, 10072, 10073, MAX_NUMMER)  # re-used numbers so that links can hit
BOOKKEEPING = {"ingest_run", "gestart", "beeindigd"}

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _example(wet: str, nummer: str) -> etree._Element:
    path = SHARED / ("ijw" if wet == "jw" else "iwmo") / "berichten" / f"{wet.upper()}{nummer}.xml"
    return etree.fromstring(path.read_bytes())


TEMPLATES = {(w, t): _example(w, t) for w in WETTEN for t in TYPES}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _find(parent: etree._Element, local: str) -> etree._Element | None:
    return next((c for c in parent if isinstance(c.tag, str) and _local(c) == local), None)


def _desc(parent: etree._Element, local: str) -> list[etree._Element]:
    return [e for e in parent.iter() if isinstance(e.tag, str) and _local(e) == local]


def _set(parent: etree._Element, local: str, value: object) -> None:
    el = _find(parent, local)
    if el is not None:
        el.text = str(value)


@dataclass(frozen=True)
class Product:
    nummer: int
    dag: int  # day offset inside the month
    lengte: int  # days of the product period
    bedrag: int  # Bedrag (323), Volume or Budget (301), eurocent / units
    tarief: int
    credit: bool
    euro: bool  # 323: Eenheid 83 (volume in eurocent, no tarief); 301: Budget instead of Omvang


@dataclass(frozen=True)
class Spec:
    wet: str
    nummer: str
    identificatie: str
    maand: dt.date  # first day of the month the message is about
    producten: tuple[Product, ...]

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.wet, self.nummer, self.identificatie)

    def build(self) -> bytes:
        root = copy.deepcopy(TEMPLATES[(self.wet, self.nummer)])
        header = root[0]
        bid = _find(header, "BerichtIdentificatie")
        assert bid is not None
        _set(bid, "Identificatie", self.identificatie)
        last = calendar.monthrange(self.maand.year, self.maand.month)[1]
        einde = self.maand.replace(day=last)
        _set(bid, "Dagtekening", (einde + dt.timedelta(days=3)).isoformat())
        if self.nummer == "323":
            self._declaratie(root, einde)
        else:
            self._producten(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _client(self, root: etree._Element) -> etree._Element:
        clients = _desc(root, "Client")
        for extra in clients[1:]:
            extra.getparent().remove(extra)
        return clients[0]

    def _replace_products(self, container: etree._Element) -> list[tuple[etree._Element, Product]]:
        items = [c for c in container if isinstance(c.tag, str) and _local(c) == PRODUCT[self.nummer]]
        template = items[0]
        at = container.index(template)
        for it in items:
            container.remove(it)
        out = []
        for k, p in enumerate(self.producten):
            el = copy.deepcopy(template)
            container.insert(at + k, el)
            out.append((el, p))
        return out

    def _producten(self, root: etree._Element) -> None:
        client = self._client(root)
        first = _desc(client, PRODUCT[self.nummer])[0]
        for el, p in self._replace_products(first.getparent()):
            begin = self.maand + dt.timedelta(days=p.dag)
            _set(el, "ToewijzingNummer", p.nummer)
            if self.nummer == "301":
                _set(el, "Toewijzingsdatum", begin.isoformat())
                _set(el, "Ingangsdatum", begin.isoformat())
                _set(el, "Einddatum", (begin + dt.timedelta(days=p.lengte)).isoformat())
                omvang = _find(el, "Omvang")
                assert omvang is not None
                if p.euro:  # Budget instead of Omvang (CD077/078: one or the other)
                    budget = etree.Element(f"{{{etree.QName(el).namespace}}}Budget")
                    budget.text = str(p.bedrag)
                    budget.tail = omvang.tail
                    el.replace(omvang, budget)
                else:
                    _set(omvang, "Volume", p.bedrag)
            else:
                _set(el, "ToewijzingIngangsdatum", self.maand.isoformat())
                _set(el, "Begindatum", begin.isoformat())
                _set(el, "Einddatum", (begin + dt.timedelta(days=p.lengte)).isoformat())

    def _declaratie(self, root: etree._Element, einde: dt.date) -> None:
        decl = _desc(root, "Declaratie")[0]
        periode = _find(decl, "DeclaratiePeriode")
        _set(periode, "Begindatum", self.maand.isoformat())
        _set(periode, "Einddatum", einde.isoformat())
        _set(decl, "DeclaratieDagtekening", (einde + dt.timedelta(days=3)).isoformat())
        self._client(root)
        first = _desc(decl, "Prestatie")[0]
        som = 0
        for k, (el, p) in enumerate(self._replace_products(first.getparent())):
            ref = _desc(el, "ProductReferentie")[0]
            _set(ref, "ReferentieNummer", f"RN{k:03d}")
            _set(el, "ToewijzingNummer", p.nummer)
            begin = self.maand + dt.timedelta(days=min(p.dag, last_day(self.maand) - 1))
            pp = _find(el, "ProductPeriode")
            _set(pp, "Begindatum", begin.isoformat())
            _set(pp, "Einddatum", min(begin + dt.timedelta(days=p.lengte), einde).isoformat())
            tarief = _find(el, "ProductTarief")
            if p.euro:
                _set(el, "Eenheid", "83")
                _set(el, "GeleverdVolume", p.bedrag)
                el.remove(tarief)
                bedrag = p.bedrag
            else:
                volume = p.bedrag // max(p.tarief, 1) if p.tarief else 0
                _set(el, "GeleverdVolume", volume)
                tarief.text = str(p.tarief)
                bedrag = volume * p.tarief
            dc = "C" if p.credit and bedrag > 0 else "D"  # CS325: 0 is always debet
            ib = _find(el, "IngediendBedrag")
            _set(ib, "Bedrag", bedrag)
            _set(ib, "DebetCredit", dc)
            som += -bedrag if dc == "C" else bedrag
        totaal = _find(decl, "TotaalIngediendBedrag")
        _set(totaal, "TotaalBedrag", abs(som))
        _set(totaal, "DebetCredit", "C" if som < 0 else "D")


def last_day(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def written_amounts(data: bytes) -> dict[str, list[tuple[int, str | None]]]:
    """Amounts as written in the XML, read independently of the parser: (value, DebetCredit)."""
    root = etree.fromstring(data)
    out: dict[str, list[tuple[int, str | None]]] = {
        "Bedrag": [],
        "TotaalBedrag": [],
        "Volume": [],
        "Budget": [],
    }
    for el in root.iter():
        if not isinstance(el.tag, str) or _local(el) not in out:
            continue
        dc = _find(el.getparent(), "DebetCredit")
        out[_local(el)].append((int(el.text), dc.text if dc is not None else None))
    return out


products = st.builds(
    Product,
    nummer=st.one_of(st.sampled_from(NUMMER_POOL), st.integers(0, MAX_NUMMER)),
    dag=st.integers(0, 27),
    lengte=st.integers(0, 400),
    bedrag=st.one_of(st.sampled_from([0, 1, MAX_BEDRAG]), st.integers(0, MAX_BEDRAG)),
    tarief=st.integers(0, 99_999),
    credit=st.booleans(),
    euro=st.booleans(),
)

specs = st.builds(
    Spec,
    wet=st.sampled_from(WETTEN),
    nummer=st.sampled_from(TYPES),
    identificatie=st.text(ID_ALPHABET, min_size=1, max_size=12),
    maand=st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 1)).map(lambda d: d.replace(day=1)),
    producten=st.lists(products, min_size=1, max_size=5).map(tuple),
)

batches = st.lists(specs, min_size=1, max_size=8, unique_by=lambda s: s.identity)


class Workspace:
    """A temp folder with message files and fresh stores."""

    def __init__(self, rk) -> None:  # type: ignore[no-untyped-def]
        self.rk = rk
        self._tmp = tempfile.TemporaryDirectory(prefix="rk-prop-")
        self.root = Path(self._tmp.name)
        self.n = 0

    def write(self, data: bytes, name: str = "bericht") -> Path:
        self.n += 1
        path = self.root / "in" / f"{self.n:03d}-{name}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return path

    def store_dir(self, name: str) -> Path:
        return self.rk.fresh_store_dir(self.root / name)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()


def _ingest(data_dir: Path, paths: list[Path]):  # type: ignore[no-untyped-def]
    with open_store(data_dir) as store:
        return Ingester(store, PSEUDO, schemas=SCHEMAS).run(paths)


@SETTINGS
@given(batch=batches)
def test_valid_messages_land_once_and_reingest_changes_nothing(rk, batch: list[Spec]) -> None:  # type: ignore[no-untyped-def]
    with Workspace(rk) as ws:
        paths = [ws.write(s.build(), f"{s.wet}{s.nummer}") for s in batch]
        data = ws.store_dir("opslag")
        first = _ingest(data, paths)
        assert dict(first.afgewezen) == {}
        assert first.geaccepteerd == len(batch) and first.xsd_gevalideerd == len(batch)
        state = rk.digests(data)
        assert state["bericht"][0] == len(batch)
        n_products = sum(len(s.producten) for s in batch if s.nummer != "323")
        n_prestaties = sum(len(s.producten) for s in batch if s.nummer == "323")
        assert sum(state[t][0] for t in ("toewijzing", "start_product", "stop_product")) == n_products
        assert state["prestatie"][0] == n_prestaties
        again = _ingest(data, list(reversed(paths)))
        assert (again.geaccepteerd, again.dubbel, again.aantal_afgewezen) == (0, len(batch), 0)
        assert rk.digests(data) == state  # not even a new ingest_run row


@SETTINGS
@given(
    batch=st.lists(
        specs.filter(lambda s: s.nummer in ("301", "323")),
        min_size=1,
        max_size=6,
        unique_by=lambda s: s.identity,
    )
)
def test_amounts_are_exact_integers_with_sign_per_debetcredit(rk, batch: list[Spec]) -> None:  # type: ignore[no-untyped-def]
    with Workspace(rk) as ws:
        files = {s.identificatie + s.wet + s.nummer: s.build() for s in batch}
        paths = [ws.write(d) for d in files.values()]
        data = ws.store_dir("opslag")
        summary = _ingest(data, paths)
        assert summary.geaccepteerd == len(batch), summary.afgewezen
        con = rk.connect(data)
        try:
            types = dict(
                con.execute(
                    "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                    "WHERE column_name IN ('bedrag', 'totaal_ingediend', 'volume', 'budget', 'toewijzingnummer')"
                ).fetchall()
            )
            assert set(types.values()) == {"BIGINT"}, types  # integers, never DOUBLE/DECIMAL
            for s in batch:
                w = written_amounts(files[s.identificatie + s.wet + s.nummer])
                key = [s.wet, s.nummer, s.identificatie]
                if s.nummer == "323":
                    rows = con.execute(
                        "SELECT p.bedrag, p.debet_credit FROM prestatie p JOIN bericht b USING (bericht_id) "
                        "WHERE b.wet = ? AND b.berichttype = ? AND b.eigen_identificatie = ? ORDER BY p.rij",
                        key,
                    ).fetchall()
                    assert rows == w["Bedrag"]
                    assert all(type(v) is int for v, _ in rows)
                    (totaal,) = con.execute(
                        "SELECT d.totaal_ingediend FROM declaratie d JOIN bericht b USING (bericht_id) "
                        "WHERE b.wet = ? AND b.berichttype = ? AND b.eigen_identificatie = ?",
                        key,
                    ).fetchall()
                    ((t, dc),) = w["TotaalBedrag"]
                    assert type(totaal[0]) is int and totaal[0] == (-t if dc == "C" else t)
                    assert totaal[0] == sum(-v if d == "C" else v for v, d in rows)
                else:
                    rows = con.execute(
                        "SELECT t.toewijzingnummer, t.volume, t.budget FROM toewijzing t "
                        "JOIN bericht b USING (bericht_id) "
                        "WHERE b.wet = ? AND b.berichttype = ? AND b.eigen_identificatie = ? ORDER BY t.rij",
                        key,
                    ).fetchall()
                    assert [r[0] for r in rows] == [p.nummer for p in s.producten]
                    assert [r[1] for r in rows if r[1] is not None] == [v for v, _ in w["Volume"]]
                    assert [r[2] for r in rows if r[2] is not None] == [v for v, _ in w["Budget"]]
                    assert [r[1] if r[2] is None else r[2] for r in rows] == [p.bedrag for p in s.producten]
        finally:
            con.close()


@SETTINGS
@given(batch=batches, data=st.data())
def test_any_arrival_order_gives_the_same_tables(rk, batch: list[Spec], data) -> None:  # type: ignore[no-untyped-def]
    with Workspace(rk) as ws:
        paths = [ws.write(s.build()) for s in batch]
        paths += [
            ws.write(p.read_bytes(), "herhaald")
            for p in data.draw(st.lists(st.sampled_from(paths), max_size=3))
        ]
        order = data.draw(st.permutations(paths))
        one_run = ws.store_dir("een-run")
        _ingest(one_run, paths)
        per_file = ws.store_dir("per-bestand")
        for p in order:  # one run per message, in another order (arrival order has no meaning, OP080)
            _ingest(per_file, [p])
        # Run bookkeeping differs by design (one run vs one per file), and so does the provenance of a
        # message delivered twice: bron_bestand names the copy that happened to arrive first.
        tables = [t for t in rk.digests(one_run) if t != "ingest_run"]
        ignore = BOOKKEEPING | {"bron_bestand", "bron_lid"}
        a = rk.digests(one_run, ignore=ignore, tables=tables)
        b = rk.digests(per_file, ignore=ignore, tables=tables)
        assert a == b
        assert a["bericht"][0] == len(batch)


def _changed(spec: Spec, how: int) -> Spec:
    """Same identity (wet, type, sender, Identificatie), different content."""
    p0 = spec.producten[0]
    variants = [
        Spec(
            spec.wet,
            spec.nummer,
            spec.identificatie,
            spec.maand,
            (
                Product(
                    (p0.nummer + 1) % (MAX_NUMMER + 1),
                    p0.dag,
                    p0.lengte,
                    (p0.bedrag + 1) % (MAX_BEDRAG + 1),
                    1,
                    p0.credit,
                    True,
                ),
                *spec.producten[1:],
            ),
        ),
        Spec(
            spec.wet,
            spec.nummer,
            spec.identificatie,
            (spec.maand + dt.timedelta(days=40)).replace(day=1)
            if spec.maand.year < 2026
            else dt.date(2021, 1, 1),
            spec.producten,
        ),
        Spec(spec.wet, spec.nummer, spec.identificatie, spec.maand, (*spec.producten, spec.producten[0])),
    ]
    return variants[how]


@SETTINGS
@given(spec=specs, how=st.integers(0, 2), separate_runs=st.booleans(), swap=st.booleans())
def test_same_identity_other_content_is_quarantined_as_tr056(
    rk, spec: Spec, how: int, separate_runs: bool, swap: bool
) -> None:  # type: ignore[no-untyped-def]
    a, b = spec.build(), _changed(spec, how).build()
    assert a != b
    if swap:
        a, b = b, a
    with Workspace(rk) as ws:
        pa, pb = ws.write(a, "eerst"), ws.write(b, "daarna")
        data = ws.store_dir("opslag")
        if separate_runs:
            s1, s2 = _ingest(data, [pa]), _ingest(data, [pb])
            assert (s1.geaccepteerd, s2.geaccepteerd) == (1, 0)
        else:
            s2 = _ingest(data, [pa, pb])
            assert s2.geaccepteerd == 1
        assert dict(s2.afgewezen) == {"TR056-identificatie-niet-uniek": 1}
        con = rk.connect(data)
        try:
            import hashlib

            stored = con.execute("SELECT sha256, eigen_identificatie FROM bericht").fetchall()
            assert stored == [(hashlib.sha256(a).hexdigest(), spec.identificatie)]
            q = con.execute(
                "SELECT reden, sha256, eigen_identificatie, bron_bestand FROM quarantaine"
            ).fetchall()
            assert q == [
                ("TR056-identificatie-niet-uniek", hashlib.sha256(b).hexdigest(), spec.identificatie, str(pb))
            ]
        finally:
            con.close()
        again = _ingest(data, [pa])  # the stored one again: a re-delivery, nothing new
        assert (again.geaccepteerd, again.dubbel, again.aantal_afgewezen) == (0, 1, 0)
