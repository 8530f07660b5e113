"""Which case files one command wrote, so that git mode commits them as one (SPEC §11).

Every write of a case file passes ``storage/faelle.py``, which notes the file here; the
command's date (``--datum``) is noted by the layer that knows it. The CLI opens the protocol
when a command starts and commits what it holds when the command ends (``cli/kontext.py``):
one commit per command however many files it wrote (``uebergabe``), and no commit code in
any command. A context variable rather than a parameter through every layer: the protocol
is the command's, like its transaction. Design note: docs/git-modus.md.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class Schreibprotokoll:
    dateien: list[Path] = field(default_factory=list)
    datum: date | None = None
    """The command's date (``--datum``); None: today."""


_AKTUELL: ContextVar[Schreibprotokoll | None] = ContextVar("schreibprotokoll", default=None)


def beginne() -> Schreibprotokoll:
    """Open a new protocol for the command that starts now."""
    protokoll = Schreibprotokoll()
    _AKTUELL.set(protokoll)
    return protokoll


def beende() -> None:
    _AKTUELL.set(None)


def vermerke(pfad: Path) -> None:
    """Note that case file ``pfad`` was written (nothing happens outside a command)."""
    protokoll = _AKTUELL.get()
    if protokoll is not None and pfad not in protokoll.dateien:
        protokoll.dateien.append(pfad)


def datiere(tag: date) -> None:
    """Note the date of the change the running command records."""
    protokoll = _AKTUELL.get()
    if protokoll is not None:
        protokoll.datum = tag
