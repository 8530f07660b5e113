"""Atomic, private file writes: a file is either the old or the new version, never partial.

Case files hold Sozialdaten (§ 35 SGB I): what a file or folder is made with (0600/0700, or
0660/2770 in a team workspace) is decided by one policy, ``storage/rechte.py``.

Temp files are named ``.vp-<target name>.<host>.<pid>.<8 hex digits>.tmp`` (SPEC §15). A
killed writer's temp file is removed by the next write into the same folder, but only when
its name matches that pattern exactly, it names this host, its process is gone and it
belongs to the user: a file of the user's own that merely looks alike, and another
computer's file being written on a shared folder, are left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from vier_phasen_cli.storage.rechte import DATEI_PRIVAT, PRIVAT, Rechte

TEMP_PRAEFIX = ".vp-"
_TEMP_MUSTER = re.compile(
    r"\.vp-.*\.(?P<rechner>[A-Za-z0-9-]{1,63})\.(?P<pid>[0-9]{1,10})\.[0-9a-f]{8}\.tmp",
    re.DOTALL,
)
_NAME_MAX = 255
"""Longest file name (bytes) where the file system does not say (Linux, macOS, SMB, NFS)."""


def rechnername() -> str:
    """This computer's name as temp files and locks carry it: letters, digits and ``-``
    (dots and anything else become ``-``), at most 63 characters."""
    # uname's nodename is what gethostname() returns on POSIX; importing socket (and secrets
    # below) would cost every start, shell completion included, a fifth of its imports.
    name = re.sub(r"[^A-Za-z0-9-]", "-", os.uname().nodename)[:63]
    return name or "unbekannt"


def schreibgrund(exc: OSError) -> str:
    """Why a write failed, in German, for a message ("kein Platz mehr …")."""
    return _GRUENDE.get(exc.errno or 0, f"Fehlernummer {exc.errno}" if exc.errno else "E/A-Fehler")


_GRUENDE = {
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent ausgeschöpft",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EROFS: "Datenträger ist schreibgeschützt",
    errno.ENAMETOOLONG: "Dateiname ist zu lang",
    errno.EACCES: "keine Schreibberechtigung",
    errno.EPERM: "keine Schreibberechtigung",
    errno.ENOENT: "Ordner gibt es nicht",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EISDIR: "ist ein Ordner",
    errno.EPIPE: "der Empfänger hat vorzeitig beendet",
    errno.EEXIST: "Datei gibt es schon",
}


def privater_ordner(pfad: Path) -> Path:
    """Create ``pfad`` and its missing parents as 0700; existing folders are left as they are."""
    return PRIVAT.ordner(pfad)


def schreibe_atomar(
    pfad: Path,
    inhalt: bytes | Iterable[bytes] | Callable[[BinaryIO], object],
    *,
    neu: bool = False,
    dauerhaft: bool = True,
    rechte: Rechte = PRIVAT,
) -> None:
    """Write ``inhalt`` (its pieces, or what the function writes into the open file) to
    ``pfad`` via a temp file in the same folder, fsync and rename.

    The temp file is created 0600 (see the module docstring for its name); the file then
    gets the mode (and group) ``rechte`` gives its path: an existing target keeps no other.
    On any failure the temp file is removed and the old file is untouched. With ``neu`` the
    target must not exist (FileExistsError), checked atomically by a hard link. Without
    ``dauerhaft`` (caches) nothing is forced to disk: after a power cut the file may be old
    or unreadable, never a mix, and a cache that is either is simply rebuilt.
    """
    ordner = pfad.parent
    raeume_auf(ordner)
    fd, temp = _temp_datei(pfad)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(inhalt):
                inhalt(f)
            else:
                for stueck in [inhalt] if isinstance(inhalt, bytes) else inhalt:
                    f.write(stueck)
            f.flush()
            rechte.richte_datei(f.fileno(), pfad)
            if dauerhaft:
                os.fsync(f.fileno())
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


def _temp_datei(pfad: Path) -> tuple[int, Path]:
    """Create the temp file for ``pfad`` (0600, exclusively) and open it for writing.

    The target's name inside it is shortened (at a character boundary) so that the whole
    name fits the file system's limit even for a target name near 255 bytes.
    """
    ordner = pfad.parent
    try:
        name_max = os.pathconf(ordner, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = _NAME_MAX
    for _ in range(100):
        rest = f".{rechnername()}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        platz = max(name_max - len(TEMP_PRAEFIX) - len(rest), 0)
        kurz = os.fsencode(pfad.name)[:platz].decode("utf-8", errors="ignore")
        temp = ordner / f"{TEMP_PRAEFIX}{kurz}{rest}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            return os.open(temp, flags, DATEI_PRIVAT), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(ordner))  # pragma: no cover


def raeume_auf(ordner: Path) -> list[Path]:
    """Remove the temp files a killed writer on this computer left in ``ordner``; the
    removed ones are returned. Only exact matches of the pattern, of this host, of a
    process that no longer runs and owned by the user are touched."""
    weg: list[Path] = []
    try:
        namen = [n for n in os.listdir(ordner) if n.startswith(TEMP_PRAEFIX)]
    except OSError:
        return weg
    for name in namen:
        treffer = _TEMP_MUSTER.fullmatch(name)
        if treffer is None or treffer["rechner"] != rechnername() or _lebt(int(treffer["pid"])):
            continue
        with contextlib.suppress(OSError):
            info = os.lstat(ordner / name)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
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
