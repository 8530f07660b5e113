"""`zeige` shows each conversation with its Beratungsvermerk, safely, and loses nothing on a
narrow terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import Aufruf


def _zeige(vp: Aufruf, demo: Path, fall_id: str) -> str:
    ergebnis = vp("--ablage", demo, "zeige", fall_id, env={"COLUMNS": "100"})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ergebnis.stdout


def test_zeige_mit_beratungsvermerken(vp: Aufruf, demo: Path) -> None:
    text = _zeige(vp, demo, "911A100004")
    teil = text[text.index("Gespräche und Beratungsvermerke (Abschnitt 3)") :]
    zeilen = [z.strip("│ ").rstrip() for z in teil.splitlines()]
    assert "05.06.2026 · Erstgespräch · persönlich" in zeilen
    assert (
        "Vermerk   Potenzialanalyse und Kooperationsplan gemeinsam erstellt. Betreuung ist der "
        "Engpass;"
    ) in zeilen
    assert "22.09.2026 · Folgegespräch · per Videokommunikation" in zeilen
    assert "Vermerk           Hortplatz ab Januar zugesagt. Praktikum ab Dezember angestrebt." in (
        zeilen
    )
    assert "Abgleich          Anmeldung beim Jugendamt erledigt; Bewerbungen laufen" in zeilen
    # oldest first
    assert teil.index("05.06.2026") < teil.index("22.09.2026")


def test_titel_nennen_abschnitte_statt_zahlen_in_klammern(vp: Aufruf, demo: Path) -> None:
    text = _zeige(vp, demo, "911A100013")
    for titel in (
        "Integrationsprognose (Abschnitt 4)",
        "Unterstützungsbedarf (Abschnitt 5)",
        "Gespräche und Beratungsvermerke (Abschnitt 3)",
    ):
        assert titel in text
    for zahl in ("(3)", "(4)", "(5)"):
        assert zahl not in text


def test_vermerk_mit_steuerzeichen_und_markup_wird_sicher_gezeigt(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    text = datei.read_text(encoding="utf-8")
    datei.write_text(
        text.replace(
            "vermerk: Hortplatz ab Januar zugesagt. Praktikum ab Dezember angestrebt.",
            'vermerk: "\\e[31mRot[/] [red]=1+1\\nZweite Zeile"',
        ),
        encoding="utf-8",
    )
    ausgabe = _zeige(vp, demo, "911A100004")
    assert "\x1b" not in ausgabe
    assert "\\x1b[31mRot[/] [red]=1+1" in ausgabe
    assert "Zweite Zeile" in ausgabe


def test_gespraech_ohne_vermerk(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    text = datei.read_text(encoding="utf-8")
    datei.write_text(
        text.replace(
            "    vermerk: Hortplatz ab Januar zugesagt. Praktikum ab Dezember angestrebt.\n", ""
        ),
        encoding="utf-8",
    )
    assert "Vermerk           kein Vermerk" in _zeige(vp, demo, "911A100004")


def _woerter(text: str) -> list[str]:
    return re.findall(r"[^\s│╭╮╰╯─]+", text)


@pytest.mark.parametrize("breite", [30, 40, 44, 48, 60])
def test_schmales_terminal_verliert_nichts(vp: Aufruf, demo: Path, breite: int) -> None:
    """On a narrow terminal each label stands above its value (none is dropped for want of
    room) and a title too long for the border becomes the section's first line."""
    breit = vp("--ablage", demo, "zeige", "911A100001", env={"COLUMNS": "200"}).stdout
    schmal = vp("--ablage", demo, "zeige", "911A100001", env={"COLUMNS": str(breite)}).stdout
    assert max(len(z) for z in schmal.splitlines()) == breite
    # every word of the wide view is there, whole or folded over lines (only words longer
    # than the room are folded: compare the letters in order)
    assert "".join(_woerter(schmal)) == "".join(_woerter(breit))
    assert "Marktnah" in schmal and "gering" in schmal
    assert "Sabine" in schmal and "Krüger" in schmal


def test_langer_name_steht_ganz_da(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100001.yaml"
    name = "Katarina Alexandra Nowak-Wiśniewska-Hohenzollern von und zu Lagerlogistik"
    datei.write_text(datei.read_text().replace("Sabine Krüger", name))
    ausgabe = vp("--ablage", demo, "zeige", "911A100001", env={"COLUMNS": "60"}).stdout
    assert " ".join(_woerter(ausgabe)).count(name) == 1
    assert ausgabe.splitlines()[0] == "╭" + "─" * 58 + "╮"  # no title in the border
