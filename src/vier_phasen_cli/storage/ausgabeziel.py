"""Where ``-o FILE`` may write (SPEC §15): the one writer for every command's output file.

- a regular file (or a new name) is replaced atomically, 0600 (``schreibe_atomar``), or as
  the workspace's ``rechte`` say (a document in a team workspace: 0660);
- a FIFO or character device (``/dev/null``, a terminal, ``/dev/stdout``) is written into,
  never replaced: a rename would swap the pipe or device for a regular file;
- anything else is refused: a folder, a socket, a block device (a disk), and a symbolic
  link unless it leads to a FIFO or character device (``/dev/stdout`` is such a link).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.atomar import schreibe_atomar, schreibgrund
from vier_phasen_cli.storage.rechte import PRIVAT, Rechte


class Zielart(Enum):
    NEU = "neu"
    DATEI = "datei"
    HINEIN = "hinein"
    """A FIFO or character device: written into."""


_ABGELEHNT = {
    stat.S_IFDIR: "Ausgabeziel ist ein Ordner",
    stat.S_IFSOCK: "Ausgabeziel ist ein Socket, keine Datei",
    stat.S_IFBLK: "Ausgabeziel ist ein Blockgerät (ein Datenträger); darauf wird nicht geschrieben",
}
_HINWEIS = "Bitte mit -o den Namen einer Datei angeben."


def _hinein(modus: int) -> bool:
    return stat.S_ISFIFO(modus) or stat.S_ISCHR(modus)


def pruefe_ziel(ziel: Path, *, ueberschreiben: bool = True) -> Zielart:
    """What ``ziel`` is and so how it is written; refused targets raise a German error."""
    try:
        info = os.lstat(ziel)
    except FileNotFoundError:
        return Zielart.NEU
    except OSError as exc:
        raise VierPhasenFehler(
            f"Ausgabeziel nicht erreichbar ({schreibgrund(exc)})", datei=ziel
        ) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            wohin = os.stat(ziel)
        except OSError:
            wohin = None
        if wohin is not None and _hinein(wohin.st_mode):
            return Zielart.HINEIN
        raise VierPhasenFehler(
            "Ausgabeziel ist ein symbolischer Verweis; er wird weder ersetzt noch verfolgt",
            datei=ziel,
            hinweis="Bitte mit -o den Pfad der eigentlichen Datei angeben.",
        )
    if _hinein(info.st_mode):
        return Zielart.HINEIN
    if stat.S_ISREG(info.st_mode):
        if not ueberschreiben:
            raise VierPhasenFehler(
                "Die Ausgabedatei gibt es schon; sie wird nicht überschrieben",
                datei=ziel,
                hinweis="Mit --force wird sie ersetzt.",
            )
        return Zielart.DATEI
    meldung = _ABGELEHNT.get(stat.S_IFMT(info.st_mode), "Ausgabeziel ist keine gewöhnliche Datei")
    raise VierPhasenFehler(meldung, datei=ziel, hinweis=_HINWEIS)


def schreibe_ausgabedatei(
    ziel: Path,
    stuecke: Iterable[bytes],
    *,
    ueberschreiben: bool = True,
    rechte: Rechte | None = None,
) -> None:
    """Write ``stuecke`` to ``ziel`` as ``pruefe_ziel`` allows; every failure is a German
    error naming ``ziel`` (an existing regular file is unchanged then)."""
    try:
        art = pruefe_ziel(ziel, ueberschreiben=ueberschreiben)
        if art is Zielart.HINEIN:
            _schreibe_hinein(ziel, stuecke)
        else:
            # No hard-link check for ``ueberschreiben=False`` (shares without hard links
            # would fail): the look above is what refuses an existing file.
            schreibe_atomar(ziel, stuecke, rechte=rechte or PRIVAT)
    except FileNotFoundError:
        raise VierPhasenFehler("Ordner für die Ausgabedatei gibt es nicht", datei=ziel) from None
    except PermissionError:
        raise VierPhasenFehler(
            "Keine Schreibberechtigung für die Ausgabedatei", datei=ziel
        ) from None
    except OSError as exc:
        raise VierPhasenFehler(
            f"Ausgabedatei nicht geschrieben ({schreibgrund(exc)})",
            datei=ziel,
            hinweis="Bitte Ordner, Berechtigungen und Platz auf dem Datenträger prüfen.",
        ) from None


def _schreibe_hinein(ziel: Path, stuecke: Iterable[bytes]) -> None:
    """Write into a FIFO or device: opened without creating or truncating anything, and
    refused if it turned into something else since it was looked at."""
    fd = os.open(ziel, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as f:
        if not _hinein(os.fstat(f.fileno()).st_mode):
            raise VierPhasenFehler(
                "Ausgabeziel hat sich beim Öffnen geändert; nichts wurde geschrieben",
                datei=ziel,
                hinweis="Bitte den Befehl wiederholen.",
            )
        for stueck in stuecke:
            f.write(stueck)
