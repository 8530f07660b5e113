"""Atomic, private file writes: a file is either the old or the new version, never partial.

Case files hold Sozialdaten (§ 35 SGB I): everything the tool creates is readable by the
owner only (files 0600, folders 0700), whatever the umask says.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

DATEI_MODUS = 0o600
ORDNER_MODUS = 0o700


def privater_ordner(pfad: Path) -> Path:
    """Create ``pfad`` and its missing parents as 0700; existing folders are left as they are."""
    fehlend = []
    ordner = pfad
    while not ordner.is_dir():
        fehlend.append(ordner)
        if ordner.parent == ordner:
            break
        ordner = ordner.parent
    for neu in reversed(fehlend):
        neu.mkdir(mode=ORDNER_MODUS, exist_ok=True)
        os.chmod(neu, ORDNER_MODUS)  # mkdir's mode is filtered by the umask
    return pfad


def schreibe_atomar(
    pfad: Path, inhalt: bytes, *, neu: bool = False, dauerhaft: bool = True
) -> None:
    """Write ``inhalt`` to ``pfad`` via a temp file in the same folder, fsync and rename.

    The temp file is created 0600 by ``mkstemp``; an existing target keeps no other mode.
    On any failure the temp file is removed and the old file is untouched. With ``neu`` the
    target must not exist (FileExistsError), checked atomically by a hard link. Without
    ``dauerhaft`` (caches) nothing is forced to disk: after a power cut the file may be old
    or unreadable, never a mix, and a cache that is either is simply rebuilt.
    """
    ordner = pfad.parent
    fd, temp = tempfile.mkstemp(prefix=f".{pfad.name}.", suffix=".tmp", dir=ordner)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(inhalt)
            f.flush()
            if dauerhaft:
                os.fsync(f.fileno())
        os.chmod(temp, DATEI_MODUS)
        if neu:
            os.link(temp, pfad)
            os.unlink(temp)
        else:
            os.replace(temp, pfad)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if dauerhaft:
        _fsync_ordner(ordner)


def _fsync_ordner(ordner: Path) -> None:
    """Make the rename durable (a crash right after it must not bring the old name back)."""
    try:
        fd = os.open(ordner, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
