"""The workspace's cache of read case files: ``.vier-phasen/cache.sqlite`` (0600, not in git).

One row per case file: the file's size, modification and change times (ns) and inode when it
was read, the content hash where needed, and what reading it yielded for reports as JSON
(see :mod:`~vier_phasen_cli.storage.eintrag`); its deadline items in a table sorted by due
date, so that ``faellig`` reads only the items due by its horizon. A row counts only while
all four still match the file. A file changed within its clock's resolution before it was
read is "unsicher" (git calls such index entries racily clean): an edit in the same clock
tick may not move its times, so it is compared by its hash until it is old enough. Nothing
read from the cache can run code; a cache that is broken, foreign, of another version or for
other catalogs is replaced. The cache only saves time: when it cannot be written, the report
runs all the same.
Design note: docs/cache.md.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from vier_phasen_cli import __version__
from vier_phasen_cli.domain.fristen import Frist
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar
from vier_phasen_cli.storage.cachedatei import DATEI as DATEI
from vier_phasen_cli.storage.cachedatei import FORMAT as FORMAT
from vier_phasen_cli.storage.cachedatei import eigene_datei as eigene_datei
from vier_phasen_cli.storage.cachedatei import entferne_alte as entferne_alte
from vier_phasen_cli.storage.eintrag import (
    Eintrag,
    EintragJson,
    Unbrauchbar,
    als_json,
    aus_json,
    daten_aus_cache,
    fristen_je_datei,
)

ALTE_DATEIEN = ("cache.pickle",)
"""Caches of earlier versions (pickle: loading one could run code). Removed, never read."""
UNSICHER_NS = 2_000_000_000
"""Files with times in whole seconds (a file system that keeps no finer ones, or times set
by hand) changed this close before being read are checked by their content hash (2 s: the
coarsest clock of a file system in use, FAT's)."""
FEIN_NS = 20_000_000
"""The same for files with finer times: the kernel stamps them with a clock that advances
once per tick (at most 10 ms), so 20 ms is more than a tick."""
WARTEN_S = 1.0
"""How long to wait for another report writing the cache before doing without it."""

_SCHEMA = (
    "CREATE TABLE meta (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE dateien (name TEXT PRIMARY KEY, groesse INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,"
    " hash BLOB NOT NULL, unsicher INTEGER NOT NULL,"
    " eintrag BLOB NOT NULL, zeile BLOB NOT NULL, befunde BLOB NOT NULL,"
    " merkmale BLOB NOT NULL)",
    # apart, so that reports without it never read past it (it is most of the file)
    "CREATE TABLE daten (name TEXT PRIMARY KEY, daten BLOB NOT NULL)",
    # the deadline items, sorted by due date: faellig reads those due by its horizon
    # (values without declared types: SQLite keeps them as given, so a wrong one shows)
    "CREATE TABLE fristen (tag INTEGER NOT NULL, name TEXT NOT NULL, nr INTEGER NOT NULL,"
    " art, schluessel, ab, text, fundstelle, von, PRIMARY KEY (tag, name, nr)) WITHOUT ROWID",
    "CREATE INDEX fristen_je_datei ON fristen (name)",
)
_SPALTEN = "name, groesse, mtime_ns, ctime_ns, inode, hash, unsicher, eintrag"
_FRIST_SPALTEN = "tag, nr, art, schluessel, ab, text, fundstelle, von"
"""A deadline item's row as ``eintrag.FristZeile`` (after its file's name)."""
_MIT_DATEN = "(SELECT daten FROM daten WHERE daten.name = dateien.name)"
Zeile = tuple[Any, ...]
"""A row as read: ``_SPALTEN``, then the entry's row in ``liste``, its findings, what
``statistik`` counts and the case's data (each None where not asked for). Read from disk:
values of any type, checked where they are used."""
_DATEN = 11
"""The index of the case's data in a row."""


class Stand(NamedTuple):
    """A file's state when it was read, and (where needed) the hash of what was read."""

    groesse: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    hash: bytes = b""
    unsicher: bool = False
    """Changed too close before it was read: compare by hash."""

    @classmethod
    def von(cls, st: os.stat_result) -> Stand:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

    @classmethod
    def gelesen(cls, st: os.stat_result, roh: bytes, vorher_ns: int) -> Stand:
        """The state of a file statted (``st``) and then read (``roh``) after ``vorher_ns``."""
        if alt_genug(st, vorher_ns):
            return cls.von(st)
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, _hash(roh), True)


