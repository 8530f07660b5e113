"""Copies of case files that ``bearbeite`` opens in the caseworker's editor.

A copy lives in ``.vier-phasen/bearbeiten/<ID>.yaml`` (folder 0700, file 0600: it holds
Sozialdaten), never in ``cases/``: the editor's swap and backup files land next to it, and
a half-written or broken file is never the case file. Next to it, ``<ID>.stand`` holds the
SHA-256 of the case file the copy was made from: the save refuses to overwrite a case file
that is no longer that version, and a copy left over from an earlier run (a draft) knows
which version it was made from.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar

_STAND = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Kopie:
    """A copy being edited: where it is and which version of the case file it started from."""

    pfad: Path
    stand: str | None
    """SHA-256 of the case file when copied (None: unknown, the note is missing or garbled)."""

    @property
    def geaendert_am(self) -> datetime | None:
        try:
            return datetime.fromtimestamp(self.pfad.stat().st_mtime)
        except OSError:
            return None


def kopie_pfad(ordner: Path, fall_id: str) -> Path:
    return ordner / f"{fall_id}.yaml"


def _stand_pfad(ordner: Path, fall_id: str) -> Path:
    return ordner / f"{fall_id}.stand"


def lege_kopie_an(ordner: Path, fall_id: str, roh: bytes, stand: str) -> Kopie:
    """Write ``roh`` (the case file's bytes, version ``stand``) as the copy to edit."""
    privater_ordner(ordner)
    merke_stand(ordner, fall_id, stand)
    pfad = kopie_pfad(ordner, fall_id)
    schreibe_atomar(pfad, roh)
    return Kopie(pfad, stand)


def merke_stand(ordner: Path, fall_id: str, stand: str) -> None:
    """Record ``stand`` as the version the copy replaces when it is saved."""
    privater_ordner(ordner)
    schreibe_atomar(_stand_pfad(ordner, fall_id), f"{stand}\n".encode("ascii"))


def lade_kopie(ordner: Path, fall_id: str) -> Kopie | None:
    """The copy left over from an earlier run, or None."""
    pfad = kopie_pfad(ordner, fall_id)
    if not pfad.is_file():
        return None
    try:
        text = _stand_pfad(ordner, fall_id).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    return Kopie(pfad, text if _STAND.fullmatch(text) else None)


def verwirf_kopie(ordner: Path, fall_id: str) -> None:
    for pfad in (kopie_pfad(ordner, fall_id), _stand_pfad(ordner, fall_id)):
        with contextlib.suppress(FileNotFoundError):
            pfad.unlink()
