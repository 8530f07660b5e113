"""The commands as a caseworker and a scripter use them: exact output where it matters."""

from __future__ import annotations

import csv
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Aufruf, dateistand

# --- neu ---------------------------------------------------------------------------------


def test_neu_legt_einen_gueltigen_privaten_fall_an(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp(
        "--ablage", leere_ablage, "neu", "4711A000123", "--name", "Erika Beispiel",
        "--rechtskreis", "sgb3", "--fachkraft", "M. Schmidt", "--arbeitslos-seit", "01.09.2026",
        "--geburtsdatum", "1988-03-14", "--reha",
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ergebnis.stdout == ""
    assert ergebnis.stderr == ""  # no terminal: no confirmation
    datei = leere_ablage / "cases" / "4711A000123.yaml"
    assert stat.S_IMODE(datei.stat().st_mode) == 0o600
    assert datei.read_text(encoding="utf-8") == (
        "# Fall 4711A000123, angelegt am 23.11.2026 mit vier-phasen\n"
        "format: 1\n"
        "id: 4711A000123\n"
        "status: aktiv\n"
        "kunde:\n"
        "  name: Erika Beispiel\n"
        "  geburtsdatum: 1988-03-14\n"
        "rechtskreis: SGB III\n"
        "fachkraft: M. Schmidt\n"
        "reha: true\n"
        "ausbildungsvermittlung: false\n"
        "arbeitslos_seit: 2026-09-01\n"
        "termine:\n"
        "  folgegespraech: null\n"
        "gespraeche: []\n"
    )
    zeige = vp("--ablage", leere_ablage, "zeige", "4711A000123", "--format", "json")
    assert json.loads(zeige.stdout)["arbeitslos_seit"] == "2026-09-01"


def test_neu_sgb2_mit_aufstocker_und_relativem_datum(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp(
        "--ablage", leere_ablage, "neu", "A-2", "--name", "Dieter Lange", "--rechtskreis",
        "SGB II", "--fachkraft", "T. Becker", "--aufstocker", "--arbeitslos-seit", "-7",
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    text = (leere_ablage / "cases" / "A-2.yaml").read_text(encoding="utf-8")
    assert "aufstocker: true\n" in text and "arbeitslos_seit: 2026-11-16\n" in text


def test_neu_ohne_terminal_nennt_alle_fehlenden_optionen(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp("--ablage", leere_ablage, "neu", "X1", "--name", "Nina Neu")
    assert ergebnis.exit_code == 2
    assert (
        ergebnis.stderr.splitlines()[0] == "Fehler: Es fehlen Angaben: --rechtskreis, --fachkraft"
    )
    assert list((leere_ablage / "cases").iterdir()) == []


def test_neu_nimmt_die_fachkraft_aus_den_einstellungen(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "neu", "X1", "--name", "Nina Neu", "--rechtskreis", "SGB III")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert "fachkraft: M. Schmidt\n" in (demo / "cases" / "X1.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "wert", "meldung"),
    [
        (
            "--rechtskreis",
            "SGB IV",
            "Ungültiger Wert für --rechtskreis: „SGB IV“ ist kein Rechtskreis.",
        ),
        (
            "--arbeitslos-seit",
            "31.02.2026",
            "Ungültiger Wert für --arbeitslos-seit: Den 31.02.2026 gibt es nicht.",
        ),
        (
            "--geburtsdatum",
            "gestern",
            "Ungültiger Wert für --geburtsdatum: „gestern“ ist kein Datum.",
        ),
    ],
)
def test_neu_falsche_werte(
    vp: Aufruf, leere_ablage: Path, option: str, wert: str, meldung: str
) -> None:
    args = ["--name", "N", "--rechtskreis", "SGB III", "--fachkraft", "F"]
    i = args.index(option) if option in args else None
    if i is not None:
        args[i + 1] = wert
    else:
        args += [option, wert]
    ergebnis = vp("--ablage", leere_ablage, "neu", "X1", *args)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(f"Fehler: {meldung}")
    assert list((leere_ablage / "cases").iterdir()) == []


def test_neu_geburtsdatum_nicht_in_der_zukunft(vp: Aufruf, leere_ablage: Path) -> None:
    args = ["--name", "N", "--rechtskreis", "SGB III", "--fachkraft", "F"]
    ergebnis = vp("--ablage", leere_ablage, "neu", "X1", *args, "--geburtsdatum", "+1")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        "Fehler: Ungültige Angaben: --geburtsdatum: Das Datum darf nicht nach dem 23.11.2026 "
        "liegen.\nEs wurde nichts angelegt.\n"
    )
    assert list((leere_ablage / "cases").iterdir()) == []
    # today is no birth date of a customer either (age 0)
    ergebnis = vp("--ablage", leere_ablage, "neu", "X1", *args, "--geburtsdatum", "heute")
    assert ergebnis.exit_code == 2
    assert "wäre die Person 0 Jahre alt (mindestens 14)" in ergebnis.stderr
    ergebnis = vp("--ablage", leere_ablage, "neu", "X1", *args, "--geburtsdatum", "14.03.1988")
    assert ergebnis.exit_code == 0, ergebnis.stderr


def test_neu_aufstocker_nur_im_sgb2(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp(
        "--ablage", leere_ablage, "neu", "X1", "--name", "N", "--rechtskreis", "SGB III",
        "--fachkraft", "F", "--aufstocker",
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert "--aufstocker gilt nur im SGB II" in ergebnis.stderr


def test_neu_vorhandener_fall_bleibt_unveraendert(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    ergebnis = vp(
        "--ablage", demo, "neu", "911A100001", "--name", "N", "--rechtskreis", "SGB III",
        "--fachkraft", "F",
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert "Fall „911A100001“ gibt es schon" in ergebnis.stderr
    assert dateistand(demo) == vorher


def test_neu_ohne_faelle_ordner(vp: Aufruf, tmp_path: Path) -> None:
    ergebnis = vp(
        "--ablage", tmp_path, "neu", "X1", "--name", "N", "--rechtskreis", "2", "--fachkraft", "F"
    )
    assert ergebnis.exit_code == 2
    assert "Kein Ordner cases/ in der Ablage" in ergebnis.stderr
    assert "vier-phasen init" in ergebnis.stderr


# --- zeige -------------------------------------------------------------------------------


def test_zeige_text_zeigt_die_vier_phasen(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "zeige", "911A100001")
    assert ergebnis.exit_code == 0
    text = ergebnis.stdout
    reihenfolge = [
        "Fall 911A100001 · Sabine Krüger",
        "Phase 1 · Potenzialanalyse (3.1)",
        "Phase 2 · Ziel (3.2)",
        "Phase 3 · Strategien (3.3)",
        "Phase 4 · Umsetzen und Nachhalten (3.4)",
        "Gespräche und Beratungsvermerke (Abschnitt 3)",
    ]
    positionen = [text.index(t) for t in reihenfolge]
    assert positionen == sorted(positionen)
    # Codes are shown as their catalog Bezeichnung.
    for bezeichnung in (
        "Örtliche Mobilität",
        "Aufnahme Beschäftigung 1. Arbeitsmarkt lokal",
        "Mobilität erhöhen",
        "Eingliederungsvereinbarung",
        "Marktnah",
    ):
        assert bezeichnung in text
    assert "oertliche-mobilitaet" not in text
    assert "\x1b[" not in text  # no colour codes when not on a terminal


def test_zeige_text_schreibt_kundentext_wie_eingegeben(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100012.yaml"
    datei.write_text(
        datei.read_text(encoding="utf-8").replace("Emine Aydın", "'[red]Emine[/] | # x'")
    )
    ergebnis = vp("--ablage", demo, "zeige", "911A100012")
    assert "[red]Emine[/] | # x" in ergebnis.stdout


def test_zeige_yaml_ist_die_datei(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "zeige", "911A100004", "--format", "yaml")
    assert ergebnis.stdout == (demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8")


def test_zeige_yaml_maskiert_was_yaml_roh_erlaubt(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    text = datei.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    datei.write_text(
        text.replace(name, "Eva\u202eavE\u0085x", 1) + "# Kommentar \u2066isoliert\n",
        encoding="utf-8",
    )
    ergebnis = vp("--ablage", demo, "zeige", "911A100004", "--format", "yaml")
    assert ergebnis.exit_code == 0
    assert "name: Eva\\u202eavE\\x85x\n" in ergebnis.stdout
    assert ergebnis.stdout.endswith("# Kommentar \\u2066isoliert\n")
    assert not any(z in ergebnis.stdout for z in "\u202e\u0085\u2066")


def test_zeige_json_mit_iso_daten(vp: Aufruf, demo: Path) -> None:
    daten = json.loads(vp("--ablage", demo, "zeige", "911A100004", "-f", "json").stdout)
    assert daten["id"] == "911A100004"
    assert daten["vereinbarung"]["datum"] == "2026-06-05"
    assert daten["bedarfsgemeinschaft"] == {
        "mitglieder": 3, "gemeinsame_gespraeche": False, "einwilligung_aller": False,
    }  # fmt: skip
    assert daten["potenzialanalyse"]["handlungsbedarfe"][0]["code"] == "betreuungsverhaeltnisse"


def test_zeige_in_datei_schreibt_privat(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "fall.json"
    ergebnis = vp("--ablage", demo, "zeige", "911A100004", "-f", "json", "-o", ziel)
    assert ergebnis.exit_code == 0 and ergebnis.stdout == ""
    assert stat.S_IMODE(ziel.stat().st_mode) == 0o600
    assert json.loads(ziel.read_text(encoding="utf-8"))["id"] == "911A100004"


# --- liste -------------------------------------------------------------------------------


def test_liste_tabelle(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 0
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[0].split() == [
        "Fall",
        "Name",
        "SGB",
        "Fachkraft",
        "Phase",
        "Prognose",
        "Folgegespr.",
    ]
    ids = [z.split()[0] for z in zeilen[2:] if z[:1].isdigit()]
    assert ids == [f"911A1000{n:02d}" for n in range(1, 15)]
    assert ergebnis.stderr == "14 Fälle.\n"


def test_liste_filter(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp(
        "--ablage", demo, "liste", "--fachkraft", "t. becker", "--rechtskreis", "SGB II",
        "--status", "aktiv", "-f", "csv",
    )  # fmt: skip
    zeilen = list(
        csv.DictReader(io.StringIO(ergebnis.stdout.removeprefix("\ufeff")), delimiter=";")
    )
    assert [z["fall"] for z in zeilen] == ["911A100004", "911A100005", "911A100010"]
    assert vp("--ablage", demo, "liste", "--status", "abgeschlossen").stderr == "1 Fall (von 14).\n"


def test_liste_json(vp: Aufruf, demo: Path) -> None:
    daten = json.loads(vp("--ablage", demo, "liste", "--format", "json").stdout)
    assert daten["fehler"] == []
    assert len(daten["faelle"]) == 14
    assert daten["faelle"][10]["abschluss"] == {
        "datum": "2026-10-15", "grund": "arbeitsaufnahme",
        "notiz": "Unbefristete Vollzeitstelle in der Auftragsabwicklung",
        "reha_traeger_beendet": None, "wiederaufgenommen": None, "wiederaufnahme_notiz": None,
    }  # fmt: skip


def test_liste_csv(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "liste.csv"
    vp("--ablage", demo, "liste", "--format", "csv", "-o", ziel)
    zeilen = ziel.read_bytes().decode("utf-8-sig").split("\r\n")
    assert zeilen[0] == (
        "fall;name;rechtskreis;fachkraft;status;phase;integrationsprognose;zieloption;folgegespraech"
    )
    assert zeilen[1] == (
        "911A100001;Sabine Krüger;SGB III;M. Schmidt;aktiv;4;marktnah;"
        "beschaeftigung-lokal;2026-12-08"
    )
    assert ziel.read_bytes().startswith(b"\xef\xbb\xbf")


def test_liste_mit_kaputter_datei_meldet_json_fehler(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: [\n")
    ergebnis = vp("--ablage", demo, "liste", "--format", "json")
    assert ergebnis.exit_code == 2
    daten = json.loads(ergebnis.stdout)
    assert len(daten["faelle"]) == 14
    assert daten["fehler"] == [
        {"datei": "cases/kaputt.yaml", "zeile": 3, "meldung": "Kein gültiges YAML: Syntaxfehler"}
    ]


def test_liste_leere_ablage(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp("--ablage", leere_ablage, "liste")
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, "", "0 Fälle.\n")


# --- katalog -----------------------------------------------------------------------------


def test_katalog_json_form(vp: Aufruf) -> None:
    daten = json.loads(vp("katalog", "handlungsstrategien", "--format", "json").stdout)
    assert list(daten) == ["name", "quelle", "eintraege"]
    assert daten["name"] == "handlungsstrategien"
    assert daten["eintraege"][1] == {
        "code": "berufsausbildung-vorbereiten",
        "bezeichnung": "Berufsausbildung vorbereiten",
        "handlungsbedarf": "berufliche-qualifikation",
        "nur_rechtskreis": None,
        "nur_fuer": ["ausbildungsvermittlung", "reha"],
        "vervollstaendigt_durch": None,
    }


def test_katalog_alle_als_json(vp: Aufruf) -> None:
    daten = json.loads(vp("katalog", "-f", "json").stdout)
    assert [k["name"] for k in daten["kataloge"]][:3] == [
        "zieloptionen",
        "handlungsbedarfe",
        "handlungsstrategien",
    ]


def test_katalog_text(vp: Aufruf) -> None:
    uebersicht = vp("katalog").stdout
    assert "handlungsstrategien" in uebersicht and "30" in uebersicht
    einzeln = vp("katalog", "ausnahmen").stdout
    assert "ende-absehbar" in einzeln and "braucht Datum: Ende der Ausnahme (bis)" in einzeln


@pytest.mark.parametrize(
    ("katalog", "zu_lesen", "code"),
    [
        ("handlungsstrategien", "für Handlungsbedarf: Schulische Qualifikation",
         "schulische-qualifikation"),
        ("handlungsstrategien", "nur für: Ausbildungsvermittlung, Rehabilitation",
         "ausbildungsvermittlung"),
        ("handlungsstrategien", "vervollständigt durch (3.3.3): Absolventenmanagement",
         "absolventenmanagement"),
        ("handlungsbedarfe", "Schlüsselgruppe: Qualifikation", "qualifikation"),
        ("unterstuetzungsbedarfe", "entspricht Prognose: Marktnah", "marktnah"),
        ("ausnahmen", "Potenzialanalyse fällig zum: nächstes Folgegespräch, spätestens nach 6 "
         "Monaten", "folgegespraech-oder-6-monate"),
        ("rechtsstand", "SGB III: Vereinbarung: Eingliederungsvereinbarung, Teilhabeplan",
         "eingliederungsvereinbarung"),
    ],
)  # fmt: skip
def test_katalog_text_nennt_bezeichnungen_json_codes(
    vp: Aufruf, katalog: str, zu_lesen: str, code: str
) -> None:
    """A code another catalog (or the case file) defines reads as its label; JSON keeps it."""
    text = " ".join(vp("katalog", katalog).stdout.split())
    assert zu_lesen in text
    assert f"{zu_lesen.rsplit(': ', 1)[0]}: {code}" not in text
    assert f'"{code}"' in vp("katalog", katalog, "--format", "json").stdout


def test_katalog_unbekannt(vp: Aufruf) -> None:
    ergebnis = vp("katalog", "berufe")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        "Fehler: Unbekannter Katalog „berufe“\nVorhanden: zieloptionen,"
    )


# --- allgemein ---------------------------------------------------------------------------


def test_version(vp: Aufruf) -> None:
    from vier_phasen_cli import __version__

    assert vp("--version").stdout == f"vier-phasen {__version__}\n"


@pytest.mark.parametrize(
    ("args", "meldung"),
    [
        (["zeigen"], "Fehler: Unbekannter Befehl „zeigen“. Meinten Sie „zeige“?"),
        (["liste", "--farbe"], "Fehler: Unbekannte Option --farbe."),
        (
            ["liste", "--format", "xml"],
            "Fehler: Ungültiger Wert „xml“ für --format. Erlaubt: tabelle, json, csv.",
        ),
        (["zeige"], "Fehler: Argument ID fehlt."),
        (["liste", "--fachkraft"], "Fehler: Option --fachkraft braucht einen Wert."),
        (["zeige", "a", "b"], "Fehler: Überzählige Angabe: b"),
    ],
)
def test_bedienfehler_auf_deutsch(vp: Aufruf, args: list[str], meldung: str) -> None:
    ergebnis = vp(*args)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == meldung
    assert ergebnis.stderr.splitlines()[1].startswith("Hilfe: vier-phasen")


def test_hilfe_ist_deutsch(vp: Aufruf) -> None:
    for args in ([], ["--help"], ["neu", "--help"], ["liste", "-h"]):
        text = vp(*args).stdout
        for englisch in (
            "Usage:",
            "Options",
            "Show this message",
            "Commands",
            "default:",
            "required",
        ):
            assert englisch not in text, (args, englisch)
        assert "Aufruf: vier-phasen" in text


def test_python_m_aufruf(demo: Path) -> None:
    ergebnis = subprocess.run(
        [sys.executable, "-m", "vier_phasen_cli", "--ablage", str(demo), "liste", "-f", "csv"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert len(ergebnis.stdout.splitlines()) == 15


def test_interner_fehler_hat_status_3(
    vp: Aufruf, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug is no usage error: exit status 3, a German line, no traceback, nothing changed."""
    from vier_phasen_cli.render import fallansicht

    def kaputt(*_: object) -> None:
        raise RuntimeError("geheime Einzelheit")

    monkeypatch.setattr(fallansicht, "fallansicht", kaputt)
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "zeige", "911A100001")
    assert e.exit_code == 3
    assert e.stderr == (
        "Fehler: Interner Fehler (RuntimeError). Es wurde nichts verändert.\n"
        "Mit VIER_PHASEN_DEBUG=1 erscheinen die technischen Einzelheiten.\n"
    )
    assert dateistand(demo) == vorher
    with pytest.raises(RuntimeError, match="geheime Einzelheit"):  # the details, on request
        vp("--ablage", demo, "zeige", "911A100001", env={"VIER_PHASEN_DEBUG": "1"})
