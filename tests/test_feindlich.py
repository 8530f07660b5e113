"""Hostile input (tests/data/hostile/): every file gets its German message and exit status 2,
nothing in it is executed, and the other cases of the workspace are still reported."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Aufruf

FEINDLICH = REPO / "tests" / "data" / "hostile"
ERWARTET = {
    "H01-alias-bombe": "Anker und Verweise (&name / *name) sind in dieser Datei nicht erlaubt",
    "H02-tiefe-verschachtelung": "Datei ist zu tief verschachtelt",
    "H03-binaer": "Datei ist nicht in UTF-8 kodiert",
    "H04-kein-utf8": "Datei ist nicht in UTF-8 kodiert",
    "H05-doppelte-schluessel": "Schlüssel kommt doppelt vor",
    "H06-tabulator": "Tabulator zum Einrücken oder in einem Wert ohne Anführungszeichen",
    "H07-unmoegliches-datum": "Datum gibt es nicht",
    "H08-liste-oben": "Oberste Ebene muss ein Abschnitt mit Schlüsseln sein",
    "H09-python-objekt": "Typangaben mit ! oder !! sind in dieser Datei nicht erlaubt",
    "H10-februar-30": "Datum gibt es nicht",
    "H12-zu-gross": "Datei ist zu groß",
    "H40-ende-9999": "produkte[1].ende: Datum liegt außerhalb des erlaubten Bereichs",
    "H41-jahr-1": "ziel.zwischenziele[1].bis: Datum liegt außerhalb des erlaubten Bereichs",
    "H42-id-zeilenumbruch": "id: Fall-ID ist ungültig",
    "H43-datum-als-text-9999": "kunde.geburtsdatum: Datum liegt außerhalb des erlaubten Bereichs",
    "H51-null-schluessel": "Schlüssel muss ein Text sein",
    "H52-zusammenfuehren": "Zusammenführen mit << ist in dieser Datei nicht erlaubt",
    "H53-yaml-1-1": "Die Datei verlangt eine andere YAML-Version als 1.2",
    "H55-tabulator-im-wert": "Tabulator zum Einrücken oder in einem Wert ohne Anführungszeichen",
    "H56-anker-doppelt": "Anker und Verweise (&name / *name) sind in dieser Datei nicht erlaubt",
}
LESBAR = {"H11-bom-crlf", "H50-gleichheitszeichen", "H54-zahl-ohne-ziffer"}


@pytest.fixture
def feindliche_ablage(demo: Path) -> Path:
    for datei in FEINDLICH.glob("*.yaml"):
        shutil.copy(datei, demo / "cases" / datei.name)
    gross = "format: 1\nid: H12-zu-gross\nnotiz: " + "x" * (1024 * 1024 + 10) + "\n"
    (demo / "cases" / "H12-zu-gross.yaml").write_text(gross, encoding="utf-8")
    return demo


def test_korpus_vollstaendig() -> None:
    namen = {p.stem for p in FEINDLICH.glob("*.yaml")}
    assert namen | {"H12-zu-gross"} == set(ERWARTET) | LESBAR


@pytest.mark.parametrize("befehl", ["faellig", "liste"])
def test_berichte_melden_jede_datei(vp: Aufruf, feindliche_ablage: Path, befehl: str) -> None:
    ergebnis = vp("--ablage", feindliche_ablage, befehl, "--format", "json")
    assert ergebnis.exit_code == 2
    daten = json.loads(ergebnis.stdout)
    gemeldet = {Path(f["datei"]).stem: f["meldung"] for f in daten["fehler"]}
    assert set(gemeldet) == set(ERWARTET)
    for fall, meldung in ERWARTET.items():
        assert meldung in gemeldet[fall], fall
    assert "Traceback" not in ergebnis.stderr
    if befehl == "liste":
        ids = {f["id"] for f in daten["faelle"]}
        assert len(ids) == 14 + len(LESBAR) and ids >= LESBAR  # demo cases and the readable


def test_pruefen_meldet_jede_datei(vp: Aufruf, feindliche_ablage: Path) -> None:
    ergebnis = vp("--ablage", feindliche_ablage, "pruefen", "--format", "json")
    assert ergebnis.exit_code == 2
    befunde = json.loads(ergebnis.stdout)["befunde"]
    unlesbar = {b["fall"]: b["meldung"] for b in befunde if b["code"] in ("DA001", "DA002")}
    for fall, meldung in ERWARTET.items():
        assert meldung in unlesbar[fall], fall
    assert {b["fall"] for b in befunde if b["code"] not in ("DA001", "DA002")} >= {"911A100014"}


@pytest.mark.parametrize("fall", sorted(ERWARTET))
def test_zeige_jede_datei(vp: Aufruf, feindliche_ablage: Path, fall: str) -> None:
    ergebnis = vp("--ablage", feindliche_ablage, "zeige", fall)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    assert ergebnis.stderr.startswith("Fehler: ") and ERWARTET[fall] in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr


def test_typangabe_wird_nie_ausgefuehrt(
    vp: Aufruf, feindliche_ablage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(feindliche_ablage)
    for befehl in (
        ["faellig"],
        ["faellig", "--ohne-cache"],
        ["pruefen"],
        ["liste", "--format", "json"],
        ["zeige", "H09-python-objekt"],
    ):
        vp("--ablage", feindliche_ablage, *befehl)
    assert not list(feindliche_ablage.rglob("vier-phasen-gehackt"))


def test_bom_und_crlf_sind_normal(vp: Aufruf, feindliche_ablage: Path) -> None:
    ergebnis = vp("--ablage", feindliche_ablage, "zeige", "H11-bom-crlf", "--format", "json")
    assert ergebnis.exit_code == 0
    assert json.loads(ergebnis.stdout)["kunde"]["name"] == "Test Person"


def test_keine_inhalte_in_meldungen(vp: Aufruf, demo: Path) -> None:
    """Error messages name file, line and ID, never a value from the file (outside a
    terminal the offending line is not shown either)."""
    datei = demo / "cases" / "911A100002.yaml"
    text = datei.read_text(encoding="utf-8")
    text = text.replace("reha: false", "reha: Geheimnis Eins", 1)
    text = text.replace("rechtskreis: SGB II", "rechtskreis: Geheimnis Zwei", 1)
    datei.write_text(text, encoding="utf-8")
    for befehl in (["faellig"], ["liste"], ["pruefen"], ["zeige", "911A100002"]):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2, befehl
        assert "Geheimnis" not in ergebnis.stdout + ergebnis.stderr, befehl
        assert "911A100002" in ergebnis.stdout + ergebnis.stderr


def _tief(fall_id: str, ebenen: int, fluss: bool) -> str:
    kopf = (DEMO_FALL.read_text(encoding="utf-8")).replace("911A100001", fall_id)
    if fluss:
        return kopf + "extra: " + "[" * ebenen + "]" * ebenen + "\n"
    return (
        kopf
        + "extra:\n"
        + "".join("  " * i + "k:\n" for i in range(1, ebenen))
        + ("  " * ebenen + "k: 1\n")
    )


DEMO_FALL = REPO / "cases" / "cases" / "911A100001.yaml"


@pytest.mark.parametrize(("ebenen", "fluss"), [(20, False), (63, False), (64, False),
                                               (70, False), (17, True), (40, True)])  # fmt: skip
def test_tiefe_dateien_nur_mit_deutscher_meldung(demo: Path, ebenen: int, fluss: bool) -> None:
    """However deep a file nests, the terminal sees the tool's German message only: no
    reader's own diagnostics (rapidyaml's emitter writes to the error output itself, past 64
    levels), also not from a worker process."""
    import subprocess
    import sys

    (demo / "cases" / "T1.yaml").write_text(_tief("T1", ebenen, fluss), encoding="utf-8")
    aufruf = [sys.executable, "-m", "vier_phasen_cli", "--ablage", str(demo)]
    for befehl in (["zeige", "T1"], ["dokument", "T1", "vereinbarung"], ["pruefen"], ["liste"]):
        ergebnis = subprocess.run([*aufruf, *befehl], capture_output=True, text=True)
        assert ergebnis.returncode in (0, 1, 2), befehl
        # (rapidyaml's own lines: "/project/cpp/src/c4/yml/emit.def.hpp:1372: ERROR: …")
        assert not re.search(r"ERROR|\.hpp|tree=0x", ergebnis.stderr), (befehl, ergebnis.stderr)
