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


STAERKE_FEHLT = "Bitte mindestens eine Stärke angeben (3.1.2)."


def test_fortsetzen_wiederholt_keine_alten_meldungen_und_leeren_ueberschriften(
    demo: Path,
) -> None:
    # "Fertig" before any Stärke (refused), then two Stärken, then the keystrokes end.
    bis_staerken = [*a.STAMMDATEN, *a.POTENZIALANALYSE[:4]]
    zwei = [a.HOCH + a.ENTER, a.ENTER, "Erste\r", a.ENTER, "Zweite\r"]
    erst = _bis_die_tasten_enden(demo, [*bis_staerken, *zwei], datetime(2026, 11, 23, 9), None)
    assert STAERKE_FEHLT in "".join(erst.ausgabe)

    terminal = _bis_die_tasten_enden(demo, [a.ENTER], datetime(2026, 11, 23, 10), None)
    gezeigt = "".join(terminal.ausgabe)
    assert STAERKE_FEHLT not in gezeigt
    # The heading of the part the caseworker is back in, not those answered from the draft.
    assert "Phase 1 · Potenzialanalyse" in gezeigt and "Phase 0" not in gezeigt
    assert terminal.gefragt[-1] == "Weitere Stärke: welche Art?"


def test_leere_phase_zeigt_keine_ueberschrift(demo: Path) -> None:
    # The answers give the Ziel whole: "Phase 2 · Ziel" has nothing to ask and no heading.
    ziel = {"option": "beschaeftigung-lokal", "beschreibung": "Vollzeit", "zwischenziele": []}
    tasten = [*a.STAMMDATEN, *a.POTENZIALANALYSE]
    terminal = Terminal(tasten=tasten)
    with pytest.raises(EOFError):
        starte(
            a.ERSTGESPRAECH_ASSISTENT, oeffne_ablage(demo), lade_kataloge(), "NEU-1",
            datum=date(2026, 10, 1), heute=date(2026, 11, 23), antworten={"ziel": ziel},
            terminal=terminal,
        )  # fmt: skip
    gezeigt = "".join(terminal.ausgabe)
    assert "Phase 1 · Potenzialanalyse" in gezeigt and "Phase 2 · Ziel" not in gezeigt
    assert "Phase 3 · Strategien" in gezeigt


def test_nein_verwirft_den_entwurf_mit_bestaetigung(demo: Path) -> None:
    _bis_die_tasten_enden(demo, a.STAMMDATEN[:3], datetime(2026, 11, 23, 9), None)
    terminal = _bis_die_tasten_enden(demo, [a.RUNTER + a.ENTER], datetime(2026, 11, 23, 10), None)
    assert terminal.ausgabe[0] == "Entwurf verworfen.\n"
    assert terminal.gefragt[1] == "Name der Kundin bzw. des Kunden"
