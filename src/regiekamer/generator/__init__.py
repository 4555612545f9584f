"""Synthetic region: realistic iJw/iWmo 3.2 message traffic with known ground truth (issue 3).

>>> from pathlib import Path
>>> from regiekamer.generator import GeneratorConfig, generate_region
>>> s = generate_region(Path("/tmp/regio"), GeneratorConfig(seed=1, gemeenten=2, inwoners=20_000))  # doctest: +SKIP
"""

from regiekamer.generator.bsn import TEST_POOL, elfproef, is_test_bsn
from regiekamer.generator.config import GeneratorConfig, Imperfecties
from regiekamer.generator.service import ConfigFout, GenerationSummary, generate_region, kies_gemeenten

__all__ = [
    "TEST_POOL",
    "ConfigFout",
    "GenerationSummary",
    "GeneratorConfig",
    "Imperfecties",
    "elfproef",
    "generate_region",
    "is_test_bsn",
    "kies_gemeenten",
]
