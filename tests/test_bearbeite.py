"""``bearbeite``: the case file in the caseworker's editor, saved only when sound (SPEC §10, §16).

The editor is always a small script of the test (``EDITOR``), never the machine's: it works
through a list of steps, one per start, and logs the file it was given. Terminal runs go
through a real pseudo terminal (pexpect) with the installed console script; runs without a
terminal through the in-process runner, whose stdin is no terminal.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from vier_phasen_cli.cli.ausgabe import anzeige_pfad

from .conftest import HEUTE, Aufruf, dateistand

FALL = "911A100001"  # SGB III, all four phases, no error-level finding
GESCHLOSSEN = "911A100011"
PFEIL_RUNTER = "\x1b[B"

_EDITOR = """\
import json, pathlib, sys
schritte_datei, protokoll, datei = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
schritte = json.loads(pathlib.Path(schritte_datei).read_text("utf-8"))
schritt = schritte.pop(0)
pathlib.Path(schritte_datei).write_text(json.dumps(schritte), "utf-8")
with protokoll.open("a", encoding="utf-8") as p:
    p.write(str(datei) + "\\n")
for alt, neu in schritt.get("ersetze", []):
    text = datei.read_text("utf-8")
    assert alt in text, alt
    datei.write_text(text.replace(alt, neu, 1), "utf-8")
if "original" in schritt:  # a colleague saves the case file meanwhile
    pfad, zusatz = schritt["original"]
    with open(pfad, "a", encoding="utf-8") as f:
        f.write(zusatz)
if schritt.get("ordner"):  # the copy turned into a folder
    datei.unlink()
    datei.mkdir()
if "sperre" in schritt:  # a colleague's conversation starts meanwhile
    pathlib.Path(schritt["sperre"]).write_text(schritt["inhaber"], "ascii")
if schritt.get("warte"):  # an editor still open: the test presses keys meanwhile
    print("EDITOR OFFEN", flush=True)
    import time
    time.sleep(30)
