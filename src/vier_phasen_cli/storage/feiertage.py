"""The public holidays of the years reports meet, kept in ``.vier-phasen/feiertage.json``.

Working out a year's holidays takes the holidays library a fraction of a millisecond, but
importing it takes 0.1 s – on every run that reads a changed case file. The table holds the
years 2000–2100 for the workspace's Bundesland; it is rebuilt when the tool or the library
changes (the library's file is recognised by its size and modification time, found without
importing it). A table that cannot be read or written is simply not used.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from vier_phasen_cli import __version__
from vier_phasen_cli.domain.arbeitstage import berechne
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar

DATEI = "feiertage.json"
JAHRE = range(2000, 2101)


def _bibliothek() -> str:
    """Which holidays library is installed (size and mtime of its module), without importing."""
    try:
        spec = importlib.util.find_spec("holidays")
        herkunft = spec.origin if spec is not None else None
        info = os.stat(herkunft) if herkunft else None
    except (ImportError, OSError, ValueError):
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}" if info else ""


def tabelle(ordner: Path, bundesland: str | None) -> Mapping[int, frozenset[date]]:
    """The holidays by year for ``bundesland`` (None: nationwide), from the file or worked out
    and written there."""
    kennung = f"{__version__}|{_bibliothek()}|{bundesland or ''}"
    pfad = ordner / DATEI
    try:
        daten = json.loads(pfad.read_bytes())
        if isinstance(daten, dict) and daten.get("kennung") == kennung:
            return {
                int(jahr): frozenset(date.fromisoformat(t) for t in tage)
                for jahr, tage in daten["jahre"].items()
            }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    jahre = {jahr: berechne(jahr, bundesland) for jahr in JAHRE}
    inhalt = {"kennung": kennung, "jahre": {str(j): sorted(map(str, t)) for j, t in jahre.items()}}
    try:
        privater_ordner(ordner)
        schreibe_atomar(pfad, json.dumps(inhalt).encode(), dauerhaft=False)
    except OSError:
        pass
    return jahre
