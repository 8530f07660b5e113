"""One wizard per case at a time: a lock file holding the owner's PID.

The lock is created atomically (O_EXCL). A lock whose process no longer exists (a crash, a
closed terminal) is stale and taken over; a live one refuses the second wizard.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.atomar import DATEI_MODUS, privater_ordner


def _lebt(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to someone else
        return True
    return True


def _inhaber(sperre: Path) -> int | None:
    try:
        return int(sperre.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def gesperrt(ordner: Path, fall_id: str) -> Iterator[Path]:
    """Hold the lock of case ``fall_id`` (in ``ordner``) while the block runs."""
    privater_ordner(ordner)
    sperre = ordner / f"{fall_id}.lock"
    for _ in range(2):
        try:
            fd = os.open(sperre, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DATEI_MODUS)
        except FileExistsError:
            inhaber = _inhaber(sperre)
            if inhaber is not None and inhaber != os.getpid() and _lebt(inhaber):
                raise VierPhasenFehler(
                    f"Fall „{fall_id}“ wird gerade in einem anderen Gespräch bearbeitet "
                    f"(Prozess {inhaber})",
                    datei=sperre,
                    hinweis="Bitte das andere Fenster beenden. Ist kein anderes offen, die "
                    "Sperrdatei löschen.",
                ) from None
            with contextlib.suppress(FileNotFoundError):
                sperre.unlink()  # stale: its process is gone
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        break
    else:  # pragma: no cover - someone else won the race twice
        raise VierPhasenFehler(f"Sperre für Fall „{fall_id}“ nicht zu bekommen", datei=sperre)
    try:
        yield sperre
    finally:
        if _inhaber(sperre) == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                sperre.unlink()
