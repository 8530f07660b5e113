"""``--pseudonym``: reports that leave the team carry no customer name, and the same case
keeps the same pseudonym."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
import yaml

from tests.conftest import Aufruf

BERICHTE = [
    ("faellig", "--alle", "--stichtag", "2026-12-01"),
    ("faellig", "--alle", "--format", "json"),
    ("faellig", "--alle", "--format", "csv"),
    ("faellig", "--alle", "--format", "markdown"),
    ("faellig", "--alle", "--format", "ics"),
    ("liste",),
    ("liste", "--format", "json"),
    ("liste", "--format", "csv"),
    ("pruefen", "--stichtag", "2026-12-01"),
    ("pruefen", "--format", "json"),
]
PSEUDONYM = re.compile(r"Person-[A-Z2-7]{8}")


def _namen(ablage: Path) -> list[str]:
    namen = []
    for datei in sorted((ablage / "cases").glob("*.yaml")):
        daten = yaml.safe_load(datei.read_text(encoding="utf-8"))
        namen.append(daten["kunde"]["name"])
    return namen


@pytest.mark.parametrize("bericht", BERICHTE, ids=lambda b: " ".join(b))
def test_keine_namen(vp: Aufruf, demo: Path, bericht: tuple[str, ...]) -> None:
    ohne = vp("--ablage", demo, *bericht)
    mit = vp("--ablage", demo, *bericht, "--pseudonym")
    assert mit.exit_code == ohne.exit_code
    text = mit.stdout + mit.stderr
    for name in _namen(demo):
        for teil in name.split():
            if len(teil) > 3:
                assert teil not in text, (name, bericht)
    if any(name in ohne.stdout for name in _namen(demo)):
        assert "Person-" in mit.stdout  # (tables may fold the rest onto the next line)


def test_stabil_und_verschieden(vp: Aufruf, demo: Path) -> None:
    def pseudonyme() -> list[tuple[str, str]]:
        csv = vp("--ablage", demo, "liste", "--format", "csv", "--pseudonym").stdout
        return [tuple(z.split(";")[:2]) for z in csv.splitlines()[1:]]  # type: ignore[misc]

    erst, dann = pseudonyme(), pseudonyme()
    assert erst == dann and len(erst) == 14
    assert len({p for _, p in erst}) == 14 and all(PSEUDONYM.fullmatch(p) for _, p in erst)
    schluessel = demo / ".vier-phasen" / "pseudonym.schluessel"
    assert stat.S_IMODE(schluessel.stat().st_mode) == 0o600


def test_andere_ablage_andere_pseudonyme(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    import shutil

    zweite = tmp_path / "zweite"
    shutil.copytree(demo, zweite)
    eins = vp("--ablage", demo, "liste", "--format", "csv", "--pseudonym").stdout
    zwei = vp("--ablage", zweite, "liste", "--format", "csv", "--pseudonym").stdout
    assert eins != zwei  # the key is the workspace's own


def test_ohne_schluesselordner_klare_meldung(vp: Aufruf, demo: Path) -> None:
    (demo / ".vier-phasen").write_text("kein Ordner", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "liste", "--pseudonym")
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert "Schlüssel für Pseudonyme nicht verfügbar" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
