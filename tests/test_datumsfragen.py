"""Date questions on a terminal: a birth date is a calendar date of a plausible age, a date
typed relative to today is echoed as the day it means, and the next Folgegespräch is
suggested after this conversation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from vier_phasen_cli.wizard import stammfragen
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a

HEUTE = date(2026, 11, 23)


def _befrager(tasten: list[str]) -> tuple[Befrager, Terminal]:
    terminal = Terminal(tasten=list(tasten))
    return Befrager({}, terminal, HEUTE), terminal


def test_geburtsdatum_nennt_keine_relativen_formen() -> None:
    b, terminal = _befrager(["14.03.1988\r"])
    assert stammfragen.geburtsdatum(b) == date(1988, 3, 14)
    assert terminal.gefragt == ["Geburtsdatum (TT.MM.JJJJ, leer: keins)"]
    assert terminal.ausgabe == []


@pytest.mark.parametrize(
    ("eingabe", "grund"),
    [
        ("heute", "Bitte das Geburtsdatum als Kalenderdatum angeben (TT.MM.JJJJ)."),
        ("+14", "Bitte das Geburtsdatum als Kalenderdatum angeben (TT.MM.JJJJ)."),
        ("morgen", "Bitte das Geburtsdatum als Kalenderdatum angeben (TT.MM.JJJJ)."),
        ("1.1.2030", "Das Datum darf nicht nach dem 23.11.2026 liegen."),
        ("24.11.2012", "Mit diesem Geburtsdatum wäre die Person 13 Jahre alt (mindestens 14)."),
        ("22.11.1925", "Mit diesem Geburtsdatum wäre die Person 101 Jahre alt (höchstens 100)."),
    ],
)
def test_unplausibles_geburtsdatum_wird_neu_erfragt(eingabe: str, grund: str) -> None:
    b, terminal = _befrager([f"{eingabe}\r" + a.LOESCHEN + "23.11.2012\r"])
    assert stammfragen.geburtsdatum(b) == date(2012, 11, 23)  # 14 today
    assert terminal.ausgabe == [f"  ✗ {grund}\n"]


def test_unplausibles_geburtsdatum_im_skript(vp, leere_ablage: Path) -> None:  # type: ignore[no-untyped-def]
    e = vp(
        "--ablage", leere_ablage, "neu", "T-1", "--name", "Nina Neumann", "--rechtskreis",
        "SGB III", "--fachkraft", "K. Test", "--geburtsdatum", "01.01.2020",
    )  # fmt: skip
    assert e.exit_code == 2
    assert "Mit diesem Geburtsdatum wäre die Person 6 Jahre alt (mindestens 14)." in e.stderr
    assert list((leere_ablage / "cases").iterdir()) == []


@pytest.mark.parametrize(
    ("eingabe", "echo", "tag"),
    [
        ("+14", "  → 07.12.2026, Montag\n", date(2026, 12, 7)),
        ("morgen", "  → 24.11.2026, Dienstag\n", date(2026, 11, 24)),
        ("übermorgen", "  → 25.11.2026, Mittwoch\n", date(2026, 11, 25)),
        ("heute", "  → 23.11.2026, Montag\n", HEUTE),
    ],
)
def test_relatives_datum_wird_als_tag_bestaetigt(eingabe: str, echo: str, tag: date) -> None:
    b, terminal = _befrager([f"{eingabe}\r"])
    assert b.datum("wiedervorlage.am", "Wiedervorlage am") == tag
    assert terminal.ausgabe == [echo]


def test_kalenderdatum_wird_nicht_wiederholt() -> None:
    b, terminal = _befrager(["07.12.2026\r"])
    assert b.datum("wiedervorlage.am", "Wiedervorlage am") == date(2026, 12, 7)
    assert terminal.ausgabe == []


def test_folgegespraech_schlaegt_den_naechsten_termin_nach_dem_gespraech_vor(demo: Path) -> None:
    # 911A100004: last conversation 22.09.2026, appointment 14.12.2026 (83 days later); the
    # Folgegespräch is held on 14.12.: the appointment itself is not suggested again, but the
    # same interval after this conversation.
    tasten = [a.ENTER if t.endswith("19.01.2027\r") else t for t in a.FOLGEGESPRAECH]
    pfad, terminal = a.folgegespraech(
        demo, "911A100004", [*tasten, *a.SPEICHERN], date(2026, 12, 14)
    )
    assert pfad is not None and terminal.tasten == []
    fall = YAML(typ="safe").load(pfad.read_text(encoding="utf-8"))
    assert fall["termine"]["folgegespraech"] == date(2027, 3, 7)


def test_folgegespraech_ohne_bisherigen_abstand_vier_wochen(demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    text = datei.read_text(encoding="utf-8")
    datei.write_text(text.replace("folgegespraech: 2026-12-14", "folgegespraech: 2027-12-14"))
    tasten = [a.ENTER if t.endswith("19.01.2027\r") else t for t in a.FOLGEGESPRAECH]
    pfad, _ = a.folgegespraech(demo, "911A100004", [*tasten, *a.SPEICHERN], date(2026, 12, 14))
    assert pfad is not None
    fall = YAML(typ="safe").load(pfad.read_text(encoding="utf-8"))
    assert fall["termine"]["folgegespraech"] == date(2027, 1, 11)
