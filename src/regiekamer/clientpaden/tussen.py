"""Materialise each reconstruction step once when many figures need it.

The reconstruction functions build on each other (trajectories on deliveries on allocations; paths on
trajectories), and each call builds its expression from the store's tables again. For one figure that is right;
for a refresh of the whole catalogue it would compute the allocations a dozen times. Wrapping the backend in
:class:`Tussenresultaten` makes every function decorated with :func:`gedeeld` compute its result once per
argument set, as a materialised table (``Table.cache()``: a temp table on DuckDB, a persisted frame on Spark),
and hand that to every later caller.
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Collection
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

import ibis.expr.types as ir

P = ParamSpec("P")
T = TypeVar("T", bound=ir.Table)


class Tussenresultaten:
    """An Ibis backend whose reconstruction steps are computed once: pass it wherever a ``con`` is expected."""

    _levend: ClassVar[weakref.WeakSet[Tussenresultaten]] = weakref.WeakSet()

    def __init__(self, con: Any) -> None:
        self.con = con
        self.memo: dict[tuple[str, tuple[tuple[str, Any], ...]], ir.Table] = {}
        Tussenresultaten._levend.add(self)

    def __getattr__(self, naam: str) -> Any:
        return getattr(self.con, naam)

    def vrijgeven(self, behalve: Collection[str] = ()) -> int:
        """Drop every materialised step (their temp tables on DuckDB, persisted frames on Spark) and forget them;
        a later call of a step computes it again. Tables materialised *from* the steps (the indicators' sources)
        are tables of their own and stay. Returns how many tables were dropped.

        Needed because a step is not released by itself: Ibis keeps the expression of every cached table, and
        that expression holds the steps it was built from. ``behalve`` names steps (by function name, e.g.
        ``geldige_starts``) to keep for now."""
        # Ibis caches by expression: another wrapper over the same backend that computed the same step holds the
        # same table, so that one stays until its last holder lets go
        elders = {_naam(t) for o in list(Tussenresultaten._levend) if o is not self for t in o.memo.values()}
        n = 0
        for sleutel, tabel in list(self.memo.items()):
            if sleutel[0] in behalve:
                continue
            if _naam(tabel) not in elders:
                tabel.release()  # a CachedTable (Table.cache())
                n += 1
            del self.memo[sleutel]
        return n


def _naam(tabel: ir.Table) -> str:
    """The name of a materialised table (the temp table or persisted frame behind ``Table.cache()``)."""
    return str(tabel.op().name)


def gedeeld(func: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[Any, P], T]:
    """Compute ``func(con, **kwargs)`` once per keyword set when ``con`` is a :class:`Tussenresultaten`."""

    handtekening = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(con: Any, *args: P.args, **kwargs: P.kwargs) -> T:
        if not isinstance(con, Tussenresultaten) or args:
            return func(con, *args, **kwargs)
        gebonden = handtekening.bind(con, **kwargs)
        gebonden.apply_defaults()  # trajecten(con) and trajecten(con, gap_dagen=0) are the same step
        sleutel = (
            func.__qualname__,
            tuple(sorted((k, v) for k, v in gebonden.arguments.items() if k != "con")),
        )
        if sleutel not in con.memo:
            con.memo[sleutel] = func(con, *args, **kwargs).cache()
        return con.memo[sleutel]  # type: ignore[no-any-return]

    return wrapper  # type: ignore[return-value]  # functools.wraps' _Wrapped is the same callable
