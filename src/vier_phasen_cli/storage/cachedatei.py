"""The reports' cache file (``.vier-phasen/cache.sqlite``): its name, its format version, whose
it may be, the removal of earlier versions' caches, and the Fachkräfte in it for shell
completion. Apart from :mod:`.cache` so that completing a name and loading the catalogs load
neither the case model nor pydantic nor the deadline items."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from vier_phasen_cli import __version__

DATEI = "cache.sqlite"
FORMAT = "10"


def eigene_datei(datei: Path, st: os.stat_result | None = None) -> bool:
    """Whether ``datei`` is one the tool could have written: a regular file owned by this
    user, in a folder owned by this user, neither writable by others. Not what makes a cache
    safe (nothing in it can run code), but what keeps a colleague's hand out of one's reports
    in a shared folder."""
    try:
        st = st or os.lstat(datei)
        ordner = os.stat(datei.parent)
    except OSError:
        return False
    return (st.st_mode & 0o170000) == 0o100000 and _privat(st) and _privat(ordner)


def entferne_alte(ordner: Path, namen: Iterable[str]) -> None:
    """Remove caches an earlier version left in the tool's folder (never read them)."""
    for name in namen:
        with contextlib.suppress(OSError):
            os.unlink(ordner / name)


def _privat(st: os.stat_result) -> bool:
    eigen = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    return eigen and not st.st_mode & 0o022


_TEXT = rb'"([^"]*)"'
_KOPF = re.compile(rb"\[null,\[\],\[" + rb",".join([_TEXT] * 5) + rb",(?:null|\[" + _TEXT + rb")")
"""The start of an entry's core without error and problems (almost every entry, see
``eintrag.als_json``): ``[null,[],[fall, name, fachkraft, rechtskreis, status, vertretung``.
A text is taken up to its first quote: inside a JSON text every quote is escaped and so
followed by more text, never by the ``,"`` that ends a field here, so a text with a quote
does not match and its entry is decoded whole."""


def fachkraefte(ordner: Path) -> list[str]:
    """The Fachkräfte (and Vertretungen) of the cases in the cache of ``ordner``, sorted, for
    shell completion: read from the start of each entry's head without loading the entry,
    not checked against the files (a completion may offer a name a later edit removed);
    none without a cache the tool could have written for this version."""
    datei = ordner / DATEI
    if not eigene_datei(datei):
        return []
    try:
        db = sqlite3.connect(f"{datei.resolve().as_uri()}?mode=ro", uri=True, timeout=0.1)
    except sqlite3.Error:
        return []
    roh: set[bytes] = set()
    """Names as JSON text (from the start of an entry)."""
    namen: set[object] = set()
    """Names decoded (from whole entries)."""
    andere: list[str] = []
    try:
        # Only reading: no trigger can fire, and views may call no unsafe function.
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute("PRAGMA query_only = ON")
        meta = dict(db.execute("SELECT schluessel, wert FROM meta").fetchall())
        if meta.get("format") != FORMAT or meta.get("werkzeug") != __version__:
            return []
        for name, anfang in db.execute("SELECT name, substr(eintrag, 1, 200) FROM dateien"):
            if type(anfang) is bytes and (m := _KOPF.match(anfang)):
                roh.update(t for t in (m.group(3), m.group(6)) if t)
            else:
                andere.append(name)
        for i in range(0, len(andere), 500):
            teil = andere[i : i + 500]
            abfrage = f"SELECT eintrag FROM dateien WHERE name IN ({','.join('?' * len(teil))})"
            for (eintrag,) in db.execute(abfrage, teil):
                with contextlib.suppress(ValueError, TypeError, IndexError):
                    kopf = json.loads(eintrag)[2]
                    namen.update((kopf[2], (kopf[5] or [""])[0]))
    except sqlite3.Error:
        return []
    finally:
        db.close()
    for text in roh:
        with contextlib.suppress(ValueError):
            namen.add(json.loads(b'"' + text + b'"') if b"\\" in text else text.decode())
    return sorted(n for n in namen if isinstance(n, str) and n)
