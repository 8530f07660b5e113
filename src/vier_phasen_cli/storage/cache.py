"""The workspace's cache of read case files: ``.vier-phasen/cache.pickle`` (0600, not in git).

An entry holds what reading a file yielded for reports with the file's size, modification
time and content hash. It counts only while size and time are unchanged. A file modified
within two seconds of the cache's writing is "unsicher" (as git calls such index entries
racily clean): an edit in the same second may not move its time, so it is compared by its
hash until a later writing of the cache finds it old enough. A cache of another version, for
other catalogs, or unreadable is rebuilt silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vier_phasen_cli import __version__
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar

if TYPE_CHECKING:
    from vier_phasen_cli.storage.lesen import Eintrag

DATEI = "cache.pickle"
FORMAT = 3
UNSICHER_NS = 2_000_000_000
"""Files modified this close to the cache's writing are checked by their content hash."""


class Stand(NamedTuple):
    """A file's state: size and modification time, and the hash of what was read."""

    groesse: int
    mtime_ns: int
    hash: bytes = b""
    unsicher: bool = True
    """Modified too close to the cache's writing: compare by hash (set when saving)."""

    @classmethod
    def von(cls, pfad: Path | str) -> Stand:
        st = os.stat(pfad)
        return cls(st.st_size, st.st_mtime_ns)

    def mit_inhalt(self, roh: bytes) -> Stand:
        return self._replace(hash=hashlib.blake2b(roh, digest_size=16).digest())


def lade_pickle(datei: Path) -> Any:
    """What a pickle file of the tool holds; None when it is missing, unreadable, or could
    have been written by someone else.

    Unpickling runs code named in the file, so only a file the tool would have written
    counts: owned by this user, in a folder owned by this user, neither writable by others
    (a colleague's hand in a shared workspace must not reach into one's own process).
    """
    try:
        fd = os.open(datei, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            if not (_privat(os.fstat(f.fileno())) and _privat(os.stat(datei.parent))):
                return None
            return pickle.load(f)
    except Exception:  # truncated, foreign, from another version: rebuild
        return None


def _privat(st: os.stat_result) -> bool:
    eigen = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    return eigen and not st.st_mode & 0o022


class Cache:
    def __init__(
        self, kennung: str, eintraege: dict[str, tuple[Stand, Eintrag]], geschrieben_ns: int
    ) -> None:
        self.kennung = kennung
        self.eintraege = eintraege
        self.geschrieben_ns = geschrieben_ns
        self.geaendert = False
        self._bestaetigt: set[str] = set()
        """Unsicher entries whose hash matched in this run."""

    @classmethod
    def lade(cls, ordner: Path, kennung: str, benutzen: bool = True) -> Cache:
        """The cache of the workspace folder ``ordner``; empty when there is none usable."""
        leer = cls(kennung, {}, 0)
        if not benutzen:
            return leer
        inhalt = lade_pickle(ordner / DATEI)
        if (
            not isinstance(inhalt, dict)
            or inhalt.get("format") != FORMAT
            or inhalt.get("werkzeug") != __version__
            or inhalt.get("kataloge") != kennung
        ):
            return leer
        return cls(kennung, inhalt["eintraege"], inhalt["geschrieben_ns"])

    def hole(self, name: str, pfad: str) -> Eintrag | None:
        """The cached reading of file ``name`` (at ``pfad``), if the file is unchanged."""
        gespeichert = self.eintraege.get(name)
        if gespeichert is None:
            return None
        stand, eintrag = gespeichert
        try:
            jetzt = Stand.von(pfad)
        except OSError:
            return None
        if (jetzt.groesse, jetzt.mtime_ns) != (stand.groesse, stand.mtime_ns):
            return None
        if stand.unsicher:
            try:
                with open(pfad, "rb") as f:
                    if jetzt.mit_inhalt(f.read()).hash != stand.hash:
                        return None
            except OSError:
                return None
            self._bestaetigt.add(name)
            self.geaendert = True  # it may be old enough now: saving decides
        return eintrag

    def lege_ab(self, name: str, stand: Stand, eintrag: Eintrag) -> None:
        self.eintraege[name] = (stand, eintrag)
        self.geaendert = True

    def speichere(self, ordner: Path, behalten: set[str] | None = None) -> None:
        """Write the cache (only the entries named in ``behalten``, if given); failures are
        ignored: the cache only saves time."""
        weg = [name for name in self.eintraege if behalten is not None and name not in behalten]
        for name in weg:
            del self.eintraege[name]
        if not (self.geaendert or weg):
            return
        jetzt = time.time_ns()
        for name, (stand, eintrag) in self.eintraege.items():
            unsicher = stand.mtime_ns >= jetzt - UNSICHER_NS or (
                stand.unsicher and name not in self._bestaetigt
            )
            if unsicher != stand.unsicher:
                self.eintraege[name] = (stand._replace(unsicher=unsicher), eintrag)
        inhalt = {
            "format": FORMAT,
            "werkzeug": __version__,
            "kataloge": self.kennung,
            "geschrieben_ns": jetzt,
            "eintraege": self.eintraege,
        }
        with contextlib.suppress(OSError):
            privater_ordner(ordner)
            schreibe_atomar(
                ordner / DATEI,
                # written as it is pickled: 100,000 entries never sit in memory twice
                lambda f: pickle.dump(inhalt, f, protocol=pickle.HIGHEST_PROTOCOL),
                dauerhaft=False,
            )
