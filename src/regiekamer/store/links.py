"""Rules across messages, evaluated lazily over the whole store as views.

Messages arrive late and out of order (OP080): a stop before its start, a declaration before its allocation.
A rule that needs another message is therefore not judged at the door but recomputed from everything stored,
so the result is the same whatever the arrival order. The view ``koppeling_bevinding`` lists one row per
finding: the rule, the message and row it concerns, and an explanation. Later steps (reconstruction) apply
these findings as the standard's receiver would.

Only rows that were not rejected by an intra-message finding (``afgekeurd``) take part.

A rule that looks for a matching row elsewhere is written as an explicit ``ANTI JOIN`` (or ``SEMI JOIN``) on all
its keys, not as a correlated ``NOT EXISTS``. DuckDB decorrelates the latter into a join whose order it chooses
from its estimates; on a generated region of 220,556 messages (and only with some pseudonymisation keys, which
change the statistics) it joined the allocations with the starts on ``gemeente`` alone first: 145 million rows,
67 s, and out of memory at 1 GB for a store of 64,403 allocations (docs/benchmarks.md, "Ingest"). An explicit
join hashes on every key at once.
"""

from __future__ import annotations

import duckdb

VIEWS = ("koppeling_bevinding",)

LINK_RULES: dict[str, str] = {
    "TR019": "start/stop verwijst naar een bekende toewijzing (ToewijzingNummer, gemeente, aanbieder)",
    "TR063": "StatusAanlevering 3 verwijdert een eerder ontvangen regel met dezelfde sleutel",
    "TR074": "een regel met StatusAanlevering 1 en dezelfde sleutel is niet eerder ontvangen",
    "TR323": "een creditprestatie verwijst naar een eerder ingediende debetprestatie",
    "TR337": "de DeclaratieIdentificatie van een 325 hoort bij een ontvangen 323",
    "TR338": "een prestatie hoort bij een bekende toewijzing (ToewijzingNummer)",
    "TR366": "elke prestatie in een 325 komt voor in de 323 die het antwoordt",
    "TR367": "de waarden van een prestatie in een 325 zijn gelijk aan die in de 323",
    "TR384": "geen declaratie op een toewijzing die is verwijderd (RedenWijziging 13)",
}

_ROWS = """
    SELECT r.*, b.wet, b.gemeente, b.aanbieder, b.berichttype, b.eigen_dagtekening, r.client AS client_id
    FROM {table} r
    JOIN bericht b USING (bericht_id)
    WHERE NOT r.afgekeurd AND b.berichttype = '{type}'
"""


def _rows(table: str, berichttype: str) -> str:
    return "(" + _ROWS.format(table=table, type=berichttype) + ")"


