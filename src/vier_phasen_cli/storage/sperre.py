"""One wizard per case at a time: a lock file naming its owner as ``PID@HOST``, when and who.

SPEC §11: the lock file is created atomically (O_EXCL, which works on SMB/NFS shares where
``flock`` does not) and its content, ``PID@HOST``, an ISO timestamp and the user's login
name on three lines, is written into that same file descriptor at once. A lock is stale
only when its host is this computer and its process is gone: it is then taken over without
a word. A lock of another computer is never taken over on its own: one older than
``FREMD_FRIST`` (12 hours) may be broken with ``--entsperren`` after a question (without a
terminal the option itself is the answer); a younger one, or a live one of this computer,
is refused with who holds it and since when.

An empty or unreadable lock file is held, not stale: it may be a lock whose owner has
created the file but not yet written its line (two wizards would otherwise both run). Only
when it is older than ``LEER_FRIST`` is it taken for the remains of a writer that crashed
between the two steps. Lock files of older versions hold only the PID (always made on this
computer) or no user name: the lock file's owner names the user then. The user name is
the third line, so that older versions, which read two, still understand a new lock.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.atomar import rechnername
from vier_phasen_cli.storage.rechte import DATEI_PRIVAT, PRIVAT, Rechte, benutzername

LEER_FRIST = 60.0
"""Seconds an empty or unreadable lock file counts as held (see the module docstring)."""
FREMD_FRIST = timedelta(hours=12)
"""How old another computer's lock must be before ``--entsperren`` may break it."""

Entsperren = Callable[[str], bool]
"""Asked whether to break another computer's old lock (its German description): True
breaks it. Given only with ``--entsperren``."""

_INHABER = re.compile(r"(?P<pid>[0-9]{1,10})(?:@(?P<rechner>[A-Za-z0-9-]{1,63}))?")
_BENUTZER = re.compile(r"[A-Za-z0-9._@$\\-]{1,64}")
"""A login name as a lock file may hold it (ASCII: older versions read the file as ASCII)."""


@dataclass(frozen=True)
class Inhaber:
    pid: int
    rechner: str
    seit: datetime | None
    benutzer: str | None = None
    """The login name of the lock's user (lock files of older versions hold none)."""
    zeit_kaputt: bool = False
    """The time line is there but no time (garbled, or forged)."""

    def __str__(self) -> str:
        return f"{self.pid}@{self.rechner}"


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


def _lies(sperre: Path) -> Inhaber | None:
    """The owner the lock file names, or None when it is empty, unreadable or garbled."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(sperre, flags)  # a forged FIFO must not block, a link is not followed
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            zeilen = f.read(1024).decode("ascii", errors="replace").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    treffer = _INHABER.fullmatch(zeilen[0].strip()) if zeilen else None
    if treffer is None:
        return None
    seit = None
    zeit_kaputt = False
    if len(zeilen) > 1:
        try:
            seit = datetime.fromisoformat(zeilen[1].strip())
        except ValueError:
            zeit_kaputt = True
    benutzer = zeilen[2].strip() if len(zeilen) > 2 else ""
    return Inhaber(
        int(treffer["pid"]),
        treffer["rechner"] or rechnername(),
        seit,
        benutzer if _BENUTZER.fullmatch(benutzer) else None,
        zeit_kaputt,
    )


def _wer(inhaber: Inhaber, info: os.stat_result) -> str:
    """Who holds the lock: the name it holds, else the lock file's owner."""
    return inhaber.benutzer or benutzername(info.st_uid)


def _ich() -> str:
    return benutzername(os.geteuid())


def _seit(inhaber: Inhaber | None, mtime: float) -> datetime | None:
    """When the lock was taken: as it says, else (a lock file of an older version) the
    file's modification time; None when that is no possible time (garbled, in the future,
    or beyond what can be computed with)."""
    if inhaber is not None and inhaber.zeit_kaputt:
        return None
    seit = inhaber.seit if inhaber is not None else None
    try:
        if seit is None or seit.tzinfo is None:
            seit = datetime.fromtimestamp(mtime, UTC)
        seit.astimezone()  # raises OverflowError near the year 9999
    except (OverflowError, ValueError, OSError):
        return None
    if datetime(1970, 1, 1, tzinfo=UTC) <= seit <= datetime.now(UTC) + _UHRZEIT_SPIEL:
        return seit
    return None


_UHRZEIT_SPIEL = timedelta(days=1)
"""How far another computer's clock may run ahead before its lock's time counts as garbled."""


