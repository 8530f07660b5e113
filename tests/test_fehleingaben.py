"""Bad input never produces a traceback: a German message naming file and line, exit
status 2, and no file changed. ``liste`` still shows the readable cases."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import Aufruf, dateistand, lege_neu_an

FALL = "911A100001"


def _ersetze(demo: Path, alt: str, neu: str, fall: str = FALL) -> Path:
    datei = demo / "cases" / f"{fall}.yaml"
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu, 1), encoding="utf-8")
    return datei


def _zeile(datei: Path, anfang: str) -> int:
    zeilen = datei.read_text(encoding="utf-8").splitlines()
    return next(i for i, z in enumerate(zeilen, 1) if z.startswith(anfang))


def _pruefe_meldung(vp: Aufruf, demo: Path, fall: str, erwartet: str) -> None:
    """`zeige` refuses with the message; `liste` reports it and lists the other 13 cases."""
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "zeige", fall)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    assert erwartet in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
    liste = vp("--ablage", demo, "liste", "--format", "csv")
    assert liste.exit_code == 2
    assert erwartet in liste.stderr
    assert len(liste.stdout.splitlines()) == 1 + 13  # header + every other demo case
    assert dateistand(demo) == vorher


def test_kein_yaml(vp: Aufruf, demo: Path) -> None:
    datei = _ersetze(demo, "  name: Sabine Krüger", "  name: [Sabine Krüger")
    zeile = _zeile(datei, "  name: [")
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml:")
    ergebnis = vp("--ablage", demo, "zeige", FALL)
    assert "Kein gültiges YAML" in ergebnis.stderr
    assert f":{zeile}: " in ergebnis.stderr or f":{zeile + 1}: " in ergebnis.stderr


def test_falscher_typ(vp: Aufruf, demo: Path) -> None:
    datei = _ersetze(demo, "  datum: 2026-10-01", "  datum: morgen")
    zeile = _zeile(datei, "  datum: morgen")
    _pruefe_meldung(
        vp, demo, FALL, f"cases/{FALL}.yaml:{zeile}: potenzialanalyse.datum: Datum erwartet"
    )


def test_datum_das_es_nicht_gibt(vp: Aufruf, demo: Path) -> None:
    datei = _ersetze(demo, "  datum: 2026-10-01", "  datum: 2026-02-30")
    zeile = _zeile(datei, "  datum: 2026-02-30")
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml:{zeile}: Datum gibt es nicht")


def test_pflichtfeld_fehlt(vp: Aufruf, demo: Path) -> None:
    _ersetze(demo, "fachkraft: M. Schmidt\n", "")
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml:1: fachkraft: Pflichtangabe fehlt")


def test_unbekannter_katalogcode(vp: Aufruf, demo: Path) -> None:
    datei = _ersetze(demo, "art: soziale-kompetenz", "art: teamgeist")
    zeile = _zeile(datei, "    - art: teamgeist")
    ort = f"cases/{FALL}.yaml:{zeile}: potenzialanalyse.staerken[3].art"
    _pruefe_meldung(vp, demo, FALL, f"{ort}: Code steht nicht im Katalog staerken")


def test_dateiname_und_id_verschieden(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "anders.yaml"
    (demo / "cases" / f"{FALL}.yaml").rename(datei)
    zeile = _zeile(datei, "id: ")
    _pruefe_meldung(
        vp, demo, "anders", f"cases/anders.yaml:{zeile}: ID „911A100001“ passt nicht zum Dateinamen"
    )


def test_nicht_utf8(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / f"{FALL}.yaml"
    datei.write_bytes(datei.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    zeile = _zeile_bytes(datei.read_bytes())
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml:{zeile}: Datei ist nicht in UTF-8 kodiert")


def _zeile_bytes(roh: bytes) -> int:
    erste = next(i for i, b in enumerate(roh) if b >= 0x80)
    return roh[:erste].count(b"\n") + 1


def test_leere_datei(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / f"{FALL}.yaml").write_bytes(b"")
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml: Datei ist leer")


def test_zu_grosse_datei_wird_nicht_gelesen(vp: Aufruf, demo: Path) -> None:
    # Broken YAML at the very start: a size message (not a syntax one) proves it was not parsed.
    (demo / "cases" / f"{FALL}.yaml").write_bytes(b"[[[ " + b"x" * (1024 * 1024 + 1))
    _pruefe_meldung(
        vp, demo, FALL, f"cases/{FALL}.yaml: Datei ist zu groß (1.0 MiB; erlaubt sind 1 MiB)"
    )


def test_alias_bombe(vp: Aufruf, demo: Path) -> None:
    ebenen = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        ebenen.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    (demo / "cases" / f"{FALL}.yaml").write_text(
        "format: 1\nid: 911A100001\nkunde: {name: X}\nrechtskreis: SGB II\nfachkraft: Y\n"
        + "\n".join(ebenen)
        + "\n"
    )
    _pruefe_meldung(vp, demo, FALL, "Anker und Verweise (&name / *name) sind in dieser Datei")
    ergebnis = vp("--ablage", demo, "zeige", FALL)
    assert re.search(rf"cases/{FALL}\.yaml:(6|7|8|9|1[0-4]): Anker", ergebnis.stderr)


def test_typangabe_wird_nicht_ausgefuehrt(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    spur = tmp_path / "ausgefuehrt"
    (demo / "cases" / f"{FALL}.yaml").write_text(
        "format: 1\nid: 911A100001\nkunde: {name: X}\nrechtskreis: SGB II\n"
        f"fachkraft: !!python/object/apply:os.system ['touch {spur}']\n"
    )
    _pruefe_meldung(vp, demo, FALL, f"cases/{FALL}.yaml:5: Typangaben mit ! oder !! sind")
    assert not spur.exists()


def test_unbekannte_fall_id(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "zeige", "999X000000")
    assert ergebnis.exit_code == 2
    assert "Fehler: " in ergebnis.stderr and "Fall „999X000000“ gibt es nicht" in ergebnis.stderr
    assert dateistand(demo) == vorher


@contextmanager
def _schreibgeschuetzt(ordner: Path) -> Iterator[None]:
    """Make ``ordner`` really unwritable: chmod for users, the immutable flag for root."""
    if os.geteuid() != 0:
        ordner.chmod(0o555)
        aufheben = ["chmod", "700", str(ordner)]
    else:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: no way to make a folder unwritable")
        gesetzt = subprocess.run(["chattr", "+i", str(ordner)], capture_output=True, check=False)
        if gesetzt.returncode != 0:
            pytest.skip("the file system has no immutable flag: no way to make a folder unwritable")
        aufheben = ["chattr", "-i", str(ordner)]
    try:
        with pytest.raises(PermissionError):  # the precondition: nobody can write here now
            (ordner / "probe").write_text("")
        yield
    finally:
        subprocess.run(aufheben, check=True)


def test_schreibgeschuetzter_faelle_ordner(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    with _schreibgeschuetzt(demo / "cases"):
        ergebnis = lege_neu_an(vp, demo)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        f"Fehler: {demo / 'cases'}: Keine Schreibberechtigung im Ordner der Falldatei; "
        "nichts wurde geändert\n"
    )
    assert "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher
