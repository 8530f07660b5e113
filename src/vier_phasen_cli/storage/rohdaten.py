"""Reading a file's bytes with the limits every loader shares (no YAML library needed)."""

from __future__ import annotations

import os
from pathlib import Path

from vier_phasen_cli.fehler import DatenFehler

MAX_BYTES = 1024 * 1024
"""Case and catalog files above 1 MiB are refused unread: no real case is that large."""


def lies_bytes(pfad: Path) -> bytes:
    """The file's bytes; too large files are refused before anything is read."""
    try:
        with pfad.open("rb") as f:
            groesse = os.fstat(f.fileno()).st_size
            if groesse > MAX_BYTES:
                raise DatenFehler(
                    f"Datei ist zu groß ({groesse / 1024 / 1024:.1f} MiB; erlaubt sind 1 MiB) "
                    "und wurde nicht gelesen",
                    datei=pfad,
                    hinweis="Eine Falldatei ist gewöhnlich wenige Kilobyte groß. "
                    "Bitte prüfen, ob die richtige Datei im Ordner liegt.",
                )
            return f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DatenFehler("Datei nicht gefunden", datei=pfad) from None
    except IsADirectoryError:
        raise DatenFehler("Ist ein Ordner, keine Datei", datei=pfad) from None
    except PermissionError:
        from vier_phasen_cli.storage.rechte import leseverbot_hinweis

        raise DatenFehler(
            "Keine Leseberechtigung für die Datei", datei=pfad, hinweis=leseverbot_hinweis(pfad)
        ) from None
