"""Everything the CLI prints: data to stdout (or ``-o FILE``), messages to stderr.

Errors follow hledger's shape: ``Fehler: FILE:LINE: what`` then, on a terminal, the line
itself with a gutter, then what to do. The source line is shown only on a terminal: in
cron mails and logs it could carry a customer's data.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.render.jsondatei import json_stuecke as json_stuecke
from vier_phasen_cli.render.jsondatei import json_text as json_text


def _farbig(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _rot(text: str, stream: Any) -> str:
    return f"\x1b[1;31m{text}\x1b[0m" if _farbig(stream) else text


def anzeige_pfad(pfad: Path) -> str:
    """A path as the user can open it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(pfad) if not os.path.relpath(pfad).startswith("..") else str(pfad)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(pfad)


def fehler_zeilen(exc: VierPhasenFehler, mit_quelltext: bool) -> list[str]:
    """The lines that describe ``exc`` (and the problems it carries) for stderr."""
    zeilen: list[str] = []
    hinweise: list[str] = []
    for einzel in (exc, *exc.weitere):
        ort = ""
        if einzel.datei is not None:
            ort = anzeige_pfad(einzel.datei) + (f":{einzel.zeile}" if einzel.zeile else "") + ": "
        zeilen.append(f"Fehler: {ort}{einzel.meldung}")
        if mit_quelltext and einzel.datei is not None and einzel.zeile:
            quelle = _quelltext(einzel.datei, einzel.zeile)
            if quelle is not None:
                zeilen.append(f"{einzel.zeile:>5} | {quelle}")
        if einzel.hinweis and einzel.hinweis not in hinweise:
            hinweise.append(einzel.hinweis)
    return zeilen + hinweise


def _quelltext(datei: Path, zeile: int) -> str | None:
    from vier_phasen_cli.storage.rohdaten import MAX_BYTES
    from vier_phasen_cli.storage.yamldatei import quelltext_zeile

    try:
        if datei.stat().st_size > MAX_BYTES:
            return None
        return quelltext_zeile(datei.read_bytes(), zeile)
    except OSError:
        return None


def melde_fehler(exc: VierPhasenFehler) -> None:
    sys.stdout.flush()
    stream = sys.stderr
    for zeile in fehler_zeilen(exc, mit_quelltext=stream.isatty()):
        if zeile.startswith("Fehler:"):
            zeile = _rot("Fehler:", stream) + zeile.removeprefix("Fehler:")
        stream.write(zeile + "\n")
    stream.flush()


def melde(text: str) -> None:
    """A message (progress, confirmation) on stderr, so stdout stays pure data."""
    sys.stdout.flush()
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fehlerliste(
    fehler: Sequence[VierPhasenFehler], relativ: Callable[[Path], str]
) -> list[dict[str, Any]]:
    """Unreadable files for JSON reports: ``[{"datei": …, "zeile": …, "meldung": …}]``."""
    return [
        {"datei": relativ(f.datei) if f.datei else None, "zeile": f.zeile, "meldung": f.meldung}
        for f in fehler
    ]


def schreibe_ausgabe(
    text: str | Iterable[str], ziel: Path | None, *, ueberschreiben: bool = True
) -> None:
    """``text`` (or its pieces) to stdout, or into ``ziel`` (0600: reports hold
    Sozialdaten) by the one output-file writer: a regular file is replaced atomically, a
    FIFO or device written into, anything else refused (``storage/ausgabeziel.py``)."""
    stuecke = [text] if isinstance(text, str) else text
    if ziel is None:
        for stueck in stuecke:
            sys.stdout.write(stueck)
        sys.stdout.flush()
        return
    from vier_phasen_cli.storage.ausgabeziel import schreibe_ausgabedatei

    bytes_stuecke = (stueck.encode("utf-8") for stueck in stuecke)
    schreibe_ausgabedatei(ziel, bytes_stuecke, ueberschreiben=ueberschreiben)
    melde(f"Geschrieben: {anzeige_pfad(ziel)}")


def drucke(darstellung: Any, ziel: Path | None = None, *, umbrechen: bool = True) -> None:
    """Print a Rich renderable: coloured on a terminal, plain text into ``ziel``.

    ``umbrechen=False`` keeps long lines whole (one finding per line, for grep and editors).
    """
    import io

    from rich.console import Console

    if ziel is None:
        Console(highlight=False).print(darstellung, soft_wrap=not umbrechen)
        return
    puffer = io.StringIO()
    konsole = Console(file=puffer, width=120, no_color=True, highlight=False)
    konsole.print(darstellung, soft_wrap=not umbrechen)
    schreibe_ausgabe(puffer.getvalue(), ziel)
