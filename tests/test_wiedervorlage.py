"""``wiedervorlage``: add, mark done and list a case's own reminders; their deadline kind."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import icalendar
from ruamel.yaml import YAML

from vier_phasen_cli.render.tabelle import zellbreite
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import wiedervorlage
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER, RUNTER
from .conftest import Aufruf, dateistand

FALL = "911A100001"  # active, no Wiedervorlagen yet
GESCHLOSSEN = "911A100011"
BOESE = "=cmd|' /C calc'!A0 \\e[31mrot\\x9b Ende"
"""A hand-written text (YAML escapes): a spreadsheet formula, ESC and a C1 CSI."""


def _datei(ablage: Path, fall_id: str = FALL) -> Path:
    return ablage / "cases" / f"{fall_id}.yaml"


def _daten(ablage: Path, fall_id: str = FALL) -> dict:  # type: ignore[type-arg]
    return YAML(typ="safe").load(_datei(ablage, fall_id).read_text("utf-8"))  # type: ignore[no-any-return]


def _neu(vp: Aufruf, ablage: Path, am: str, text: str, fall_id: str = FALL) -> None:
    e = vp("--ablage", ablage, "wiedervorlage", fall_id, "--am", am, "--text", text)
    assert e.exit_code == 0, e.stderr


def _hand(ablage: Path, eintraege: str, fall_id: str = FALL) -> None:
    """Write a ``wiedervorlagen:`` section by hand, before ``gespraeche:``."""
    pfad = _datei(ablage, fall_id)
    text = pfad.read_text("utf-8")
    pfad.write_text(text.replace("gespraeche:\n", f"wiedervorlagen:\n{eintraege}gespraeche:\n", 1))


# --- adding ---------------------------------------------------------------------------------


def test_neue_wiedervorlage_aus_skript(vp: Aufruf, demo: Path) -> None:
    vorher = _datei(demo).read_text("utf-8")
    e = vp(
        "--ablage", demo, "wiedervorlage", FALL, "--am", "01.12.2026",
        "--text", "Rückruf wegen Kita-Platz",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert e.stdout == ""
    assert "gespeichert" not in e.stderr  # no terminal: a save is not confirmed
    assert _daten(demo)["wiedervorlagen"] == [
        {"nr": 1, "am": date(2026, 12, 1), "text": "Rückruf wegen Kita-Platz", "erledigt": None}
    ]
    nachher = _datei(demo).read_text("utf-8")
    # a new section in SPEC order (before gespraeche); everything else byte for byte
    neu = "wiedervorlagen:\n  - nr: 1\n    am: 2026-12-01\n    text: Rückruf wegen Kita-Platz\n"
    assert nachher == vorher.replace("gespraeche:\n", neu + "    erledigt: null\ngespraeche:\n", 1)


def test_relative_datumsangabe_und_json(vp: Aufruf, demo: Path) -> None:
    e = vp(
        "--ablage", demo, "wiedervorlage", FALL, "--am", "+7", "--text", "Nachfassen", "-f", "json"
    )
    assert e.exit_code == 0, e.stderr
    assert json.loads(e.stdout)["wiedervorlagen"] == [
        {"nr": 1, "am": "2026-11-30", "text": "Nachfassen", "erledigt": None}
    ]


def test_nummern_bleiben_nach_zwei_neuen_und_einer_erledigten(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    _neu(vp, demo, "03.12.2026", "Zweite")
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1", "--datum", "24.11.2026")
    assert e.exit_code == 0, e.stderr
    _neu(vp, demo, "05.12.2026", "Dritte")
    assert [(w["nr"], w["text"], w["erledigt"]) for w in _daten(demo)["wiedervorlagen"]] == [
        (1, "Erste", date(2026, 11, 24)),
        (2, "Zweite", None),
        (3, "Dritte", None),
    ]
    # done ones are left out of the list unless --alle
    offen = json.loads(vp("--ablage", demo, "wiedervorlage", FALL, "-f", "json").stdout)
    assert [w["nr"] for w in offen["wiedervorlagen"]] == [2, 3]
    alle = json.loads(vp("--ablage", demo, "wiedervorlage", FALL, "--alle", "-f", "json").stdout)
    assert alle == {
        "fall": FALL,
        "wiedervorlagen": [
            {"nr": 1, "am": "2026-12-01", "text": "Erste", "erledigt": "2026-11-24"},
            {"nr": 2, "am": "2026-12-03", "text": "Zweite", "erledigt": None},
            {"nr": 3, "am": "2026-12-05", "text": "Dritte", "erledigt": None},
        ],
    }


def test_erledigt_ohne_datum_ist_heute(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1")
    assert e.exit_code == 0, e.stderr
    assert _daten(demo)["wiedervorlagen"][0]["erledigt"] == date(2026, 11, 23)


def test_hand_geschriebene_ohne_nr_zaehlen_nach_position(vp: Aufruf, demo: Path) -> None:
    _hand(
        demo,
        "  - {am: 2026-11-20, text: Erste, erledigt: null}\n"
        "  - {am: 2026-11-25, text: Zweite, erledigt: null}\n",
    )
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "2")
    assert e.exit_code == 0, e.stderr
    assert [(w["nr"], w["erledigt"]) for w in _daten(demo)["wiedervorlagen"]] == [
        (1, None),
        (2, date(2026, 11, 23)),
    ]


def test_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    neu = tmp_path / "neu.yaml"
    neu.write_text("am: 2026-12-10\ntext: Unterlagen Umschulung prüfen\n", encoding="utf-8")
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--antworten", neu)
    assert e.exit_code == 0, e.stderr
    fertig = tmp_path / "fertig.json"
    fertig.write_text('{"erledigt": 1}', encoding="utf-8")
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--antworten", fertig, "--datum", "01.12.2026")
    assert e.exit_code == 0, e.stderr
    assert _daten(demo)["wiedervorlagen"] == [
        {
            "nr": 1,
            "am": date(2026, 12, 10),
            "text": "Unterlagen Umschulung prüfen",
            "erledigt": date(2026, 12, 1),
        }
    ]


# --- refusals (exit 2, nothing changed) -----------------------------------------------------


def test_fehlende_angaben_ohne_terminal(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--text", "Nur ein Text")
    assert e.exit_code == 2
    assert "Antworten fehlen oder passen nicht (1)\n  fehlt: am (Wiedervorlage am)" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--am", "01.12.2026")
    assert e.exit_code == 2
    assert "  fehlt: text (Text der Wiedervorlage)" in e.stderr
    # the hint points to what this command has (its options), not to an answers schema
    assert "vier-phasen wiedervorlage --help" in e.stderr and "--schema" not in e.stderr
    assert dateistand(demo) == vorher


def test_ungueltige_angaben(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--am", "31.02.2027", "--text", "x")
    assert e.exit_code == 2 and "ungültig: am:" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--am", "01.01.9999", "--text", "x")
    assert e.exit_code == 2 and "ungültig: am:" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--am", "heute", "--text", "a\x1b[31mb")
    assert e.exit_code == 2
    assert "ungültig: text: enthält Steuerzeichen" in e.stderr and "\x1b" not in e.stderr
    falsch = tmp_path / "falsch.yaml"
    falsch.write_text("am: 2026-12-10\ntext: x\nnotiz: y\n", encoding="utf-8")
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--antworten", falsch)
    assert e.exit_code == 2 and "falsch.yaml" in e.stderr and "notiz" in e.stderr
    assert dateistand(demo) == vorher


def test_erledigt_unbekannt_oder_schon_erledigt(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    _neu(vp, demo, "03.12.2026", "Zweite")
    _neu(vp, demo, "05.12.2026", "Dritte")
    assert vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "2").exit_code == 0
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "7")
    assert e.exit_code == 2
    assert "Fehler: Wiedervorlage 7 gibt es in Fall 911A100001 nicht; offen: 1, 3" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "2")
    assert e.exit_code == 2
    assert "Wiedervorlage 2 ist schon erledigt (am 23.11.2026); offen: 1, 3" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "0")
    assert e.exit_code == 2 and "Wiedervorlage 0 gibt es" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "eins")
    assert e.exit_code == 2
    assert dateistand(demo) == vorher


def test_erledigt_ohne_offene(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1")
    assert e.exit_code == 2
    assert "Wiedervorlage 1 gibt es in Fall 911A100001 nicht; offen: keine" in e.stderr


def test_optionen_die_nicht_zusammenpassen(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--am", "02.12.2026", "--erledigt", "1")
    assert e.exit_code == 2
    assert "neue Wiedervorlage (--am, --text) und eine erledigte (--erledigt)" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--datum", "heute")
    assert e.exit_code == 2 and "--datum gilt nur mit --erledigt NR" in e.stderr
    e = vp(
        "--ablage",
        demo,
        "wiedervorlage",
        FALL,
        "--am",
        "heute",
        "--text",
        "x",
        "--datum",
        "1.12.2026",
    )
    assert e.exit_code == 2 and "der Tag einer neuen Wiedervorlage ist --am" in e.stderr
    e = vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1", "--alle")
    assert e.exit_code == 2 and "--alle gilt nur für die Liste" in e.stderr
    assert dateistand(demo) == vorher


def test_abgeschlossener_fall_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "wiedervorlage", GESCHLOSSEN, "--am", "01.12.2026", "--text", "x")
    assert e.exit_code == 2
    assert "ist abgeschlossen seit 15.10.2026; Wiedervorlage ist nicht möglich" in e.stderr
    assert f"Wieder öffnen: vier-phasen wiederaufnahme {GESCHLOSSEN}" in e.stderr
    assert dateistand(demo) == vorher


def test_abgeschlossener_fall_hat_keine_faelligen_wiedervorlagen(vp: Aufruf, demo: Path) -> None:
    _hand(demo, "  - {am: 2026-11-20, text: Nachfragen, erledigt: null}\n", GESCHLOSSEN)
    daten = json.loads(
        vp("--ablage", demo, "faellig", "--alle", "--art", "wiedervorlage", "-f", "json").stdout
    )
    assert daten["eintraege"] == []
    # its list still shows them
    e = vp("--ablage", demo, "wiedervorlage", GESCHLOSSEN)
    assert e.exit_code == 0 and "Nachfragen" in e.stdout


def test_unbekannter_fall(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "wiedervorlage", "GIBTSNICHT")
    assert e.exit_code == 2 and "Fall „GIBTSNICHT“ gibt es nicht" in e.stderr


# --- on a terminal --------------------------------------------------------------------------


def _starte(demo: Path, antworten: dict, terminal: Terminal) -> None:  # type: ignore[type-arg]
    gespeichert = starte(
        wiedervorlage.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), FALL,
        datum=date(2026, 11, 23), antworten=antworten, terminal=terminal,
    )  # fmt: skip
    assert gespeichert is not None and terminal.tasten == []


def test_im_terminal_wird_das_datum_erfragt(demo: Path) -> None:
    terminal = Terminal(tasten=["01.12.2026\r", ENTER])
    _starte(demo, {"text": "Rückruf Bildungsträger"}, terminal)
    assert terminal.gefragt[0] == "Wiedervorlage am (TT.MM.JJJJ, heute, +14)"
    assert "+ Wiedervorlage 1: 01.12.2026 Rückruf Bildungsträger" in "\n".join(terminal.ausgabe)
    assert _daten(demo)["wiedervorlagen"][0]["am"] == date(2026, 12, 1)


def test_im_terminal_wird_der_text_erfragt(demo: Path) -> None:
    terminal = Terminal(tasten=["Rückruf Bildungsträger\r", ENTER])
    _starte(demo, {"am": "+7"}, terminal)
    assert terminal.gefragt[0] == "Text der Wiedervorlage"
    assert _daten(demo)["wiedervorlagen"] == [
        {"nr": 1, "am": date(2026, 11, 30), "text": "Rückruf Bildungsträger", "erledigt": None}
    ]


def test_im_terminal_wird_eine_falsche_nummer_aus_den_offenen_gewaehlt(
    vp: Aufruf, demo: Path
) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    _neu(vp, demo, "03.12.2026", "Zweite")
    terminal = Terminal(tasten=[RUNTER + ENTER, ENTER])
    _starte(demo, {"erledigt": 9}, terminal)
    assert "Wiedervorlage 9 gibt es in Fall 911A100001 nicht; offen: 1, 2" in terminal.ausgabe[0]
    assert [w["erledigt"] for w in _daten(demo)["wiedervorlagen"]] == [None, date(2026, 11, 23)]


def test_im_terminal_sind_die_offenen_nach_datum_geordnet(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "04.12.2026", "Später")
    _neu(vp, demo, "02.12.2026", "Früher")
    terminal, gezeichnet = _terminal_80([ENTER, ENTER])
    _starte(demo, {"erledigt": 9}, terminal)
    bild = gezeichnet.getvalue()
    assert bild.index("2: 02.12.2026 Früher") < bild.index("1: 04.12.2026 Später")
    # the first offered (the earliest) is the one marked done; its number stays its own
    assert [w["erledigt"] for w in _daten(demo)["wiedervorlagen"]] == [None, date(2026, 11, 23)]


def _terminal_80(tasten: list[str]) -> tuple[Terminal, io.StringIO]:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    gezeichnet = io.StringIO()
    bildschirm = Vt100_Output(gezeichnet, lambda: Size(rows=24, columns=80), term="xterm")
    return Terminal(tasten=tasten, breite=80, bildschirm=bildschirm), gezeichnet


# --- the list ---------------------------------------------------------------------------------


def test_liste_als_tabelle_mit_feindlichem_text(vp: Aufruf, demo: Path) -> None:
    _hand(
        demo,
        "  - {nr: 4, am: 2026-11-20, text: Erledigtes, erledigt: 2026-11-21}\n"
        f'  - {{nr: 5, am: 2026-11-20, text: "{BOESE}", erledigt: null}}\n'
        "  - {nr: 6, am: 2026-12-01, text: Sehr langer Text über den Stand der Bewerbungen bei"
        " drei Arbeitgebern der Region und die nächsten Schritte, erledigt: null}\n",
    )
    e = vp("--ablage", demo, "wiedervorlage", FALL)
    assert e.exit_code == 0, e.stderr
    assert e.stdout.splitlines() == [
        "Nr  Am          Status      Text",
        "─" * 80,
        "5   20.11.2026  überfällig  =cmd|' /C calc'!A0 \\x1b[31mrot\\x9b Ende",
        "6   01.12.2026  offen       Sehr langer Text über den Stand der Bewerbungen bei",
        "                            drei Arbeitgebern der Region und die nächsten",
        "                            Schritte",
    ]
    assert all(zellbreite(z) <= 80 for z in e.stdout.splitlines())
    alle = vp("--ablage", demo, "wiedervorlage", FALL, "--alle").stdout.splitlines()
    assert alle[2] == "4   20.11.2026  erledigt 21.11.2026  Erledigtes"
    daten = json.loads(vp("--ablage", demo, "wiedervorlage", FALL, "-f", "json").stdout)
    assert daten["wiedervorlagen"][0]["text"] == "=cmd|' /C calc'!A0 \x1b[31mrot\x9b Ende"


def test_liste_in_eine_datei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    ziel = tmp_path / "wv.json"
    e = vp("--ablage", demo, "wiedervorlage", FALL, "-f", "json", "-o", ziel)
    assert e.exit_code == 0 and e.stdout == ""
    assert json.loads(ziel.read_text("utf-8"))["wiedervorlagen"][0]["text"] == "Erste"


def test_leere_liste(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "wiedervorlage", FALL)
    assert (e.exit_code, e.stdout) == (0, "")
    assert e.stderr == "Fall 911A100001: keine offenen Wiedervorlagen.\n"
    _neu(vp, demo, "01.12.2026", "Erste")
    assert vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1").exit_code == 0
    e = vp("--ablage", demo, "wiedervorlage", FALL)
    assert e.stderr == "Fall 911A100001: keine offenen Wiedervorlagen (1 erledigte zeigt --alle).\n"
    leer = json.loads(vp("--ablage", demo, "wiedervorlage", FALL, "-f", "json").stdout)
    assert leer == {"fall": FALL, "wiedervorlagen": []}


# --- in the due report --------------------------------------------------------------------------


def test_faellig_zeigt_wiedervorlagen_mit_status(vp: Aufruf, demo: Path) -> None:
    _hand(
        demo,
        f'  - {{nr: 3, am: 2026-11-20, text: "{BOESE}", erledigt: null}}\n'
        "  - {nr: 4, am: 2026-11-25, text: Erledigt, erledigt: 2026-11-22}\n"
        "  - {nr: 7, am: 2026-11-26, text: Kita-Platz nachfragen, erledigt: null}\n",
    )
    art = ("--ablage", demo, "faellig", "--art", "wiedervorlage")
    daten = json.loads(vp(*art, "-f", "json").stdout)
    assert [(e["faellig_am"], e["status"], e["tage"]) for e in daten["eintraege"]] == [
        ("2026-11-20", "ueberfaellig", -3),
        ("2026-11-26", "faellig", 3),
    ]
    zweiter = daten["eintraege"][1]
    assert (zweiter["art"], zweiter["text"], zweiter["fundstelle"]) == (
        "wiedervorlage",
        "Wiedervorlage: Kita-Platz nachfragen",
        "",
    )
    tabelle = vp(*art).stdout
    assert "    Wiedervorlage: Kita-Platz nachfragen\n" in tabelle  # no [Fundstelle]
    assert "\x1b" not in tabelle and "\x9b" not in tabelle
    assert "Wiedervorlage: =cmd|' /C calc'!A0 \\x1b[31mrot\\x9b Ende" in tabelle
    zeilen = list(
        csv.DictReader(io.StringIO(vp(*art, "-f", "csv").stdout.lstrip("\ufeff")), delimiter=";")
    )
    assert [z["art"] for z in zeilen] == ["wiedervorlage", "wiedervorlage"]
    # a cell never starts with a formula character, whatever the case file holds
    assert zeilen[0]["text"] == "Wiedervorlage: =cmd|' /C calc'!A0 \\x1b[31mrot\\x9b Ende"
    assert zeilen[0]["fundstelle"] == ""
    markdown = vp(*art, "-f", "markdown").stdout
    assert "| Wiedervorlage: Kita-Platz nachfragen | – |" in markdown


def test_ics_uid_je_nummer(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    _neu(vp, demo, "03.12.2026", "Zweite")
    assert vp("--ablage", demo, "wiedervorlage", FALL, "--erledigt", "1").exit_code == 0
    ics = vp("--ablage", demo, "faellig", "--art", "wiedervorlage", "-f", "ics").stdout
    kalender = icalendar.Calendar.from_ical(ics)
    ereignisse = list(kalender.walk("VEVENT"))
    assert [str(e["uid"]) for e in ereignisse] == [
        "911A100001-wiedervorlage-2-wiedervorlage@vier-phasen"
    ]
    assert "Integrationskonzept" not in str(ereignisse[0]["description"])
    # a third one does not change the second one's UID
    _neu(vp, demo, "02.12.2026", "Dritte")
    ics = vp("--ablage", demo, "faellig", "--art", "wiedervorlage", "-f", "ics").stdout
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]
    assert uids == [
        "911A100001-wiedervorlage-3-wiedervorlage@vier-phasen",
        "911A100001-wiedervorlage-2-wiedervorlage@vier-phasen",
    ]


def test_unbekannte_art_nennt_wiedervorlage(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "faellig", "--art", "wiedervorlagen")
    assert e.exit_code == 2
    assert "potenzialanalyse-nachholen, wiedervorlage." in e.stderr


def test_im_terminal_bleibt_ueberarbeiten_beim_erledigen(vp: Aufruf, demo: Path) -> None:
    _neu(vp, demo, "01.12.2026", "Erste")
    _neu(vp, demo, "03.12.2026", "Zweite")
    # a wrong number: choose 1, revise the step, choose 2 instead, save
    terminal = Terminal(tasten=[ENTER, RUNTER + ENTER, RUNTER + ENTER, ENTER])
    _starte(demo, {"erledigt": 9}, terminal)
    assert terminal.gefragt.count("Welche Wiedervorlage ist erledigt?") == 2
    assert [w["erledigt"] for w in _daten(demo)["wiedervorlagen"]] == [None, date(2026, 11, 23)]
