"""``uebergabe``: handing cases over for good or as a Vertretung, all or none, the
Übergabebericht, and ``faellig``/``liste --fachkraft`` finding cases under a Vertretung."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.render.tabelle import zellbreite
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard.terminal import Terminal
from vier_phasen_cli.wizard.uebergabe import Auftrag, uebergib

from .assistenten import ENTER, RUNTER
from .conftest import Aufruf, dateistand

SCHMIDT_AKTIV = ["911A100001", "911A100003", "911A100013"]
DAUERHAFT = RUNTER + ENTER  # "Was wird eingetragen?": the handover for good (second choice)
SCHMIDT_GESCHLOSSEN = "911A100011"
HEUTE = date(2026, 11, 23)


def _daten(ablage: Path, fall_id: str) -> dict[str, Any]:
    return YAML(typ="safe").load((ablage / "cases" / f"{fall_id}.yaml").read_text("utf-8"))


def _faelle(ablage: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ablage / "cases").glob("*.yaml"))}


def _ids(e: Any) -> set[str]:
    return {f["fall"] for f in json.loads(e.stdout)["eintraege"]}


# --- handover for good ---------------------------------------------------------------------


def test_alle_aktiven_faelle_gehen_ueber(vp: Aufruf, demo: Path) -> None:
    vorher = _faelle(demo)
    e = vp("--ablage", demo, "uebergabe", "--von", "m. schmidt", "--an", "A. Wagner",
           "--format", "json")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert e.stderr == ""  # no terminal: the handover is not confirmed
    assert [f["fall"] for f in json.loads(e.stdout)["faelle"]] == SCHMIDT_AKTIV
    nachher = _faelle(demo)
    for fall_id in SCHMIDT_AKTIV:
        daten = _daten(demo, fall_id)
        assert daten["fachkraft"] == "A. Wagner"
        assert daten["wechsel"] == [
            {"datum": HEUTE, "feld": "fachkraft", "von": "M. Schmidt", "nach": "A. Wagner"}
        ]
        assert "vertretung" not in daten
    # the closed case and every other case stay byte for byte as they were
    geaendert = {n for n in vorher if vorher[n] != nachher[n]}
    assert geaendert == {f"{i}.yaml" for i in SCHMIDT_AKTIV}
    assert _daten(demo, SCHMIDT_GESCHLOSSEN)["fachkraft"] == "M. Schmidt"
    # only the two lines of the change (and the wechsel log) differ; comments stay
    alt = vorher["911A100001.yaml"].decode().splitlines()
    neu = nachher["911A100001.yaml"].decode().splitlines()
    assert [z for z in alt if z not in neu] == ["fachkraft: M. Schmidt"]
    # the reports see the new Fachkraft at once (the cache is checked against the files)
    faellig = vp("--ablage", demo, "faellig", "--alle", "--fachkraft", "M. Schmidt",
                 "--format", "json")  # fmt: skip
    assert _ids(faellig) == set()


def test_nur_die_genannten_faelle(vp: Aufruf, demo: Path) -> None:
    vorher = _faelle(demo)
    e = vp("--ablage", demo, "uebergabe", "911A100003", "--von", "M. Schmidt", "--an",
           "T. Becker", "--datum", "01.12.2026", "--format", "json")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert [f["fall"] for f in json.loads(e.stdout)["faelle"]] == ["911A100003"]
    nachher = _faelle(demo)
    assert {n for n in vorher if vorher[n] != nachher[n]} == {"911A100003.yaml"}
    assert _daten(demo, "911A100003")["wechsel"][-1] == {
        "datum": date(2026, 12, 1), "feld": "fachkraft", "von": "M. Schmidt",
        "nach": "T. Becker",
    }  # fmt: skip


def test_alles_oder_nichts(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "uebergabe", "911A100001", "911A100002", SCHMIDT_GESCHLOSSEN,
           "GIBTESNICHT", "911A100013", "--von", "M. Schmidt", "--an", "A. Wagner")  # fmt: skip
    assert e.exit_code == 2
    assert e.stdout == ""
    assert e.stderr.replace(f"{demo}/", "").splitlines() == [
        "Fehler: Übergabe abgelehnt: 3 von 5 Fällen passen nicht; es wurde nichts geändert",
        "Fehler: cases/911A100002.yaml: Fall „911A100002“ ist kein Fall von „M. Schmidt“ "
        "(Fachkraft: A. Wagner)",
        "Fehler: cases/911A100011.yaml: Fall „911A100011“ ist abgeschlossen seit 15.10.2026",
        "Fehler: cases/GIBTESNICHT.yaml: Fall „GIBTESNICHT“ gibt es nicht",
        "Übergeben werden nur aktive Fälle von M. Schmidt. Alle zeigt: vier-phasen liste "
        '--fachkraft "M. Schmidt" --status aktiv',
    ]
    assert dateistand(demo) == vorher  # the good cases were not written either
    assert list((demo / ".vier-phasen" / "sperren").iterdir()) == []  # every lock released


def test_ein_gesperrter_fall_haelt_alle_auf(vp: Aufruf, demo: Path) -> None:
    sperren = demo / ".vier-phasen" / "sperren"
    sperren.mkdir(parents=True)
    anderer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (sperren / "911A100013.lock").write_text(f"{anderer.pid}\n")
        vorher = _faelle(demo)
        e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "A. Wagner")
    finally:
        anderer.kill()
        anderer.wait()
    assert e.exit_code == 2
    assert "Fall „911A100013“ wird gerade in einem anderen Gespräch bearbeitet" in e.stderr
    assert _faelle(demo) == vorher
    assert [p.name for p in sperren.iterdir()] == ["911A100013.lock"]  # ours are released


class _KollegeSpeichertDazwischen(Terminal):
    """While the caseworker confirms, a colleague saves one of the cases."""

    datei: Path | None = None

    def ja_nein(self, frage: str, *, vorgabe: bool = True) -> bool:
        assert self.datei is not None
        self.datei.write_bytes(self.datei.read_bytes() + b"# Notiz einer Kollegin\n")
        return True


def test_eine_zwischendurch_geaenderte_datei_haelt_alle_auf(demo: Path) -> None:
    terminal = _KollegeSpeichertDazwischen(tasten=[])
    terminal.datei = demo / "cases" / "911A100013.yaml"
    vorher = _faelle(demo)
    with pytest.raises(VierPhasenFehler, match="seit dem Laden verändert; es wurde nichts"):
        uebergib(
            oeffne_ablage(demo), lade_kataloge(),
            Auftrag("M. Schmidt", "A. Wagner", (), HEUTE), terminal, HEUTE,
        )  # fmt: skip
    nachher = _faelle(demo)
    # only the colleague's edit is on disk: no case was handed over
    assert {n for n in vorher if vorher[n] != nachher[n]} == {"911A100013.yaml"}
    assert all(_daten(demo, i)["fachkraft"] == "M. Schmidt" for i in SCHMIDT_AKTIV)


def test_keine_aktiven_faelle_der_fachkraft(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "uebergabe", "--von", "K. Niemand", "--an", "A. Wagner")
    assert e.exit_code == 2
    assert e.stderr.splitlines() == [
        "Fehler: „K. Niemand“ hat keine aktiven Fälle; es gibt nichts zu übergeben",
        "Fachkräfte mit aktiven Fällen: A. Wagner, L. Hartmann, M. Schmidt, S. Yildiz, T. Becker.",
    ]
    assert dateistand(demo) == vorher


def test_unlesbare_datei_haelt_die_uebergabe_aller_faelle_auf(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: [kaputt\n", encoding="utf-8")
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "A. Wagner")
    assert e.exit_code == 2
    assert e.stderr.replace(f"{demo}/", "").startswith(
        "Fehler: Übergabe nicht möglich: 1 Falldatei ist nicht lesbar; darunter könnten Fälle "
        "von „M. Schmidt“ sein. Es wurde nichts geändert.\nFehler: cases/kaputt.yaml:"
    )
    assert dateistand(demo) == vorher
    # named cases do not depend on the broken file
    e = vp("--ablage", demo, "uebergabe", "911A100001", "--von", "M. Schmidt", "--an", "A. Wagner")
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, "911A100001")["fachkraft"] == "A. Wagner"


@pytest.mark.parametrize(
    ("args", "meldung"),
    [
        ([], ["Fehler: Übergabe: Angaben fehlen (2)", "  fehlt: --von (bisherige Fachkraft)",
              "  fehlt: --an (übernehmende Fachkraft bzw. Vertretung)",
              'Ohne Terminal wird nicht nachgefragt. Beispiel: vier-phasen uebergabe --von '
              '"M. Schmidt" --an "A. Wagner"']),
        (["--von", "M. Schmidt"], ["Fehler: Übergabe: Angaben fehlen (1)",
                                   "  fehlt: --an (übernehmende Fachkraft bzw. Vertretung)"]),
        (["--von", "M. Schmidt", "--an", "A. \x1b[31mWagner"],
         ["Fehler: Ungültiger Wert für --an: Der Name enthält Steuerzeichen (z. B. ESC, Zeilenumbruch oder "
          "Umkehr der Schreibrichtung)."]),
        (["--von", "M. Schmidt", "--an", "   "],
         ["Fehler: Ungültiger Wert für --an: Bitte einen Namen angeben."]),
        (["--von", "M. Schmidt", "--an", "m. SCHMIDT "],
         ["Fehler: --von und --an nennen dieselbe Fachkraft; es gibt nichts zu übergeben"]),
        (["--von", "M. Schmidt", "--an", "A. Wagner", "--datum", "2026-12-10", "--bis",
          "2026-12-09"],
         ["Fehler: Die Vertretung kann nicht am 09.12.2026 enden, wenn sie erst am 10.12.2026 "
          "beginnt", "--datum ist der erste Tag, --bis der letzte."]),
        (["--von", "M. Schmidt", "--an", "A. Wagner", "--bis", "31.02.2027"],
         ["Fehler: Ungültiger Wert für --bis: Den 31.02.2027 gibt es nicht."]),
        (["../x", "--von", "M. Schmidt", "--an", "A. Wagner"],
         ["Fehler: Ungültige Fall-ID „../x“"]),
    ],
)  # fmt: skip
def test_falsche_angaben(vp: Aufruf, demo: Path, args: list[str], meldung: list[str]) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "uebergabe", *args)
    assert e.exit_code == 2
    assert e.stderr.splitlines()[: len(meldung)] == meldung
    assert dateistand(demo) == vorher


# --- Vertretung ----------------------------------------------------------------------------


def _vertretung(vp: Aufruf, demo: Path, *ids: str) -> None:
    e = vp("--ablage", demo, "uebergabe", *ids, "--von", "M. Schmidt", "--an", "T. Becker",
           "--datum", "2026-12-01", "--bis", "2026-12-20")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert e.stderr == ""  # no terminal: the Vertretung is not confirmed
    assert _daten(demo, ids[0] if ids else SCHMIDT_AKTIV[0])["vertretung"]["fachkraft"] == (
        "T. Becker"
    )


def test_vertretung_behaelt_die_fachkraft(vp: Aufruf, demo: Path) -> None:
    vorher = _faelle(demo)
    _vertretung(vp, demo)
    nachher = _faelle(demo)
    assert {n for n in vorher if vorher[n] != nachher[n]} == {f"{i}.yaml" for i in SCHMIDT_AKTIV}
    for fall_id in SCHMIDT_AKTIV:
        daten = _daten(demo, fall_id)
        assert daten["fachkraft"] == "M. Schmidt"
        assert daten["vertretung"] == {
            "fachkraft": "T. Becker", "ab": date(2026, 12, 1), "bis": date(2026, 12, 20)
        }  # fmt: skip
        assert "wechsel" not in daten  # a Vertretung is no change of Fachkraft
    # the section sits right after fachkraft (SPEC §3 order)
    text = nachher["911A100001.yaml"].decode()
    assert "fachkraft: M. Schmidt\nvertretung:\n  fachkraft: T. Becker\n" in text


def test_faellig_zeigt_vertretene_faelle_nur_in_der_vertretungszeit(vp: Aufruf, demo: Path) -> None:
    def faellig(stichtag: str, *mehr: str) -> set[str]:
        e = vp("--ablage", demo, "faellig", "--alle", "--fachkraft", "t. becker",
               "--stichtag", stichtag, "--format", "json", *mehr)  # fmt: skip
        assert e.exit_code == 0, e.stderr
        return _ids(e)

    eigene = faellig("2026-12-05")  # also fills the cache before the Vertretung
    assert eigene == {"911A100004", "911A100005", "911A100010"}
    _vertretung(vp, demo)
    vorher = dateistand(demo)
    assert faellig("2026-11-30") == eigene
    assert faellig("2026-12-01") == eigene | set(SCHMIDT_AKTIV)
    assert faellig("2026-12-20") == eigene | set(SCHMIDT_AKTIV)  # warm: from the cache
    assert faellig("2026-12-20", "--ohne-cache") == eigene | set(SCHMIDT_AKTIV)
    assert faellig("2026-12-21") == eigene  # over without anything written on the last day
    assert dateistand(demo) == vorher
    # M. Schmidt still sees her own cases during the Vertretung
    e = vp("--ablage", demo, "faellig", "--alle", "--fachkraft", "M. Schmidt",
           "--stichtag", "2026-12-10", "--format", "json")  # fmt: skip
    assert _ids(e) == set(SCHMIDT_AKTIV)


def test_liste_zeigt_vertretene_faelle_nur_in_der_vertretungszeit(vp: Aufruf, demo: Path) -> None:
    _vertretung(vp, demo, "911A100013")
    vorher = dateistand(demo)

    def liste(heute: str) -> list[str]:
        e = vp("--ablage", demo, "liste", "--fachkraft", "T. Becker", "--format", "csv",
               env={"VIER_PHASEN_HEUTE": heute})  # fmt: skip
        assert e.exit_code == 0, e.stderr
        return [z.split(";")[0] for z in e.stdout.splitlines()[1:]]

    eigene = ["911A100004", "911A100005", "911A100010"]
    assert liste("2026-11-30") == eigene
    assert liste("2026-12-01") == [*eigene, "911A100013"]
    assert liste("2026-12-20") == [*eigene, "911A100013"]
    assert liste("2026-12-21") == eigene
    assert dateistand(demo) == vorher


def test_die_vertretung_steht_im_cache(vp: Aufruf, demo: Path) -> None:
    _vertretung(vp, demo, "911A100013")
    vp("--ablage", demo, "faellig", "--stichtag", "2026-12-01")
    with sqlite3.connect(demo / ".vier-phasen" / "cache.sqlite") as db:
        (kern,) = db.execute(
            "SELECT eintrag FROM dateien WHERE name = '911A100013.yaml'"
        ).fetchone()
        (format,) = db.execute("SELECT wert FROM meta WHERE schluessel = 'format'").fetchone()
    kopf = json.loads(kern)[2]
    assert kopf[5] == ["T. Becker", date(2026, 12, 1).toordinal(), date(2026, 12, 20).toordinal()]
    assert format == "10"  # format 5 had no Vertretung: such a cache is rebuilt


def test_neue_vertretung_ersetzt_die_alte(vp: Aufruf, demo: Path) -> None:
    _vertretung(vp, demo, "911A100013")
    e = vp("--ablage", demo, "uebergabe", "911A100013", "--von", "M. Schmidt", "--an",
           "L. Hartmann", "--datum", "2027-01-04", "--bis", "2027-01-08")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, "911A100013")["vertretung"] == {
        "fachkraft": "L. Hartmann", "ab": date(2027, 1, 4), "bis": date(2027, 1, 8)
    }  # fmt: skip


# --- the Übergabebericht -------------------------------------------------------------------


def test_json_hat_die_festgelegte_form(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "uebergabe", "911A100013", "911A100003", "--von", "M. Schmidt",
           "--an", "T. Becker", "--datum", "2026-12-01", "--bis", "2026-12-20",
           "--format", "json")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert json.loads(e.stdout) == {
        "datum": "2026-12-01",
        "von": "M. Schmidt",
        "an": "T. Becker",
        "bis": "2026-12-20",
        "faelle": [
            {
                "fall": "911A100003",
                "name": "Jana Hoffmann",
                "naechste_frist": {"art": "aktivitaet", "faellig_am": "2026-11-27"},
                "offene_eintraege": 6,
                "letztes_gespraech": "2026-07-21",
                "befunde": {"fehler": 0, "warnungen": 2},  # AB001, KO001
            },
            {
                "fall": "911A100013",
                "name": "Fatma Demir",
                "naechste_frist": {"art": "folgegespraech", "faellig_am": "2026-12-22"},
                "offene_eintraege": 2,
                "letztes_gespraech": "2026-10-27",
                "befunde": {"fehler": 0, "warnungen": 0},
            },
        ],
    }


def test_json_ohne_frist_und_gespraech(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "uebergabe", "911A100012", "--von", "A. Wagner", "--an",
           "T. Becker", "--format", "json")  # fmt: skip
    assert e.exit_code == 0, e.stderr
    (fall,) = json.loads(e.stdout)["faelle"]
    assert fall["naechste_frist"] is None and fall["letztes_gespraech"] is None
    assert fall["offene_eintraege"] == 0
    assert json.loads(e.stdout)["bis"] is None


def test_tabelle_passt_in_80_spalten(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "A. Wagner",
           env={"COLUMNS": "80"})  # fmt: skip
    assert e.exit_code == 0, e.stderr
    zeilen = e.stdout.splitlines()
    assert zeilen[0] == "Übergabe von M. Schmidt an A. Wagner am 23.11.2026"
    assert zeilen[2].split() == [
        "Fall", "Name", "Fällig", "Offen", "Gespräch", "Fehler", "Warnungen"
    ]  # fmt: skip
    assert zeilen[4].split() == [
        "911A100001", "Sabine", "Krüger", "30.11.2026", "7", "01.10.2026", "0", "0"
    ]  # fmt: skip
    assert all(zellbreite(z) <= 80 for z in zeilen)
    text = " ".join(e.stdout.split())
    # nothing is cut off: the whole text of the next item is there
    assert "Eigenbemühung: Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende" in text
    assert zeilen[-1] == "3 Fälle, 15 offene Fristen, 0 Fehler, 2 Warnungen."


def test_tabelle_in_60_spalten_mit_dem_namen_darunter(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "A. Wagner",
           env={"COLUMNS": "60"})  # fmt: skip
    zeilen = e.stdout.splitlines()
    assert zeilen[2].split() == ["Fall", "Fällig", "Offen", "Gespräch", "Fehler", "Warnungen"]
    assert zeilen[4:6] == [
        "911A100001  30.11.2026  7      01.10.2026  0       0",
        "    Name: Sabine Krüger",
    ]
    assert all(zellbreite(z) <= 60 for z in zeilen)


def test_markdown_bericht(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "uebergabe.md"
    e = vp("--ablage", demo, "uebergabe", "911A100013", "--von", "M. Schmidt", "--an",
           "T. Becker", "--datum", "2026-12-01", "--bis", "2026-12-20",
           "--format", "markdown", "-o", ziel)  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert e.stdout == ""
    text = ziel.read_text("utf-8")
    assert text.startswith(
        "# Vertretung von M. Schmidt durch T. Becker vom 01.12.2026 bis 20.12.2026\n"
    )
    assert "T. Becker vertritt M. Schmidt vom 01.12.2026 bis 20.12.2026." in text
    assert (
        "| 911A100013 | Fatma Demir | 22.12.2026 | Folgegespräch (3.4.3) | 2 | 27.10.2026 | 0 | 0 |"
    ) in text
    assert oct(ziel.stat().st_mode & 0o777) == "0o600"


FEINDLICH = """\
format: 1
id: X1
kunde:
  name: "Erika \\e]52;c;Zm9v\\a=1+1 | *fett* \\e[31mRot"
