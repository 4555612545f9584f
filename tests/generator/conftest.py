from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiekamer.generator import GeneratorConfig, Imperfecties, generate_region


@pytest.fixture(scope="session")
def kleine_regio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two gemeenten, both laws, every message type; written to disk."""
    uit = tmp_path_factory.mktemp("regio") / "r"
    generate_region(uit, GeneratorConfig(seed=11, gemeenten=2, inwoners=30_000))
    return uit


@pytest.fixture(scope="session")
def kleine_regio_bestanden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same region as ``kleine_regio``, one file per message."""
    uit = tmp_path_factory.mktemp("regio_bestanden") / "r"
    generate_region(uit, GeneratorConfig(seed=11, gemeenten=2, inwoners=30_000, formaat="bestanden"))
    return uit


@pytest.fixture(scope="session")
def grote_regio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough for the calibration statistics; ground truth only (messages are not written)."""
    uit = tmp_path_factory.mktemp("groot") / "r"
    generate_region(uit, GeneratorConfig(seed=5, gemeenten=4, inwoners=250_000, schrijf_berichten=False))
    return uit


HOGE_RATES = Imperfecties(
    duplicaat=0.10,
    verwijderen_herzenden=0.10,
    correctie_toewijzing=0.10,
    laat_startbericht=0.10,
    nooit_gestart=0.15,
    geen_stopbericht=0.20,
    declaratie_afgewezen=0.10,
    declaratie_gecrediteerd=0.05,
)


@pytest.fixture(scope="session")
def rommelige_regio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uit = tmp_path_factory.mktemp("rommel") / "r"
    generate_region(uit, GeneratorConfig(seed=3, gemeenten=1, inwoners=40_000, imperfecties=HOGE_RATES))
    return uit


def berichten(map_: Path) -> Iterator[tuple[str, bytes]]:
    """(path relative to ``map_``, bytes) of every message, from zip archives (``pad!lid``) or single files."""
    for pad in sorted((map_ / "berichten").rglob("*")):
        rel = pad.relative_to(map_).as_posix()
        if pad.suffix == ".zip":
            with zipfile.ZipFile(pad) as zf:
                for info in zf.infolist():
                    yield f"{rel}!{info.filename}", zf.read(info)
        elif pad.suffix == ".xml":
            yield rel, pad.read_bytes()


def naam_van(pad: str) -> str:
    """Message type (e.g. ``JW301``) from a path as yielded by :func:`berichten`."""
    return pad.rsplit("/", 1)[-1].rsplit("!", 1)[-1].split("_")[0]
