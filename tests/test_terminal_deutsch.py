"""The prompts speak German only, keep messages next to the question and wrap long choices."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pexpect
import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.output.vt100 import Vt100_Output

from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import (
    ANWEISUNG_SUCHE,
    Terminal,
    Wahl,
    umbrochen,
)

from . import assistenten as a
from .conftest import HEUTE

ENGLISCH = (
    "done", "selection", "Use arrow", "Press", "OPTIONS", "COMMAND", "ARGS", "Invalid input",
    "Answer:", "Description:", "(Y/n)", "(y/N)", "to toggle", "to invert", "Cancelled",
)  # fmt: skip
"""Words questionary and prompt_toolkit show on their own: none may reach a caseworker."""

LANG = (
    "Vermittlungsrelevante gesundheitliche Einschränkungen / Intellektuelle "
    "Leistungsfähigkeit mit einem langen Zusatz, der über das Ende der Zeile hinausgeht"
)
WAHLEN = [
    Wahl("Schulische Qualifikation", "schule", "Qualifikation"),
    Wahl("Berufliche Qualifikation", "beruf", "Qualifikation"),
    Wahl("Berufserfahrung", "erfahrung", "Qualifikation"),
    Wahl(LANG, "lang", "Leistungsfähigkeit"),
]


def _terminal(tasten: list[str]) -> tuple[Terminal, io.StringIO]:
    """A terminal of 80 columns whose prompts draw into a buffer."""
    gezeichnet = io.StringIO()
    bildschirm = Vt100_Output(gezeichnet, lambda: Size(rows=24, columns=80), term="xterm")
    return Terminal(tasten=tasten, breite=80, bildschirm=bildschirm), gezeichnet


def _ohne_englisch(text: str) -> None:
    gefunden = [wort for wort in ENGLISCH if wort.lower() in text.lower()]
    assert gefunden == []


def test_mehrfachauswahl_antwortet_deutsch() -> None:
    terminal, gezeichnet = _terminal([a.LEER + a.RUNTER + a.LEER + a.RUNTER + a.LEER + a.ENTER])
    gewaehlt = terminal.mehrfach("Handlungsbedarfe", WAHLEN)
    assert gewaehlt == ["schule", "beruf", "erfahrung"]
    assert terminal.ausgabe == [
        "? Handlungsbedarfe Schulische Qualifikation, Berufliche Qualifikation, Berufserfahrung\n"
    ]
    bild = gezeichnet.getvalue()
    assert "(Leertaste wählt, Eingabe bestätigt)" in bild
    _ohne_englisch(bild + "".join(terminal.ausgabe))


def test_leere_und_einzelne_auswahl_deutsch() -> None:
    terminal, gezeichnet = _terminal([a.ENTER, a.LEER + a.ENTER])
    assert terminal.mehrfach("Stärken", WAHLEN) == []
    assert terminal.mehrfach("Stärken", WAHLEN) == ["schule"]
    assert terminal.ausgabe == ["? Stärken keine Auswahl\n", "? Stärken Schulische Qualifikation\n"]
    _ohne_englisch(gezeichnet.getvalue() + "".join(terminal.ausgabe))


def test_einwand_steht_unter_der_frage_und_die_auswahl_bleibt() -> None:
    # Enter without a choice: the reason, then the same question again.
    terminal, gezeichnet = _terminal([a.ENTER + a.LEER + a.ENTER])
    assert terminal.mehrfach("Strategien", WAHLEN, mindestens=1) == ["schule"]
    assert terminal.ausgabe == [
        "  ✗ Bitte mindestens 1 auswählen.\n",
        "? Strategien Schulische Qualifikation\n",
    ]
    _ohne_englisch(gezeichnet.getvalue())


def test_abgelehnte_texteingabe_bleibt_zum_korrigieren_stehen() -> None:
    terminal, _ = _terminal(["x\r" + "\x08" + "42\r"])
    antwort = terminal.text(
        "Mitglieder", pruefen=lambda e: e.isdigit() or "Bitte eine ganze Zahl angeben."
    )
    assert antwort == "42"  # "x" kept, backspace removed it
    assert terminal.ausgabe == ["  ✗ Bitte eine ganze Zahl angeben.\n"]


def test_auswahl_ohne_englische_anleitung() -> None:
    terminal, gezeichnet = _terminal([a.RUNTER * 3 + a.ENTER, "Beruf" + a.ENTER])
    assert terminal.auswahl("Welcher?", WAHLEN) == "lang"
    assert terminal.auswahl("Welcher?", WAHLEN, suche=True) == "beruf"
    bild = gezeichnet.getvalue()
    assert "(Pfeiltasten)" in bild and "(Pfeiltasten, Tippen filtert)" in bild
    _ohne_englisch(bild)


FRAGE = (
    "Strategien für „Vermittlungsrelevante gesundheitliche Einschränkungen“ – welche helfen bei "
    "diesem Handlungsbedarf?"
)


def _schirm(gezeichnet: io.StringIO) -> list[str]:
    """The lines an 80×24 terminal shows after this output."""
    schirm = pyte.Screen(80, 24)
    pyte.Stream(schirm).feed(gezeichnet.getvalue())
    return [z.rstrip() for z in schirm.display if z.strip()]


@pytest.mark.parametrize("art", ["text", "suche"])
def test_lange_frage_wird_an_wortgrenzen_umbrochen(art: str) -> None:
    terminal, gezeichnet = _terminal([""])
    terminal.geduld = 0.5  # the prompt stays open: its drawing is what the screen shows
    with pytest.raises(EOFError):
        if art == "text":
            terminal.text(FRAGE)
        else:
            terminal.auswahl(FRAGE, WAHLEN, suche=True)
    erste, zweite, *_ = _schirm(gezeichnet)
    assert erste == "? Strategien für „Vermittlungsrelevante gesundheitliche Einschränkungen“ –"
    assert zweite.startswith("  welche helfen bei diesem Handlungsbedarf?")
    if art == "suche":  # the instruction whole, on the question's last line
        assert zweite == "  welche helfen bei diesem Handlungsbedarf? " + ANWEISUNG_SUCHE


def test_anweisung_beginnt_notfalls_eine_eigene_zeile() -> None:
    frage = "Welche Strategie passt zu diesem Bedarf? " + "x" * 30
    terminal, gezeichnet = _terminal([""])
    terminal.geduld = 0.5
    with pytest.raises(EOFError):
        terminal.auswahl(frage, WAHLEN, suche=True)
    erste, zweite, *_ = _schirm(gezeichnet)
    assert erste == "? " + frage
    assert zweite == "  " + ANWEISUNG_SUCHE


def test_mehrzeiliger_text_mit_alt_eingabe() -> None:
    terminal, gezeichnet = _terminal(["Zeile eins" + "\x1b\r" + "Zeile zwei\r"])
    antwort = terminal.text("Beratungsvermerk", mehrzeilig=True)
    assert antwort == "Zeile eins\nZeile zwei"
    assert "(Alt+Eingabe oder Esc, Eingabe: neue Zeile)" in gezeichnet.getvalue()
    _ohne_englisch(gezeichnet.getvalue())


def test_vermerk_im_assistenten_ist_mehrzeilig() -> None:
    from vier_phasen_cli.wizard.fragen import Befrager

    terminal = Terminal(tasten=["Besprochen:" + "\x1b\r" + "- Bewerbungen\r", "Kurz\x1b\r"])
    b = Befrager({}, terminal, date(2026, 11, 23))
    assert b.text("gespraech.vermerk", "Beratungsvermerk") == "Besprochen:\n- Bewerbungen"
    # a single-line field gets no line break: Alt+Enter finishes it like Enter
    assert b.text("ziel.beschreibung", "Beschreibung") == "Kurz"
    assert "Alt+Eingabe" not in terminal.gefragt[-1]


@pytest.mark.parametrize("art", ["mehrfach", "auswahl", "suche", "text"])
def test_strg_d_beendet_jede_frage(art: str) -> None:
    # Ctrl-D, then Enter: had Ctrl-D been ignored, Enter would answer the question.
    terminal, _ = _terminal(["\x04" + a.ENTER])
    with pytest.raises(EOFError):
        if art == "mehrfach":
            terminal.mehrfach("Stärken", WAHLEN)
        elif art == "text":
            terminal.text("Name")
        else:
            terminal.auswahl("Welcher?", WAHLEN, suche=art == "suche")


def test_lange_wahl_wird_umbrochen_statt_abgeschnitten() -> None:
    terminal, gezeichnet = _terminal([a.ENTER])
    terminal.mehrfach("Handlungsbedarfe", WAHLEN)
    bild = gezeichnet.getvalue()
    for wort in ("Intellektuelle", "Leistungsfähigkeit", "hinausgeht"):
        assert wort in bild
    # On screen the first line follows " » ○ " (5 columns): every line fits into 80.
    erste, *weitere = umbrochen(LANG, 80 - 5 - 1, 5).splitlines()
    assert len(weitere) == 2
    assert len(erste) + 5 < 80 and all(len(z) < 80 for z in weitere)
    assert all(z.startswith("     ") and not z.startswith("      ") for z in weitere)
    zeilen = [erste, *weitere]
    assert " ".join(z.strip() for z in zeilen) == LANG


# --- on a real pseudo terminal of 80 columns ---------------------------------------------------


class _Bildschirm:
    """What a terminal of 80×24 columns shows (pyte); it answers prompt_toolkit's question for
    the cursor position, so the prompts lay themselves out as on a real terminal."""

    def __init__(self, kind: pexpect.spawn) -> None:
        bildschirm = self

        class Antwortend(pyte.Screen):  # type: ignore[misc]
            def write_process_input(self, data: str) -> None:
                bildschirm.kind.send(data)

        self.kind = kind
        self.screen = Antwortend(80, 24)
        self.strom = pyte.Stream(self.screen)
        self.roh: list[str] = []

    def write(self, text: str) -> None:  # pexpect's logfile_read
        self.roh.append(text)
        self.strom.feed(text)

    def flush(self) -> None:
        pass

    def zeilen(self) -> list[str]:
        return [z.rstrip() for z in self.screen.display]


def _starte_80(ablage: Path, *args: str) -> tuple[pexpect.spawn, _Bildschirm]:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    umgebung = {**os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm"}
    umgebung.pop("PROMPT_TOOLKIT_NO_CPR", None)  # answered by the screen, as a terminal does
    kind = pexpect.spawn(
        programm, ["--ablage", str(ablage), *args], env=umgebung, encoding="utf-8", timeout=20,
        dimensions=(24, 80),
    )  # fmt: skip
    bild = _Bildschirm(kind)
    kind.logfile_read = bild
    return kind, bild


def _fragen(ablage: Path, tasten: list[str]) -> list[str]:
    """The questions an in-process run asks with these keystrokes (until they run out)."""
    terminal = Terminal(tasten=list(tasten))
    with pytest.raises(EOFError):
        starte(
            a.ERSTGESPRAECH_ASSISTENT, oeffne_ablage(ablage), lade_kataloge(), "NEU-1",
            datum=date(2026, 10, 1), antworten={}, terminal=terminal,
        )  # fmt: skip
    return terminal.gefragt


@pytest.mark.slow
def test_assistent_im_terminal_mit_80_spalten(demo: Path, tmp_path: Path) -> None:
    drei_bedarfe = a.LEER + a.RUNTER + a.LEER + a.RUNTER + a.LEER + a.ENTER
    bis_bedarfe = a.STAMMDATEN + a.POTENZIALANALYSE[:7]
    bis_strategien = [*bis_bedarfe, drei_bedarfe, *[a.ENTER] * 5, *a.ZIEL]
    probe = tmp_path / "probe"
    shutil.copytree(demo, probe)
    fragen = _fragen(probe, [*bis_strategien, a.ENTER + a.LEER + a.ENTER])
    kind, bild = _starte_80(demo, "erstgespraech", "NEU-1", "--datum", "01.10.2026")
    for frage, tasten in zip(fragen, bis_bedarfe, strict=False):
        kind.expect(re.escape(frage[:30]))
        kind.send(tasten)

    # The checkbox: a long need is wrapped, not cut at column 80.
    kind.expect("Finanzielle Situation")
    schirm = bild.zeilen()
    assert "   ○ Vermittlungsrelevante gesundheitliche Einschränkungen / Intellektuelle" in schirm
    assert "     Leistungsfähigkeit" in schirm
    kind.send(drei_bedarfe)
    kind.expect("Berufliche Qualifikation, Berufserfahrung")  # the answer, before "Notiz zu"
    text = " ".join(bild.zeilen())
    assert (
        "? Handlungsbedarfe, die einer Integration im Weg stehen (3.1.2) Schulische "
        "Qualifikation, Berufliche Qualifikation, Berufserfahrung"
    ) in text

    for frage, tasten in zip(
        fragen[len(bis_bedarfe) + 1 :], bis_strategien[len(bis_bedarfe) + 1 :], strict=False
    ):
        kind.expect(re.escape(frage[:30]))
        kind.send(tasten)
    kind.expect("Strategien für „Schulische Qualifikation“")
    kind.expect("Leertaste wählt")
    kind.send(a.ENTER)  # nothing chosen: refused, right under the question
    kind.expect("Bitte mindestens 1 auswählen.")
    kind.expect("Leertaste wählt")  # asked again
    schirm = bild.zeilen()
    zeile = next(i for i, z in enumerate(schirm) if "✗ Bitte mindestens 1 auswählen." in z)
    assert schirm[zeile + 1].startswith("? Strategien für „Schulische Qualifikation“")
    kind.send(a.LEER + a.ENTER)
    kind.expect(re.escape(fragen[len(bis_strategien) + 1][:30]))
    kind.sendintr()
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 130
    _ohne_englisch("".join(bild.roh))
