"""The resume question says when the draft was begun and which day its conversation has."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.entwuerfe import lade_entwurf
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a


def _bis_die_tasten_enden(
    ablage: Path, tasten: list[str], jetzt: datetime, datum: date | None
) -> Terminal:
    terminal = Terminal(tasten=list(tasten))
    with pytest.raises(EOFError):
        starte(
            a.ERSTGESPRAECH_ASSISTENT, oeffne_ablage(ablage), lade_kataloge(), "NEU-1",
            datum=datum, heute=date(2026, 11, 23), antworten={}, terminal=terminal, jetzt=jetzt,
        )  # fmt: skip
    return terminal


def test_fortsetzen_nennt_beginn_und_gespraechsdatum(demo: Path) -> None:
    begonnen = datetime(2026, 11, 23, 9, 5)
    _bis_die_tasten_enden(demo, a.STAMMDATEN[:3], begonnen, date(2026, 10, 1))
    ordner = demo / ".vier-phasen" / "entwuerfe"
    assert "begonnen: 2026-11-23T09:05\n" in (ordner / "NEU-1.erstgespraech.yaml").read_text()

    # Resumed in the afternoon without --datum: asked with both, the conversation's date kept.
    terminal = _bis_die_tasten_enden(demo, [a.ENTER], datetime(2026, 11, 23, 16, 30), None)
    assert terminal.gefragt[0] == (
        "Für Fall NEU-1 gibt es einen Entwurf eines Erstgesprächs, begonnen am 23.11.2026 um "
        "09:05, für das Gespräch am 01.10.2026 (3 Antworten). Fortsetzen? (Nein verwirft ihn)"
    )
    assert "Das Gespräch bleibt auf den 01.10.2026 datiert" in "".join(terminal.ausgabe)
    # The draft still says when it was begun, not when it was resumed.
    entwurf = lade_entwurf(ordner, "NEU-1", "erstgespraech")
    assert entwurf is not None and entwurf.begonnen == begonnen


def test_entwurf_ohne_beginn_wird_ohne_ihn_angeboten(demo: Path) -> None:
    ordner = demo / ".vier-phasen" / "entwuerfe"
    ordner.mkdir(parents=True, mode=0o700)
    (ordner / "NEU-1.erstgespraech.yaml").write_text(
        "datum: 2026-10-01\nbegonnen: kein Datum\neingaben:\n  - kunde.name: Erika Beispiel\n"
    )
    terminal = _bis_die_tasten_enden(demo, [a.ENTER], datetime(2026, 11, 23, 16, 30), None)
    assert terminal.gefragt[0] == (
        "Für Fall NEU-1 gibt es einen Entwurf eines Erstgesprächs, für das Gespräch am "
        "01.10.2026 (1 Antwort). Fortsetzen? (Nein verwirft ihn)"
    )
