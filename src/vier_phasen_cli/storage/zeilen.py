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
        """Like ``yamldatei.zeile_von``: the line of the deepest existing prefix of ``pfad``."""
        for laenge in range(len(pfad), 0, -1):
            zeile = self.zeile(pfad[:laenge])
            if zeile is not None:
                return zeile
        return 1

    def zeile_fuer(self, pfade: tuple[Pfad, ...]) -> int:
        """Like ``yamldatei.zeile_fuer``: the first path that exists in full, else the nearest
        to the first."""
        for pfad in pfade:
            zeile = self.zeile(pfad)
            if zeile is not None:
                return zeile
        return self.zeile_von(pfade[0]) if pfade else 1


class Pfadzeilen(Zeilenkarte):
    """A line map given as a table of every path."""

    def __init__(self, zeilen: dict[Pfad, int]) -> None:
        self._zeilen = zeilen

    def zeile(self, pfad: Pfad) -> int | None:
        return self._zeilen.get(pfad)
