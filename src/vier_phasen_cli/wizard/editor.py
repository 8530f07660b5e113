"""The caseworker's text editor, as ``bearbeite`` starts it (git and visudo do the same).

``$VISUAL``, then ``$EDITOR`` (either may carry arguments: ``code --wait``), then the first of
``sensible-editor``, ``nano``, ``vi`` that is installed. The file to edit is the last argument.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler

VARIABLEN = ("VISUAL", "EDITOR")
ERSATZ = ("sensible-editor", "nano", "vi")

_HINWEIS = (
    "Den Editor wählt die Umgebungsvariable EDITOR, z. B. EDITOR=nano oder EDITOR='code --wait'."
)


def editorbefehl(
    umgebung: Mapping[str, str], finde: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """The command that starts the editor (without the file)."""
    for name in VARIABLEN:
        wert = umgebung.get(name, "").strip()
        if not wert:
            continue
        try:
            befehl = shlex.split(wert)
        except ValueError:
            raise VierPhasenFehler(
                f"Die Umgebungsvariable {name} lässt sich nicht lesen (Anführungszeichen "
                "nicht geschlossen)",
                hinweis=_HINWEIS,
            ) from None
        if befehl:
            return befehl
    for programm in ERSATZ:
        if finde(programm) is not None:
            return [programm]
    raise VierPhasenFehler(
        "Kein Editor gefunden (weder VISUAL noch EDITOR gesetzt)", hinweis=_HINWEIS
    )


def oeffne(befehl: list[str], datei: Path) -> int:
    """Run the editor on ``datei`` and wait for it; its exit status.

    While it runs, Ctrl-C and Ctrl-\\ belong to the editor (as in git): this process would
    otherwise end and leave the editor behind on the terminal. The editor gets them as
    usual: a handler (unlike SIG_IGN) is reset to the default in the started program."""
    try:
        with _signale_ignoriert():
            return subprocess.run([*befehl, str(datei)], check=False).returncode
    except FileNotFoundError:
        raise VierPhasenFehler(f"Editor „{befehl[0]}“ nicht gefunden", hinweis=_HINWEIS) from None
    except OSError as exc:  # not executable, not a program, …
        raise VierPhasenFehler(
            f"Editor „{befehl[0]}“ lässt sich nicht starten ({exc.strerror})", hinweis=_HINWEIS
        ) from None


@contextlib.contextmanager
def _signale_ignoriert() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    vorher = {s: signal.signal(s, _nichts) for s in (signal.SIGINT, signal.SIGQUIT)}
    try:
        yield
    finally:
        for s, handler in vorher.items():
            signal.signal(s, handler)


def _nichts(_signal: int, _rahmen: object) -> None:
    """Swallow the signal: it was meant for the editor."""
