"""Reading the steering files (ambities, contracten, prioriteiten) from YAML: every key and value checked, and the
first problem reported with its key path (``contracten[0].tarieven[2].tarief``) so a user can find it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml


class SturingFout(ValueError):
    """A steering file that cannot be read: says what is wrong and where (the key path)."""

    def __init__(self, pad: str, melding: str) -> None:
        super().__init__(f"{pad}: {melding}" if pad else melding)
        self.pad = pad
        self.melding = melding


def yaml_laden(tekst: str) -> Any:
    try:
        return yaml.safe_load(tekst)
    except yaml.YAMLError as exc:
        plek = getattr(exc, "problem_mark", None)
        waar = f"regel {plek.line + 1}, kolom {plek.column + 1}" if plek is not None else ""
        raise SturingFout(waar, f"geen geldige YAML ({getattr(exc, 'problem', None) or exc})") from None


def tekst(v: Any, pad: str, *, leeg: bool = False) -> str:
    if v is None and leeg:
        return ""
    if not isinstance(v, str | int) or isinstance(v, bool):
        raise SturingFout(pad, f"verwacht tekst, gevonden {type(v).__name__}")
    s = str(v).strip()
    if not s and not leeg:
        raise SturingFout(pad, "mag niet leeg zijn")
    return s


def tabel(v: Any, pad: str, sleutels: set[str], verplicht: Iterable[str] = ()) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise SturingFout(pad, f"verwacht een tabel met sleutels, gevonden {type(v).__name__}")
    onbekend = sorted(str(k) for k in v if k not in sleutels)
    if onbekend:
        raise SturingFout(pad, f"onbekende sleutel(s) {', '.join(onbekend)}; toegestaan: {', '.join(sorted(sleutels))}")
    for k in verplicht:
        if v.get(k) is None:
            raise SturingFout(f"{pad}.{k}", "ontbreekt")
    return v


def lijst(v: Any, pad: str) -> Sequence[Any]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise SturingFout(pad, f"verwacht een lijst, gevonden {type(v).__name__}")
    return v


def getal(v: Any, pad: str) -> float:
    if not isinstance(v, int | float) or isinstance(v, bool):
        raise SturingFout(pad, f"verwacht een getal, gevonden {v!r}")
    return float(v)


def datum(v: Any, pad: str) -> dt.date:
    if isinstance(v, str):
        try:
            v = dt.date.fromisoformat(v)
        except ValueError:
            raise SturingFout(pad, f"geen datum (JJJJ-MM-DD): {v!r}") from None
    if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
        raise SturingFout(pad, f"geen datum (JJJJ-MM-DD): {v!r}")
    return v


def uniek(ids: Sequence[str], pad: str) -> None:
    gezien: set[str] = set()
    for i, x in enumerate(ids):
        if x in gezien:
            raise SturingFout(f"{pad}[{i}].id", f"{x!r} komt twee keer voor")
        gezien.add(x)


class _MetId(Protocol):
    @property
    def id(self) -> str: ...

    def als_dict(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=_MetId)


def laad_lijst(bron: str | Path, sleutel: str, uit: Callable[[Any, str], T]) -> list[T]:
    """A steering file: YAML text or a file with one top-level list ``sleutel:`` whose items ``uit`` reads (given
    the item and its key path); ids must be unique."""
    data = yaml_laden(bron.read_text(encoding="utf-8") if isinstance(bron, Path) else bron)
    top = tabel(data, "", {sleutel}, (sleutel,))
    items = [uit(x, f"{sleutel}[{i}]") for i, x in enumerate(lijst(top[sleutel], sleutel))]
    uniek([x.id for x in items], sleutel)
    return items


def lijst_yaml(sleutel: str, items: Iterable[_MetId]) -> str:
    """The YAML form that :func:`laad_lijst` reads back to equal objects."""
    return yaml.safe_dump({sleutel: [x.als_dict() for x in items]}, allow_unicode=True, sort_keys=False, width=100)
