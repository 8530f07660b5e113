"""``stammdaten``: master data changes, the ``wechsel`` log, and what a change of Rechtskreis
retires (SPEC §10, §16)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.fristen import fristen
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import stammdaten
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER, HOCH, RUNTER
from .conftest import Aufruf, dateistand
from .fallbau import demo_daten

SGB3 = "911A100001"  # Sabine Krüger: SGB III, EinV of 01.10.2026, comments in the file
SGB2 = "911A100004"  # Katarina Nowak: SGB II, Bedarfsgemeinschaft, Kooperationsplan
GESCHLOSSEN = "911A100011"


def _text(ablage: Path, fall_id: str) -> str:
    return (ablage / "cases" / f"{fall_id}.yaml").read_text("utf-8")


def _daten(ablage: Path, fall_id: str) -> Any:
    return YAML(typ="safe").load(_text(ablage, fall_id))


def _faellig(vp: Aufruf, ablage: Path, fall_id: str, art: str) -> list[dict[str, Any]]:
    e = vp("--ablage", ablage, "faellig", "--alle", "--format", "json")
    assert e.exit_code == 0, e.stderr
    return [
        x for x in json.loads(e.stdout)["eintraege"] if x["fall"] == fall_id and x["art"] == art
    ]


# --- a change of Rechtskreis ----------------------------------------------------------------


def test_sgb3_nach_sgb2_vereinbarung_in_die_historie(vp: Aufruf, demo: Path) -> None:
    vorher = _text(demo, SGB3)
    alte_vereinbarung = _daten(demo, SGB3)["vereinbarung"]
    e = vp(
        "--ablage", demo, "stammdaten", SGB3, "--rechtskreis", "sgb2", "--datum", "20.11.2026",
        "--notiz", "ALG-Anspruch erschöpft, Bürgergeld bewilligt",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert "gespeichert" not in e.stderr  # no terminal: a save is not confirmed
    fall = _daten(demo, SGB3)
    assert fall["rechtskreis"] == "SGB II"
    assert fall["vereinbarung"] is None
    assert fall["vereinbarung_historie"] == [alte_vereinbarung]
    assert "unterstuetzungsbedarf" not in fall
    assert fall["wechsel"] == [
        {
            "datum": date(2026, 11, 20),
            "feld": "rechtskreis",
            "von": "SGB III",
            "nach": "SGB II",
            "notiz": "ALG-Anspruch erschöpft, Bürgergeld bewilligt",
            "entfernt": {"unterstuetzungsbedarf": "gering"},
        }
    ]
    nachher = _text(demo, SGB3)
    # what the change does not touch stays byte for byte, comments included
    assert nachher.startswith(vorher[: vorher.index("rechtskreis:")])
    for von, bis in (
        ("fachkraft:", "unterstuetzungsbedarf:"),
        ("ziel:", "vereinbarung:"),
        ("termine:", "nachhaltigkeit:"),
    ):
        assert vorher[vorher.index(von) : vorher.index(bis)] in nachher
    assert nachher.endswith(vorher[vorher.index("nachhaltigkeit:") :])
    assert "# abgehakt, folgt die nächste zum nächsten Monatsende" in nachher  # moved along
    # the Kooperationsplan is due from the day of the change
    (frist,) = _faellig(vp, demo, SGB3, "vereinbarung-abschliessen")
    assert frist["faellig_am"] == "2026-11-20" and frist["status"] == "ueberfaellig"
    assert frist["text"] == "Kooperationsplan erstellen (nach dem Rechtskreiswechsel)"
    assert frist["rechtskreis"] == "SGB II"


def test_sgb2_nach_sgb3_bedarfsgemeinschaft_und_aufstocker_entfernt(vp: Aufruf, demo: Path) -> None:
    e = vp(
        "--ablage", demo, "stammdaten", SGB2, "--rechtskreis", "SGB III", "--datum",
        "2026-11-23", "--format", "json",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert json.loads(e.stdout)["rechtskreis"] == "SGB III"  # the case as saved
    fall = _daten(demo, SGB2)
    assert "bedarfsgemeinschaft" not in fall and "aufstocker" not in fall
    assert fall["vereinbarung"] is None
    assert fall["vereinbarung_historie"][-1]["art"] == "kooperationsplan"
    (wechsel,) = fall["wechsel"]
    assert wechsel["von"] == "SGB II" and wechsel["nach"] == "SGB III"
    assert wechsel["entfernt"] == {
        "bedarfsgemeinschaft": {
            "mitglieder": 3,
            "gemeinsame_gespraeche": False,
            "einwilligung_aller": False,
        },
        "aufstocker": False,
    }
    (frist,) = _faellig(vp, demo, SGB2, "vereinbarung-abschliessen")
    assert frist["faellig_am"] == "2026-11-23"
    assert frist["text"] == "Eingliederungsvereinbarung abschließen (nach dem Rechtskreiswechsel)"
    assert _faellig(vp, demo, SGB2, "vereinbarung-ueberpruefen") == []  # retired with it


def test_neu_im_sgb2_als_aufstocker_kein_kooperationsplan(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "stammdaten", SGB3, "--rechtskreis", "SGB II", "--aufstocker")
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, SGB3)
    assert fall["aufstocker"] is True
    assert [(w["feld"], w["von"], w["nach"]) for w in fall["wechsel"]] == [
        ("rechtskreis", "SGB III", "SGB II"),
        ("aufstocker", False, True),
    ]
    assert _faellig(vp, demo, SGB3, "vereinbarung-abschliessen") == []  # 3.4.2


# --- the due date of the new agreement (pure domain) ---------------------------------------


def _wechsel(fall_id: str, tag: date, **felder: Any) -> Fall:
    daten = demo_daten(fall_id)
    for k, v in felder.items():
        daten[k] = v
    daten["wechsel"] = [{"datum": tag, "feld": "rechtskreis", "von": "SGB III", "nach": "SGB II"}]
    return Fall.model_validate(daten)


def test_vereinbarung_faellig_am_wechsel_nicht_vor_der_potenzialanalyse() -> None:
    k = lade_kataloge()

    def am(fall: Fall) -> date:
        (frist,) = [f for f in fristen(fall, k) if f.art == "vereinbarung-abschliessen"]
        return frist.faellig_am

    # 911A100004: SGB II, Potenzialanalyse 05.06.2026; its Kooperationsplan retired
    assert am(_wechsel(SGB2, date(2026, 11, 2), vereinbarung=None)) == date(2026, 11, 2)
    vorher = _wechsel(SGB2, date(2026, 6, 1), vereinbarung=None)  # before the PA
    assert am(vorher) == date(2026, 6, 5)
    # a later change of another field does not move it
    fall = _wechsel(SGB2, date(2026, 11, 2), vereinbarung=None)
    fall.wechsel.append(fall.wechsel[0].model_copy(update={"feld": "fachkraft"}))
    fall.wechsel[-1].datum = date(2026, 11, 20)
    assert am(fall) == date(2026, 11, 2)
    # SGB III: the discretion of 3.4.1 Fn. 5 (marktnah, first months) still applies
    assert am(_wechsel("911A100013", date(2026, 11, 2))) == date(2027, 1, 20)


# --- other fields --------------------------------------------------------------------------


def test_fachkraft_und_reha_werden_protokolliert(vp: Aufruf, demo: Path) -> None:
    e = vp(
        "--ablage", demo, "stammdaten", SGB3, "--fachkraft", "A. Wagner", "--reha",
        "--notiz", "Reha-Antrag bewilligt",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, SGB3)
    assert fall["fachkraft"] == "A. Wagner" and fall["reha"] is True
    assert fall["wechsel"] == [
        {
            "datum": date(2026, 11, 23),
            "feld": "fachkraft",
            "von": "M. Schmidt",
            "nach": "A. Wagner",
            "notiz": "Reha-Antrag bewilligt",
        },
        {
            "datum": date(2026, 11, 23),
            "feld": "reha",
            "von": False,
            "nach": True,
            "notiz": "Reha-Antrag bewilligt",
        },
    ]
    assert fall["vereinbarung"]["art"] == "eingliederungsvereinbarung"  # stays


def test_name_und_daten_gespeichert_aber_nicht_protokolliert(vp: Aufruf, demo: Path) -> None:
    vorher = _text(demo, SGB3)
    e = vp(
        "--ablage", demo, "stammdaten", SGB3, "--name", "Sabine Krüger-Wolf",
        "--geburtsdatum", "15.03.1988", "--arbeitslos-seit", "", "--keine-ausbildungsvermittlung",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, SGB3)
    assert fall["kunde"] == {"name": "Sabine Krüger-Wolf", "geburtsdatum": date(1988, 3, 15)}
    assert fall["arbeitslos_seit"] is None  # an empty date clears it
    assert "wechsel" not in fall
    geaendert = {"  name:", "  geburtsdatum:", "arbeitslos_seit:"}
    unveraendert = [z for z in vorher.splitlines() if not z.startswith(tuple(geaendert))]
    assert [z for z in _text(demo, SGB3).splitlines() if not z.startswith(tuple(geaendert))] == (
        unveraendert
    )


def test_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = tmp_path / "a.yaml"
    antworten.write_text(
        "kunde: {name: Sabine Krüger-Wolf}\nrechtskreis: SGB II\naufstocker: false\n"
        "notiz: Bürgergeld ab 01.12.\n",
        encoding="utf-8",
    )
    e = vp(
        "--ablage", demo, "stammdaten", SGB3, "--antworten", antworten, "--fachkraft", "T. Becker"
    )
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, SGB3)
    assert fall["kunde"]["name"] == "Sabine Krüger-Wolf"
    assert [(w["feld"], w["nach"], w["notiz"]) for w in fall["wechsel"]] == [
        ("rechtskreis", "SGB II", "Bürgergeld ab 01.12."),
        ("fachkraft", "T. Becker", "Bürgergeld ab 01.12."),
    ]


def test_unbekannter_schluessel_in_der_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorher = dateistand(demo)
    antworten = tmp_path / "a.yaml"
    antworten.write_text("rechtskreis: SGB II\nziel: {option: x}\n", encoding="utf-8")
    e = vp("--ablage", demo, "stammdaten", SGB3, "--antworten", antworten)
    assert e.exit_code == 2
    assert "a.yaml" in e.stderr and "ziel" in e.stderr
    assert "--schema" not in e.stderr  # a change command has none: the hint names --help
    assert dateistand(demo) == vorher


# --- nothing changes -------------------------------------------------------------------------


def test_keine_aenderung_schreibt_nichts(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp(
        "--ablage", demo, "stammdaten", SGB3, "--rechtskreis", "3", "--fachkraft", "M. Schmidt",
        "--keine-reha", "--notiz", "nur geprüft",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert e.stderr == ""  # no terminal: "Keine Änderung" only on one
    assert dateistand(demo) == vorher


@pytest.mark.parametrize(
    ("args", "meldung"),
    [
        ((GESCHLOSSEN, "--fachkraft", "A. Wagner"), "ist abgeschlossen seit 15.10.2026"),
        ((SGB3, "--rechtskreis", "SGB IV"), "Ungültiger Wert für --rechtskreis: „SGB IV“ ist kein"),
        ((SGB3, "--aufstocker"), "aufstocker: gilt nur im SGB II"),
        ((SGB2, "--rechtskreis", "SGB III", "--aufstocker"), "aufstocker: gilt nur im SGB II"),
        ((SGB3, "--name", "\x1b[31mRot"), "ungültig: kunde.name: enthält Steuerzeichen"),
        ((SGB3, "--fachkraft", "A.\x9bWagner"), "ungültig: fachkraft: enthält Steuerzeichen"),
        ((SGB3, "--reha", "--notiz", "a\x1b]8;;x\x07"), "ungültig: notiz: enthält Steuerzeichen"),
        ((SGB3, "--name", " "), "fehlt: kunde.name"),
        ((SGB3, "--geburtsdatum", "31.02.1988"), "ungültig: kunde.geburtsdatum:"),
        ((SGB3,), "fehlt: was sich ändert (--rechtskreis, --fachkraft"),
        (("GIBTESNICHT", "--reha"), "Fall „GIBTESNICHT“ gibt es nicht"),
    ],
)
def test_abgelehnt_ohne_aenderung(
    vp: Aufruf, demo: Path, args: tuple[str, ...], meldung: str
) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "stammdaten", *args)
    assert e.exit_code == 2
    assert meldung in e.stderr
    assert "Traceback" not in e.stderr and "\x1b" not in e.stderr and "\x9b" not in e.stderr
    assert dateistand(demo) == vorher


# --- on a terminal -------------------------------------------------------------------------


def _im_terminal(demo: Path, fall_id: str, tasten: list[str]) -> tuple[Any, Terminal]:
    terminal = Terminal(tasten=tasten)
    gespeichert = starte(
        stammdaten.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), fall_id,
        datum=date(2026, 11, 23), antworten={}, terminal=terminal,
    )  # fmt: skip
    assert terminal.tasten == []
    return gespeichert, terminal


def test_terminal_menue_rechtskreis(demo: Path) -> None:
    gespeichert, terminal = _im_terminal(
        demo,
        SGB3,
        [
            ENTER,  # Was ändert sich? Rechtskreis (the first)
            RUNTER + ENTER,  # SGB III (current) → SGB II
            ENTER,  # Aufstockend? nein
            ENTER,  # Was ändert sich? Fertig (now the default)
            "Bürgergeld bewilligt\r",  # Notiz
            ENTER,  # Speichern
        ],
    )
    assert gespeichert is not None and gespeichert.geaendert
    assert terminal.gefragt[:2] == ["Was ändert sich?", "Rechtskreis"]
    text = "\n".join(terminal.ausgabe)
    assert "~ rechtskreis: SGB III → SGB II" in text
    assert "- unterstuetzungsbedarf: gering" in text
    (wechsel,) = _daten(demo, SGB3)["wechsel"]
    assert wechsel["notiz"] == "Bürgergeld bewilligt"
    assert wechsel["entfernt"] == {"unterstuetzungsbedarf": "gering"}


def test_terminal_menue_fachkraft_mit_aktuellem_wert(demo: Path) -> None:
    gespeichert, terminal = _im_terminal(
        demo,
        SGB3,
        [
            RUNTER + ENTER,  # Fachkraft: M. Schmidt
            "\x15A. Wagner\r",  # the current name is the default: clear it, type the new one
            ENTER,  # Fertig
            ENTER,  # Notiz: none
            ENTER,  # Speichern
        ],
    )
    assert gespeichert is not None
    assert terminal.gefragt[1:3] == ["Zuständige Fachkraft", "Was ändert sich?"]
    (wechsel,) = _daten(demo, SGB3)["wechsel"]
    assert (wechsel["von"], wechsel["nach"]) == ("M. Schmidt", "A. Wagner")
    assert "notiz" not in wechsel


def test_terminal_name_ohne_notiz(demo: Path) -> None:
    gespeichert, terminal = _im_terminal(
        demo,
        SGB3,
        [
            HOCH + HOCH + HOCH + ENTER,  # Name (third from the end)
            "\x15Sabine Wolf\r",
            ENTER,  # Fertig; no Notiz: nothing is logged
            ENTER,  # Speichern
        ],
    )
    assert gespeichert is not None
    assert "Notiz zur Änderung (optional)" not in terminal.gefragt
    fall = _daten(demo, SGB3)
    assert fall["kunde"]["name"] == "Sabine Wolf" and "wechsel" not in fall


def test_terminal_fertig_ohne_aenderung(demo: Path) -> None:
    vorher = dateistand(demo)
    gespeichert, terminal = _im_terminal(demo, SGB3, [HOCH + ENTER])  # Fertig (the last)
    assert gespeichert is not None and not gespeichert.geaendert
    assert terminal.gefragt == ["Was ändert sich?"]  # no Notiz, no summary
    assert dateistand(demo) == vorher


def test_terminal_mit_optionen_fragt_nichts(demo: Path) -> None:
    terminal = Terminal(tasten=[])
    gespeichert = starte(
        stammdaten.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), SGB2,
        datum=date(2026, 11, 23), antworten={"fachkraft": "L. Hartmann"}, terminal=terminal,
    )  # fmt: skip
    assert gespeichert is not None and terminal.gefragt == []
    assert _daten(demo, SGB2)["fachkraft"] == "L. Hartmann"


def test_terminal_unterbrochen_und_fortgesetzt(demo: Path) -> None:
    vorher = dateistand(demo)
    with pytest.raises(KeyboardInterrupt):
        _im_terminal(demo, SGB3, [ENTER, RUNTER + ENTER, "\x03"])  # Ctrl-C at "Aufstockend?"
    assert {k: v for k, v in dateistand(demo).items() if "entwuerfe" not in k} == vorher
    gespeichert, terminal = _im_terminal(
        demo,
        SGB3,
        [
            ENTER,  # Entwurf fortsetzen: ja – Rechtskreis SGB II is replayed
            ENTER,  # Aufstockend? nein
            ENTER,  # Fertig
            "Bürgergeld bewilligt\r",
            ENTER,  # Speichern
        ],
    )
    assert gespeichert is not None
    # named, not declined ("eines Stammdatenänderungs"); one answer is one "Antwort"
    assert terminal.gefragt[0] == (
        f"Für Fall {SGB3} gibt es einen Entwurf („Stammdatenänderung“), für die Änderung zum "
        "23.11.2026 (2 Antworten). Fortsetzen? (Nein verwirft ihn)"
    )
    assert terminal.gefragt[1:] == [
        "Aufstockend (Arbeitslosengeld und Bürgergeld)?",
        "Was ändert sich?",
        "Notiz zur Änderung (optional)",
        "Wie weiter?",
    ]
    (wechsel,) = _daten(demo, SGB3)["wechsel"]
    assert (wechsel["nach"], wechsel["notiz"]) == ("SGB II", "Bürgergeld bewilligt")
    assert not list((demo / ".vier-phasen").rglob("*stammdaten*"))  # the draft is gone


class _MerktMenue(Terminal):
    """A terminal that keeps the titles of every menu it shows."""

    menues: list[list[str]]

    def auswahl(self, frage: str, wahlen: Any, **kw: Any) -> Any:
        self.menues = [*getattr(self, "menues", []), [w.titel for w in wahlen]]
        return super().auswahl(frage, wahlen, **kw)


def test_menue_zeigt_steuerzeichen_aus_der_datei_maskiert(demo: Path) -> None:
    pfad = demo / "cases" / f"{SGB3}.yaml"
    text = pfad.read_text("utf-8").replace("name: Sabine Krüger", 'name: "Sabine\\e[31m Krüger"')
    pfad.write_text(text, encoding="utf-8")
    terminal = _MerktMenue(tasten=[HOCH + HOCH + HOCH + ENTER, "Sabine Krüger\r", ENTER, ENTER])
    gespeichert = starte(
        stammdaten.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), SGB3,
        datum=date(2026, 11, 23), antworten={}, terminal=terminal,
    )  # fmt: skip
    assert gespeichert is not None and terminal.tasten == []
    assert "Name: Sabine\\x1b[31m Krüger" in terminal.menues[0]
    assert not any("\x1b" in t for menue in terminal.menues for t in menue)
    assert _daten(demo, SGB3)["kunde"]["name"] == "Sabine Krüger"


def test_geburtsdatum_in_der_zukunft_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "stammdaten", SGB3, "--geburtsdatum", "01.01.2030")
    assert e.exit_code == 2
    assert "Das Datum darf nicht nach dem 23.11.2026 liegen" in e.stderr
    assert dateistand(demo) == vorher


def test_nach_dem_rechtskreiswechsel_zeigt_zeige_die_fruehere_vereinbarung(
    vp: Aufruf, demo: Path
) -> None:
    assert vp("--ablage", demo, "stammdaten", SGB3, "--rechtskreis", "SGB II").exit_code == 0
    text = " ".join(vp("--ablage", demo, "zeige", SGB3).stdout.replace("│", " ").split())
    assert "noch keine Vereinbarung Frühere Fassungen: Eingliederungsvereinbarung vom" in text
