"""Atomic, private file writes: a file is either the old or the new version, never partial.

Case files hold Sozialdaten (§ 35 SGB I): everything the tool creates is readable by the
owner only (files 0600, folders 0700), whatever the umask says; a stricter umask still
takes away what it takes away from files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

DATEI_MODUS = 0o600
ORDNER_MODUS = 0o700


def datei_modus() -> int:
    """0600, or stricter where the umask is (e.g. 0400 under umask 0277); never looser."""
    maske = os.umask(0o077)
    os.umask(maske)
    return (DATEI_MODUS & ~maske) | 0o400  # the owner can always read what the tool wrote


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
    pfad: Path,
    inhalt: bytes | Iterable[bytes] | Callable[[BinaryIO], object],
    *,
    neu: bool = False,
    dauerhaft: bool = True,
) -> None:
    """Write ``inhalt`` (its pieces, or what the function writes into the open file) to
    ``pfad`` via a temp file in the same folder, fsync and rename.

    The temp file is created 0600 by ``mkstemp``; an existing target keeps no other mode.
    On any failure the temp file is removed and the old file is untouched. With ``neu`` the
    target must not exist (FileExistsError), checked atomically by a hard link. Without
    ``dauerhaft`` (caches) nothing is forced to disk: after a power cut the file may be old
    or unreadable, never a mix, and a cache that is either is simply rebuilt.
    """
    ordner = pfad.parent
    raeume_auf(ordner)
    fd, temp = tempfile.mkstemp(prefix=f".{pfad.name}.{os.getpid()}.", suffix=".tmp", dir=ordner)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(inhalt):
                inhalt(f)
            else:
                for stueck in [inhalt] if isinstance(inhalt, bytes) else inhalt:
                    f.write(stueck)
            f.flush()
            if dauerhaft:
                os.fsync(f.fileno())
        os.chmod(temp, datei_modus())
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


@contextlib.contextmanager
def ordnersperre(ordner: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``ordner`` (flock on the folder itself: no lock file to
    leave behind). Saves take it around "unchanged since loaded?" and the write, so two
    processes can never both pass the check and the second silently win."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(ordner, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def raeume_auf(ordner: Path) -> list[Path]:
    """Remove the temp files a killed writer left in ``ordner`` (``.NAME.PID.xxx.tmp`` of a
    process that no longer runs); the removed ones are returned."""
    weg: list[Path] = []
    try:
        namen = [n for n in os.listdir(ordner) if n.startswith(".") and n.endswith(".tmp")]
    except OSError:
        return weg
    for name in namen:
        teile = name[1:-4].rsplit(".", 2)
        if len(teile) != 3 or not teile[1].isdigit() or _lebt(int(teile[1])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(ordner / name)
            weg.append(ordner / name)
    return weg


def _lebt(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


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
