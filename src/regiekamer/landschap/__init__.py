"""The region and its care landscape (docs/landschap.md): who delivers which function for which gemeente, how
dependent each side is, where continuity is at risk, what crosses the local/regional boundary, and where a
household gets care from several sides at once.

:class:`Landschap` answers for one user (a :class:`~regiekamer.cijfers.Scope`), a selection and a period, over
the sources and the cache of :class:`~regiekamer.cijfers.Cijfers`; the pure computations are in
:mod:`regiekamer.landschap.analyse`. No web imports.

What each role sees (docs/landschap.md, "Wie ziet wat"):

- regio-analist: everything of the own jeugdregio, per gemeente and together;
- gemeente-analist: the regional landscape at region level (aanbieders, functions, shares, concentration,
  continuity) and, per gemeente, only the own gemeente's rows (clients, paid, dependency, samenloop);
- aanbieder: the regional picture with other aanbieders under their neutral label (Scope.label_aanbieder), and
  only its own row of the aanbieder-dependency table;
- beheerder: nothing (BuitenBereik).
"""

from regiekamer.landschap.analyse import STANDAARD, Drempels
from regiekamer.landschap.inrichting import Inrichting, InrichtingFout, grensovergangen
from regiekamer.landschap.service import Landschap, vorige_periode

__all__ = ["STANDAARD", "Drempels", "Inrichting", "InrichtingFout", "Landschap", "grensovergangen", "vorige_periode"]
