"""Messages on stderr wrapped by the tool at word boundaries – on a terminal only.

At 80 columns a terminal would break a long message mid-word ("in e / inem", "01. /
12.2026"); ``melde`` and ``melde_fehler`` wrap it themselves. Piped, in cron mails and in
logs a message stays one line (scripts and tests compare whole lines)."""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pexpect
import pytest

from vier_phasen_cli.cli.ausgabe import umbrochen

from .conftest import HEUTE, Aufruf

FALL = "911A100001"
FARBE = re.compile(r"\x1b\[[0-9;]*m")


def _fremde_sperre(ablage: Path) -> None:
    ordner = ablage / ".vier-phasen" / "sperren"
    ordner.mkdir(parents=True, exist_ok=True)
    seit = datetime.now(UTC).replace(microsecond=0).isoformat()
    (ordner / f"{FALL}.lock").write_text(f"4242@anderer-rechner\n{seit}\nmschmidt\n", "ascii")


def _im_terminal(ordner: Path, *args: str, spalten: int = 80) -> list[str]:
    """The lines the program writes to a terminal ``spalten`` wide (colour codes removed)."""
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    umgebung = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    umgebung |= {"VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm", "NO_COLOR": "1"}
    kind = pexpect.spawn(
        programm, list(args), env=umgebung, cwd=str(ordner), encoding="utf-8", timeout=30,
        dimensions=(40, spalten),
    )  # fmt: skip
    kind.expect(pexpect.EOF)
    kind.close()
    return [FARBE.sub("", z) for z in (kind.before or "").replace("\r\n", "\n").splitlines()]


def _ganz(zeilen: list[str]) -> str:
    return " ".join(z.strip() for z in zeilen)


@pytest.mark.slow
def test_sperrfehler_im_terminal_an_wortgrenzen_umbrochen(vp: Aufruf, demo: Path) -> None:
    _fremde_sperre(demo)
    befehl = ("stammdaten", FALL, "--fachkraft", "K. Zwei")
    am_stueck = vp("--ablage", demo, *befehl).stderr.splitlines()  # not a terminal: whole lines
    assert len(am_stueck) == 2 and len(am_stueck[0]) > 80 and len(am_stueck[1]) > 80
    zeilen = _im_terminal(demo, *befehl)
    assert all(len(z) <= 80 for z in zeilen), zeilen
    assert zeilen[0].startswith(f"Fehler: .vier-phasen/sperren/{FALL}.lock: Fall „{FALL}“")
    hinweis = next(i for i, z in enumerate(zeilen) if z.startswith("Bitte"))
    assert all(z.startswith("  ") for z in zeilen[1:hinweis] + zeilen[hinweis + 1 :])
    # broken only where a space was: put back together, the lines are the message
    assert _ganz(zeilen[:hinweis]) == am_stueck[0].replace(f"{demo}/", "")
    assert _ganz(zeilen[hinweis:]) == am_stueck[1]


@pytest.mark.slow
def test_meldungen_im_terminal_umbrochen(tmp_path: Path) -> None:
    zeilen = _im_terminal(tmp_path, "init", "ablage", spalten=60)
    assert all(len(z) <= 60 for z in zeilen), zeilen
    hinweis = next(i for i, z in enumerate(zeilen) if z.startswith("Hinweis:"))
    ende = next(i for i, z in enumerate(zeilen) if z.startswith("Nächster Schritt:"))
    assert _ganz(zeilen[hinweis:ende]) == (
        "Hinweis: Die Dienststelle ist noch leer. Bitte in ablage/vier-phasen.toml unter "
        "[dienststelle] name und anschrift eintragen: sie stehen auf "
        "Eingliederungsvereinbarung und Kooperationsplan."
    )


@pytest.mark.slow
def test_terminal_ohne_breite_bricht_nicht_schmal_um(demo: Path) -> None:
    """A terminal that reports 0 columns (``script``, a serial console) does not know its
    width: each message stays one line for the terminal to wrap, never 20 columns narrow."""
    zeilen = _im_terminal(demo, "--ablage", str(demo), "zeige", "NICHTDA", spalten=0)
    assert zeilen == [
        "Fehler: cases/NICHTDA.yaml: Fall „NICHTDA“ gibt es nicht",
        "Alle Fälle zeigt „vier-phasen liste“; einen neuen legt „vier-phasen neu“ an.",
    ]


def test_ohne_terminal_bleibt_jede_meldung_eine_zeile(vp: Aufruf, demo: Path) -> None:
    _fremde_sperre(demo)
    ergebnis = vp("--ablage", demo, "stammdaten", FALL, "--fachkraft", "K. Zwei",
                  env={"COLUMNS": "40"})  # fmt: skip
    zeilen = ergebnis.stderr.splitlines()
    assert len(zeilen) == 2
    assert zeilen[0].endswith("gesperrt von 4242@anderer-rechner)")


def test_ein_langer_pfad_bleibt_ganz() -> None:
    pfad = "/srv/team/" + "sehr-langer-ordnername/" * 4 + "datei.yaml"
    assert umbrochen(f"Fehler: {pfad}: Datei fehlt", 40, fest=len(f"Fehler: {pfad}:")) == [
        f"Fehler: {pfad}:",
        "  Datei fehlt",
    ]


def test_ort_mit_leerzeichen_bleibt_zusammen() -> None:
    zeile = "Fehler: Meine Ablage/cases/X.yaml:3: Datum gibt es nicht"
    teile = umbrochen(zeile, 30, fest=len("Fehler: Meine Ablage/cases/X.yaml:3:"))
    assert teile == ["Fehler: Meine Ablage/cases/X.yaml:3:", "  Datum gibt es nicht"]


def test_eingerueckte_zeile_rueckt_weiter_ein() -> None:
    assert umbrochen("  angelegt: eins zwei drei vier", 16) == [
        "  angelegt: eins",
        "    zwei drei",
        "    vier",
    ]
    assert umbrochen("kurz genug", 20) == ["kurz genug"]
    assert umbrochen("x" * 50, None) == ["x" * 50]
