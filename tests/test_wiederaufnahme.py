"""``wiederaufnahme``, and the refusal of a closed case by every other write command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import wiederaufnahme
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER
from .conftest import Aufruf, dateistand

GESCHLOSSEN = "911A100011"  # closed on 15.10.2026 after Arbeitsaufnahme


def _daten(ablage: Path, fall_id: str) -> dict:
    return YAML(typ="safe").load((ablage / "cases" / f"{fall_id}.yaml").read_text("utf-8"))


def test_wiederaufnahme_aus_skript(vp: Aufruf, demo: Path) -> None:
    vorher = (demo / "cases" / f"{GESCHLOSSEN}.yaml").read_text("utf-8")
    e = vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN, "--notiz", "Kündigung in der Probezeit")
    assert e.exit_code == 0, e.stderr
    assert "gespeichert" not in e.stderr  # no terminal: a save is not confirmed
    fall = _daten(demo, GESCHLOSSEN)
    assert fall["status"] == "aktiv" and fall["abschluss"] is None
    assert fall["abschluss_historie"] == [
        {
            "datum": date(2026, 10, 15),
            "grund": "arbeitsaufnahme",
            "notiz": "Unbefristete Vollzeitstelle in der Auftragsabwicklung",
            "wiederaufgenommen": date(2026, 11, 23),
            "wiederaufnahme_notiz": "Kündigung in der Probezeit",
        }
    ]
    nachher = (demo / "cases" / f"{GESCHLOSSEN}.yaml").read_text("utf-8")
    # everything before the status line and the comment at the top stay as they were
    assert nachher.splitlines()[:3] == vorher.splitlines()[:3]
    assert nachher.split("status:")[0] == vorher.split("status:")[0]
    # reopened, the case is due again in the report
    faellig = json.loads(vp("--ablage", demo, "faellig", "--alle", "--format", "json").stdout)
    assert GESCHLOSSEN in {e["fall"] for e in faellig["eintraege"]}


def test_wiederaufnahme_json_gibt_den_gespeicherten_fall(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN, "--format", "json")
    assert e.exit_code == 0, e.stderr
    daten = json.loads(e.stdout)
    assert daten["status"] == "aktiv" and daten["abschluss_historie"][0]["grund"] == (
        "arbeitsaufnahme"
    )


def test_wiederaufnahme_im_terminal(demo: Path) -> None:
    terminal = Terminal(tasten=["Neue Beratung gewünscht\r", ENTER])
    gespeichert = starte(
        wiederaufnahme.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), GESCHLOSSEN,
        datum=date(2026, 11, 30), antworten={}, terminal=terminal,
    )  # fmt: skip
    assert gespeichert is not None and terminal.tasten == []
    text = "\n".join(terminal.ausgabe)
    assert "~ status: abgeschlossen → aktiv" in text
    assert "wiederaufnahme_notiz: Neue Beratung gewünscht" in " ".join(text.split())  # wrapped
    eintrag = _daten(demo, GESCHLOSSEN)["abschluss_historie"][0]
    assert eintrag["wiederaufgenommen"] == date(2026, 11, 30)


def test_wiederaufnahme_eines_aktiven_falls_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiederaufnahme", "911A100001")
    assert e.exit_code == 2
    assert "911A100001.yaml: Fall „911A100001“ ist nicht abgeschlossen" in e.stderr
    assert dateistand(demo) == vorher


def test_wiederaufnahme_vor_dem_abschluss_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN, "--datum", "01.10.2026")
    assert e.exit_code == 2
    assert "kann nicht vor dem Abschluss am 15.10.2026 liegen" in e.stderr
    assert dateistand(demo) == vorher


def test_abgeschlossener_fall_wird_nicht_geaendert(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorher = dateistand(demo)
    antworten = tmp_path / "a.yaml"
    antworten.write_text("gespraech: {vermerk: Telefonat}\n", encoding="utf-8")
    for befehl in ("folgegespraech", "erstgespraech"):
        e = vp("--ablage", demo, befehl, GESCHLOSSEN, "--antworten", antworten)
        assert e.exit_code == 2, befehl
        assert "ist abgeschlossen seit 15.10.2026" in e.stderr
        assert f"Wieder öffnen: vier-phasen wiederaufnahme {GESCHLOSSEN}" in e.stderr
    assert dateistand(demo) == vorher


def test_wiederaufnahme_in_der_zukunft_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN, "--datum", "+5")
    assert e.exit_code == 2
    assert "Eine Wiederaufnahme am 28.11.2026 liegt in der Zukunft" in e.stderr
    assert dateistand(demo) == vorher