sys.exit(schritt.get("status", 0))
"""


class Editor:
    """A scripted editor: ``schritte`` are used one per start of the editor."""

    def __init__(self, tmp_path: Path, schritte: list[dict[str, Any]]) -> None:
        ordner = tmp_path / f"editor-{len(list(tmp_path.glob('editor-*')))}"
        ordner.mkdir()
        self.skript = ordner / "editor.py"
        self.skript.write_text(_EDITOR, "utf-8")
        self.schritte = ordner / "schritte.json"
        self.schritte.write_text(json.dumps(schritte), "utf-8")
        self.protokoll = ordner / "editor.log"

    @property
    def befehl(self) -> str:
        """The value of EDITOR: a program with arguments, as people write it."""
        teile = [sys.executable, str(self.skript), str(self.schritte), str(self.protokoll)]
        return shlex.join(teile)

    @property
    def aufrufe(self) -> list[str]:
        if not self.protokoll.exists():
            return []
        return self.protokoll.read_text("utf-8").splitlines()

    @property
    def uebrig(self) -> list[dict[str, Any]]:
        return json.loads(self.schritte.read_text("utf-8"))


def _fall(ablage: Path, fall_id: str = FALL) -> Path:
    return ablage / "cases" / f"{fall_id}.yaml"


def _kopie(ablage: Path, fall_id: str = FALL) -> Path:
    return ablage / ".vier-phasen" / "bearbeiten" / f"{fall_id}.yaml"


def _ersetzt(text: bytes, *paare: tuple[str, str]) -> bytes:
    for alt, neu in paare:
        text = text.replace(alt.encode(), neu.encode(), 1)
    return text


# An edit that a dump would not reproduce: extra spaces, a quoted value, a new comment.
HANDARBEIT = ("fachkraft: M. Schmidt\n", "fachkraft:   'K. Neumann'   # seit 01.12.2026\n")
KAPUTT = ("format: 1\n", "format: [1\n")
HEILE = ("format: [1\n", "format: 1\n")
OHNE_STRATEGIEN = ("strategien:", "strategien_entwurf:")


def _bearbeite(vp: Aufruf, ablage: Path, editor: Editor, *args: str) -> Any:
    return vp("--ablage", ablage, "bearbeite", *args, env={"EDITOR": editor.befehl, "VISUAL": ""})


# --- without a terminal ---------------------------------------------------------------------


def test_gueltige_bearbeitung_wird_byte_genau_gespeichert(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = _fall(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT]}])
    e = _bearbeite(vp, demo, editor, FALL)
    assert e.exit_code == 0, e.stderr
    assert f"Fall {FALL} gespeichert" not in e.stderr  # no terminal: a save is not confirmed
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)
    assert stat.S_IMODE(_fall(demo).stat().st_mode) == 0o600
    # the editor worked on the private copy, which is gone after the save
    assert editor.aufrufe == [str(_kopie(demo))]
    assert stat.S_IMODE(_kopie(demo).parent.stat().st_mode) == 0o700
    assert not _kopie(demo).exists()
    assert list(_kopie(demo).parent.iterdir()) == []


def test_kopie_ist_privat_waehrend_der_editor_laeuft(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    # the editor exits with status 1 without a change: the copy is still there to look at
    sonde = tmp_path / "sonde.py"
    sonde.write_text(
        "import os, stat, sys\n"
        "m = stat.S_IMODE(os.stat(sys.argv[1]).st_mode)\n"
        "open(sys.argv[1] + '.modus', 'w').write(oct(m))\n",
        "utf-8",
    )
    befehl = shlex.join([sys.executable, str(sonde)])
    e = vp("--ablage", demo, "bearbeite", FALL, env={"EDITOR": befehl, "VISUAL": ""})
    assert e.exit_code == 0, e.stderr
    assert e.stderr == ""  # no terminal: nothing to confirm
    modus = _kopie(demo).with_name(f"{FALL}.yaml.modus")
    assert modus.read_text() == "0o600"


def test_unveraendert_schreibt_nichts(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorher = dateistand(demo)
    mtime = _fall(demo).stat().st_mtime_ns
    e = _bearbeite(vp, demo, Editor(tmp_path, [{}]), FALL)
    assert e.exit_code == 0, e.stderr
    assert e.stderr == ""  # no terminal: "Keine Änderung" only on one
    assert _fall(demo).stat().st_mtime_ns == mtime
    nachher = dateistand(demo)
    assert {k: v for k, v in nachher.items() if not k.startswith(".vier-phasen")} == vorher


def _anzeige(ablage: Path, fall_id: str = FALL) -> str:
    return anzeige_pfad(_fall(ablage, fall_id))


@pytest.mark.parametrize(
    ("aenderung", "meldung"),
    [
        (KAPUTT, ":4: Nicht gespeichert: Kein gültiges YAML: Liste in [ … ] ist nicht geschlossen"),
        (("rechtskreis: SGB III", "rechtskreis: SGB IV"), ":9: Nicht gespeichert: rechtskreis:"),
        ((f"id: {FALL}", "id: 911A999999"), ":4: Nicht gespeichert: ID „911A999999“ passt nicht"),
        (("  name: Sabine Krüger\n", ""), "Nicht gespeichert: kunde.name:"),
        (("code: oertliche-mobilitaet", "code: gibt-es-nicht"), "Nicht gespeichert: "),
    ],
    ids=["kein-yaml", "DA002", "DA003", "pflichtangabe", "KA001"],
)
def test_unbrauchbare_bearbeitung_wird_nie_gespeichert(
    vp: Aufruf, demo: Path, tmp_path: Path, aenderung: tuple[str, str], meldung: str
) -> None:
    vorher = _fall(demo).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [aenderung]}]), FALL)
    assert e.exit_code == 2
    kopie = anzeige_pfad(_kopie(demo))
    assert e.stderr.startswith(f"Fehler: {kopie}")
    assert meldung in e.stderr.splitlines()[0]
    assert f"Die Bearbeitung ist als Entwurf erhalten: {kopie}" in e.stderr
    assert _fall(demo).read_bytes() == vorher
    # the edit is kept as the caseworker wrote it
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, aenderung)
    assert stat.S_IMODE(_kopie(demo).stat().st_mode) == 0o600


def test_fehler_in_den_befunden_ohne_terminal_nicht_gespeichert(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = _fall(demo).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [OHNE_STRATEGIEN]}]), FALL)
    assert e.exit_code == 2
    erste = e.stderr.splitlines()[0]
    assert erste == (
        f"Fehler: {anzeige_pfad(_kopie(demo))}:30: Nicht gespeichert, die Datei hat Fehler: "
        "ST001 Für den Handlungsbedarf „Örtliche Mobilität“ ist keine Handlungsstrategie "
        "vereinbart"
    )
    assert "Die Bearbeitung ist als Entwurf erhalten" in e.stderr
    assert _fall(demo).read_bytes() == vorher
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, OHNE_STRATEGIEN)


def test_regelauswahl_der_ablage_gilt(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    # a workspace that ignores ST001 (as `pruefen` does) lets the same edit through
    with (demo / "vier-phasen.toml").open("a", encoding="utf-8") as f:
        f.write('\n[pruefen]\nignorieren = ["ST001"]\n')
    vorher = _fall(demo).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [OHNE_STRATEGIEN]}]), FALL)
    assert e.exit_code == 0, e.stderr
    assert _fall(demo).read_bytes() == _ersetzt(vorher, OHNE_STRATEGIEN)
    # warnings (ST007, and DA004 for the unknown key) are saved, and counted in the message
    # (also in a script, which hears nothing of the save itself)
    assert e.stderr.splitlines() == [
        "1 Fall geprüft: 0 Fehler, 2 Warnungen, 0 Hinweise. "
        f"Einzelheiten: vier-phasen pruefen {FALL}"
    ]


def test_inzwischen_geaenderte_falldatei_wird_nicht_ueberschrieben(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = _fall(demo).read_bytes()
    kollegin = "# Telefonat am 23.11.2026 vermerkt\n"
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT], "original": [str(_fall(demo)), kollegin]}])
    e = _bearbeite(vp, demo, editor, FALL)
    assert e.exit_code == 2
    zeilen = e.stderr.splitlines()
    assert zeilen[0] == (
        f"Fehler: {_anzeige(demo)}: Die Falldatei wurde während der Bearbeitung geändert und "
        "wird nicht überschrieben"
    )
    assert zeilen[1] == (
        f"Die Bearbeitung ist als Entwurf erhalten: {anzeige_pfad(_kopie(demo))} – "
        f"„vier-phasen bearbeite {FALL}“ setzt sie im Terminal fort."
    )
    assert _fall(demo).read_bytes() == vorher + kollegin.encode()  # the colleague's version
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)  # the edit, kept


def test_gesperrter_fall_beim_speichern_behaelt_den_entwurf(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = _fall(demo).read_bytes()
    sperre = demo / ".vier-phasen" / "sperren" / f"{FALL}.lock"
    rechner = _rechner()
    editor = Editor(
        tmp_path,
        [{"ersetze": [HANDARBEIT], "sperre": str(sperre), "inhaber": f"1@{rechner}\n"}],
    )
    e = _bearbeite(vp, demo, editor, FALL)
    assert e.exit_code == 2
    assert (
        "wird gerade in einem anderen Gespräch bearbeitet, von Ihnen selbst (Prozess 1 auf "
        "diesem Rechner"
    ) in e.stderr
    assert "Die Bearbeitung ist als Entwurf erhalten" in e.stderr
    assert _fall(demo).read_bytes() == vorher
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)


def _rechner() -> str:
    from vier_phasen_cli.storage.atomar import rechnername

    return rechnername()


def test_gesperrter_fall_wird_gar_nicht_erst_geoeffnet(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    sperre = demo / ".vier-phasen" / "sperren" / f"{FALL}.lock"
    sperre.parent.mkdir(parents=True)
    sperre.write_text(f"1@{_rechner()}\n", "ascii")
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT]}])
    e = _bearbeite(vp, demo, editor, FALL)
    assert e.exit_code == 2
    assert "wird gerade in einem anderen Gespräch bearbeitet" in e.stderr
    assert editor.aufrufe == []
    assert not _kopie(demo).exists()


def test_angefangene_bearbeitung_ohne_terminal_abgelehnt(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [KAPUTT]}]), FALL)
    entwurf = _kopie(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT]}])
    e = _bearbeite(vp, demo, editor, FALL)
    assert e.exit_code == 2
    assert e.stderr.splitlines() == [
        f"Fehler: {anzeige_pfad(_kopie(demo))}: Für Fall „{FALL}“ gibt es schon eine "
        "angefangene Bearbeitung",
        f"Im Terminal fortsetzen oder verwerfen: vier-phasen bearbeite {FALL} (oder die "
        "genannte Datei löschen).",
    ]
    assert editor.aufrufe == []
    assert _kopie(demo).read_bytes() == entwurf


def test_abgeschlossener_fall_laesst_sich_bearbeiten(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    aenderung = ("notiz: Unbefristete", "notiz: Laut Arbeitsvertrag unbefristete")
    vorher = _fall(demo, GESCHLOSSEN).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [aenderung]}]), GESCHLOSSEN)
    assert e.exit_code == 0, e.stderr
    assert _fall(demo, GESCHLOSSEN).read_bytes() == _ersetzt(vorher, aenderung)


def test_kaputte_falldatei_laesst_sich_reparieren(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    heil = _fall(demo).read_bytes()
    _fall(demo).write_bytes(_ersetzt(heil, KAPUTT))
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [HEILE]}]), FALL)
    assert e.exit_code == 0, e.stderr
    assert _fall(demo).read_bytes() == heil
    assert vp("--ablage", demo, "pruefen", FALL).exit_code == 0


def test_format_json_gibt_den_gespeicherten_fall(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT]}])
    e = _bearbeite(vp, demo, editor, FALL, "--format", "json")
    assert e.exit_code == 0, e.stderr
    daten = json.loads(e.stdout)
    assert daten["id"] == FALL and daten["fachkraft"] == "K. Neumann"


def test_editor_mit_fehlerstatus_speichert_nichts(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [HANDARBEIT], "status": 1}]), FALL)
    assert e.exit_code == 2
    assert e.stderr.splitlines()[0] == (
        "Fehler: Der Editor wurde mit Status 1 beendet; nichts wurde gespeichert"
    )
    assert "Die Bearbeitung ist als Entwurf erhalten" in e.stderr
    assert _fall(demo).read_bytes() == vorher
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)


def test_editor_mit_fehlerstatus_ohne_aenderung_hinterlaesst_nichts(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"status": 3}]), FALL)
    assert e.exit_code == 2
    assert e.stderr == "Fehler: Der Editor wurde mit Status 3 beendet; nichts wurde gespeichert\n"
    assert not _kopie(demo).exists()


def test_visual_geht_vor_editor(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    editor = Editor(tmp_path, [{"ersetze": [HANDARBEIT]}])
    umgebung = {"VISUAL": editor.befehl, "EDITOR": "/gibt/es/nicht"}
    e = vp("--ablage", demo, "bearbeite", FALL, env=umgebung)
    assert e.exit_code == 0, e.stderr
    assert editor.aufrufe == [str(_kopie(demo))]


@pytest.mark.parametrize(
    ("umgebung", "meldung"),
    [
        ({"EDITOR": "/gibt/es/nicht --wait"}, "Fehler: Editor „/gibt/es/nicht“ nicht gefunden"),
        ({"EDITOR": "code 'ohne Ende"}, "Fehler: Die Umgebungsvariable EDITOR lässt sich nicht"),
        ({"EDITOR": "", "PATH": "LEER"}, "Fehler: Kein Editor gefunden"),
    ],
    ids=["fehlt", "anfuehrungszeichen", "keiner"],
)
def test_kein_brauchbarer_editor(
    vp: Aufruf, demo: Path, tmp_path: Path, umgebung: dict[str, str], meldung: str
) -> None:
    leer = tmp_path / "leer"
    leer.mkdir()
    umgebung = {k: str(leer) if v == "LEER" else v for k, v in umgebung.items()}
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "bearbeite", FALL, env={"VISUAL": "", **umgebung})
    assert e.exit_code == 2
    assert e.stderr.startswith(meldung)
    assert "EDITOR=nano" in e.stderr
    nachher = dateistand(demo)
    assert {k: v for k, v in nachher.items() if not k.startswith(".vier-phasen")} == vorher
    assert not _kopie(demo).exists()


def test_unbekannter_fall(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    editor = Editor(tmp_path, [{}])
    e = _bearbeite(vp, demo, editor, "911A999999")
    assert e.exit_code == 2
    assert "Fall „911A999999“ gibt es nicht" in e.stderr
    assert editor.aufrufe == []


# --- on a terminal --------------------------------------------------------------------------


def _starte(ablage: Path, editor: Editor, *args: str) -> pexpect.spawn:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    umgebung = {
        **os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
        "EDITOR": editor.befehl, "VISUAL": "",
    }  # fmt: skip
    return pexpect.spawn(
        programm, ["--ablage", str(ablage), "bearbeite", *args], env=umgebung,
        encoding="utf-8", timeout=20, dimensions=(60, 250),
    )  # fmt: skip


def _ende(kind: pexpect.spawn, status: int) -> None:
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == status


def _gespeichert(kind: pexpect.spawn) -> None:
    kind.expect(f"Bearbeitung: Fall {FALL} gespeichert")
    _ende(kind, 0)


@pytest.mark.slow
def test_terminal_kaputte_bearbeitung_nochmals_bearbeiten(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [KAPUTT]}, {"ersetze": [HEILE, HANDARBEIT]}])
    kind = _starte(demo, editor, FALL)
    kind.expect("So kann die Datei nicht gespeichert werden:")
    kind.expect("Zeile 4: Kein gültiges YAML")
    kind.expect("Wie weiter?")
    kind.expect("Nochmals bearbeiten")
    assert _fall(demo).read_bytes() == vorher  # never saved, even while asking
    kind.send("\r")  # Nochmals bearbeiten (the first choice)
    _gespeichert(kind)
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)
    assert editor.uebrig == [] and editor.aufrufe == [str(_kopie(demo))] * 2
    assert not _kopie(demo).exists()


@pytest.mark.slow
def test_terminal_kaputte_bearbeitung_verwerfen(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    kind = _starte(demo, Editor(tmp_path, [{"ersetze": [KAPUTT]}]), FALL)
    kind.expect("Wie weiter?")
    kind.send(PFEIL_RUNTER + "\r")  # Verwerfen
    kind.expect(f"Bearbeitung verworfen: Fall {FALL} bleibt, wie er ist")
    _ende(kind, 0)
    assert _fall(demo).read_bytes() == vorher
    assert not _kopie(demo).exists()


@pytest.mark.slow
def test_terminal_gueltige_bearbeitung_byte_genau(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    kind = _starte(demo, Editor(tmp_path, [{"ersetze": [HANDARBEIT]}]), FALL)
    _gespeichert(kind)
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)
    assert stat.S_IMODE(_fall(demo).stat().st_mode) == 0o600


@pytest.mark.slow
def test_terminal_fehler_brauchen_bestaetigung(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [OHNE_STRATEGIEN]}])
    kind = _starte(demo, editor, FALL)
    kind.expect("Befunde der bearbeiteten Datei:")
    kind.expect("Zeile 30: ")
    kind.expect("ST001 fehler")  # coloured on the terminal
    kind.expect(": Für den Handlungsbedarf „Örtliche Mobilität“")
    kind.expect(r"Die Datei hat 1 Fehler \(siehe oben\)\. Trotzdem speichern\?")
    assert _fall(demo).read_bytes() == vorher  # not before the confirmation
    kind.send(PFEIL_RUNTER + "\r")  # Trotzdem speichern (the default is to edit again)
    _gespeichert(kind)
    assert _fall(demo).read_bytes() == _ersetzt(vorher, OHNE_STRATEGIEN)


@pytest.mark.slow
def test_terminal_fehler_abbrechen_behaelt_entwurf_und_bietet_ihn_an(
    demo: Path, tmp_path: Path
) -> None:
    vorher = _fall(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [OHNE_STRATEGIEN]}, {"ersetze": [HANDARBEIT]}])
    kind = _starte(demo, editor, FALL)
    kind.expect("Trotzdem speichern")
    kind.send(PFEIL_RUNTER * 3 + "\r")  # Abbrechen und die Bearbeitung als Entwurf behalten
    kind.expect("Nicht gespeichert; die Bearbeitung bleibt als Entwurf erhalten")
    _ende(kind, 0)
    assert _fall(demo).read_bytes() == vorher
    # the next run offers to continue it; the draft is what the editor opens
    kind = _starte(demo, editor, FALL)
    kind.expect(f"Für Fall {FALL} gibt es eine angefangene Bearbeitung")
    kind.expect("Wie weiter?")
    kind.send("\r")  # Fortsetzen
    kind.expect("Trotzdem speichern")
    kind.send(PFEIL_RUNTER + "\r")
    _gespeichert(kind)
    assert _fall(demo).read_bytes() == _ersetzt(vorher, OHNE_STRATEGIEN, HANDARBEIT)


@pytest.mark.slow
def test_terminal_gleichzeitige_aenderung_behaelt_entwurf(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    kollegin = "# Telefonat am 23.11.2026 vermerkt\n"
    editor = Editor(
        tmp_path,
        [{"ersetze": [HANDARBEIT], "original": [str(_fall(demo)), kollegin]}, {}],
    )
    kind = _starte(demo, editor, FALL)
    kind.expect("Die Falldatei wurde während der Bearbeitung geändert und wird nicht")
    kind.expect("Die Bearbeitung ist als Entwurf erhalten: ")
    _ende(kind, 2)
    assert _fall(demo).read_bytes() == vorher + kollegin.encode()
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)
    # the next run warns; the caseworker decides to replace the colleague's version
    kind = _starte(demo, editor, FALL)
    kind.expect("Achtung: Die Falldatei wurde seit Beginn dieser Bearbeitung geändert")
    kind.expect("Wie weiter?")
    kind.send(PFEIL_RUNTER + "\r")  # Fortsetzen und … ersetzen (the default is to stop)
    _gespeichert(kind)
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)


@pytest.mark.slow
def test_terminal_angefangene_bearbeitung_verwerfen(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    editor = Editor(tmp_path, [{"ersetze": [KAPUTT]}, {"ersetze": [HANDARBEIT]}])
    kind = _starte(demo, editor, FALL)
    kind.expect("Wie weiter?")
    kind.send(PFEIL_RUNTER * 2 + "\r")  # Abbrechen und … als Entwurf behalten
    _ende(kind, 0)
    kind = _starte(demo, editor, FALL)
    kind.expect("gibt es eine angefangene Bearbeitung")
    kind.send(PFEIL_RUNTER + "\r")  # Verwerfen und die Falldatei neu bearbeiten
    _gespeichert(kind)
    # the fresh copy came from the case file: the broken draft is gone
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)


@pytest.mark.slow
def test_terminal_strg_c_behaelt_entwurf(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    kind = _starte(demo, Editor(tmp_path, [{"ersetze": [KAPUTT]}]), FALL)
    kind.expect("Wie weiter?")
    kind.sendintr()
    kind.expect("Die Bearbeitung bleibt als Entwurf erhalten: ")
    kind.expect("Abgebrochen.")
    _ende(kind, 130)
    assert _fall(demo).read_bytes() == vorher
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, KAPUTT)


@pytest.mark.slow
def test_terminal_strg_c_im_editor_gehoert_dem_editor(demo: Path, tmp_path: Path) -> None:
    vorher = _fall(demo).read_bytes()
    kind = _starte(demo, Editor(tmp_path, [{"ersetze": [HANDARBEIT], "warte": True}]), FALL)
    kind.expect("EDITOR OFFEN")
    kind.sendintr()  # the editor ends by the signal; vier-phasen lives on to report it
    kind.expect("Der Editor wurde abgebrochen; nichts wurde gespeichert")
    kind.expect("Die Bearbeitung ist als Entwurf erhalten: ")
    _ende(kind, 2)
    assert _fall(demo).read_bytes() == vorher
    assert _kopie(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)


@pytest.mark.parametrize(
    ("umgebung", "installiert", "befehl"),
    [
        ({"VISUAL": "vim -u NONE", "EDITOR": "nano"}, {"vi"}, ["vim", "-u", "NONE"]),
        ({"VISUAL": "  ", "EDITOR": "code --wait"}, set(), ["code", "--wait"]),
        ({}, {"nano", "vi", "sensible-editor"}, ["sensible-editor"]),
        ({"EDITOR": ""}, {"nano", "vi"}, ["nano"]),
        ({}, {"vi"}, ["vi"]),
    ],
)
def test_editor_wahl(umgebung: dict[str, str], installiert: set[str], befehl: list[str]) -> None:
    from vier_phasen_cli.wizard.editor import editorbefehl

    def finde(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in installiert else None

    assert editorbefehl(umgebung, finde) == befehl


def test_kopie_als_ordner_blockiert_keine_spaetere_bearbeitung(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ordner": True}]), FALL)
    assert e.exit_code == 2 and "Interner Fehler" not in e.stderr
    vorher = _fall(demo).read_bytes()
    e = _bearbeite(vp, demo, Editor(tmp_path, [{"ersetze": [HANDARBEIT]}]), FALL)
    assert e.exit_code == 0, e.stderr
    assert _fall(demo).read_bytes() == _ersetzt(vorher, HANDARBEIT)
