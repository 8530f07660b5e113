"""Drafts of wizard runs: every answer typed so far and the conversation's date.

A draft lives in ``.vier-phasen/entwuerfe/<ID>.<wizard>.yaml`` (folder 0700, file 0600: it
holds Sozialdaten) and is rewritten atomically after every answer, so it is always the old or
the new version, never half of one. The next run offers to resume it::

    datum: 2026-10-01            # the conversation's date: a resumed run keeps it
    begonnen: 2026-11-23T14:05   # when the run that made the draft started (asked on resume)
    fall: 3f2a…                  # SHA-256 of the case file the answers were given on
    eingaben:                    # the answers in the order given, by question
      - potenzialanalyse.zielberuf: Fachkraft für Lagerlogistik
      - potenzialanalyse.staerken.0.art: formale-qualifikation

Drafts of earlier versions were answers documents (the shape of an answers file); they are
read as ``abschnitte`` and kept in the draft until the run is saved.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar


@dataclass(frozen=True)
class Entwurf:
    datum: date | None
    """The conversation's date (None in drafts of earlier versions)."""
    eingaben: tuple[tuple[str, Any], ...] = ()
    abschnitte: dict[str, Any] = field(default_factory=dict)
    """An earlier version's draft: answers as sections of the answers document."""
    fall: str | None = None
    """SHA-256 of the case file when the answers were given (None: a new case)."""
    begonnen: datetime | None = None
    """When the run that made the draft started, to the minute (None in older drafts)."""


def _pfad(ordner: Path, fall_id: str, assistent: str) -> Path:
    return ordner / f"{fall_id}.{assistent}.yaml"


# The round-trip reader is imported where a draft is written or read: a wizard without a
# draft asks its first question without it.


def speichere_entwurf(ordner: Path, fall_id: str, assistent: str, entwurf: Entwurf) -> Path:
    from vier_phasen_cli.storage.yamldatei import klar, rt_yaml

    privater_ordner(ordner)
    daten: dict[str, Any] = {"datum": entwurf.datum}
    if entwurf.begonnen is not None:
        daten["begonnen"] = entwurf.begonnen.strftime("%Y-%m-%dT%H:%M")
    if entwurf.fall:
        daten["fall"] = entwurf.fall
    daten["eingaben"] = [{pfad: klar(wert)} for pfad, wert in entwurf.eingaben]
    if entwurf.abschnitte:
        daten["abschnitte"] = klar(entwurf.abschnitte)
    puffer = io.StringIO()
    rt_yaml().dump(daten, puffer)
    pfad = _pfad(ordner, fall_id, assistent)
    schreibe_atomar(pfad, puffer.getvalue().encode("utf-8"))
    return pfad


def lade_entwurf(ordner: Path, fall_id: str, assistent: str) -> Entwurf | None:
    """The draft, or None when there is none (an unreadable draft counts as none)."""
    pfad = _pfad(ordner, fall_id, assistent)
    if not pfad.is_file():
        return None
    from vier_phasen_cli.storage.yamldatei import klar, lade

    try:
        daten = klar(lade(pfad).daten)  # the guarded reader: depth, size and alias limits
    except (OSError, VierPhasenFehler):
        return None
    if not isinstance(daten, dict):
        return None
    if "eingaben" not in daten:
        return Entwurf(None, abschnitte=daten)
    datum, eingaben = daten.get("datum"), daten.get("eingaben")
    if not isinstance(eingaben, list) or not all(
        isinstance(e, dict) and len(e) == 1 for e in eingaben
    ):
        return None
    abschnitte, fall = daten.get("abschnitte"), daten.get("fall")
    return Entwurf(
        datum if isinstance(datum, date) else None,
        tuple(next(iter(e.items())) for e in eingaben),
        abschnitte if isinstance(abschnitte, dict) else {},
        fall if isinstance(fall, str) else None,
        _zeitpunkt(daten.get("begonnen")),
    )


def _zeitpunkt(wert: Any) -> datetime | None:
    """``begonnen`` as written (an ISO string; a YAML timestamp if edited by hand), else None."""
    if isinstance(wert, datetime):
        return wert.replace(tzinfo=None)
    if isinstance(wert, str):
        try:
            return datetime.fromisoformat(wert)
        except ValueError:
            return None
    return None


def verwirf_entwurf(ordner: Path, fall_id: str, assistent: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _pfad(ordner, fall_id, assistent).unlink()
