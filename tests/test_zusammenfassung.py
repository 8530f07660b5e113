"""The summary a change command shows before saving: records in words, no bookkeeping, only
the findings this change brings, long findings indented under their message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vier_phasen_cli.render.aenderungen import aenderungszeilen, zusammenfassung
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import abschluss, wiedervorlage
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER


def _starte(demo: Path, assistent, fall_id: str, terminal: Terminal, antworten: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    gespeichert = starte(
        assistent, oeffne_ablage(demo), lade_kataloge(), fall_id,
        datum=date(2026, 11, 23), antworten=antworten, terminal=terminal,
    )  # fmt: skip
    assert gespeichert is not None and terminal.tasten == []


def test_neue_wiedervorlage_in_einer_zeile_ohne_nr() -> None:
    alt = {"wiedervorlagen": [{"nr": 1, "am": date(2026, 12, 1), "text": "Erste"}]}
    neu = {"wiedervorlagen": [*alt["wiedervorlagen"], {"nr": 2, "am": date(2026, 12, 15),
                                                       "text": "Rückruf", "erledigt": None}]}  # fmt: skip
    assert zusammenfassung(alt, neu) == ["+ Wiedervorlage 2: 15.12.2026 Rückruf"]
    # verlauf keeps the file's own words
    assert "+ wiedervorlagen[2].nr: 2" in aenderungszeilen(alt, neu)


def test_abschluss_feld_fuer_feld_mit_katalognamen() -> None:
    alt = {"status": "aktiv", "abschluss": None}
    neu = {"status": "abgeschlossen", "abschluss": {
        "datum": date(2026, 12, 1), "grund": "arbeitsaufnahme", "notiz": "Vertrag ab Dezember"}}  # fmt: skip
    zeilen = zusammenfassung(alt, neu, lambda katalog, code: f"<{katalog}:{code}>")
    assert zeilen == [
        "~ status: aktiv → abgeschlossen",
        "~ Abschluss:",
        "    Datum: 01.12.2026",
        "    Grund: <abschlussgruende:arbeitsaufnahme>",
        "    Notiz: Vertrag ab Dezember",
    ]


def test_abschluss_im_terminal_mit_bezeichnung(demo: Path) -> None:
    terminal = Terminal(tasten=[ENTER, "Vertrag ab Dezember\r", "01.12.2026\r", ENTER, ENTER])
    _starte(demo, abschluss.ASSISTENT, "911A100001", terminal, {})
    text = "".join(terminal.ausgabe)
    assert "  ~ Abschluss:\n" in text or "  + Abschluss:\n" in text
    assert "    Grund: Arbeitsaufnahme" in text and "abschluss:" not in text


def test_nur_neue_befunde_werden_gezeigt(demo: Path) -> None:
    # 911A100004 has a finding (SC001) before: a new Wiedervorlage does not repeat it.
    terminal = Terminal(tasten=["01.12.2026\r", ENTER])
    _starte(demo, wiedervorlage.ASSISTENT, "911A100004", terminal, {"text": "Rückruf"})
    text = "".join(terminal.ausgabe)
    assert "+ Wiedervorlage 1: 01.12.2026 Rückruf" in text
    assert "SC001" not in text
    assert "Keine neuen Befunde (1 bekannte: vier-phasen pruefen 911A100004)." in text


def test_lange_befunde_laufen_eingerueckt_weiter(demo: Path) -> None:
    terminal = Terminal(tasten=[ENTER, "Vertrag ab Dezember\r", "01.12.2026\r", ENTER, ENTER])
    _starte(demo, abschluss.ASSISTENT, "911A100001", terminal, {})
    text = "".join(terminal.ausgabe)
    befunde = text.split("Was das Integrationskonzept noch verlangt:\n")[1].splitlines()
    assert befunde[0].startswith("  NH001 hinweis: ")
    # the message goes on under itself (column 17), not at the left edge
    assert befunde[1].startswith(" " * 17) and befunde[1][17] != " "