def _zeit(seit: datetime | None) -> str:
    return "unbekannt" if seit is None else f"{seit.astimezone():%d.%m.%Y %H:%M}"


_NUR_FREMDE = (
    " --entsperren hebt nur alte Sperren anderer Rechner auf, nie die eines laufenden "
    "Gesprächs auf diesem Rechner."
)


def _pruefe_fremde_sperre(
    sperre: Path, fall_id: str, entsperren: Entsperren | None
) -> os.stat_result | None:
    """Raise if the existing lock is held; return its stat when it is stale or broken with
    ``entsperren`` (None when it vanished meanwhile)."""
    try:
        info = os.lstat(sperre)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):  # a folder, link or FIFO: not made by vier-phasen
        raise VierPhasenFehler(
            f"Die Sperrdatei für Fall „{fall_id}“ ist keine gewöhnliche Datei (ein Ordner, "
            "ein Link oder eine Pipe) und stammt nicht von vier-phasen",
            datei=sperre,
            hinweis="Bitte klären, wer sie angelegt hat, und sie entfernen; danach ist der "
            "Fall frei.",
        )
    inhaber = _lies(sperre)
    seit = _seit(inhaber, info.st_mtime)
    if inhaber is None:
        if seit is None:
            return _verstuemmelt(sperre, fall_id, info, entsperren)
        if time.time() - info.st_mtime < LEER_FRIST:  # mtime not in the future (``_seit``)
            raise VierPhasenFehler(
                f"Fall „{fall_id}“ wird gerade von einem anderen Gespräch gesperrt "
                f"(Sperrdatei noch leer oder nicht lesbar, seit {_zeit(seit)})",
                datei=sperre,
                hinweis="Bitte gleich noch einmal versuchen. Eine leere Sperrdatei gilt nach "
                "einer Minute als verwaist.",
            )
        return info  # a writer crashed between creating and writing it
    if inhaber.rechner != rechnername():
        if seit is None:
            return _verstuemmelt(sperre, fall_id, info, entsperren)
        return _fremder_rechner(sperre, fall_id, inhaber, seit, info, entsperren)
    if inhaber.pid != os.getpid() and _lebt(inhaber.pid):
        raise _laufendes_gespraech(sperre, fall_id, inhaber, seit, info, entsperren)
    return info  # its process is gone


def _verstuemmelt(
    sperre: Path, fall_id: str, info: os.stat_result, entsperren: Entsperren | None
) -> os.stat_result:
    """A lock file whose time is impossible (in the future or out of range): its age is
    unknown, so it never expires on its own; ``--entsperren`` breaks it after a question."""
    meldung = (
        f"Die Sperrdatei für Fall „{fall_id}“ ist verstümmelt (ihre Zeitangabe liegt in der "
        "Zukunft oder ist unmöglich)"
    )
    _aufheben_oder_ablehnen(
        sperre, meldung, entsperren, f"Verstümmelte Sperre für Fall {fall_id}",
        "Läuft zu diesem Fall kein Gespräch mehr, hebt derselbe Befehl mit --entsperren die "
        "Sperre auf (nach einer Rückfrage).",
    )  # fmt: skip
    return info


def _laufendes_gespraech(
    sperre: Path,
    fall_id: str,
    inhaber: Inhaber,
    seit: datetime | None,
    info: os.stat_result,
    entsperren: Entsperren | None,
) -> VierPhasenFehler:
    """The refusal of a lock whose process runs on this computer: the user's own other
    conversation, or a colleague's. Never to be deleted by hand while it runs."""
    wer = _wer(inhaber, info)
    wo = f"Prozess {inhaber.pid} auf diesem Rechner, seit {_zeit(seit)}"
    if wer == _ich():
        meldung = (
            f"Fall „{fall_id}“ wird gerade in einem anderen Gespräch bearbeitet, von Ihnen selbst"
        )
        hinweis = "Bitte das Gespräch in Ihrem anderen Fenster beenden; danach ist der Fall frei."
    else:
        meldung = f"Fall „{fall_id}“ wird gerade von {wer} bearbeitet"
        hinweis = (
            f"Bitte warten, bis {wer} das Gespräch beendet hat (oder {wer} fragen): dann ist "
            "der Fall frei. Die Sperrdatei nicht löschen, solange das Gespräch läuft."
        )
    if entsperren is not None:
        hinweis += _NUR_FREMDE
    return VierPhasenFehler(f"{meldung} ({wo})", datei=sperre, hinweis=hinweis)


