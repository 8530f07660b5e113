"""The file system as an attacker or an accident leaves it (SPEC §15, issue 12): the limits
every YAML/TOML input shares, ``-o`` into special files, temp files and locks that name their
host, and a workspace in another user's world-writable folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HEUTE, REPO, Aufruf

FEINDLICH = REPO / "tests" / "data" / "hostile"
TIEF = "Datei ist zu tief verschachtelt"


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in its own process: a crash (segfault) is an exit status here,
    not the end of the test run."""
    env = {k: v for k, v in os.environ.items() if k != "VIER_PHASEN_ABLAGE"}
    env["VIER_PHASEN_HEUTE"] = HEUTE
    return subprocess.run(
        [sys.executable, "-m", "vier_phasen_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _ohne_absturz(ergebnis: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in ergebnis.stderr
    assert "Interner Fehler" not in ergebnis.stderr


# --- Item 5: one guarded loader for every YAML/TOML input ------------------------------


@pytest.mark.parametrize(
    ("datei", "meldung"),
    [
        ("H30-katalog-tief.yml", f"catalogs/staerken.yaml: {TIEF}"),
        ("H31-katalog-block-tief.yml", f"catalogs/staerken.yaml:4: {TIEF}"),
        (
            "H32-katalog-verweise.yml",
            "catalogs/staerken.yaml:2: Anker und Verweise (&name / *name) sind in dieser "
            "Datei nicht erlaubt",
        ),
    ],
)
@pytest.mark.parametrize("befehl", [["liste"], ["faellig"], ["zeige", "911A100001"], ["pruefen"]])
def test_feindliche_katalogueberschreibung(
    demo: Path, datei: str, meldung: str, befehl: list[str]
) -> None:
    (demo / "catalogs").mkdir()
    shutil.copy(FEINDLICH / datei, demo / "catalogs" / "staerken.yaml")
    ergebnis = _cli("--ablage", demo, *befehl)
    assert ergebnis.returncode == 2, ergebnis.stderr  # was -11 (segfault) for H30
    assert ergebnis.stderr.splitlines()[0] == f"Fehler: {demo}/{meldung}"
    assert ergebnis.stdout == ""
    _ohne_absturz(ergebnis)


@pytest.mark.parametrize(
    ("datei", "zeile"),
    [
        ("H33-einstellungen-tief.toml", f"vier-phasen.toml:2: {TIEF}"),
        ("H34-einstellungen-punkte.toml", f"vier-phasen.toml:2: {TIEF}"),
        (
            "H35-einstellungen-tage.toml",
            "vier-phasen.toml: [faellig] tage muss eine ganze Zahl von 0 bis 3650 sein",
        ),
    ],
)
def test_feindliche_einstellungen(vp: Aufruf, demo: Path, datei: str, zeile: str) -> None:
    shutil.copy(FEINDLICH / datei, demo / "vier-phasen.toml")
    for befehl in (["faellig"], ["liste"], ["zeige", "911A100001"]):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2
        assert ergebnis.stderr.splitlines()[0] == f"Fehler: {demo}/{zeile}"
        assert "Interner Fehler" not in ergebnis.stderr


@pytest.mark.parametrize("tage", ["3651", "-1", "1e3", "true", '"14"'])
def test_faellig_tage_ausserhalb(vp: Aufruf, demo: Path, tage: str) -> None:
    (demo / "vier-phasen.toml").write_text(f"[faellig]\ntage = {tage}\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "faellig")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines() == [
        f"Fehler: {demo}/vier-phasen.toml: [faellig] tage muss eine ganze Zahl von 0 bis 3650 sein",
        "Die Vorausschau des Fristenberichts in Tagen, z. B. tage = 14.",
    ]


def test_faellig_tage_grenzwerte(vp: Aufruf, demo: Path) -> None:
    for tage in ("0", "3650"):
        (demo / "vier-phasen.toml").write_text(f"[faellig]\ntage = {tage}\n", encoding="utf-8")
        assert vp("--ablage", demo, "faellig", "--format", "json").exit_code in (0, 1)


def test_zu_grosse_einstellungen(vp: Aufruf, demo: Path) -> None:
    (demo / "vier-phasen.toml").write_text("# " + "x" * (1024 * 1024 + 1) + "\n")
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(f"Fehler: {demo}/vier-phasen.toml: Datei ist zu groß")


def test_tiefe_antwortdatei(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp(
        "--ablage", demo, "folgegespraech", "911A100001",
        "--antworten", FEINDLICH / "H36-antworten-tief.yml", "--datum", HEUTE,
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    erste = ergebnis.stderr.splitlines()[0]
    assert erste.startswith("Fehler: ") and erste.endswith(f"/H36-antworten-tief.yml:3: {TIEF}")


def test_tiefengrenze_gilt_fuer_beide_leser(vp: Aufruf, demo: Path) -> None:
    """65 block levels (no brackets, so the fast reader sees them too): both readers refuse
    with the same message; 64 levels are read by both."""
    fall = demo / "cases" / "911A100001.yaml"
    original = fall.read_text(encoding="utf-8")
    for ebenen, erwartet in ((63, 0), (64, 2)):  # the file's root mapping is level one
        tief = "".join(" " * (2 * i) + f"e{i}:\n" for i in range(1, ebenen)) + " " * 2 * ebenen
        fall.write_text(original + "zusatz:\n" + tief + "x: 1\n", encoding="utf-8")
        for befehl in (["liste", "--format", "json"], ["zeige", "911A100001"]):
            ergebnis = vp("--ablage", demo, *befehl)
            if erwartet:
                assert TIEF in ergebnis.stderr, befehl
            else:
                assert TIEF not in ergebnis.stderr, befehl
