"""Long output on a terminal through a pager (``$PAGER``, else ``less -FRX``), as git does.

Only text for a person is paged: on a terminal, without ``-o`` and ``--kein-pager``; never
JSON, never piped or in cron (stdout is no terminal there). ``PAGER=`` or ``PAGER=cat`` turn it
off; a pager that cannot be started is no error – the output is printed directly.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import IO

STANDARD = "less -FRX"
"""-F: leave at once when it fits on one screen; -R: colours; -X: the text stays on screen."""


def pager_befehl(umgebung: Mapping[str, str]) -> list[str] | None:
    """The pager to run, or None for direct output."""
    wert = umgebung.get("PAGER", STANDARD)
    try:
        teile = shlex.split(wert)
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    if not teile or teile == ["cat"]:
        return None
    return teile


def blaettern_erwuenscht(kein_pager: bool) -> bool:
    """Whether output to stdout should go through the pager (the caller knows it is text)."""
    return (
        not kein_pager
        and sys.stdout.isatty()
        and os.environ.get("TERM", "") != "dumb"
        and pager_befehl(os.environ) is not None
    )


class _ZumTerminal(io.TextIOWrapper):
    """The pager's input: it ends on the terminal, so it is laid out (width, colours,
    wrapping) as the terminal would be."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def seitenweise(aktiv: bool) -> Iterator[None]:
    """Within the block, stdout goes to the pager when ``aktiv``; afterwards the pager is
    waited for (the reader may leave it early: the rest of the output is dropped quietly)."""
    befehl = pager_befehl(os.environ) if aktiv else None
    if befehl is None:
        yield
        return
    umgebung = {"LESS": "FRX", "LESSCHARSET": "utf-8", **os.environ}
    try:
        prozess = subprocess.Popen(befehl, stdin=subprocess.PIPE, env=umgebung)
    except OSError:  # missing or not executable: print directly
        yield
        return
    eingang: IO[bytes] = prozess.stdin  # type: ignore[assignment]
    strom = _ZumTerminal(eingang, encoding="utf-8", errors="replace")
    bisher = sys.stdout
    sys.stdout = strom
    try:
        yield
    except BrokenPipeError:
        pass  # the pager was left before the end
    finally:
        sys.stdout = bisher
        with contextlib.suppress(BrokenPipeError, OSError):
            strom.close()
        while True:
            try:
                prozess.wait()
                break
            except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
                continue
