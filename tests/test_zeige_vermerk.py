"""`zeige` shows each conversation with its Beratungsvermerk, safely."""

from __future__ import annotations

from pathlib import Path

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
