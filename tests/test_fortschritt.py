"""The progress bar for long cold loads: only on a terminal, only when it takes a while."""

from __future__ import annotations

import io
from collections.abc import Callable

from vier_phasen_cli.cli.fortschritt import fortschrittsanzeige


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Uhr:
    def __init__(self) -> None:
        self.jetzt = 0.0

    def __call__(self) -> float:
        return self.jetzt


def _anzeige(anzahl: int) -> tuple[Terminal, Uhr, Callable[[int, int], None]]:
    stream, uhr = Terminal(), Uhr()
    beginne = fortschrittsanzeige(True, stream, uhr=uhr)
    assert beginne is not None
    return stream, uhr, beginne(anzahl)


def test_ohne_terminal_kein_balken() -> None:
    assert fortschrittsanzeige(True, io.StringIO()) is None


def test_nie_bei_maschinenformaten() -> None:
    assert fortschrittsanzeige(False, Terminal()) is None


def test_langes_laden_zeigt_balken() -> None:
    stream, uhr, melde = _anzeige(10_000)
    uhr.jetzt = 0.5
    melde(1_000, 10_000)  # 5 s expected
    assert "Falldateien einlesen" in stream.getvalue() and "1000/10000" in stream.getvalue()
    uhr.jetzt = 5.0
    melde(10_000, 10_000)
    assert "10000/10000" in stream.getvalue()


def test_kurzes_laden_ohne_balken() -> None:
    stream, uhr, melde = _anzeige(500)
    uhr.jetzt = 0.3
    melde(400, 500)  # 0.4 s expected
    uhr.jetzt = 0.4
    melde(500, 500)
    assert stream.getvalue() == ""