def _fremder_rechner(
    sperre: Path,
    fall_id: str,
    inhaber: Inhaber,
    seit: datetime,
    info: os.stat_result,
    entsperren: Entsperren | None,
) -> os.stat_result:
    """Another computer's lock: broken only when old enough and ``entsperren`` says yes."""
    wer = _wer(inhaber, info)
    von = "Ihnen" if wer == _ich() else wer
    meldung = (
        f"Fall „{fall_id}“ wird gerade von {von} auf dem Rechner „{inhaber.rechner}“ "
        f"bearbeitet (seit {_zeit(seit)}, gesperrt von {inhaber})"
    )
    ab = seit + FREMD_FRIST
    if datetime.now(UTC) < ab:
        raise VierPhasenFehler(
            meldung,
            datei=sperre,
            hinweis="Bitte das Gespräch dort beenden. Ist dort keines mehr offen, hebt "
            f"--entsperren die Sperre ab {_zeit(ab)} auf (nach 12 Stunden).",
        )
    _aufheben_oder_ablehnen(
        sperre, meldung, entsperren,
        f"Sperre von {wer} ({inhaber}) seit {_zeit(seit)} für Fall {fall_id}",
        "Bitte das Gespräch dort beenden. Ist dort keines mehr offen, hebt derselbe Befehl "
        "mit --entsperren die Sperre auf (nach einer Rückfrage).",
    )  # fmt: skip
    return info


def _aufheben_oder_ablehnen(
    sperre: Path, meldung: str, entsperren: Entsperren | None, was: str, hinweis: str
) -> None:
    """A lock that only ``--entsperren`` may break: refused without it (with ``hinweis``),
    else broken when the question about ``was`` is answered yes."""
    if entsperren is None:
        raise VierPhasenFehler(meldung, datei=sperre, hinweis=hinweis)
    if not entsperren(was):
        raise VierPhasenFehler(f"{meldung}; die Sperre bleibt, nichts wurde geändert", datei=sperre)


def _entferne_verwaiste(sperre: Path, info: os.stat_result) -> None:
    """Remove the stale lock ``info`` describes, unless it was replaced meanwhile."""
    with contextlib.suppress(FileNotFoundError):
        jetzt = os.lstat(sperre)
        if (jetzt.st_ino, jetzt.st_mtime_ns) != (info.st_ino, info.st_mtime_ns):
            return  # another wizard took it over first; the next attempt sees its lock
        try:
            sperre.unlink()
        except PermissionError:
            raise VierPhasenFehler(
                "Verwaiste Sperrdatei lässt sich nicht entfernen",
                datei=sperre,
                hinweis="Bitte die Berechtigungen des Ordners prüfen.",
            ) from None


def _eigener_inhalt() -> bytes:
    jetzt = datetime.now(UTC).isoformat(timespec="seconds")
    ich = _ich()
    benutzer = f"{ich}\n" if _BENUTZER.fullmatch(ich) else ""  # else the file's owner says it
    return f"{os.getpid()}@{rechnername()}\n{jetzt}\n{benutzer}".encode("ascii")


@contextlib.contextmanager
def gesperrt(
    ordner: Path,
    fall_id: str,
    *,
    rechte: Rechte = PRIVAT,
    entsperren: Entsperren | None = None,
) -> Iterator[Path]:
    """Hold the lock of case ``fall_id`` (in ``ordner``) while the block runs.

    ``rechte`` makes the folder and the lock file (a team's locks are 0660, so that a
    colleague can read whose it is and remove it once stale); ``entsperren`` is given with
    ``--entsperren``."""
    rechte.ordner(ordner)
    sperre = ordner / f"{fall_id}.lock"
    for _ in range(3):
        try:
            fd = os.open(sperre, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DATEI_PRIVAT)
        except FileExistsError:
            info = _pruefe_fremde_sperre(sperre, fall_id, entsperren)
            if info is not None:
                _entferne_verwaiste(sperre, info)
            continue
        try:
            os.write(fd, _eigener_inhalt())  # at once: readers hold an empty one for a while
            rechte.richte_datei(fd, sperre)
        except BaseException:
            with contextlib.suppress(OSError):
                sperre.unlink()
            raise
        finally:
            os.close(fd)
        break
    else:  # pragma: no cover - someone else won the race every time
        raise VierPhasenFehler(f"Sperre für Fall „{fall_id}“ nicht zu bekommen", datei=sperre)
    try:
        yield sperre
    finally:
        inhaber = _lies(sperre)
        if inhaber is not None and (inhaber.pid, inhaber.rechner) == (os.getpid(), rechnername()):
            with contextlib.suppress(FileNotFoundError):
                sperre.unlink()