def view_sql() -> str:
    toewijzing = _rows("toewijzing", "301")
    start = _rows("start_product", "305")
    stop = _rows("stop_product", "307")
    prestatie = _rows("prestatie", "323")
    p325 = _rows("afgewezen_prestatie", "325")
    parts = []
    for name, rows in (("start_product", start), ("stop_product", stop)):
        parts.append(f"""
        SELECT 'TR019' AS regel, s.bericht_id, s.client_index, '{name}' AS tabel, s.rij,
               'ToewijzingNummer ' || s.toewijzingnummer || ' is (nog) niet bekend bij deze gemeente en aanbieder'
               AS toelichting
        FROM {rows} s
        ANTI JOIN {toewijzing} t ON t.wet = s.wet AND t.gemeente = s.gemeente
              AND t.aanbieder = s.aanbieder AND t.toewijzingnummer = s.toewijzingnummer
        WHERE s.toewijzingnummer IS NOT NULL""")
        key = "s.client_id, s.toewijzingnummer, s.productcategorie, s.productcode, s.begindatum"
        if name == "stop_product":
            key += ", s.reden_beeindiging, s.einddatum"
        parts.append(f"""
        SELECT 'TR063', s.bericht_id, s.client_index, '{name}', s.rij,
               'verwijdering (StatusAanlevering 3) zonder eerder ontvangen regel met dezelfde sleutel'
        FROM {rows} s
        ANTI JOIN (FROM {rows} WHERE status_aanlevering = '1') e ON e.wet = s.wet
              AND e.aanbieder = s.aanbieder AND ({key.replace("s.", "e.")}) = ({key})
              AND e.eigen_dagtekening <= s.eigen_dagtekening
        WHERE s.status_aanlevering = '3'""")
        parts.append(f"""
        SELECT 'TR074', bericht_id, client_index, '{name}', rij,
               'regel met StatusAanlevering 1 en een sleutel die al eerder is ontvangen'
        FROM (
            SELECT s.*, row_number() OVER (
                PARTITION BY s.wet, s.aanbieder, {key}
                ORDER BY s.eigen_dagtekening, s.bericht_id, s.rij) AS n
            FROM {rows} s WHERE s.status_aanlevering = '1')
        WHERE n > 1""")
    parts.append(f"""
        SELECT 'TR338', p.bericht_id, p.client_index, 'prestatie', p.rij,
               'prestatie op ToewijzingNummer ' || p.toewijzingnummer || ' dat (nog) niet bekend is'
        FROM {prestatie} p
        ANTI JOIN {toewijzing} t ON t.wet = p.wet AND t.gemeente = p.gemeente
              AND t.aanbieder = p.aanbieder AND t.toewijzingnummer = p.toewijzingnummer""")
    parts.append(f"""
        SELECT 'TR384', p.bericht_id, p.client_index, 'prestatie', p.rij,
               'prestatie op toewijzing ' || p.toewijzingnummer || ' die is verwijderd (RedenWijziging 13)'
        FROM {prestatie} p
        SEMI JOIN (FROM {toewijzing} WHERE reden_wijziging = '13') t ON t.wet = p.wet
              AND t.gemeente = p.gemeente AND t.aanbieder = p.aanbieder AND t.toewijzingnummer = p.toewijzingnummer""")
    parts.append(f"""
        SELECT 'TR323', p.bericht_id, p.client_index, 'prestatie', p.rij,
               'credit zonder eerder ingediende debetprestatie ' || coalesce(p.vorig_referentienummer, '(leeg)')
        FROM {prestatie} p
        ANTI JOIN (FROM {prestatie} WHERE debet_credit = 'D') d ON d.wet = p.wet
              AND d.aanbieder = p.aanbieder AND d.referentienummer = p.vorig_referentienummer
        WHERE p.debet_credit = 'C'""")
    parts.append("""
        SELECT 'TR337', a.bericht_id, NULL, 'bericht', NULL,
               'DeclaratieIdentificatie ' || coalesce(a.heen_identificatie, '(leeg)')
               || ' hoort bij geen ontvangen declaratie (323) van deze aanbieder'
        FROM bericht a
        ANTI JOIN (FROM bericht WHERE berichttype = '323') d ON d.wet = a.wet
              AND d.verzender = a.aanbieder AND d.eigen_identificatie = a.heen_identificatie
        WHERE a.berichttype = '325' AND NOT a.afgekeurd""")
    matched = f"""
        (SELECT a.*, d.bedrag AS d_bedrag, d.debet_credit AS d_dc, d.toewijzingnummer AS d_nr,
                d.geleverd_volume AS d_volume, d.periode_begin AS d_begin, d.referentienummer AS d_ref
         FROM {p325} a
         JOIN bericht ab ON ab.bericht_id = a.bericht_id
         JOIN bericht db ON db.berichttype = '323' AND db.wet = ab.wet AND db.verzender = ab.aanbieder
              AND db.eigen_identificatie = ab.heen_identificatie
         LEFT JOIN prestatie d ON d.bericht_id = db.bericht_id AND d.referentienummer = a.referentienummer)"""
    parts.append(f"""
        SELECT 'TR366', m.bericht_id, m.client_index, 'prestatie', m.rij,
               'prestatie ' || m.referentienummer || ' komt niet voor in de beantwoorde declaratie'
        FROM {matched} m WHERE m.d_ref IS NULL""")
    parts.append(f"""
        SELECT 'TR367', m.bericht_id, m.client_index, 'prestatie', m.rij,
               'prestatie ' || m.referentienummer || ' wijkt af van de beantwoorde declaratie'
        FROM {matched} m
        WHERE m.d_ref IS NOT NULL AND (m.d_bedrag <> m.bedrag OR m.d_dc <> m.debet_credit
              OR m.d_nr <> m.toewijzingnummer OR m.d_volume <> m.geleverd_volume OR m.d_begin <> m.periode_begin)""")
    return "CREATE OR REPLACE VIEW koppeling_bevinding AS " + "\nUNION ALL\n".join(parts)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(view_sql())