rechtskreis: SGB III
fachkraft: M. Schmidt
gespraeche:
  - datum: 2026-11-01
    art: erstgespraech
termine:
  folgegespraech: 2026-12-01
"""


@pytest.mark.parametrize("format", ["tabelle", "markdown", "json"])
def test_feindliche_namen_bleiben_harmlos(vp: Aufruf, demo: Path, format: str) -> None:
    (demo / "cases" / "X1.yaml").write_text(FEINDLICH, encoding="utf-8")
    e = vp("--ablage", demo, "uebergabe", "X1", "--von", "M. Schmidt", "--an", "A. Wagner",
           "--format", format)  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert "\x1b" not in e.stdout and "\x07" not in e.stdout
    if format == "json":
        assert json.loads(e.stdout)["faelle"][0]["name"] == (
            "Erika \x1b]52;c;Zm9v\x07=1+1 | *fett* \x1b[31mRot"
        )
    elif format == "markdown":
        assert r"Erika \\x1b\]52;c;Zm9v\\x07=1+1 \| \*fett\* \\x1b\[31mRot" in e.stdout
    else:
        assert r"\x1b]52;c;Zm9v\x07=1+1" in "".join(e.stdout.split())


# --- on a terminal -------------------------------------------------------------------------


def _uebergib(demo: Path, tasten: list[str], **auftrag: Any) -> tuple[Any, Terminal]:
    terminal = Terminal(tasten=tasten)
    angaben = {"von": None, "an": None, "ids": (), "datum": HEUTE, **auftrag}
    ergebnis = uebergib(oeffne_ablage(demo), lade_kataloge(), Auftrag(**angaben), terminal, HEUTE)
    assert terminal.tasten == []
    return ergebnis, terminal


def test_im_terminal_werden_von_und_an_erfragt(demo: Path) -> None:
    # Wessen Fälle: A. Wagner, L. Hartmann, M. Schmidt, … → the third
    # An wen: A. Wagner, L. Hartmann, S. Yildiz, T. Becker, Andere → "Andere", typed
    ergebnis, terminal = _uebergib(
        demo, [DAUERHAFT, RUNTER * 2 + ENTER, RUNTER * 4 + ENTER, "K. Neumann\r", ENTER]
    )
    assert terminal.gefragt == [
        "Was wird eingetragen?",
        "Wessen Fälle werden übergeben? (--von)",
        "An wen gehen die Fälle? (--an)",
        "Name der Fachkraft (wie in den Falldateien)",
        "Übergeben?",
    ]
    text = "".join(terminal.ausgabe)
    assert "3 aktive Fälle von M. Schmidt gehen ab 23.11.2026 dauerhaft an K. Neumann über" in text
    assert "911A100013  Fatma Demir" in text
    assert [f.fall.id for f in ergebnis.faelle] == SCHMIDT_AKTIV
    assert all(_daten(demo, i)["fachkraft"] == "K. Neumann" for i in SCHMIDT_AKTIV)


def test_im_terminal_nein_aendert_nichts(demo: Path) -> None:
    vorher = dateistand(demo)
    ergebnis, terminal = _uebergib(
        demo, [RUNTER + ENTER], von="M. Schmidt", an="T. Becker", bis=date(2026, 12, 20)
    )
    assert ergebnis is None
    assert terminal.gefragt == ["Vertretung eintragen?"]
    text = " ".join("".join(terminal.ausgabe).split())
    assert (
        "T. Becker vertritt M. Schmidt vom 23.11.2026 bis 20.12.2026 in 3 aktiven Fällen; "
        "die Fachkraft bleibt M. Schmidt." in text
    )
    assert "Abgebrochen; es wurde nichts geändert." in text
    assert dateistand(demo) == vorher


def test_im_terminal_ist_die_bisherige_fachkraft_keine_wahl(demo: Path) -> None:
    ergebnis, terminal = _uebergib(
        demo, [DAUERHAFT, ENTER, ENTER], von="T. Becker", ids=("911A100004",)
    )
    # the first choice offered is A. Wagner (T. Becker is left out)
    assert _daten(demo, "911A100004")["fachkraft"] == "A. Wagner"
    assert ergebnis is not None and terminal.gefragt[1] == "An wen gehen die Fälle? (--an)"


def test_im_terminal_ist_die_vertretung_die_erste_wahl(demo: Path) -> None:
    # Enter at the first question: a Vertretung, until the day typed
    ergebnis, terminal = _uebergib(demo, [ENTER, "24.12.2026\r", RUNTER * 2 + ENTER, ENTER, ENTER])
    assert terminal.gefragt[:2] == ["Was wird eingetragen?", "Vertretung bis (TT.MM.JJJJ, +14)"]
    assert ergebnis is not None and ergebnis.bis == date(2026, 12, 24)
    for fall_id in SCHMIDT_AKTIV:
        daten = _daten(demo, fall_id)
        assert daten["fachkraft"] == "M. Schmidt"
        assert daten["vertretung"]["bis"] == date(2026, 12, 24)


def test_dauerhafte_uebergabe_beendet_die_vertretung_und_sagt_es(vp: Aufruf, demo: Path) -> None:
    fall = "911A100001"
    assert vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "A. Wagner",
              fall, "--bis", "24.12.2026").exit_code == 0  # fmt: skip
    e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "K. Neumann", fall,
           "--bis", "31.12.2026")  # fmt: skip
    assert e.stderr == (  # said also in a script: the caller may not have known of it
        "Hinweis: 911A100001: die bisherige Vertretung durch A. Wagner (bis 24.12.2026) "
        "ist ersetzt.\n"
    )
    e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "T. Becker", fall)
    assert "die bisherige Vertretung durch K. Neumann (bis 31.12.2026) ist beendet" in e.stderr
    assert "vertretung" not in _daten(demo, fall)
    liste = vp("--ablage", demo, "liste", "--fachkraft", "K. Neumann", "--format", "json")
    assert [f["fall"] for f in json.loads(liste.stdout)["faelle"]] == []


def test_zeige_nennt_vertretung_wiedervorlagen_und_wechsel(vp: Aufruf, demo: Path) -> None:
    fall = "911A100001"
    assert vp("--ablage", demo, "wiedervorlage", fall, "--am", "03.12.2026",
              "--text", "Rückruf wegen Fahrschule").exit_code == 0  # fmt: skip
    assert vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "T. Albers",
              fall, "--bis", "24.12.2026").exit_code == 0  # fmt: skip
    assert vp("--ablage", demo, "stammdaten", fall, "--fachkraft", "K. Neu",
              "--notiz", "Teamwechsel").exit_code == 0  # fmt: skip
    text = " ".join(vp("--ablage", demo, "zeige", fall).stdout.replace("│", " ").split())
    assert "Vertretung T. Albers vom 23.11.2026 bis 24.12.2026" in text
    assert "Wiedervorlagen • 03.12.2026: Rückruf wegen Fahrschule offen" in text
    assert (
        "Änderungen der Stammdaten • 23.11.2026: fachkraft M. Schmidt → K. Neu (Teamwechsel)"
        in text
    )


def test_abbruch_mitten_im_schreiben_nimmt_die_geschriebenen_zurueck(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who ignores the locks (an editor, a git pull) changes the last file while the
    first ones are written: the handover is taken back, nothing stays half done."""
    from vier_phasen_cli.wizard import uebergabe as modul

    vorher = dateistand(demo)
    echt = modul.speichere
    letzte = demo / "cases" / f"{SCHMIDT_AKTIV[-1]}.yaml"

    def speichere(falldatei: Any, kataloge: Any, **mehr: Any) -> Any:
        if falldatei.pfad == letzte:
            with letzte.open("a", encoding="utf-8") as f:
                f.write("# fremde Änderung\n")
        return echt(falldatei, kataloge, **mehr)

    monkeypatch.setattr(modul, "speichere", speichere)
    with pytest.raises(VierPhasenFehler) as fehler:
        _uebergib(demo, [ENTER], von="M. Schmidt", an="K. Neumann")
    assert "die schon geschriebenen Fälle sind zurückgenommen" in fehler.value.meldung
    nachher = dateistand(demo)
    for fall_id in SCHMIDT_AKTIV[:-1]:
        schluessel = f"cases/{fall_id}.yaml"
        assert nachher[schluessel] == vorher[schluessel]
    assert nachher[f"cases/{SCHMIDT_AKTIV[-1]}.yaml"].endswith("# fremde Änderung\n".encode())


