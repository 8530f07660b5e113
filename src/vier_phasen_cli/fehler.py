"""Errors a user can act on: a German message, where it happened, what to do, an exit status.

Raised by storage and the CLI, printed in one place (``cli/ausgabe.py``). Messages name the
file and line, never the offending value (values may be Sozialdaten and logs are kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_BEFUNDE = 1
EXIT_EINGABE = 2
EXIT_INTERN = 3
"""An internal error (a bug): told apart from a usage error by scripts and cron (SPEC §5)."""
EXIT_ABBRUCH = 130


@dataclass
class VierPhasenFehler(Exception):
    """An error reported to the user as ``Fehler: DATEI:ZEILE: MELDUNG`` plus a hint."""

    meldung: str
    datei: Path | None = None
    zeile: int | None = None
    hinweis: str | None = None
    exit_status: int = EXIT_EINGABE
    weitere: list[VierPhasenFehler] = field(default_factory=list)
    """Further problems in the same file, shown below the first."""

    def __str__(self) -> str:
        return self.meldung

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their args; this dataclass keeps its data in fields. Worker
        # processes send errors to the main process pickled, in memory; nothing read back
        # from disk is ever unpickled (the cache is JSON, see storage/eintrag.py).
        felder = (
            self.meldung,
            self.datei,
            self.zeile,
            self.hinweis,
            self.exit_status,
            self.weitere,
        )
        return (self.__class__, felder)


class DatenFehler(VierPhasenFehler):
    """A file that cannot be used as it is: unreadable, not YAML, or not a valid case/catalog."""
