"""Reading a file's bytes with the limits every loader shares (no YAML library needed)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from vier_phasen_cli.fehler import DatenFehler

MAX_BYTES = 1024 * 1024
"""Case and catalog files above 1 MiB are refused unread: no real case is that large."""

LINK_TEXT = "Ist ein symbolischer Link; aus Sicherheitsgründen nicht gelesen"
LINK_HINWEIS = (
    "Ein Link kann auf eine fremde Datei zeigen (z. B. den Fall eines Kollegen). Bitte den "
    "Link entfernen und die Datei selbst in den Ordner legen."
)


def link_fehler(pfad: Path) -> DatenFehler:
    """The refusal of a symbolic link where the tool reads or writes its own files."""
    return DatenFehler(LINK_TEXT, datei=pfad, hinweis=LINK_HINWEIS)


def lies_bytes(pfad: Path, *, link_erlaubt: bool = False) -> bytes:
    """The file's bytes; too large files are refused before anything is read.

    A symbolic link is refused unread unless ``link_erlaubt`` (a file the user named
    himself), and so is anything that is no regular file (a FIFO would block forever)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not link_erlaubt:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(pfad, flags)
    except FileNotFoundError:
        raise DatenFehler("Datei nicht gefunden", datei=pfad) from None
    except IsADirectoryError:
        raise DatenFehler("Ist ein Ordner, keine Datei", datei=pfad) from None
    except PermissionError:
        from vier_phasen_cli.storage.rechte import leseverbot_hinweis

        raise DatenFehler(
            "Keine Leseberechtigung für die Datei", datei=pfad, hinweis=leseverbot_hinweis(pfad)
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_fehler(pfad) from None
        raise DatenFehler(
            f"Datei nicht lesbar ({exc.strerror or exc.__class__.__name__})", datei=pfad
        ) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise DatenFehler("Ist ein Ordner, keine Datei", datei=pfad)
            raise DatenFehler(
                "Ist keine gewöhnliche Datei (z. B. eine Pipe oder ein Gerät) und wurde nicht "
                "gelesen",
                datei=pfad,
            )
        if st.st_size > MAX_BYTES:
            raise DatenFehler(
                f"Datei ist zu groß ({st.st_size / 1024 / 1024:.1f} MiB; erlaubt sind 1 MiB) "
                "und wurde nicht gelesen",
                datei=pfad,
                hinweis="Eine Falldatei ist gewöhnlich wenige Kilobyte groß. "
                "Bitte prüfen, ob die richtige Datei im Ordner liegt.",
            )
        teile = [os.read(fd, st.st_size + 1)]  # one call for the whole file, as a rule
        gelesen = len(teile[0])
        while teile[-1] and gelesen <= MAX_BYTES:  # grown meanwhile: read on to the limit
            teile.append(os.read(fd, MAX_BYTES + 1 - gelesen))
            gelesen += len(teile[-1])
        return b"".join(teile)[: MAX_BYTES + 1]
    finally:
        os.close(fd)


def pruefe_im_ordner(pfad: Path, ordner: Path) -> None:
    """Refuse a workspace file of ``ordner`` (``templates/``, ``catalogs/``) that is a
    symbolic link or, through a linked folder, really lies outside ``ordner``: a member of
    a team could otherwise make a document or catalog show someone's private file."""
    if pfad.is_symlink():
        raise link_fehler(pfad)
    erlaubt = ordner.parent.resolve() / ordner.name
    if not pfad.resolve().is_relative_to(erlaubt):
        raise DatenFehler(
            f"Liegt über einen Link außerhalb des Ordners {ordner.name}/; aus "
            "Sicherheitsgründen nicht gelesen",
            datei=pfad,
            hinweis=LINK_HINWEIS,
        )