def test_name_mit_steuerzeichen_aus_der_auswahl_wird_nicht_verbreitet(demo: Path) -> None:
    datei = demo / "cases" / "911A100002.yaml"
    text = datei.read_text(encoding="utf-8")
    alt = _daten(demo, "911A100002")["fachkraft"]
    datei.write_text(
        text.replace(f"fachkraft: {alt}", 'fachkraft: "A. \\e]52;c;SGFjaw==\\a Wagner"'),
        encoding="utf-8",
    )
    # Wessen Fälle: M. Schmidt; an: the hostile name (first in the list), refused, typed instead
    _, terminal = _uebergib(demo, [DAUERHAFT, RUNTER * 3 + ENTER, ENTER, "K. Neumann\r", ENTER])
    assert "Der Name enthält Steuerzeichen" in "".join(terminal.ausgabe)
    assert all(_daten(demo, i)["fachkraft"] == "K. Neumann" for i in SCHMIDT_AKTIV)


def test_wiedervorlage_ohne_fundstelle_im_bericht(vp: Aufruf, demo: Path) -> None:
    assert vp("--ablage", demo, "wiedervorlage", "911A100001", "--am", "23.11.2026",
              "--text", "Rückruf").exit_code == 0  # fmt: skip
    for format in ("tabelle", "markdown"):
        e = vp("--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "K. Neumann",
               "911A100001", "--bis", "01.12.2026", "--format", format)  # fmt: skip
        assert e.exit_code == 0, e.stderr
        assert "Wiedervorlage: Rückruf" in e.stdout
        assert "Wiedervorlage: Rückruf []" not in e.stdout
        assert "Wiedervorlage: Rückruf ()" not in e.stdout
