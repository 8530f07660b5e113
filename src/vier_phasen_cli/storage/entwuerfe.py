"""Drafts of wizard answers: what was typed so far, kept when a wizard is interrupted.

A draft is the answers document (the same shape as an answers file) in
``.vier-phasen/entwuerfe/<ID>.<wizard>.yaml``, 0600. The next run offers to resume it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar
from vier_phasen_cli.storage.yamldatei import lade, rt_yaml


def _pfad(ordner: Path, fall_id: str, assistent: str) -> Path:
    return ordner / f"{fall_id}.{assistent}.yaml"


def _klar(wert: Any) -> Any:
    """Round-trip data as plain dicts and lists, keeping the order of the keys."""
    if isinstance(wert, Mapping):
        return {str(k): _klar(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_klar(v) for v in wert]
    return wert


def speichere_entwurf(
    ordner: Path, fall_id: str, assistent: str, antworten: dict[str, Any]
) -> Path:
    privater_ordner(ordner)
    puffer = io.StringIO()
    rt_yaml().dump(antworten, puffer)  # round trip: the answers keep their order
    pfad = _pfad(ordner, fall_id, assistent)
    schreibe_atomar(pfad, puffer.getvalue().encode("utf-8"))
    return pfad


def lade_entwurf(ordner: Path, fall_id: str, assistent: str) -> dict[str, Any] | None:
    """The draft, or None when there is none (an unreadable draft counts as none)."""
    pfad = _pfad(ordner, fall_id, assistent)
    if not pfad.is_file():
        return None
    try:  # the limits of every YAML input (SPEC §15): size, depth, no aliases
        daten = _klar(lade(pfad).daten)
    except (OSError, DatenFehler):
        return None
    return daten if isinstance(daten, dict) else None


def verwirf_entwurf(ordner: Path, fall_id: str, assistent: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _pfad(ordner, fall_id, assistent).unlink()
