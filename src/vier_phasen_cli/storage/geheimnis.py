"""The workspace's secret key for pseudonyms: ``.vier-phasen/pseudonym.schluessel`` (0600; in
a team workspace 0660, so that the whole team's pseudonyms are the same), created on first
use from the operating system's random source."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.atomar import schreibe_atomar
from vier_phasen_cli.storage.rechte import PRIVAT, Rechte

DATEI = "pseudonym.schluessel"
LAENGE = 32


def pseudonym_schluessel(ordner: Path, rechte: Rechte = PRIVAT) -> bytes:
    """The key kept in ``ordner`` (the workspace's .vier-phasen folder); made if missing,
    with the workspace's ``rechte``."""
    datei = ordner / DATEI
    try:
        schluessel = datei.read_bytes()
    except FileNotFoundError:
        schluessel = b""
    except OSError as exc:
        raise _fehler(datei, exc) from None
    if len(schluessel) == LAENGE:
        return schluessel
    if schluessel:
        raise VierPhasenFehler(
            "Der Schlüssel für Pseudonyme ist beschädigt",
            datei=datei,
            hinweis="Wird die Datei gelöscht, entsteht ein neuer Schlüssel; frühere Pseudonyme "
            "passen dann nicht mehr zu den neuen.",
        )
    neu = secrets.token_bytes(LAENGE)
    try:
        rechte.ordner(ordner)
        schreibe_atomar(datei, neu, neu=True, rechte=rechte)
    except FileExistsError:  # made meanwhile by another run: use that one
        return pseudonym_schluessel(ordner, rechte)
    except OSError as exc:
        raise _fehler(datei, exc) from None
    return neu


def _fehler(datei: Path, exc: OSError) -> VierPhasenFehler:
    return VierPhasenFehler(
        f"Schlüssel für Pseudonyme nicht verfügbar ({exc.strerror or os.strerror(exc.errno or 0)})",
        datei=datei,
        hinweis="Pseudonyme brauchen einen Schlüssel im Ordner .vier-phasen der Ablage; "
        "bitte die Berechtigungen prüfen.",
    )
