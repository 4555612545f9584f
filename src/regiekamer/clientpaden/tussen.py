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
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import ibis.expr.types as ir

P = ParamSpec("P")
T = TypeVar("T", bound=ir.Table)


class Tussenresultaten:
    """An Ibis backend whose reconstruction steps are computed once: pass it wherever a ``con`` is expected."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.memo: dict[tuple[str, tuple[tuple[str, Any], ...]], ir.Table] = {}

    def __getattr__(self, naam: str) -> Any:
        return getattr(self.con, naam)


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
