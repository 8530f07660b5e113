"""Line maps: where each key and list entry of a case file stands, so that findings point at
their line like a linter's. Only used while a file is read and validated."""

from __future__ import annotations

from abc import ABC, abstractmethod

from vier_phasen_cli.domain.probleme import Pfad


class Zeilenkarte(ABC):
    """The lines of one file's keys (path parts: keys as text, list positions as int)."""

    @abstractmethod
    def zeile(self, pfad: Pfad) -> int | None:
        """The line of ``pfad`` if it exists in full."""

    def zeile_von(self, pfad: Pfad) -> int:
        """The line of the deepest existing prefix of ``pfad``: for a missing element the
        section that should hold it, like a linter pointing at the enclosing block."""
        for laenge in range(len(pfad), 0, -1):
            zeile = self.zeile(pfad[:laenge])
            if zeile is not None:
                return zeile
        return 1

    def zeile_fuer(self, pfade: tuple[Pfad, ...]) -> int:
        """The line of the first of ``pfade`` that exists in full, else the nearest to the
        first."""
        for pfad in pfade:
            zeile = self.zeile(pfad)
            if zeile is not None:
                return zeile
        return self.zeile_von(pfade[0]) if pfade else 1
