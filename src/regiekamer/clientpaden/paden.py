"""Cliëntpaden: per client (per law) the ordered sequence of trajectories and the transition into each one.

Engine-portable Ibis over :func:`~regiekamer.clientpaden.trajecten.trajecten`. The transition into a trajectory
comes from the earlier trajectory of the same client (same law) that ends last — the one the client was still in,
or came from. Definitions (transition types, the intensity order, re-entry, censoring) are in docs/paden.md.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from regiekamer.clientpaden.trajecten import GAP_DAGEN, ONDERBROKEN, OPEN_EINDE, trajecten
from regiekamer.clientpaden.tussen import gedeeld

OVERGANG_DAGEN = 0
"""Default: a start after at least one day without care (of the same law) is a re-entry, as CBS counts herhaald
beroep; a start the day after the end is a direct transition (CBS: "aansluitende trajecten")."""

HERAANMELDING_6M = 183  # days after the end: "within 6 months"
HERAANMELDING_12M = 365  # "within 12 months"

_VOLGNUMMERS = 2**32  # a client has fewer trajectories than this under one law

REDEN_OVERSTAP = "38"  # JZ588 / WMO588: overstap naar andere aanbieder
REDEN_ANDER_DOMEIN = "39"  # JZ588 / WMO588: uitstroom naar ander domein

VAN_VELDEN = (
    "traject_id",
    "gemeente",
    "aanbieder",
    "productcategorie",
    "vorm",
    "intensiteit",
    "begindatum",
    "einddatum",
    "status",
    "reden_beeindiging",
)
"""The fields of the earlier trajectory a path row carries, as ``van_<field>``."""

# Transition types (overgang).
START = "start"
GELIJKTIJDIG = "gelijktijdig"
HERAANMELDING = "heraanmelding"
OPSCHALING = "opschaling"
AFSCHALING = "afschaling"
OVERSTAP = "overstap"
ANDERE_VORM = "andere_vorm"
VERVOLG = "vervolg"


@gedeeld
def clientpaden(
    con: Any,
    *,
    gap_dagen: int = GAP_DAGEN,
    overgang_dagen: int = OVERGANG_DAGEN,
) -> ir.Table:
    """One row per trajectory, in each client's order (``volgnummer`` 1, 2, … per wet × client, by begindatum
    then traject_id), with the transition into it from ``van_*``: the earlier trajectory of the client that ends
    last (running ones count as never ending: censored, so a start next to one is ``gelijktijdig``).

    ``overgang`` (first that applies): ``start`` (no earlier trajectory), ``gelijktijdig`` (an earlier one still
    runs on the begindatum), ``heraanmelding`` (more than ``overgang_dagen`` days without care, and the previous
    one did not end with reden 38 overstap), ``opschaling`` / ``afschaling`` (by the intensity order, or by the
    allocated hours per week within one form), ``overstap`` (other aanbieder), ``andere_vorm``, ``vervolg``.

    Columns: ``wet, client, volgnummer, traject_id, gemeente, aanbieder, productcategorie, vorm, intensiteit,
    begindatum, einddatum, status, lopend, reden_beeindiging``; ``van_traject_id, van_gemeente, van_aanbieder,
    van_productcategorie, van_vorm, van_intensiteit, van_begindatum, van_einddatum, van_status,
    van_reden_beeindiging``; ``overgang, gelijktijdig, andere_aanbieder, andere_vorm, richting`` (op / af /
    gelijk; null when the forms are not comparable), ``dagen_tussen`` (days without care in between; null for
    start and gelijktijdig), ``heraanmelding_6m, heraanmelding_12m`` (a heraanmelding within 183 / 365 days of
    the previous end), ``na_overstap`` (the previous ended with reden 38).
    """
    return _clientpaden(con, gap_dagen=gap_dagen, overgang_dagen=overgang_dagen)


def _clientpaden(con: Any, *, gap_dagen: int = GAP_DAGEN, overgang_dagen: int = OVERGANG_DAGEN) -> ir.Table:
    """:func:`clientpaden` as an expression that is never materialised by itself (for a caller that keeps only
    a few of its rows, such as the indicators' transitions); the trajectories it reads are still shared."""
    if overgang_dagen < 0:
        raise ValueError("overgang_dagen must be >= 0")
    alle = trajecten(con, gap_dagen=gap_dagen)
    client = ["wet", "client"]
    t = alle.mutate(
        volgnummer=ibis.row_number().over(group_by=client, order_by=["begindatum", "traject_id"]) + 1,
        _eind=alle.einddatum.fill_null(ibis.literal(OPEN_EINDE)),  # only lopend has no einddatum
    )
    # the earlier trajectory that ends last: the latest end among the earlier rows, ties to the latest of them in
    # the client's order. One integer carries both: the end as a day number above the row's volgnummer, so that
    # a running maximum over the earlier rows (the frame stops one row short: null on the first) holds the
    # volgnummer of that trajectory; its fields are joined to it by (wet, client, volgnummer). A struct of (end,
    # begindatum, traject_id) in a running maximum, lagged one row, gave the same and took three windows instead
    # of two (docs/benchmarks.md, issue 4).
    volgorde = ["begindatum", "traject_id"]
    dag = t._eind.delta(ibis.date(1, 1, 1), unit="day").cast("int64")  # not negative
    pak = dag * _VOLGNUMMERS + t.volgnummer.cast("int64")
    eerdere = ibis.window(group_by=client, order_by=volgorde, rows=(None, -1))
    eerder = t.select(
        _e_wet=t.wet,
        _e_client=t.client,
        _e_nr=t.volgnummer.cast("int64"),
        _e_eind=t._eind,
        _e_uren=t.uren_per_week_eind,
        **{f"van_{k}": t[k] for k in VAN_VELDEN},
    )
    t = t.mutate(_van_nr=(pak.max().over(eerdere) % _VOLGNUMMERS))
    p = t.left_join(
        eerder,
        [t.wet == eerder._e_wet, t.client == eerder._e_client, t._van_nr == eerder._e_nr],
    ).select(t, *[c for c in eerder.columns if c not in ("_e_wet", "_e_client", "_e_nr")])

    heeft_van = p.van_traject_id.notnull()
    gelijktijdig = heeft_van & (p._e_eind >= p.begindatum)
    dagen_tussen = ibis.cases(
        (heeft_van & ~gelijktijdig, p.begindatum.delta(p.van_einddatum, unit="day") - 1),
        else_=ibis.null("int64"),
    )
    p = p.mutate(_gelijktijdig=gelijktijdig, dagen_tussen=dagen_tussen)
    na_overstap = p.van_reden_beeindiging.fill_null("") == REDEN_OVERSTAP
    # a re-entry follows a definitive end: not a transfer (38), not a temporary stop (20, a pause)
    heraanmelding = (
        heeft_van
        & ~p._gelijktijdig
        & (p.dagen_tussen > overgang_dagen)
        & ~na_overstap
        & (p.van_status.fill_null("") != ONDERBROKEN)
    )
    zelfde_vorm = p.van_vorm == p.vorm
    volume = zelfde_vorm & p._e_uren.notnull() & p.uren_per_week_begin.notnull()
    richting = ibis.cases(
        (
            p.van_intensiteit.notnull() & p.intensiteit.notnull() & (p.van_intensiteit != p.intensiteit),
            ibis.ifelse(p.intensiteit > p.van_intensiteit, "op", "af"),
        ),
        (volume & (p.uren_per_week_begin > p._e_uren), ibis.literal("op")),
        (volume & (p.uren_per_week_begin < p._e_uren), ibis.literal("af")),
        (zelfde_vorm, ibis.literal("gelijk")),
        else_=ibis.null("string"),
    )
    p = p.mutate(
        _heraanmelding=heraanmelding,
        na_overstap=heeft_van & na_overstap,
        andere_aanbieder=heeft_van & (p.van_aanbieder != p.aanbieder),
        andere_vorm=heeft_van & ~zelfde_vorm,
        richting=ibis.cases((heeft_van, richting), else_=ibis.null("string")),
    )
    overgang = ibis.cases(
        (~heeft_van, ibis.literal(START)),
        (p._gelijktijdig, ibis.literal(GELIJKTIJDIG)),
        (p._heraanmelding, ibis.literal(HERAANMELDING)),
        (p.richting == "op", ibis.literal(OPSCHALING)),
        (p.richting == "af", ibis.literal(AFSCHALING)),
        (p.andere_aanbieder, ibis.literal(OVERSTAP)),
        (p.andere_vorm, ibis.literal(ANDERE_VORM)),
        else_=ibis.literal(VERVOLG),
    )
    na_einde = p.begindatum.delta(p.van_einddatum, unit="day")
    return p.select(
        "wet",
        "client",
        "volgnummer",
        *VAN_VELDEN[:-1],  # the trajectory's own fields, in the order of its van_* fields
        "lopend",
        "reden_beeindiging",
        *(f"van_{k}" for k in VAN_VELDEN),
        overgang=overgang,
        gelijktijdig=p._gelijktijdig.fill_null(False),
        andere_aanbieder=p.andere_aanbieder.fill_null(False),
        andere_vorm=p.andere_vorm.fill_null(False),
        richting=p.richting,
        dagen_tussen=p.dagen_tussen,
        heraanmelding_6m=(p._heraanmelding & (na_einde <= HERAANMELDING_6M)).fill_null(False),
        heraanmelding_12m=(p._heraanmelding & (na_einde <= HERAANMELDING_12M)).fill_null(False),
        na_overstap=p.na_overstap.fill_null(False),
    )