def alt_genug(st: os.stat_result, vorher_ns: int) -> bool:
    """Whether the file statted (``st``) was last changed more than its clock's resolution
    before ``vorher_ns`` (taken before the stat): any later change then moves its times."""
    zuletzt = max(st.st_mtime_ns, st.st_ctime_ns)
    grob = st.st_mtime_ns % 1_000_000_000 == 0 or st.st_ctime_ns % 1_000_000_000 == 0
    return zuletzt <= vorher_ns - (UNSICHER_NS if grob else FEIN_NS)


def _hash(roh: bytes) -> bytes:
    return hashlib.blake2b(roh, digest_size=16).digest()


class Cache:
    def __init__(self, ordner: Path, kennung: str, vorgaben: str = "") -> None:
        self.ordner = ordner
        self.kennung = kennung
        self.vorgaben = vorgaben
        """The settings the entries were computed with (``[pruefen] kontakt_tage``)."""
        self.zeilen: dict[str, Zeile] = {}
        """The rows read, by file name."""
        self._db: sqlite3.Connection | None = None
        """The open cache, if it is ours and may be updated in place."""
        self._neu: dict[str, tuple[Stand, EintragJson, bytes | None]] = {}
        self._zeilen_lesen = True
        self._befunde_lesen = True
        self._merkmale_lesen = False
        self._fristen_bis: int | None = 0
        """Up to which day (ordinal) the deadline items are read; 0: none, None: all."""
        self._fristen: dict[str, list[Any]] = {}
        """The deadline items' rows read, by file name (see ``fristen_je_datei``) …"""
        self._fertig: dict[str, list[Frist]] = {}
        """… and built from them."""
        self._weg: set[str] = set()
        self._sicher: list[Zeile] = []
        """Unsicher rows whose hash matched, now old enough to be trusted by their state."""

    @classmethod
    def lade(
        cls,
        ordner: Path,
        kennung: str,
        benutzen: bool = True,
        *,
        daten: bool = False,
        zeilen: bool = True,
        befunde: bool = True,
        merkmale: bool = False,
        fristen: bool | date = True,
        vorgaben: str = "",
    ) -> Cache:
        """The cache of the workspace folder ``ordner``; empty when there is none usable.
        Its entries carry the cases' data only with ``daten``, their rows in ``liste`` only
        with ``zeilen``, their findings only with ``befunde``, what ``statistik`` counts
        only with ``merkmale``, their deadline items with ``fristen`` (a day: only those due
        by that day, read from the date-sorted index). ``vorgaben`` names the settings the
        rules ran with."""
        cache = cls(ordner, kennung, vorgaben)
        cache._zeilen_lesen, cache._befunde_lesen = zeilen, befunde
        cache._merkmale_lesen = merkmale
        if fristen is True:
            cache._fristen_bis = None
        elif fristen is not False:
            cache._fristen_bis = fristen.toordinal()
        if benutzen:
            entferne_alte(ordner, ALTE_DATEIEN)
            with contextlib.suppress(sqlite3.Error, Unbrauchbar, OSError):
                cache._oeffne(daten)
        return cache

    def _oeffne(self, daten: bool) -> None:
        datei = self.ordner / DATEI
        if not eigene_datei(datei):
            return
        db = sqlite3.connect(
            f"{datei.resolve().as_uri()}?mode=rw", uri=True, timeout=WARTEN_S, isolation_level=None
        )
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            if _aufbau(db) != _unser_aufbau():
                raise Unbrauchbar("ein fremder Aufbau")  # e.g. with triggers
            meta = dict(db.execute("SELECT schluessel, wert FROM meta").fetchall())
            if meta != self._meta():
                raise Unbrauchbar("eine andere Version oder andere Kataloge")
            spalten = ", ".join(
                (
                    _SPALTEN,
                    "zeile" if self._zeilen_lesen else "NULL",
                    "befunde" if self._befunde_lesen else "NULL",
                    "merkmale" if self._merkmale_lesen else "NULL",
                    _MIT_DATEN if daten else "NULL",
                )
            )
            self.zeilen = {z[0]: z for z in db.execute(f"SELECT {spalten} FROM dateien")}
            if self._fristen_bis != 0:
                self._fristen, self._fertig = _fristen_lesen(db, self._fristen_bis)
        except BaseException:
            db.close()
            raise
        self._db = db

    def _meta(self) -> dict[str, str]:
        return {
            "format": FORMAT,
            "werkzeug": __version__,
            "kataloge": self.kennung,
            "vorgaben": self.vorgaben,
        }

    def hole(self, name: str, ordner: Path, pfad: str) -> Eintrag | None:
        """The cached reading of file ``name`` (in ``ordner``, at ``pfad``) while the file is
        unchanged; None when it must be read. Asked once per file: its rows are let go (the
        rows of 100,000 files and their decoded entries would otherwise be held together)."""
        zeile = self.zeilen.pop(name, None)
        fristen = None if self._fristen_bis == 0 else self._fristen.pop(name, [])
        fertig = self._fertig.pop(name, None)
        if zeile is None:
            return None
        try:
            st = os.stat(pfad, follow_symlinks=False)
        except OSError:
            return None
        if zeile[1:5] != (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino):
            return None
        sicher = True
        if zeile[6]:
            vorher_ns = time.time_ns()
            try:
                with open(pfad, "rb") as f:
                    if _hash(f.read()) != zeile[5]:
                        return None
            except OSError:
                return None
            sicher = alt_genug(st, vorher_ns)
        try:
            teile = zeile[7:_DATEN]
            if (
                (self._zeilen_lesen and teile[1] is None)
                or (self._befunde_lesen and teile[2] is None)
                or (self._merkmale_lesen and teile[3] is None)
            ):
                raise Unbrauchbar("ein Teil fehlt")
            eintrag = aus_json((*teile, fristen), ordner, name, self._fristen_bis, fertig)
            if zeile[_DATEN] is not None:
                eintrag.daten_json = daten_aus_cache(zeile[_DATEN])
        except Unbrauchbar:
            return None
        if zeile[6] and sicher:
            self._sicher.append(zeile)
        return eintrag

    def lege_ab(self, stand: Stand, eintrag: Eintrag) -> None:
        """Keep what reading the file ``eintrag.name`` in state ``stand`` yielded."""
        teile = als_json(eintrag)
        if teile is None:
            self._weg.add(eintrag.name)
            self._neu.pop(eintrag.name, None)
        else:
            self._neu[eintrag.name] = (stand, teile, eintrag.daten_json or None)
            self._weg.discard(eintrag.name)

    def vergiss_ausser(self, behalten: set[str]) -> None:
        """Forget the files not named in ``behalten`` (removed from the workspace): the
        rows no file asked for (``hole``)."""
        self._weg.update(name for name in self.zeilen if name not in behalten)

    def speichere(self) -> None:
        """Write what changed: in place when the cache is ours, else as a new file that
        replaces whatever was there. Failures are ignored: the cache only saves time."""
        if not (self._neu or self._weg or self._sicher):
            self._schliesse()
            return
        try:
            if self._db is not None:
                try:
                    self._aendere(self._db)
                    return
                except sqlite3.Error:  # locked for long, damaged meanwhile: start afresh
                    pass
            with contextlib.suppress(OSError, sqlite3.Error):
                self._ersetze()
        finally:
            self._schliesse()

    def _schliesse(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _aendere(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            weg = [(name,) for name in sorted(self._weg)]
            db.executemany("DELETE FROM dateien WHERE name = ?", weg)
            db.executemany("DELETE FROM daten WHERE name = ?", weg)
            db.executemany("DELETE FROM fristen WHERE name = ?", weg)
            self._schreibe_neue(db, ersetzen=True)
            db.executemany(
                "UPDATE dateien SET unsicher = 0 WHERE name = ? AND groesse = ? AND mtime_ns = ?"
                " AND ctime_ns = ? AND inode = ? AND hash = ?",
                [z[:6] for z in self._sicher],
            )
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _schreibe_neue(self, db: sqlite3.Connection, *, ersetzen: bool) -> None:
        """Write the files read in this run; a file's data and deadline items go with its
        row (``ersetzen``: in place of what the cache held of it)."""
        # Rows are handed over one by one (generators, not lists): a cold run over 100,000
        # files would otherwise hold every row twice while writing.
        db.executemany(
            "INSERT OR REPLACE INTO dateien VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (name, *stand[:5], int(stand.unsicher), *teile[:4])
                for name, (stand, teile, _) in self._neu.items()
            ),
        )
        mit = ((name, daten) for name, (_, _, daten) in self._neu.items() if daten)
        db.executemany("INSERT OR REPLACE INTO daten VALUES (?, ?)", mit)
        if ersetzen:
            ohne = ((name,) for name, (_, _, daten) in self._neu.items() if not daten)
            db.executemany("DELETE FROM daten WHERE name = ?", ohne)
            db.executemany("DELETE FROM fristen WHERE name = ?", ((n,) for n in self._neu))
        db.executemany(
            f"INSERT INTO fristen ({_FRIST_SPALTEN}, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((*f, name) for name, (_, teile, _) in self._neu.items() for f in teile.fristen or ()),
        )

    def _ersetze(self) -> None:
        """Write a new cache file: built in a temp file, then renamed into place, so nobody
        ever opens a half-built cache (and whatever was there is replaced whole)."""
        privater_ordner(self.ordner)
        schreibe_atomar(self.ordner / DATEI, self._baue, dauerhaft=False)

    def _baue(self, datei: BinaryIO) -> None:
        """Build the cache in ``datei``, the new file's open temp file."""
        ueber_fd = f"/proc/self/fd/{datei.fileno()}"
        if not os.path.exists(ueber_fd):  # pragma: no cover - not Linux: build it in memory
            db = sqlite3.connect(":memory:", isolation_level=None)
            try:
                self._fuelle(db)
                datei.write(db.serialize())
            finally:
                db.close()
            return
        db = sqlite3.connect(ueber_fd, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a temp file no one else knows
            db.execute("PRAGMA synchronous = OFF")
            self._fuelle(db)
        finally:
            db.close()

    def _fuelle(self, db: sqlite3.Connection) -> None:
        """Create the cache's tables in the empty ``db`` and write the files read in this
        run into them. Only those: a report reads only part of the others' rows (and this
        is the rare path of a missing, foreign or long-locked cache); they are read from
        their files next time."""
        db.execute("BEGIN")
        for anweisung in _SCHEMA:
            db.execute(anweisung)
        db.executemany("INSERT INTO meta VALUES (?, ?)", self._meta().items())
        self._schreibe_neue(db, ersetzen=False)
        db.execute("COMMIT")


def _fristen_lesen(
    db: sqlite3.Connection, bis: int | None
) -> tuple[dict[str, list[Any]], dict[str, list[Frist]]]:
    """The deadline items due by day ``bis`` (all with None), by file name, as rows and as
    items: a range scan of the table, which is sorted by date. Each file's come in the order
    of their ``nr`` (a case's items are numbered in the order of their dates)."""
    abfrage = f"SELECT name, {_FRIST_SPALTEN} FROM fristen"
    zeilen = db.execute(abfrage) if bis is None else db.execute(abfrage + " WHERE tag <= ?", (bis,))
    return fristen_je_datei(zeilen.fetchall())


def _aufbau(db: sqlite3.Connection) -> list[Any]:
    """Every table, index, view and trigger of ``db``."""
    abfrage = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    return db.execute(abfrage).fetchall()


@functools.cache
def _unser_aufbau() -> list[Any]:
    db = sqlite3.connect(":memory:")
    try:
        for anweisung in _SCHEMA:
            db.execute(anweisung)
        return _aufbau(db)
    finally:
        db.close()
